package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// panel is a rounded surface behind content: stat cards, banners and the
// drop zone. As a widget it picks its colours from the theme on every
// refresh, so it follows a switch between light and dark.
type panel struct {
	widget.BaseWidget
	fill    fyne.ThemeColorName
	alpha   uint8               // below 0xff, fill is a wash of an accent colour
	stroke  fyne.ThemeColorName // empty for no outline
	content fyne.CanvasObject
}

func newPanel(fill fyne.ThemeColorName, alpha uint8, stroke fyne.ThemeColorName, content fyne.CanvasObject) *panel {
	p := &panel{fill: fill, alpha: alpha, stroke: stroke, content: content}
	p.ExtendBaseWidget(p)
	return p
}

func (p *panel) CreateRenderer() fyne.WidgetRenderer {
	r := &panelRenderer{p: p, rect: canvas.NewRectangle(color.Transparent)}
	r.inner = container.NewPadded(p.content)
	r.objects = []fyne.CanvasObject{r.rect, r.inner}
	r.Refresh()
	return r
}

type panelRenderer struct {
	p       *panel
	rect    *canvas.Rectangle
	inner   *fyne.Container
	objects []fyne.CanvasObject
}

func (r *panelRenderer) Layout(size fyne.Size) {
	r.rect.Resize(size)
	r.inner.Resize(size)
}

func (r *panelRenderer) MinSize() fyne.Size { return r.inner.MinSize() }

func (r *panelRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *panelRenderer) Destroy() {}

func (r *panelRenderer) Refresh() {
	th := r.p.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fill := th.Color(r.p.fill, v)
	if r.p.alpha < 0xff {
		c := color.NRGBAModel.Convert(fill).(color.NRGBA)
		c.A = r.p.alpha
		fill = c
	}
	r.rect.FillColor = fill
	r.rect.CornerRadius = 2 * th.Size(theme.SizeNamePadding)
	r.rect.StrokeColor, r.rect.StrokeWidth = color.Transparent, 0
	if r.p.stroke != "" {
		r.rect.StrokeColor, r.rect.StrokeWidth = th.Color(r.p.stroke, v), 2
	}
	r.rect.Refresh()
	r.inner.Refresh()
}
