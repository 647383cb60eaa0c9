package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Fyne 2.7 has no tooltips. A label that cuts its text (a table's cell or
// header, the library bar) shows it whole in a tip once the pointer rests
// on it: an IPv6 address, an MX host or a mode's history cut to its column
// is read there without widening the column or selecting the row.
//
// The tip floats in a layer over the window's content, not in an overlay:
// an overlay takes every click and the keyboard from the window, so the
// first click on a row after a tip would only close the tip.

const (
	tipDelay = 400 * time.Millisecond // a pointer passing over does not flash tips
	tipWidth = 560                    // wider texts wrap
)

// tipLayer is the window's layer of tips: the whole window, transparent to
// the pointer (it is neither tappable nor hoverable), holding the one tip.
type tipLayer struct {
	widget.BaseWidget
	bridge *bridge
	text   *widget.Label
	area   *panel
	owner  *cutLabel // whose tip is shown or coming
	stop   func()    // cancels the coming tip
}

func newTipLayer(b *bridge) *tipLayer {
	t := &tipLayer{bridge: b, text: widget.NewLabel("")}
	t.text.Wrapping = fyne.TextWrapWord
	t.area = newPanel(theme.ColorNameOverlayBackground, 0xff, theme.ColorNameInputBorder, t.text)
	t.area.Hide()
	t.ExtendBaseWidget(t)
	return t
}

func (t *tipLayer) CreateRenderer() fyne.WidgetRenderer { return &tipRenderer{t} }

// tipRenderer places nothing itself: show puts the tip beside its label.
type tipRenderer struct{ t *tipLayer }

func (r *tipRenderer) Layout(fyne.Size)             {}
func (r *tipRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (r *tipRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.t.area} }
func (r *tipRenderer) Refresh()                     { r.t.area.Refresh() }
func (r *tipRenderer) Destroy()                     {}

// tipsFor is the tip layer of the window showing o: the last layer of its
// content, a stack.
func tipsFor(o fyne.CanvasObject) *tipLayer {
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		return nil
	}
	if s, ok := c.Content().(*fyne.Container); ok && len(s.Objects) > 0 {
		t, _ := s.Objects[len(s.Objects)-1].(*tipLayer)
		return t
	}
	return nil
}

// coming shows l's tip once the pointer has rested on it.
func (t *tipLayer) coming(l *cutLabel) {
	t.hide()
	t.owner = l
	t.stop = t.bridge.after(tipDelay, func() {
		t.bridge.do(func() {
			if t.owner == l {
				t.show(l)
			}
		})
	})
}

// show puts l's whole text under it, inside the window (above it when
// there is no room below).
func (t *tipLayer) show(l *cutLabel) {
	setText(t.text, l.whole)
	pad := 2 * theme.Padding()
	text := t.text.Theme().Size(theme.SizeNameText)
	w := fyne.MeasureText(t.text.Text, text, fyne.TextStyle{}).Width + 2*theme.InnerPadding()
	w = min(w, tipWidth, t.Size().Width-2*pad)
	t.text.Resize(fyne.NewSize(w, 0))
	size := fyne.NewSize(w, t.text.MinSize().Height).AddWidthHeight(pad, pad)
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(l).Subtract(d.AbsolutePositionForObject(t))
	pos := at.AddXY(0, l.Size().Height)
	if pos.Y+size.Height > t.Size().Height {
		pos.Y = at.Y - size.Height
	}
	pos.X = max(0, min(pos.X, t.Size().Width-size.Width))
	pos.Y = max(0, pos.Y)
	t.area.Move(pos)
	t.area.Resize(size)
	t.area.Show()
	// A tip never shown before is unknown to the canvas, which then does
	// not hear it refresh: the layer it floats in tells.
	if c := d.CanvasForObject(t); c != nil {
		c.Refresh(t)
	}
}

// hide takes the tip away, and a coming one.
func (t *tipLayer) hide() {
	if t.stop != nil {
		t.stop()
		t.stop = nil
	}
	t.owner = nil
	t.area.Hide()
}

// cutLabel is a one-line label that shows its whole text in a tip when it
// cuts it: shortened, cut in the middle, or ended by Fyne's ellipsis.
type cutLabel struct {
	widget.Label
	whole string
	// under, when set, is the table the label is a cell of: it marks the
	// row under the pointer, and hears the pointer through the label.
	under desktop.Hoverable
}

func newCutLabel() *cutLabel {
	l := &cutLabel{}
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// set shows text, aligned so, standing for whole (text cut or not). whole
// is kept as given: a table sets every visible cell at each scroll step,
// and only a tip shown (setText in show) needs it made fit to hold.
func (l *cutLabel) set(text, whole string, align fyne.TextAlign) {
	l.whole = whole
	setLabel(&l.Label, text, align)
}

// setLine shows text, cut where it is wider than the label.
func (l *cutLabel) setLine(text string) { l.set(text, text, fyne.TextAlignLeading) }

// cut says whether the label shows less than its whole text.
func (l *cutLabel) cut() bool {
	if l.Text != l.whole {
		return true
	}
	th := l.Theme()
	w := fyne.MeasureText(l.Text, th.Size(theme.SizeNameText), l.TextStyle).Width
	return w > l.Size().Width-2*th.Size(theme.SizeNameInnerPadding)
}

func (l *cutLabel) MouseIn(e *desktop.MouseEvent) {
	if l.under != nil {
		l.under.MouseIn(l.forUnder(e))
	}
	if t := tipsFor(l); t != nil && l.cut() {
		t.coming(l)
	}
}

func (l *cutLabel) MouseMoved(e *desktop.MouseEvent) {
	if l.under != nil {
		l.under.MouseMoved(l.forUnder(e))
	}
}

func (l *cutLabel) MouseOut() {
	if l.under != nil {
		l.under.MouseOut()
	}
	if t := tipsFor(l); t != nil && t.owner == l {
		t.hide()
	}
}

// forUnder is e as the table under the label sees it.
func (l *cutLabel) forUnder(e *desktop.MouseEvent) *desktop.MouseEvent {
	d := fyne.CurrentApp().Driver()
	ev := *e
	ev.Position = e.AbsolutePosition.Subtract(d.AbsolutePositionForObject(l.under.(fyne.CanvasObject)))
	return &ev
}
