package ui

import (
	"time"

	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// findingsTitle names the tab; the overview banner points to it by name.
const findingsTitle = "Findings"

// findingsTab lists the findings, most urgent first as the analysis orders
// them, and shows the selected one whole: what, evidence, what to do, and a
// button that opens the failure rows behind it.
type findingsTab struct {
	content  fyne.CanvasObject
	item     *container.TabItem
	summary  *widget.Label
	list     *groupedList
	findings []analysis.Finding
	// groups are the findings by policy domain, rows what the list shows
	// of them; expanded holds the domains expanded, by name, across
	// loads; listed is the row the list has selected (-1: none).
	groups   []findingGroup
	rows     []findingRow
	expanded map[string]bool
	listed   int
	asOf     string    // as of when the findings are judged, in words (Result.AsOfWords)
	asOfDay  time.Time // that day (Result.AsOf), from which a mute's days count
	selected int
	// picked is set when the user chose the selected finding, selecting
	// while the tab selects one itself.
	picked, selecting bool
	// stale is set when the detail waits for the tab to be shown: a tab
	// not shown keeps the narrow size it was built with, where wrapping a
	// long finding made a row of every few characters and cost a load
	// 300 ms on the UI thread for a 100,000-character host name.
	stale bool
	// onScreen tells whether the tab is the one selected; a tab on its own
	// always is.
	onScreen func() bool

	title, evidence, advice *widget.Label
	heading                 *widget.Label
	showRows                *widget.Button
	detail                  *container.Scroll

	// severity and kind narrow the list through the window's filter;
	// syncing is set while they are made to show the filter.
	severity, kind *widget.Select
	syncing        bool

	// muted tells whether the library mutes a finding, and mute mutes
	// one until a day ("" until it changes) or, with unmute, ends that;
	// both are the library view's.
	muted     func(*analysis.Finding) bool
	mute      func(f *analysis.Finding, until string)
	unmute    func(*analysis.Finding)
	muteFor   *widget.Select
	unmuteBtn *widget.Button
	rebadge   func() // shows the tab's badge again
}

// muteChoices are how long a finding can be muted, in days (0: until it
// changes).
var muteChoices = []struct {
	label string
	days  int
}{{"Until it changes", 0}, {"For 7 days", 7}, {"For 30 days", 30}}

// allChoice is the choice of a triage select that narrows nothing.
const allChoice = "All"

// newFindingsTab builds the tab; showRows is called with the filter that
// narrows the analysis to a finding's failure rows, triage with the
// severities and kinds the user chose to list (nil for all).
func newFindingsTab(showRows func(analysis.Filter), triage func(severities, kinds []string)) *findingsTab {
	t := &findingsTab{summary: widget.NewLabel(""), title: wrapped(), evidence: wrapped(), advice: wrapped(), heading: heading(""), selected: -1, listed: -1, expanded: map[string]bool{},
		muted: func(*analysis.Finding) bool { return false }, onScreen: func() bool { return true }}
	var labels []string
	for _, c := range muteChoices {
		labels = append(labels, c.label)
	}
	t.muteFor = widget.NewSelect(labels, func(label string) {
		if label == "" || t.syncing || t.selected < 0 || t.selected >= len(t.findings) {
			return
		}
		i := slices.IndexFunc(muteChoices, func(c struct {
			label string
			days  int
		}) bool {
			return c.label == label
		})
		until := ""
		if d := muteChoices[i].days; d > 0 {
			until = library.MuteUntil(t.asOfDay, time.Duration(d)*24*time.Hour)
		}
		t.mute(&t.findings[t.selected], until)
		t.mutesChanged()
	})
	t.muteFor.PlaceHolder = "Mute…"
	t.unmuteBtn = widget.NewButton("Unmute", func() {
		if t.selected >= 0 && t.selected < len(t.findings) {
			t.unmute(&t.findings[t.selected])
			t.mutesChanged()
		}
	})
	choose := func() {
		if !t.syncing {
			triage(chosen(t.severity), chosen(t.kind))
		}
	}
	sevs := []string{allChoice, string(analysis.SeverityCritical), string(analysis.SeverityWarning), string(analysis.SeverityInfo)}
	kinds := []string{allChoice}
	for _, k := range analysis.FindingKinds() {
		kinds = append(kinds, string(k))
	}
	t.severity = widget.NewSelect(sevs, func(string) { choose() })
	t.kind = widget.NewSelect(kinds, func(string) { choose() })
	t.title.TextStyle.Bold = true
	t.advice.Selectable = true
	t.list = &groupedList{}
	t.list.Length = func() int { return len(t.rows) }
	t.list.CreateItem = func() fyne.CanvasObject {
		line, note := widget.NewLabel(""), widget.NewLabel("")
		line.Truncation, note.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
		note.SizeName = theme.SizeNameCaptionText
		lines := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()), line, note)
		return container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, lines)
	}
	t.list.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		if id >= len(t.rows) {
			return
		}
		c := o.(*fyne.Container)
		lines := c.Objects[0].(*fyne.Container).Objects
		head, note := lines[0].(*widget.Label), lines[1].(*widget.Label)
		var text, under string
		var sev analysis.Severity
		row := t.rows[id]
		if row.finding < 0 {
			text, under, sev = t.headerTexts(row.group)
		} else {
			f := &t.findings[row.finding]
			text, under, sev = "    "+t.line(f), "    "+findingNote(f), f.Severity
		}
		if bold := row.finding < 0; head.TextStyle.Bold != bold {
			head.TextStyle.Bold = bold
			head.Refresh()
		}
		setLabel(head, text, fyne.TextAlignLeading)
		setLabel(note, under, fyne.TextAlignLeading)
		c.Objects[1].(*widget.Icon).SetResource(severityIcon(sev))
	}
	t.list.ExtendBaseWidget(t.list)
	t.list.OnSelected = func(id widget.ListItemID) {
		if id >= len(t.rows) {
			return
		}
		if row := t.rows[id]; row.finding < 0 {
			// A header is not a finding: it expands or collapses, and the
			// selection stays with the finding shown.
			t.toggle(row.group)
			return
		}
		t.listed = id
		t.show(t.rows[id].finding)
		if !t.selecting {
			t.picked = true
		}
	}
	t.showRows = widget.NewButtonWithIcon("Show the failure rows", theme.SearchIcon(), func() {
		if t.selected >= 0 && t.selected < len(t.findings) {
			showRows(t.findings[t.selected].Rows)
		}
	})
	advice := container.NewBorder(heading("What to do"), nil, nil, nil, t.advice)
	// The heading names the finding in one line; the title below says it
	// whole, so a long host is cut here rather than widening the window.
	t.heading.Truncation = fyne.TextTruncateEllipsis
	t.detail = container.NewVScroll(container.NewVBox(t.heading, t.title, t.evidence, advice, container.NewHBox(t.showRows, t.muteFor, t.unmuteBtn)))
	triageBar := container.NewHBox(widget.NewLabel("Severity"), t.severity, widget.NewLabel("Kind"), t.kind)
	// The summary wraps beside the buttons rather than widen the list.
	t.summary.Wrapping = fyne.TextWrapWord
	groups := container.NewHBox(widget.NewButton("Expand all", func() { t.expandAll(true) }), widget.NewButton("Collapse all", func() { t.expandAll(false) }))
	top := container.NewVBox(triageBar, container.NewBorder(nil, nil, nil, container.NewVBox(groups), t.summary))
	split := container.NewHSplit(container.NewBorder(top, nil, nil, nil, t.list), t.detail)
	split.SetOffset(0.5)
	t.content = split
	t.item = container.NewTabItemWithIcon(findingsTitle, theme.WarningIcon(), t.content)
	return t
}

func (t *findingsTab) update(res *analysis.Result) {
	// Keep the finding the user picked while partial results arrive; one
	// selected for them follows the most urgent.
	keep := -1
	if t.picked && t.selected >= 0 && t.selected < len(t.findings) {
		was := &t.findings[t.selected]
		keep = slices.IndexFunc(res.Findings, func(f analysis.Finding) bool {
			return f.Kind == was.Kind && f.PolicyType == was.PolicyType && f.PolicyDomain == was.PolicyDomain && f.Subject == was.Subject
		})
	}
	t.findings, t.asOf, t.asOfDay = res.Findings, res.AsOfWords(time.Now()), res.AsOf
	t.regroup()
	t.syncing = true
	t.severity.SetSelected(choice(res.Filter.Severities))
	t.kind.SetSelected(choice(res.Filter.Kinds))
	t.syncing = false
	if len(t.findings) == 0 {
		setText(t.summary, "No findings: nothing in these reports needs attention.")
	} else {
		t.count()
	}
	t.picked = keep >= 0
	t.selecting = true
	defer func() { t.selecting = false }()
	t.list.Refresh()
	switch {
	case keep >= 0:
		t.reselect(keep)
	case len(t.findings) > 0:
		// The most urgent finding the user did not mute: a muted one is
		// what they chose not to be shown again.
		first := max(0, slices.IndexFunc(t.findings, func(f analysis.Finding) bool { return !t.muted(&f) }))
		t.reselect(first)
		// Selecting scrolls the row into view, which a list not laid out
		// yet (a hidden tab) does by scrolling past it.
		t.list.ScrollToTop()
	default:
		t.listed = -1
		t.list.UnselectAll()
		t.show(-1)
	}
}

// count says how many findings there are as of when, the muted apart.
func (t *findingsTab) count() {
	shown, n := withoutMuted(t.findings, t.muted)
	setText(t.summary, textfmt.Counted(len(t.findings), "finding", "findings")+" "+t.asOf+": "+
		analysis.CountsMutedApart(shown, n)+", most urgent first")
}

// line is a finding's line, saying when it is muted.
func (t *findingsTab) line(f *analysis.Finding) string {
	if t.muted(f) {
		return "MUTED · " + findingLine(f)
	}
	return findingLine(f)
}

// mutesChanged shows what a mute or an unmute changed.
func (t *findingsTab) mutesChanged() {
	t.count()
	t.list.Refresh()
	t.show(t.selected)
	t.rebadge()
}

// chosen is what a triage select narrows to: nil for all.
func chosen(s *widget.Select) []string {
	if s.Selected == "" || s.Selected == allChoice {
		return nil
	}
	return []string{s.Selected}
}

// choice is what a triage select shows for a filter's list: one value as
// chosen, all, or (several, given on the command line) the first.
func choice(values []string) string {
	if len(values) == 0 {
		return allChoice
	}
	return strings.ToLower(values[0])
}

// selectKey selects the finding whose Key is k, if listed, as if the user
// had picked it.
func (t *findingsTab) selectKey(k string) {
	if i := slices.IndexFunc(t.findings, func(f analysis.Finding) bool { return f.Key() == k }); i >= 0 {
		t.pick(i)
	}
}

// reselect selects finding i of new findings, its group expanded: the
// list calls back only for a row that was not selected already, and each
// call refreshes its rows.
func (t *findingsTab) reselect(i int) {
	t.expand(i)
	if r := t.rowOf(i); r == t.listed {
		t.show(i)
		return
	}
	t.selectRow(i)
}

// show fills the detail side with finding i, or empties it.
func (t *findingsTab) show(i int) {
	t.selected = i
	none := i < 0 || i >= len(t.findings)
	if none {
		t.showRows.Disable()
	} else {
		t.showRows.Enable()
	}
	t.stale = !t.onScreen()
	if t.stale {
		return
	}
	if none {
		setText(t.heading, "")
		setText(t.title, "")
		setText(t.evidence, "")
		setText(t.advice, "")
		t.muteFor.Hide()
		t.unmuteBtn.Hide()
		return
	}
	f := &t.findings[i]
	setText(t.heading, t.line(f))
	t.syncing = true
	t.muteFor.ClearSelected()
	t.syncing = false
	muted := t.muted(f)
	setVisible(t.muteFor, t.mute != nil && !muted)
	setVisible(t.unmuteBtn, t.mute != nil && muted)
	setText(t.title, line(f.Title))
	setText(t.evidence, safeLines(evidence(f)))
	setText(t.advice, line(f.Advice))
	// A wrapped label's height follows its new text only once the box
	// holding it is laid out again; without this a longer title overlaps
	// the evidence below it.
	t.detail.Content.Refresh()
	t.detail.Refresh()
}

// reveal fills the detail the tab left stale while it was not shown.
func (t *findingsTab) reveal() {
	if t.stale {
		t.show(t.selected)
	}
}

// findingLine is a finding's one-line label: severity, kind, policy, subject.
func findingLine(f *analysis.Finding) string {
	parts := []string{severityWord(f.Severity), string(f.Kind), textfmt.Policy(f.PolicyType, f.PolicyDomain)}
	if f.Subject != "" {
		parts = append(parts, f.Subject)
	}
	return line(strings.Join(parts, " · "))
}

// severityWord is a severity as a finding's line says it: CRITICAL.
func severityWord(s analysis.Severity) string { return strings.ToUpper(string(s)) }

// findingNote sums a finding up under its line: sessions, days, reporters.
func findingNote(f *analysis.Finding) string {
	days := f.FirstSeen
	if f.LastSeen != f.FirstSeen {
		days += " – " + f.LastSeen
	}
	return textfmt.Counted(f.FailedSessions, "failed session", "failed sessions") + " · " + days + " · " +
		textfmt.Counted(len(f.Reporters), "reporter", "reporters")
}

// evidence lists the numbers, days and reporters behind a finding.
func evidence(f *analysis.Finding) []string {
	days := "Seen on " + f.FirstSeen
	if f.LastSeen != f.FirstSeen {
		days = "Seen from " + f.FirstSeen + " to " + f.LastSeen
	}
	return []string{
		days + " (UTC days the reports start on)",
		textfmt.Counted(f.FailedSessions, "failed session", "failed sessions") + " in " + textfmt.Counted(f.Reports, "report", "reports"),
		"Reported by " + strings.Join(f.Reporters, ", "),
	}
}

func severityIcon(s analysis.Severity) fyne.Resource {
	switch s {
	case analysis.SeverityCritical:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case analysis.SeverityWarning:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	}
	return theme.InfoIcon()
}

// urgent tells whether any finding is a warning or critical.
func urgent(fs []analysis.Finding) bool {
	return len(fs) > 0 && fs[0].Severity.Rank() <= analysis.SeverityWarning.Rank()
}

// badge shows on the tab how many findings are urgent, in words and by its
// icon, as the tab keeps its place: Alt+3 is always the Findings. It is
// given every finding (Result.AllFindings): the list's Severity and Kind
// choice must not hide a critical from the badge.
func (t *findingsTab) badge(tabs *container.AppTabs, findings []analysis.Finding) {
	// A muted finding is one the user chose not to be told of again.
	findings, _ = withoutMuted(findings, t.muted)
	text, icon := findingsTitle, theme.InfoIcon()
	if urgent(findings) {
		text = findingsTitle + " (" + analysis.SeverityCounts(urgentOnly(findings)) + ")"
		icon = severityIcon(findings[0].Severity)
	}
	if t.item.Text != text || t.item.Icon == nil || t.item.Icon.Name() != icon.Name() {
		t.item.Text, t.item.Icon = text, icon
		tabs.Refresh()
	}
}

// urgentOnly is the critical and warning findings, which come first.
func urgentOnly(fs []analysis.Finding) []analysis.Finding {
	n := 0
	for n < len(fs) && fs[n].Severity.Rank() <= analysis.SeverityWarning.Rank() {
		n++
	}
	return fs[:n]
}

// showFindingRows narrows the window to a finding's failure rows and
// shows them; Back returns.
func (m *mainWindow) showFindingRows(f analysis.Filter) { m.drill(f, failuresView) }
