package ui

import (
	"image"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
)

// resizeDebounce lets a window drag settle before a chart is drawn again.
const resizeDebounce = 150 * time.Millisecond

// chartView shows one chart drawn at exactly its on-screen pixel size, so it
// is never stretched or blurry. Drawing happens off the UI goroutine; a newer
// request makes older drawings be thrown away.
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
}

// renderKey is everything a drawing depends on.
type renderKey struct {
	width, height int
	scale         float32
	res           *analysis.Result
	dark          bool
}

func newChartView(id charts.ID, win fyne.Window, b *bridge, onExport func()) *chartView {
	c := &chartView{id: id, win: win, bridge: b, image: canvas.NewImageFromImage(nil), message: widget.NewLabel("")}
	c.export = widget.NewButtonWithIcon("Export PNG", theme.DocumentSaveIcon(), onExport)
	c.export.Importance = widget.LowImportance
	c.image.FillMode = canvas.ImageFillContain
	c.message.Wrapping = fyne.TextWrapWord
	c.message.Alignment = fyne.TextAlignCenter
	c.message.Hide()
	c.ExtendBaseWidget(c)
	return c
}

func (c *chartView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.image, container.NewCenter(c.message)))
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

func (c *chartView) setResult(res *analysis.Result) {
	c.res = res
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
	key := renderKey{int(size.Width*scale + 0.5), int(size.Height*scale + 0.5), scale, c.res, c.dark}
	if key.res == nil || key.width < 1 || key.height < 1 || key == c.want {
		return
	}
	c.want = key
	c.gen++
	gen := c.gen
	stopOld := c.stop
	c.stop = c.bridge.after(delay, func() {
		img, err := charts.Render(c.id, key.res, charts.Options{Width: key.width, Height: key.height, Scale: float64(key.scale), Dark: key.dark})
		c.bridge.do(func() { c.show(gen, img, err) })
	})
	// Stopped only now, so the count of pending work never touches zero
	// while a drawing is still wanted.
	if stopOld != nil {
		stopOld()
	}
}

func (c *chartView) show(gen int, img image.Image, err error) {
	if gen != c.gen {
		return
	}
	if err != nil {
		c.want = renderKey{} // try again on the next change
		c.message.SetText("This chart could not be drawn: " + err.Error())
		c.message.Show()
		c.image.Hide()
		return
	}
	c.message.Hide()
	c.image.Image = img
	c.image.Show()
	c.image.Refresh()
}

// chartPanel puts a chart under its export button; the chart draws its own
// title.
func chartPanel(c *chartView) fyne.CanvasObject {
	return container.NewBorder(container.NewHBox(layout.NewSpacer(), c.export), nil, nil, nil, c)
}

// chartFactory makes the view of one chart; tabs receive it instead of the
// window.
type chartFactory func(charts.ID) *chartView

// chartSet is every chart view of the window, kept in step with the result
// and the theme.
type chartSet struct {
	win      fyne.Window
	bridge   *bridge
	onExport func(charts.ID)
	views    map[charts.ID]*chartView
}

func newChartSet(win fyne.Window, b *bridge, onExport func(charts.ID)) *chartSet {
	return &chartSet{win: win, bridge: b, onExport: onExport, views: make(map[charts.ID]*chartView)}
}

// add is the window's chartFactory.
func (s *chartSet) add(id charts.ID) *chartView {
	c := newChartView(id, s.win, s.bridge, func() { s.onExport(id) })
	s.views[id] = c
	return c
}

func (s *chartSet) setResult(res *analysis.Result) {
	for _, c := range s.views {
		c.setResult(res)
	}
}

func (s *chartSet) setDark(dark bool) {
	for _, c := range s.views {
		c.setDark(dark)
	}
}
