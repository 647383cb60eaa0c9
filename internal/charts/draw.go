package charts

import (
	"html"
	"image"
	"io"
	"math"

	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// Font sizes in points. The renderer's DPI carries Options.Scale, so these
// stay the same on every screen.
const (
	titlePt    = 15
	filterPt   = 11
	subtitlePt = 10.5
	axisPt     = 10
	axisNamePt = 10.5
	valuePt    = 9.5
	legendPt   = 10
	messagePt  = 22
	detailPt   = 11
)

// painter turns a spec into go-chart drawing at one size, scale and theme.
type painter struct {
	theme
	font  *truetype.Font
	scale float64
	w, h  int
	// compact leaves out the subtitle and the axis names.
	compact bool
	// measure is a scratch renderer: the header and margins must be known
	// before go-chart is handed the layout.
	measure chart.Renderer
	// hits collects where the bars that narrow the analysis were drawn.
	hits []Bar
}

func newPainter(o Options, font *truetype.Font, l limits) (*painter, error) {
	m, err := chart.PNG(1, 1)
	if err != nil {
		return nil, err
	}
	p := &painter{theme: themeFor(o.Dark), font: font, scale: o.scale(), w: o.Width, h: o.Height, compact: l.compact, measure: m}
	m.SetDPI(p.dpi())
	return p, nil
}

func (p *painter) dpi() float64 { return chart.DefaultDPI * p.scale }

// px scales a length given in logical pixels.
func (p *painter) px(v float64) int { return int(math.Round(v * p.scale)) }

// lineHeight is the pixel height of text at pt points.
func (p *painter) lineHeight(pt float64) int { return int(math.Ceil(pt * p.dpi() / 72)) }

func (p *painter) style(pt float64, c drawing.Color) chart.Style {
	return chart.Style{Font: p.font, FontSize: pt, FontColor: c}
}

func (p *painter) textWidth(s string, pt float64) int {
	return chart.Draw.MeasureText(p.measure, s, p.style(pt, p.text)).Width()
}

// header is the title, subtitle and legend above the plot, laid out once
// for both measuring and drawing.
type header struct {
	titleY, filterY, subtitleY, legendX, legendY, height int
	titlePt, filterPt                                    float64
	subtitle                                             string
}

func (p *painter) layoutHeader(s *spec) header {
	left, right := p.px(16), p.w-p.px(24)
	h := header{titleY: p.px(14) + p.lineHeight(titlePt), titlePt: titlePt}
	// A title wider than a small chart shrinks rather than being cut off.
	if w := p.textWidth(s.title, titlePt); left+w > right {
		h.titlePt = max(6, titlePt*float64(right-left)/float64(w))
	}
	y := h.titleY
	// What the chart is filtered by is part of its title: never dropped,
	// shrunk to fit like the title.
	if s.filter != "" {
		h.filterPt = filterPt
		if w := p.textWidth(s.filter, filterPt); left+w > right {
			h.filterPt = max(6, filterPt*float64(right-left)/float64(w))
		}
		y += p.px(6) + p.lineHeight(h.filterPt)
		h.filterY = y
	}
	if s.subtitle != "" && !p.compact && left+p.textWidth(s.subtitle, subtitlePt) <= right {
		y += p.px(8) + p.lineHeight(subtitlePt)
		h.subtitleY, h.subtitle = y, s.subtitle
	}
	if lw := p.legendWidth(s.series); lw > 0 {
		h.legendX, h.legendY = right-lw, h.titleY
		if left+p.textWidth(s.title, h.titlePt)+p.px(32)+lw > right {
			y += p.px(10) + p.lineHeight(legendPt)
			h.legendX, h.legendY = left, y
		}
	}
	h.height = y + p.px(20)
	return h
}

// swatch is the side of a legend's color square, a little over the text's
// cap height.
func (p *painter) swatch() int { return p.capPx(legendPt) + p.px(4) }

func (p *painter) legendWidth(ss []series) int {
	if len(ss) < 2 {
		return 0
	}
	w := 0
	for i, s := range ss {
		if i > 0 {
			w += p.px(20)
		}
		w += p.swatch() + p.px(6) + p.textWidth(s.name, legendPt)
	}
	return w
}

func (p *painter) drawHeader(r chart.Renderer, s *spec, h header) {
	left := p.px(16)
	chart.Draw.Text(r, s.title, left, h.titleY, p.style(h.titlePt, p.text))
	if s.filter != "" {
		chart.Draw.Text(r, s.filter, left, h.filterY, p.style(h.filterPt, p.text))
	}
	if h.subtitle != "" {
		chart.Draw.Text(r, h.subtitle, left, h.subtitleY, p.style(subtitlePt, p.muted))
	}
	if len(s.series) < 2 {
		return
	}
	x, sw := h.legendX, p.swatch()
	for _, ser := range s.series {
		bottom := h.legendY + p.px(2)
		chart.Draw.Box(r, chart.Box{Left: x, Top: bottom - sw, Right: x + sw, Bottom: bottom}, chart.Style{FillColor: roleColors[ser.role]})
		x += sw + p.px(6)
		chart.Draw.Text(r, ser.name, x, h.legendY, p.style(legendPt, p.text))
		x += p.textWidth(ser.name, legendPt) + p.px(20)
	}
}

// fixedRange is a go-chart range that brings its own ticks. go-chart takes
// an axis' Ticks as its range (which would cut the outer bars in half) and
// for the left axis even reads the ticks of the right one, so the ticks
// travel with the range instead.
type fixedRange struct {
	chart.ContinuousRange
	ticks []chart.Tick
}

func (f *fixedRange) GetTicks(chart.Renderer, chart.Style, chart.ValueFormatter) []chart.Tick {
	return f.ticks
}

// plot builds the go-chart Chart for a spec with data. All data sits on the
// left (secondary) y-axis, go-chart's primary one being on the right; the
// primary is hidden, with a range only so that go-chart accepts it.
func (p *painter) plot(s *spec) chart.Chart {
	h := p.layoutHeader(s)
	n := len(s.bars)
	var top int64
	for _, b := range s.bars {
		top = max(top, b.total())
	}

	catTicks := make([]chart.Tick, len(s.ticks))
	for i, t := range s.ticks {
		catTicks[i] = chart.Tick{Value: p.categoryPos(s, t.bar), Label: t.label}
	}
	categories := &fixedRange{chart.ContinuousRange{Min: -0.5, Max: float64(n) - 0.5}, catTicks}

	// Value labels need room to breathe: 40 pixels apart up the side, and
	// across, well over a label's width apart in what the category labels
	// leave of the width.
	steps := clamp(int(float64(p.h-h.height)/float64(p.px(40))), 2, 8)
	axisMax := float64(top)
	// crowded is an axis too short for two value labels: "0" goes, the
	// maximum stays.
	crowded := false
	if !s.columns {
		across := p.w - p.leftPad() - p.px(28)
		for _, t := range s.ticks {
			across = min(across, p.w-p.leftPad()-p.px(48)-p.textWidth(t.label, axisPt))
		}
		steps = across / (p.textWidth(textfmt.Count(top), axisPt)*8/5 + p.px(24))
		steps, crowded = clamp(steps, 1, 8), steps < 1
		// Stretch the axis so that each bar's total fits past its end.
		for _, b := range s.bars {
			if room := 1 - float64(p.textWidth(textfmt.Count(b.total()), valuePt)+p.px(12))/float64(across); room > 0.5 {
				axisMax = max(axisMax, float64(b.total())/room)
			}
		}
	}
	var valTicks []chart.Tick
	var grid []chart.GridLine
	for _, v := range niceTicks(axisMax, steps) {
		label := formatTick(v)
		if v == 0 && crowded {
			label = ""
		}
		valTicks = append(valTicks, chart.Tick{Value: v, Label: label})
		if v > 0 {
			grid = append(grid, chart.GridLine{Value: v})
		}
	}
	values := &fixedRange{chart.ContinuousRange{Max: valTicks[len(valTicks)-1].Value}, valTicks}

	axis := chart.Style{Font: p.font, FontSize: axisPt, FontColor: p.text, StrokeColor: p.axis, StrokeWidth: p.scale}
	gridStyle := chart.Style{StrokeColor: p.grid, StrokeWidth: p.scale}
	x := chart.XAxis{Style: axis}
	y := chart.YAxis{AxisType: chart.YAxisSecondary, Style: axis}
	xName, yName := s.valueAxis, s.categoryAxis
	if s.columns {
		x.Range = categories
		y.Range, y.GridLines, y.GridMajorStyle = values, grid, gridStyle
		xName, yName = s.categoryAxis, s.valueAxis
	} else {
		x.Range, x.GridLines, x.GridMajorStyle = values, grid, gridStyle
		y.Range = categories
	}

	return chart.Chart{
		Width:        p.w,
		Height:       p.h,
		DPI:          p.dpi(),
		Font:         p.font,
		ColorPalette: p.theme,
		Background: chart.Style{FillColor: p.background, Padding: chart.Box{
			Top:    h.height,
			Left:   p.leftPad(),
			Right:  p.px(28),
			Bottom: p.bottomPad(),
		}},
		Canvas:         chart.Style{FillColor: p.background},
		XAxis:          x,
		YAxis:          chart.YAxis{Style: chart.Hidden(), Range: &chart.ContinuousRange{Max: 1}},
		YAxisSecondary: y,
		Series:         []chart.Series{barSeries{p, s}},
		Elements: []chart.Renderable{func(r chart.Renderer, canvas chart.Box, _ chart.Style) {
			p.drawHeader(r, s, h)
			p.drawAxisNames(r, canvas, xName, yName)
		}},
	}
}

// drawAxisNames writes the axis names, which go-chart would set at a fixed
// 10-pixel gap whatever the scale, and on the left top to bottom with no
// room reserved.
func (p *painter) drawAxisNames(r chart.Renderer, canvas chart.Box, xName, yName string) {
	if p.compact {
		return
	}
	st := p.style(axisNamePt, p.muted)
	w := p.textWidth(xName, axisNamePt)
	chart.Draw.Text(r, xName, canvas.Left+(canvas.Width()-w)/2,
		canvas.Bottom+chart.DefaultXAxisMargin+p.capPx(axisPt)+p.px(10)+p.capPx(axisNamePt), st)
	st.TextRotationDegrees = 270
	w = p.textWidth(yName, axisNamePt)
	chart.Draw.Text(r, yName, p.px(16)+p.lineHeight(axisNamePt), canvas.Top+(canvas.Height()+w)/2, st)
}

// leftPad leaves room for the left axis name, which go-chart does not.
func (p *painter) leftPad() int {
	if p.compact {
		return p.px(12)
	}
	return p.px(28) + p.lineHeight(axisNamePt)
}

func (p *painter) bottomPad() int {
	if p.compact {
		return p.px(8)
	}
	return p.px(22) + p.capPx(axisNamePt)
}

// categoryPos puts the first bar at the top of a horizontal chart, and the
// first column at the left of a time chart.
func (p *painter) categoryPos(s *spec, i int) float64 {
	if s.columns {
		return float64(i)
	}
	return float64(len(s.bars) - 1 - i)
}

// barSeries draws a spec's stacked bars as one go-chart series, horizontal
// or as columns, which go-chart's own bar charts cannot do: BarChart has no
// stacking or legend, and StackedBarChart stacks percentages.
type barSeries struct {
	p *painter
	s *spec
}

func (barSeries) GetName() string           { return "" }
func (barSeries) GetYAxis() chart.YAxisType { return chart.YAxisSecondary }
func (barSeries) GetStyle() chart.Style     { return chart.Style{} }
func (barSeries) Validate() error           { return nil }
func (b barSeries) Render(r chart.Renderer, canvas chart.Box, xr, yr chart.Range, _ chart.Style) {
	p, s := b.p, b.s
	catRange, valRange := yr, xr
	if s.columns {
		catRange, valRange = xr, yr
	}
	// catPx and valPx map a category position and a value to pixels along
	// their axes.
	catPx := func(v float64) int { return canvas.Bottom - catRange.Translate(v) }
	valPx := func(v float64) int { return canvas.Left + valRange.Translate(v) }
	if s.columns {
		catPx = func(v float64) int { return canvas.Left + catRange.Translate(v) }
		valPx = func(v float64) int { return canvas.Bottom - valRange.Translate(v) }
	}
	band := math.Abs(float64(catPx(1) - catPx(0)))
	thick := max(1, min(int(band*0.72), p.px(48)))
	if s.columns && band < 4 {
		thick = max(1, int(band))
	}
	// A failure is the point of the report: even one in a million stays
	// visible as a sliver. Values grow rightwards, or upwards in columns.
	minLen, dir := p.px(2), 1
	if s.columns {
		dir = -1
	}

	for i, bar := range s.bars {
		c := catPx(p.categoryPos(s, i))
		if !bar.narrow.IsZero() {
			p.hits = append(p.hits, Bar{Rect: p.band(s, canvas, c, band), Label: bar.name, Filter: bar.narrow})
		}
		lo, hi := c-thick/2, c-thick/2+thick
		var sum int64
		end := valPx(0)
		for j, v := range bar.values {
			if v <= 0 {
				continue
			}
			from := end
			sum = analysis.AddCounts(sum, v)
			to := valPx(float64(sum))
			if (to-from)*dir < minLen {
				to = from + minLen*dir
			}
			end = to
			box := chart.Box{Left: from, Right: to, Top: lo, Bottom: hi}
			if s.columns {
				box = chart.Box{Left: lo, Right: hi, Top: to, Bottom: from}
			}
			chart.Draw.Box(r, box, chart.Style{FillColor: roleColors[s.series[j].role]})
		}
		if !s.columns {
			p.drawValue(r, canvas, textfmt.Count(sum), end, c)
		}
	}
}

// band is the area that picks the bar centred at c: its whole row, label
// included, or its whole column down to the axis labels, so that a short
// bar or a thin column is as easy to hit as a long one.
func (p *painter) band(s *spec, canvas chart.Box, c int, band float64) image.Rectangle {
	half := max(1, int(math.Round(band/2)))
	if s.columns {
		return image.Rect(c-half, canvas.Top, c+half, p.h)
	}
	return image.Rect(0, c-half, canvas.Right, c+half)
}

// drawValue writes a bar's total just past its end, or inside it when the
// bar reaches the edge of the plot, or not at all when it fits neither: an
// overlapping number is worse than none, and the axis still tells.
func (p *painter) drawValue(r chart.Renderer, canvas chart.Box, label string, end, center int) {
	st := p.style(valuePt, p.text)
	w := p.textWidth(label, valuePt)
	x := end + p.px(6)
	if x+w > canvas.Right {
		x, st.FontColor = end-p.px(6)-w, p.onBar
		if x < canvas.Left+p.px(6) {
			return
		}
	}
	chart.Draw.Text(r, label, x, center+p.capPx(valuePt)/2, st)
}

// drawMessage draws the title and a centred message in place of a plot.
func (p *painter) drawMessage(s *spec, rp chart.RendererProvider, w io.Writer) error {
	r, err := rp(p.w, p.h)
	if err != nil {
		return err
	}
	r.SetDPI(p.dpi())
	h := p.layoutHeader(s)
	chart.Draw.Box(r, chart.Box{Right: p.w, Bottom: p.h}, chart.Style{FillColor: p.background})
	p.drawHeader(r, s, h)
	mid := h.height + (p.h-h.height)/2
	color, pt := p.text, float64(messagePt)
	if s.good {
		color = roleColors[success]
	}
	if p.compact {
		pt = titlePt
	}
	for _, line := range []struct {
		text  string
		pt    float64
		color drawing.Color
		y     int
	}{
		{s.message, pt, color, mid},
		{s.detail, detailPt, p.muted, mid + p.px(12) + p.lineHeight(detailPt)},
	} {
		x := (p.w - p.textWidth(line.text, line.pt)) / 2
		chart.Draw.Text(r, line.text, max(x, p.px(16)), line.y, p.style(line.pt, line.color))
	}
	return r.Save(w)
}

// capHeight is Roboto's cap height as a share of its size.
const capHeight = 0.711

// capPx is the pixel height of capitals and digits at pt points.
func (p *painter) capPx(pt float64) int { return int(math.Ceil(capHeight * pt * p.dpi() / 72)) }

// textRenderer evens out go-chart's text layout and makes SVG text safe.
// go-chart places and centres labels by their measured ink, so "Apr" sat
// lower than "Mar" and "1,000" lower than "0"; measuring every label at the
// cap height lines them up. go-chart also writes SVG text as is, so a domain
// name from a report could become markup unless escaped.
type textRenderer struct {
	chart.Renderer
	escape    bool
	dpi, size float64
	rotated   bool
}

func withEvenText(rp chart.RendererProvider, escape bool) chart.RendererProvider {
	return func(w, h int) (chart.Renderer, error) {
		r, err := rp(w, h)
		if err != nil {
			return nil, err
		}
		return &textRenderer{Renderer: r, escape: escape, dpi: chart.DefaultDPI}, nil
	}
}

func (t *textRenderer) SetDPI(dpi float64)       { t.dpi = dpi; t.Renderer.SetDPI(dpi) }
func (t *textRenderer) SetFontSize(size float64) { t.size = size; t.Renderer.SetFontSize(size) }
func (t *textRenderer) SetTextRotation(radians float64) {
	t.rotated = true
	t.Renderer.SetTextRotation(radians)
}
func (t *textRenderer) ClearTextRotation() { t.rotated = false; t.Renderer.ClearTextRotation() }
func (t *textRenderer) ResetStyle()        { t.size, t.rotated = 0, false; t.Renderer.ResetStyle() }

func (t *textRenderer) MeasureText(body string) chart.Box {
	b := t.Renderer.MeasureText(body)
	if t.rotated {
		return b
	}
	return chart.Box{Right: b.Width(), Bottom: int(math.Ceil(capHeight * t.size * t.dpi / 72))}
}

func (t *textRenderer) Text(body string, x, y int) {
	if t.escape {
		body = html.EscapeString(body)
	}
	t.Renderer.Text(body, x, y)
}
