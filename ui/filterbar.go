package ui

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// filterBar sits above the tabs: pickers for domains and reporters that
// search as the user types, the period, the active filters as removable
// chips, Back and Clear filters. It shows the filter it is given and asks
// for a new one through set; it holds no filter of its own beyond what it
// shows.
type filterBar struct {
	content       fyne.CanvasObject
	domains, orgs *picker
	from, to      *barEntry
	chips         *fyne.Container
	chipRow       fyne.CanvasObject
	note          *widget.Label
	// dayNote, beside the period's entries, says at once why what is
	// typed there is no period.
	dayNote *widget.Label
	shown   analysis.Filter
	set     func(analysis.Filter)
	syncing bool // the entries are being set from the filter, not typed
	// relayout lays the window out again when the bar grew or shrank.
	relayout func()
	// lists is the layer, over the whole window, in which the pickers'
	// lists of matches float.
	lists *fyne.Container
}

// newFilterBar makes the bar; shortcuts runs a window shortcut typed in
// one of its entries and says whether it was one.
func newFilterBar(back, clear *widget.Button, set func(analysis.Filter), shortcuts func(fyne.Shortcut) bool) *filterBar {
	b := &filterBar{set: set, note: widget.NewLabel(""), dayNote: widget.NewLabel(""), relayout: func() {}, lists: container.NewWithoutLayout()}
	b.domains = newPicker("Domain…", b.lists, func(d string) { b.add(func(f *analysis.Filter) *[]string { return &f.Domains }, d) })
	b.orgs = newPicker("Reporter…", b.lists, func(o string) { b.add(func(f *analysis.Filter) *[]string { return &f.Organizations }, o) })
	b.from, b.to = dayEntry("From YYYY-MM-DD"), dayEntry("To YYYY-MM-DD")
	for _, e := range []*barEntry{&b.domains.barEntry, &b.orgs.barEntry, b.from, b.to} {
		e.shortcuts = shortcuts
	}
	b.from.OnChanged = func(string) { b.periodTyped() }
	b.to.OnChanged = func(string) { b.periodTyped() }
	b.note.SizeName = theme.SizeNameCaptionText
	b.note.Wrapping = fyne.TextWrapWord
	b.dayNote.SizeName = theme.SizeNameCaptionText
	b.dayNote.Wrapping = fyne.TextWrapWord
	b.dayNote.Importance = widget.DangerImportance
	b.dayNote.Hide()
	b.chips = container.New(layout.NewRowWrapLayout())
	b.chipRow = container.NewVBox(b.chips, b.note)
	b.chipRow.Hide()

	fixed := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	controls := container.NewHBox(back, widget.NewSeparator(),
		fixed(220, b.domains), fixed(180, b.orgs), fixed(170, b.from), fixed(170, b.to), clear)
	b.content = container.NewVBox(container.NewBorder(nil, nil, controls, nil, b.dayNote), b.chipRow, widget.NewSeparator())
	return b
}

// barEntry is an entry of the filter bar. The window's shortcuts (Back,
// Open…) still work while it has the keyboard: an entry otherwise keeps
// every shortcut typed in it.
type barEntry struct {
	widget.Entry
	shortcuts func(fyne.Shortcut) bool
}

func (e *barEntry) TypedShortcut(s fyne.Shortcut) {
	if e.shortcuts == nil || !e.shortcuts(s) {
		e.Entry.TypedShortcut(s)
	}
}

func dayEntry(placeholder string) *barEntry {
	e := &barEntry{}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(placeholder)
	// Marked from the first wrong character, and both ends of a period
	// that runs backwards, not only once the entry has been left.
	e.AlwaysShowValidationError = true
	e.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		_, err := analysis.ParseDay(s)
		return err
	}
	return e
}

// setNames offers the domains and reporters of everything loaded. Domains
// are shown and searched in Unicode and in punycode.
func (b *filterBar) setNames(domains, orgs []string) {
	items := make([]pickerItem, len(domains))
	for i, d := range domains {
		shown := textfmt.Domain(d)
		items[i] = pickerItem{d, shown, analysis.SearchKey(d, true)}
	}
	b.domains.setItems(items)
	items = make([]pickerItem, len(orgs))
	for i, o := range orgs {
		items[i] = pickerItem{o, o, analysis.SearchKey(o, false)}
	}
	b.orgs.setItems(items)
}

// add asks for the shown filter with one more value in the list that field
// picks.
func (b *filterBar) add(field func(*analysis.Filter) *[]string, v string) {
	f := b.shown
	list := field(&f)
	if !slices.Contains(*list, v) {
		*list = append(slices.Clone(*list), v)
		b.set(f)
	}
}

// periodTyped asks for the period typed once both ends read as days (or
// are empty) and the start is not after the end; until then it marks the
// entries at fault and says why beside them.
func (b *filterBar) periodTyped() {
	if b.syncing {
		return
	}
	from, errFrom := optionalDay(b.from.Text)
	to, errTo := optionalDay(b.to.Text)
	f := b.shown
	f.From, f.To = from, to
	var backwards error
	if errFrom == nil && errTo == nil {
		backwards = f.Validate()
	}
	b.from.SetValidationError(cmp.Or(errFrom, backwards))
	b.to.SetValidationError(cmp.Or(errTo, backwards))
	var why []string
	switch {
	case backwards != nil:
		why = append(why, "From and To: "+backwards.Error())
	default:
		if errFrom != nil {
			why = append(why, "From: "+errFrom.Error())
		}
		if errTo != nil {
			why = append(why, "To: "+errTo.Error())
		}
	}
	b.sayDays(strings.Join(why, "\n"))
	if len(why) == 0 {
		b.set(f)
	}
}

// sayDays shows why the period typed is none, or nothing.
func (b *filterBar) sayDays(why string) {
	setText(b.dayNote, why)
	if setVisible(b.dayNote, why != "") {
		b.relayout()
	}
}

func optionalDay(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	return analysis.ParseDay(s)
}

// show makes the bar show filter f: the period in the entries, a chip for
// each value, and what the failure-level filters do not narrow.
func (b *filterBar) show(f analysis.Filter) {
	b.shown = f
	b.syncing = true
	setDay(b.from, f.From)
	setDay(b.to, f.To)
	b.syncing = false
	b.from.SetValidationError(nil)
	b.to.SetValidationError(nil)
	b.sayDays("")

	var chips []fyne.CanvasObject
	chip := func(label string, without func() analysis.Filter) {
		c := widget.NewButtonWithIcon(shown(label, false), theme.CancelIcon(), func() { b.set(without()) })
		c.IconPlacement = widget.ButtonIconTrailingText
		chips = append(chips, c)
	}
	for _, p := range f.Each() {
		label := analysis.Filter{From: f.From, To: f.To}.String()
		if p.List != nil {
			shown := p.Value
			if p.List.Domain {
				shown = textfmt.Domain(shown)
			}
			label = p.List.Label + " " + shown
		}
		chip(label, func() analysis.Filter { return b.shown.Without(p) })
	}
	b.chips.Objects = chips
	b.chips.Refresh()
	setText(b.note, filterNote(f))
	b.fitWidth()
	changed := setVisible(b.note, b.note.Text != "")
	if setVisible(b.chipRow, len(chips) > 0) || changed {
		b.relayout()
	}
}

// fitWidth measures the chips and the note at the bar's width before the
// window lays the bar out, which it does once per change: a row wrap
// layout counts a line per chip until it has laid them out, and a wrapped
// label not yet shown a line per word. Four new chips and their note left
// ~130 px empty under the bar, and the failure rows they asked for out of
// view.
func (b *filterBar) fitWidth() {
	w := b.content.Size().Width
	if w <= 0 {
		return
	}
	b.chips.Layout.Layout(b.chips.Objects, fyne.NewSize(w, 0))
	b.note.Resize(fyne.NewSize(w, b.note.Size().Height))
}

// filterNote says what a failure-level filter leaves alone, so that
// numbers that are not narrowed are not read as narrowed.
func filterNote(f analysis.Filter) string {
	var notes []string
	if f.NarrowsFailures() {
		notes = append(notes, "Result type, MX host and IP filters narrow the failure details only (the failure table and the result-type, host and IP charts). "+
			"Session totals, policies, reporters and the timeline come from the reports' summaries, which cannot be split by them.")
	}
	if f.NarrowsFindings() {
		notes = append(notes, findingFilterNote)
	}
	return strings.Join(notes, " ")
}

// findingFilterNote says what severity and kind leave alone: a list
// narrowed to warnings once turned a domain with a critical finding
// healthy on the front page and took the Findings tab's badge away.
const findingFilterNote = "Severity and kind narrow the Findings list only: the Domains health, the banners and the Findings badge count every finding."

func setDay(e *barEntry, t time.Time) {
	text := ""
	if !t.IsZero() {
		text = t.Format(analysis.DayFormat)
	}
	if e.Text != text {
		e.SetText(text)
	}
}
