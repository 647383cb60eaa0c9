package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// compact themes a table's cell (or what a cell widget draws) with half
// the inner padding around its text: rows of 31 px instead of 39 at
// Fyne's default sizes, so that 300 domains at 1280x800 below two banners
// and three chips show 10 rows, not 8, and the failure rows fit under four
// chips. Each cell carries the theme itself: Fyne 2.7's Table looks up an
// override around it by its own *widget.Table, which a dataTable
// embedding it is not, so a ThemeOverride around the table left its cells
// at the theme's sizes.
func compact(o fyne.CanvasObject) *container.ThemeOverride {
	return container.NewThemeOverride(o, compactTheme{})
}

// compactTheme is the app's theme as it is now (light, dark or a test's)
// with the inner padding halved.
type compactTheme struct{}

func (compactTheme) current() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (c compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return c.current().Color(n, v)
}

func (c compactTheme) Font(s fyne.TextStyle) fyne.Resource { return c.current().Font(s) }

func (c compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return c.current().Icon(n) }

func (c compactTheme) Size(n fyne.ThemeSizeName) float32 {
	s := c.current().Size(n)
	if n == theme.SizeNameInnerPadding {
		return s / 2
	}
	return s
}
