// Package charts draws the analysis results with go-chart, as images for
// the window and as PNG or SVG files for export. It knows nothing of Fyne,
// so the window and the command line share it.
package charts

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"sync"

	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// ID names one chart; its value is also the base of its export file name.
type ID string

// The charts, in the order All returns them.
const (
	SessionsPerPolicy      ID = "sessions-per-policy"
	FailuresByResultType   ID = "failures-by-result-type"
	SessionsOverTime       ID = "sessions-over-time"
	FailuresByMXHost       ID = "failures-by-mx-host"
	FailuresBySendingIP    ID = "failures-by-sending-ip"
	SessionsByOrganization ID = "sessions-by-organization"
)

// All lists every chart in display order.
func All() []ID {
	return []ID{SessionsPerPolicy, FailuresByResultType, SessionsOverTime, FailuresByMXHost, FailuresBySendingIP, SessionsByOrganization}
}

var titles = map[ID]string{
	SessionsPerPolicy:      "Sessions per policy",
	FailuresByResultType:   "Failures by result type",
	SessionsOverTime:       "Sessions over time",
	FailuresByMXHost:       "Failures by receiving MX host",
	FailuresBySendingIP:    "Failures by sending MTA IP",
	SessionsByOrganization: "Sessions by reporting organization",
}

// Title is the chart's heading.
func (id ID) Title() string {
	if t, ok := titles[id]; ok {
		return t
	}
	return string(id)
}

// Ordered tells whether Options.Order applies to the chart: the charts of
// policies and organizations, which have counts of both kinds.
func (id ID) Ordered() bool { return id == SessionsPerPolicy || id == SessionsByOrganization }

// FileName is the export file name for the chart with extension ext (".png").
func (id ID) FileName(ext string) string { return string(id) + ext }

// Options sets how a chart is drawn.
type Options struct {
	Width, Height int     // pixels of the output image
	Scale         float64 // text/line scale for HiDPI (1 = normal; 0 treated as 1)
	Dark          bool    // colors for a dark window background
	// Order is the order of the items of the policy and organization
	// charts; failed sessions first by default.
	Order analysis.Order
	// First is the first item (0-based) of the list a chart shows when it
	// cannot show all; see Drawing.Page.
	First int
}

// ExportOptions is the light-theme layout for a file of width x height
// pixels. Files are mostly seen shrunk into a page or a slide, so large ones
// are laid out like a 1100x620 window scaled up rather than with small text
// and more bars.
func ExportOptions(width, height int) Options {
	return Options{Width: width, Height: height, Scale: max(1, min(float64(width)/1100, float64(height)/620))}
}

func (o Options) scale() float64 {
	if o.Scale <= 0 {
		return 1
	}
	return o.Scale
}

// maxSide bounds the image size: a 16384-pixel square is already a gigabyte
// of RGBA.
const maxSide = 16384

func (o Options) validate() error {
	if o.Width <= 0 || o.Height <= 0 || o.Width > maxSide || o.Height > maxSide {
		return fmt.Errorf("chart size %dx%d out of range 1..%d", o.Width, o.Height, maxSide)
	}
	return nil
}

// Format is an export encoding.
type Format int

// The export encodings.
const (
	PNG Format = iota
	SVG
)

// Drawing is a chart drawn for display, with what a click on it means.
type Drawing struct {
	Image *image.RGBA
	// Bars are the bars that narrow the analysis when chosen, where they
	// lie in Image. A bar that stands for several items has none.
	Bars []Bar
	// Page says which of the chart's items the bars show.
	Page Page
}

// Bar is where one bar of a drawn chart lies and what it stands for.
type Bar struct {
	Rect   image.Rectangle // the bar's whole row or column, in image pixels
	Label  string          // the item in full: a policy, a host, a day
	Filter analysis.Filter // what choosing the bar narrows the analysis to
}

// At is the bar at point pt of the image, if any.
func (d *Drawing) At(pt image.Point) (Bar, bool) {
	for _, b := range d.Bars {
		if pt.In(b.Rect) {
			return b, true
		}
	}
	return Bar{}, false
}

// Render draws a chart for display.
func Render(id ID, r *analysis.Result, o Options) (*Drawing, error) {
	var c rgbaCollector
	d, err := renderChart(id, r, o, withEvenText(chart.PNG, false), &c)
	if err != nil {
		return nil, err
	}
	if c.img == nil {
		return nil, fmt.Errorf("chart %s: no image drawn", id)
	}
	d.Image = c.img
	return d, nil
}

// rgbaCollector takes the raster renderer's image directly, sparing the
// display a PNG encode and decode.
type rgbaCollector struct{ img *image.RGBA }

func (c *rgbaCollector) SetRGBA(img *image.RGBA) { c.img = img }

func (c *rgbaCollector) Write([]byte) (int, error) {
	return 0, errors.New("charts: raster output expected")
}

// Encode writes a chart as PNG or SVG. Nothing is written unless the whole
// chart was drawn: go-chart may emit a blank image before failing.
func Encode(w io.Writer, id ID, r *analysis.Result, o Options, f Format) error {
	var rp chart.RendererProvider
	switch f {
	case PNG:
		rp = withEvenText(chart.PNG, false)
	case SVG:
		rp = withEvenText(chart.SVG, true)
	default:
		return fmt.Errorf("unknown chart format %d", f)
	}
	var buf bytes.Buffer
	if _, err := renderChart(id, r, o, rp, &buf); err != nil {
		return err
	}
	_, err := buf.WriteTo(w)
	return err
}

var (
	fontOnce sync.Once
	font     *truetype.Font
	fontErr  error
)

// loadFont parses go-chart's embedded font once: go-chart parses it lazily
// without synchronisation, a data race when charts render concurrently.
func loadFont() (*truetype.Font, error) {
	fontOnce.Do(func() { font, fontErr = chart.GetDefaultFont() })
	return font, fontErr
}

// renderChart prepares and draws one chart. go-chart is archived and panics
// on some inputs; the specs avoid those, and recover is the last line of
// defence.
func renderChart(id ID, r *analysis.Result, o Options, rp chart.RendererProvider, w io.Writer) (d *Drawing, err error) {
	defer func() {
		if p := recover(); p != nil {
			d, err = nil, fmt.Errorf("chart %s: drawing failed: %v", id, p)
		}
	}()
	if err := o.validate(); err != nil {
		return nil, err
	}
	f, err := loadFont()
	if err != nil {
		return nil, fmt.Errorf("chart font: %w", err)
	}
	l := limitsFor(o)
	s, err := buildSpec(id, r, l, view{o.Order, o.First})
	if err != nil {
		return nil, err
	}
	p, err := newPainter(o, f, l)
	if err != nil {
		return nil, err
	}
	if s.message != "" {
		err = p.drawMessage(&s, rp, w)
	} else {
		err = p.plot(&s).Render(rp, w)
	}
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", id, err)
	}
	return &Drawing{Bars: p.hits, Page: s.page}, nil
}
