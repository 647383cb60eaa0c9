package charts

import "github.com/wcharczuk/go-chart/v2/drawing"

// Okabe-Ito bluish green and vermillion: told apart with every common color
// vision deficiency, and both clear of a white and a near-black background,
// so success and failure keep one color each in both themes.
var roleColors = map[role]drawing.Color{
	success: drawing.ColorFromHex("009E73"),
	failure: drawing.ColorFromHex("D55E00"),
}

// theme is the chart's colors around the data. It is also go-chart's
// ColorPalette, so the axes go-chart draws itself match.
type theme struct {
	background, text, muted, axis, grid drawing.Color
	// onBar is text drawn on a bar of either role color.
	onBar drawing.Color
}

var (
	lightTheme = theme{
		background: drawing.ColorFromHex("FFFFFF"),
		text:       drawing.ColorFromHex("1F2328"),
		muted:      drawing.ColorFromHex("57606A"),
		axis:       drawing.ColorFromHex("8C959F"),
		grid:       drawing.ColorFromHex("E4E7EB"),
		onBar:      drawing.ColorFromHex("111111"),
	}
	// darkTheme has the background of Fyne's dark theme, so a chart sits
	// seamlessly in the window.
	darkTheme = theme{
		background: drawing.ColorFromHex("171718"),
		text:       drawing.ColorFromHex("E8EAED"),
		muted:      drawing.ColorFromHex("A8ADB4"),
		axis:       drawing.ColorFromHex("6E7681"),
		grid:       drawing.ColorFromHex("303236"),
		onBar:      drawing.ColorFromHex("111111"),
	}
)

func themeFor(dark bool) theme {
	if dark {
		return darkTheme
	}
	return lightTheme
}

func (t theme) BackgroundColor() drawing.Color       { return t.background }
func (t theme) BackgroundStrokeColor() drawing.Color { return t.background }
func (t theme) CanvasColor() drawing.Color           { return t.background }
func (t theme) CanvasStrokeColor() drawing.Color     { return t.background }
func (t theme) AxisStrokeColor() drawing.Color       { return t.axis }
func (t theme) TextColor() drawing.Color             { return t.text }

// GetSeriesColor is unused by the bar series, which color by role; it is
// here to complete go-chart's palette.
func (t theme) GetSeriesColor(i int) drawing.Color {
	if i%2 == 1 {
		return roleColors[failure]
	}
	return roleColors[success]
}
