package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// pickerRows is how many matches the list under a picker shows at once.
const pickerRows = 8

// pickerItem is one value a picker offers: value is what is picked,
// display what is shown, key what typing searches (lowercased).
type pickerItem struct {
	value, display, key string
}

// picker is an entry that searches a long list (hundreds of domains) as the
// user types and offers the matches in a list under it: Up and Down move
// through them, Enter or a click picks one, Escape closes the list.
type picker struct {
	widget.Entry

	items    []pickerItem
	matches  []pickerItem
	selected int // index into matches of the highlighted one
	list     *widget.List
	popup    *widget.PopUp
	onPick   func(value string)
}

func newPicker(placeholder string, onPick func(string)) *picker {
	p := &picker{onPick: onPick}
	p.ExtendBaseWidget(p)
	p.SetPlaceHolder(placeholder)
	p.list = widget.NewList(
		func() int { return len(p.matches) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.TextStyle.Bold = i == p.selected
			l.SetText(p.matches[i].display)
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		p.list.UnselectAll()
		p.pick(i)
	}
	p.OnChanged = func(string) { p.search() }
	return p
}

// setItems replaces what the picker offers.
func (p *picker) setItems(items []pickerItem) {
	p.items = items
	if p.popup != nil && p.popup.Visible() {
		p.search()
	}
}

// search lists the items whose name contains what was typed, those that
// start with it first.
func (p *picker) search() {
	q := strings.ToLower(strings.TrimSpace(p.Text))
	if q == "" {
		p.hideList()
		return
	}
	var starts, contains []pickerItem
	for _, it := range p.items {
		switch i := strings.Index(it.key, q); {
		case i == 0:
			starts = append(starts, it)
		case i > 0:
			contains = append(contains, it)
		}
	}
	p.matches = append(starts, contains...)
	p.selected = 0
	p.showList()
}

func (p *picker) showList() {
	c := fyne.CurrentApp().Driver().CanvasForObject(p)
	if c == nil {
		return
	}
	if p.popup == nil {
		p.popup = widget.NewPopUp(p.list, c)
	}
	rows := min(max(len(p.matches), 1), pickerRows)
	h := float32(rows) * (p.list.MinSize().Height + 2)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(p).AddXY(0, p.Size().Height)
	p.popup.Resize(fyne.NewSize(max(p.Size().Width, 320), h))
	p.list.Refresh()
	p.list.ScrollToTop()
	p.popup.ShowAtPosition(pos)
}

func (p *picker) hideList() {
	if p.popup != nil {
		p.popup.Hide()
	}
}

// pick chooses the match at index i and empties the entry for the next.
func (p *picker) pick(i int) {
	if i < 0 || i >= len(p.matches) {
		return
	}
	v := p.matches[i].value
	p.hideList()
	p.SetText("")
	p.onPick(v)
}

// TypedKey moves through the matches and picks one; other keys edit.
func (p *picker) TypedKey(e *fyne.KeyEvent) {
	open := p.popup != nil && p.popup.Visible()
	switch {
	case open && e.Name == fyne.KeyDown:
		p.move(1)
	case open && e.Name == fyne.KeyUp:
		p.move(-1)
	case open && e.Name == fyne.KeyEscape:
		p.hideList()
	case e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter:
		if open {
			p.pick(p.selected)
		}
	default:
		p.Entry.TypedKey(e)
	}
}

func (p *picker) move(by int) {
	if len(p.matches) == 0 {
		return
	}
	p.selected = (p.selected + by + len(p.matches)) % len(p.matches)
	p.list.Refresh()
	p.list.ScrollTo(p.selected)
}
