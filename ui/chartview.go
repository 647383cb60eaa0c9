package ui

import (
	"fmt"
	"image"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// resizeDebounce lets a window drag settle before a chart is drawn again.
const resizeDebounce = 150 * time.Millisecond

// chartView shows one chart drawn at exactly its on-screen pixel size, so it
// is never stretched or blurry. Drawing happens off the UI goroutine; a newer
// request makes older drawings be thrown away.
//
// A bar narrows the analysis when it is clicked, or when it is chosen with
// the arrow keys and Enter once the chart has the keyboard focus (Tab).
// A chart of more items than it holds readably pages through them.
type chartView struct {
	widget.BaseWidget

	id     charts.ID
	win    fyne.Window // its canvas scale turns widget size into pixels
	bridge *bridge
	export *widget.Button

	image   *canvas.Image
	message *widget.Label // an error in place of the chart
	res     *analysis.Result
	dark    bool
	want    renderKey // what is drawn or being drawn
	gen     int       // the latest request; drawings for older ones are dropped
	stop    func()    // cancels a drawing that has not started yet

	drawing   *charts.Drawing // what is shown, for clicks
	order     analysis.Order
	first     int // the first item shown, for paging
	orderPick *widget.Select
	onOrder   func(analysis.Order) // tells the table beside of a new order
	prev      *widget.Button
	next      *widget.Button
	page      *widget.Label
	hint      *widget.Label     // the bar under the pointer or the keyboard
	focusBar  int               // the bar chosen with the keyboard; -1 for none
	focused   bool              // the chart has the keyboard focus
	highlight *canvas.Rectangle // around the bar chosen with the keyboard
	onPick    func(charts.Bar)
}

// renderKey is everything a drawing depends on.
type renderKey struct {
	width, height int
	scale         float32
	res           *analysis.Result
	dark          bool
	order         analysis.Order
	first         int
}

func newChartView(id charts.ID, win fyne.Window, b *bridge, onExport func(), onPick func(charts.Bar)) *chartView {
	c := &chartView{id: id, win: win, bridge: b, image: canvas.NewImageFromImage(nil), message: widget.NewLabel(""),
		onPick: onPick, page: widget.NewLabel(""), hint: widget.NewLabel(""), focusBar: -1}
	c.export = widget.NewButtonWithIcon("Export PNG", theme.DocumentSaveIcon(), onExport)
	c.export.Importance = widget.LowImportance
	c.image.FillMode = canvas.ImageFillContain
	c.message.Wrapping = fyne.TextWrapWord
	c.message.Alignment = fyne.TextAlignCenter
	c.message.Hide()
	c.hint.Truncation = fyne.TextTruncateEllipsis
	c.hint.SizeName = theme.SizeNameCaptionText
	c.highlight = canvas.NewRectangle(color.Transparent)
	c.highlight.StrokeWidth = 2
	c.highlight.Hide()
	c.prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { c.turnPage(-1) })
	c.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { c.turnPage(1) })
	if id.Ordered() {
		var names []string
		for _, o := range analysis.Orders() {
			names = append(names, o.String())
		}
		c.orderPick = widget.NewSelect(names, func(name string) {
			for _, o := range analysis.Orders() {
				if o.String() == name && o != c.order {
					c.order, c.first = o, 0
					if c.onOrder != nil {
						c.onOrder(o)
					}
					c.request(0)
				}
			}
		})
		c.orderPick.SetSelected(c.order.String())
	}
	c.showPage(charts.Page{})
	c.ExtendBaseWidget(c)
	return c
}

func (c *chartView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.image, container.NewWithoutLayout(c.highlight), container.NewCenter(c.message)))
}

// MinSize keeps axis labels readable when a split is dragged small.
func (c *chartView) MinSize() fyne.Size { return fyne.NewSize(280, 150) }

func (c *chartView) Resize(size fyne.Size) {
	c.BaseWidget.Resize(size)
	delay := resizeDebounce
	if c.image.Image == nil {
		delay = 0 // nothing to look at yet: draw right away
	}
	c.request(delay)
}

// setResult shows a new result from its first item: a new filter is a new
// list.
func (c *chartView) setResult(res *analysis.Result) {
	c.res, c.first = res, 0
	c.request(0)
}

func (c *chartView) setDark(dark bool) {
	c.dark = dark
	c.request(0)
}

// request schedules a drawing unless the current one already fits.
func (c *chartView) request(delay time.Duration) {
	size := c.Size()
	scale := c.win.Canvas().Scale()
	key := renderKey{int(size.Width*scale + 0.5), int(size.Height*scale + 0.5), scale, c.res, c.dark, c.order, c.first}
	if key.res == nil || key.width < 1 || key.height < 1 || key == c.want {
		return
	}
	c.want = key
	c.gen++
	gen := c.gen
	stopOld := c.stop
	c.stop = c.bridge.after(delay, func() {
		d, err := charts.Render(c.id, key.res, charts.Options{Width: key.width, Height: key.height, Scale: float64(key.scale),
			Dark: key.dark, Order: key.order, First: key.first})
		c.bridge.do(func() { c.show(gen, d, err) })
	})
	// Stopped only now, so the count of pending work never touches zero
	// while a drawing is still wanted.
	if stopOld != nil {
		stopOld()
	}
}

func (c *chartView) show(gen int, d *charts.Drawing, err error) {
	if gen != c.gen {
		return
	}
	if err != nil {
		c.want = renderKey{} // try again on the next change
		c.drawing = nil
		setText(c.message, "This chart could not be drawn: "+err.Error())
		c.message.Show()
		c.image.Hide()
		c.showPage(charts.Page{})
		return
	}
	c.message.Hide()
	c.drawing = d
	c.image.Image = d.Image
	c.image.Show()
	c.image.Refresh()
	c.showPage(d.Page)
	c.focusBar = min(c.focusBar, len(d.Bars)-1)
	if c.focused && c.focusBar < 0 && len(d.Bars) > 0 {
		c.focusBar = 0
	}
	c.showFocus()
}

// showPage shows the pager when the chart cannot show all its items.
func (c *chartView) showPage(p charts.Page) {
	paged := p.Items > p.Shown
	for _, o := range []fyne.CanvasObject{c.prev, c.next, c.page} {
		setVisible(o, paged)
	}
	if !paged {
		return
	}
	setText(c.page, fmt.Sprintf("%s–%s of %s", textfmt.Count(p.First+1), textfmt.Count(p.First+p.Shown), textfmt.Count(p.Items)))
	for b, on := range map[*widget.Button]bool{c.prev: p.First > 0, c.next: p.First+p.Shown < p.Items} {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// turnPage shows the next (by 1) or previous (by -1) items.
func (c *chartView) turnPage(by int) {
	if c.drawing == nil {
		return
	}
	p := c.drawing.Page
	if by > 0 && p.First+p.Shown < p.Items {
		c.first = p.First + p.Shown
	} else if by < 0 {
		c.first = max(0, p.First-p.Shown)
	}
	c.request(0)
}

// toPixel maps a position in the widget to a pixel of the drawn image,
// which is scaled to fit and centred.
func (c *chartView) toPixel(pos fyne.Position) (image.Point, bool) {
	if c.drawing == nil || !c.image.Visible() {
		return image.Point{}, false
	}
	w, h, s, off := c.imageFit()
	if s <= 0 {
		return image.Point{}, false
	}
	x, y := (pos.X-off.X)/s, (pos.Y-off.Y)/s
	if x < 0 || y < 0 || x >= float32(w) || y >= float32(h) {
		return image.Point{}, false
	}
	return image.Pt(int(x), int(y)), true
}

// imageFit is the drawn image's size in pixels, the widget units per pixel
// and where the image starts in the widget.
func (c *chartView) imageFit() (w, h int, scale float32, offset fyne.Position) {
	b := c.drawing.Image.Bounds()
	size := c.Size()
	w, h = b.Dx(), b.Dy()
	if w == 0 || h == 0 {
		return w, h, 0, fyne.Position{}
	}
	scale = min(size.Width/float32(w), size.Height/float32(h))
	return w, h, scale, fyne.NewPos((size.Width-float32(w)*scale)/2, (size.Height-float32(h)*scale)/2)
}

// barAt is the bar at a position in the widget.
func (c *chartView) barAt(pos fyne.Position) (int, bool) {
	pt, ok := c.toPixel(pos)
	if !ok {
		return -1, false
	}
	for i, b := range c.drawing.Bars {
		if pt.In(b.Rect) {
			return i, true
		}
	}
	return -1, false
}

// Tapped narrows the analysis to the bar clicked; a click beside the bars
// gives the chart the keyboard.
func (c *chartView) Tapped(e *fyne.PointEvent) {
	if i, ok := c.barAt(e.Position); ok {
		c.onPick(c.drawing.Bars[i])
		return
	}
	if cv := fyne.CurrentApp().Driver().CanvasForObject(c); cv != nil {
		cv.Focus(c)
	}
}

// MouseIn, MouseMoved and MouseOut name the bar under the pointer.
func (c *chartView) MouseIn(e *desktop.MouseEvent) { c.MouseMoved(e) }

func (c *chartView) MouseMoved(e *desktop.MouseEvent) {
	if i, ok := c.barAt(e.Position); ok {
		c.setHint(c.drawing.Bars[i].Label + ": click to filter")
		return
	}
	c.showFocus()
}

func (c *chartView) MouseOut() { c.showFocus() }

// Cursor is a hand: the chart's bars are links into the analysis.
func (c *chartView) Cursor() desktop.Cursor {
	if c.drawing != nil && len(c.drawing.Bars) > 0 {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// FocusGained starts keyboard choice at the first bar.
func (c *chartView) FocusGained() {
	c.focused = true
	if c.focusBar < 0 && c.drawing != nil && len(c.drawing.Bars) > 0 {
		c.focusBar = 0
	}
	c.showFocus()
}

func (c *chartView) FocusLost() {
	c.focused = false
	c.showFocus()
}

func (c *chartView) TypedRune(rune) {}

// TypedKey moves between bars with the arrows, picks one with Enter or
// Space, and turns pages with Page Up and Page Down.
func (c *chartView) TypedKey(e *fyne.KeyEvent) {
	if c.drawing == nil {
		return
	}
	n := len(c.drawing.Bars)
	switch e.Name {
	case fyne.KeyDown, fyne.KeyRight:
		if n > 0 {
			c.focusBar = min(c.focusBar+1, n-1)
		}
	case fyne.KeyUp, fyne.KeyLeft:
		c.focusBar = max(c.focusBar-1, 0)
	case fyne.KeyHome:
		c.focusBar = 0
	case fyne.KeyEnd:
		c.focusBar = n - 1
	case fyne.KeyPageDown:
		c.turnPage(1)
	case fyne.KeyPageUp:
		c.turnPage(-1)
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		if c.focusBar >= 0 && c.focusBar < n {
			c.onPick(c.drawing.Bars[c.focusBar])
		}
		return
	}
	c.showFocus()
}

// showFocus outlines the bar chosen with the keyboard and names it.
func (c *chartView) showFocus() {
	if !c.focused || c.drawing == nil || c.focusBar < 0 || c.focusBar >= len(c.drawing.Bars) {
		c.highlight.Hide()
		c.setHint("")
		return
	}
	b := c.drawing.Bars[c.focusBar]
	_, _, s, off := c.imageFit()
	// The theme's primary colour, outlined and as a light wash: the focus
	// colour is too faint on a chart.
	primary := color.NRGBAModel.Convert(theme.Color(theme.ColorNamePrimary)).(color.NRGBA)
	c.highlight.StrokeColor = primary
	primary.A = 0x28
	c.highlight.FillColor = primary
	c.highlight.Move(off.AddXY(float32(b.Rect.Min.X)*s, float32(b.Rect.Min.Y)*s))
	c.highlight.Resize(fyne.NewSize(float32(b.Rect.Dx())*s, float32(b.Rect.Dy())*s))
	c.highlight.Show()
	c.highlight.Refresh()
	c.setHint(b.Label + ": Enter to filter")
}

// setHint names a bar above the chart; the pointer moves often, the text
// seldom changes, and laying text out again each time would be waste.
func (c *chartView) setHint(text string) {
	if text = shown(text, false); c.hint.Text != text {
		setText(c.hint, text)
	}
}

// chartPanel puts a chart under a row of its order, pager, the bar under
// the pointer and its export button; the chart draws its own title.
func chartPanel(c *chartView) fyne.CanvasObject {
	left := container.NewHBox()
	if c.orderPick != nil {
		left.Add(widget.NewLabel("Order by"))
		left.Add(container.NewGridWrap(fyne.NewSize(170, c.orderPick.MinSize().Height), c.orderPick))
	}
	left.Add(c.prev)
	left.Add(c.page)
	left.Add(c.next)
	return container.NewBorder(container.NewBorder(nil, nil, left, c.export, c.hint), nil, nil, nil, c)
}

// chartFactory makes the view of one chart; tabs receive it instead of the
// window.
type chartFactory func(charts.ID) *chartView

// chartSet is every chart view of the window, kept in step with the
// theme; each tab gives its charts its result.
type chartSet struct {
	win      fyne.Window
	bridge   *bridge
	onExport func(charts.ID)
	onPick   func(charts.ID, analysis.Filter) // a bar was chosen
	views    map[charts.ID]*chartView
}

func newChartSet(win fyne.Window, b *bridge, onExport func(charts.ID), onPick func(charts.ID, analysis.Filter)) *chartSet {
	return &chartSet{win: win, bridge: b, onExport: onExport, onPick: onPick, views: make(map[charts.ID]*chartView)}
}

// add is the window's chartFactory.
func (s *chartSet) add(id charts.ID) *chartView {
	c := newChartView(id, s.win, s.bridge, func() { s.onExport(id) }, func(b charts.Bar) { s.onPick(id, b.Filter) })
	s.views[id] = c
	return c
}

func (s *chartSet) setDark(dark bool) {
	for _, c := range s.views {
		c.setDark(dark)
	}
}
