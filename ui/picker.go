package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// pickerRows is how many matches the list under a picker shows at once.
const pickerRows = 6

// pickerItem is one value a picker offers: value is what is picked,
// display what is shown, key what typing searches (analysis.SearchKey).
type pickerItem struct {
	value, display, key string
}

// picker is an entry that searches a long list (hundreds of domains) as the
// user types and offers the matches in a list: Up and Down move through
// them, Enter or a click picks one, Escape closes the list.
//
// The list is not a pop-up, which would take the keyboard from the entry
// and stop typing after one key: it floats in a layer of the window's own
// content (host), above everything else, under the entry.
type picker struct {
	barEntry

	items    []pickerItem
	matches  []pickerItem
	selected int // index into matches of the highlighted one
	list     *widget.List
	area     *panel          // the list, shown while there are matches
	outside  *tapCatcher     // the rest of the window while the list shows: a click there closes it
	host     *fyne.Container // the layer the area floats in
	onPick   func(value string)
}

func newPicker(placeholder string, host *fyne.Container, onPick func(string)) *picker {
	p := &picker{onPick: onPick, host: host}
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
			setText(l, p.matches[i].display)
		})
	p.list.OnSelected = func(i widget.ListItemID) {
		p.list.UnselectAll()
		p.pick(i)
	}
	p.OnChanged = func(string) { p.search() }
	p.area = newPanel(theme.ColorNameOverlayBackground, 0xff, theme.ColorNameFocus, p.list)
	p.area.Hide()
	p.outside = newTapCatcher(p.hideList)
	p.outside.Hide()
	host.Add(p.outside)
	host.Add(p.area)
	return p
}

// setItems replaces what the picker offers.
func (p *picker) setItems(items []pickerItem) {
	p.items = items
	if p.area.Visible() {
		p.search()
	}
}

// search lists the items whose name contains what was typed, those that
// start with it first: analysis.Search, as the command line finds -domain
// and -org.
func (p *picker) search() {
	if strings.TrimSpace(p.Text) == "" {
		p.hideList()
		return
	}
	p.matches = analysis.Search(p.items, func(it pickerItem) string { return it.key }, p.Text)
	p.selected = 0
	p.showList()
}

func (p *picker) showList() {
	d := fyne.CurrentApp().Driver()
	row := widget.NewLabel("").MinSize().Height + theme.Padding()
	rows := min(max(len(p.matches), 1), pickerRows)
	pos := d.AbsolutePositionForObject(p).Subtract(d.AbsolutePositionForObject(p.host))
	p.area.Move(pos.AddXY(0, p.Size().Height))
	p.area.Resize(fyne.NewSize(max(p.Size().Width, 480), float32(rows)*row+2*theme.Padding()))
	p.outside.Resize(p.host.Size())
	p.outside.Show()
	p.area.Show()
	p.list.Refresh()
	p.list.ScrollToTop()
}

func (p *picker) hideList() {
	p.area.Hide()
	p.outside.Hide()
}

// tapCatcher is an invisible surface that reports a click on it.
type tapCatcher struct {
	widget.BaseWidget
	onTap func()
}

func newTapCatcher(onTap func()) *tapCatcher {
	c := &tapCatcher{onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

func (c *tapCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (c *tapCatcher) Tapped(*fyne.PointEvent) { c.onTap() }

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

// FocusLost closes the list: the user went elsewhere. A click on the list
// itself still picks, as the click reaches the item it was pressed on.
func (p *picker) FocusLost() {
	p.hideList()
	p.Entry.FocusLost()
}

// TypedKey moves through the matches and picks one; other keys edit.
func (p *picker) TypedKey(e *fyne.KeyEvent) {
	open := p.area.Visible()
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
	// The picker, not its barEntry, is what the window holds: the driver
	// finds no canvas for the embedded one.
	case escaped(p, e):
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
