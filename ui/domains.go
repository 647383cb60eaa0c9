package ui

import (
	"time"

	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// domainsTitle names the front page, the first tab.
const domainsTitle = "Domains"

// The Domains table's columns that are not plain text.
const (
	healthCol = 0
	stripCol  = 9
)

// domainsTab is the front page: is each domain OK, and since when not. One
// row per policy domain, worst first; a row opens the domain's slice.
type domainsTab struct {
	content fyne.CanvasObject
	banners *fyne.Container
	muted   func(*analysis.Finding) bool // the findings the user muted; nil: none
	table   *dataTable[analysis.DomainRow]
	detail  *widget.Label // the selected row's texts whole, which cells cut
	hint    string        // what the detail says with no row selected
}

func newDomainsTab(drill func(analysis.Filter, view)) *domainsTab {
	t := &domainsTab{banners: container.NewVBox(), detail: wrapped()}
	t.detail.Selectable = true
	t.table = newDataTable([]column[analysis.DomainRow]{
		// The numbers are never cut (a sum of a year's sessions runs to
		// 11 digits), nor at 1280 px the strip's period; the names give
		// way. Widths are of the cells' compact padding (compact.go).
		{title: "Health", width: 115, text: func(r *analysis.DomainRow) string { return textfmt.Health(r.Health) }},
		{title: "Domain", width: 165, grow: true, text: func(r *analysis.DomainRow) string { return textfmt.Domain(r.Domain) }},
		{title: "MTA-STS", width: 78, text: textfmt.DomainMode},
		{title: "DANE", width: 50, text: func(r *analysis.DomainRow) string { return textfmt.YesNo(r.DANE) }},
		{title: "Sessions", width: 110, numeric: true, text: func(r *analysis.DomainRow) string { return textfmt.Count(r.Sessions()) }},
		{title: "Success", width: 68, numeric: true, text: func(r *analysis.DomainRow) string { return textfmt.Rate(r.Successful, r.Failed) }},
		{title: "Failed", width: 105, numeric: true, text: func(r *analysis.DomainRow) string { return textfmt.Count(r.Failed) }},
		{title: "Worst finding", width: 150, grow: true, text: textfmt.WorstFinding},
		{title: "Last report", width: 92, text: func(r *analysis.DomainRow) string { return textfmt.Day(r.LastDay) }},
		// The strip gives way too: at 1000 px its period's header is cut
		// (read whole in its tip) rather than the table scrolled sideways.
		{title: "Last 30 days", width: 185, grow: true, text: func(*analysis.DomainRow) string { return "" }},
	}, nil)
	// Two kinds of cell besides text: the health's icon and word, and the
	// per-day strip. A table reuses cells across columns, so each cell can
	// be any of them.
	t.table.CreateCell = func() fyne.CanvasObject { return newDomainCell(t.table) }
	t.table.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		c, r := o.(*domainCell), &t.table.rows[id.Row]
		switch id.Col {
		case healthCol:
			c.showHealth(r.Health)
		case stripCol:
			c.showStrip(r.Strip)
		default:
			c.showText(t.table.cellText(id.Row, id.Col), alignFor(t.table.cols[id.Col].numeric))
		}
	}
	t.table.onSelect = func(r *analysis.DomainRow) { setText(t.detail, domainDetail(r)) }
	t.table.onUnselect = func() { setText(t.detail, t.hint) }
	t.table.key = func(r *analysis.DomainRow) string { return r.Domain }
	t.table.onActivate = func(r *analysis.DomainRow) { drill(analysis.Filter{Domains: []string{r.Domain}}, nextView(r)) }
	// The count and the hint share the detail's line until a row is
	// selected: at 1280x800 every line of height is a domain more.
	t.content = container.NewBorder(t.banners, t.detail, nil, nil, t.table)
	return t
}

func (t *domainsTab) update(res *analysis.Result) {
	rows := res.DomainRowsMuting(t.muted)
	t.table.cols[stripCol].title = textfmt.StripSpan(res)
	t.hint = textfmt.Counted(len(rows), "domain", "domains") + ", worst first. Select one to read its row whole; a double-click or Enter opens its slice."
	t.table.setRows(rows)
	if t.table.selected < 0 {
		setText(t.detail, t.hint)
	}
	t.showBanners(res)
}

// showBanners says in plain words what needs attention.
func (t *domainsTab) showBanners(res *analysis.Result) {
	t.banners.Objects = joinBanners(headlineBanners(res, time.Now().UTC(), t.muted))
	t.banners.Refresh()
}

// nextView is the tab that answers a domain's next question: its findings
// when one is urgent, else its failures, else its overview.
func nextView(r *analysis.DomainRow) view {
	switch {
	case r.Health >= analysis.HealthAttention:
		return findingsView
	case r.Failed > 0:
		return failuresView
	}
	return overviewView
}

func healthLook(h analysis.Health) (fyne.Resource, widget.Importance) {
	switch h {
	case analysis.HealthCritical:
		return theme.NewErrorThemedResource(theme.ErrorIcon()), widget.DangerImportance
	case analysis.HealthWarning:
		return theme.NewWarningThemedResource(theme.WarningIcon()), widget.WarningImportance
	case analysis.HealthAttention:
		return theme.NewWarningThemedResource(theme.InfoIcon()), widget.MediumImportance
	case analysis.HealthFailures:
		return theme.InfoIcon(), widget.MediumImportance
	}
	return theme.NewSuccessThemedResource(theme.ConfirmIcon()), widget.SuccessImportance
}

// domainDetail is a row's texts whole: the mode's history and the worst
// finding's title.
func domainDetail(r *analysis.DomainRow) string {
	lines := []string{textfmt.Domain(r.Domain) + ": " + textfmt.Health(r.Health)}
	if r.STS != nil {
		lines = append(lines, "MTA-STS: "+textfmt.ModeHistory(r.STS))
	}
	if r.Worst != nil {
		lines = append(lines, "Worst finding: "+findingLine(r.Worst)+". "+r.Worst.Title)
	}
	return safeLines(lines)
}

// domainCell is one cell of the Domains table: text, the health's icon and
// word, or the per-day strip.
type domainCell struct {
	widget.BaseWidget
	icon  *widget.Icon
	label *cutLabel
	strip *dayStrip
}

func newDomainCell(under desktop.Hoverable) *domainCell {
	c := &domainCell{icon: widget.NewIcon(nil), label: newCutLabel(), strip: newDayStrip()}
	c.label.under = under
	c.ExtendBaseWidget(c)
	return c
}

func (c *domainCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(compact(container.NewBorder(nil, nil, c.icon, nil, container.NewStack(c.label, c.strip))))
}

func (c *domainCell) showText(text string, align fyne.TextAlign) {
	c.icon.Hide()
	c.strip.Hide()
	c.label.Show()
	if c.label.Importance != widget.MediumImportance {
		c.label.Importance = widget.MediumImportance
		c.label.Refresh()
	}
	c.label.set(text, text, align)
}

func (c *domainCell) showHealth(h analysis.Health) {
	icon, imp := healthLook(h)
	c.icon.SetResource(icon)
	c.icon.Show()
	c.strip.Hide()
	c.label.Show()
	if c.label.Importance != imp {
		c.label.Importance = imp
		c.label.Refresh()
	}
	c.label.setLine(textfmt.Health(h))
}

func (c *domainCell) showStrip(days []analysis.DayTotal) {
	c.icon.Hide()
	c.label.Hide()
	c.strip.set(days)
	c.strip.Show()
}

// dayStrip draws one mark per day: a tall red bar for a day with failed
// sessions, a shorter green one for a day without, a thin grey line for a
// day without reports. Height tells them apart as well as colour does.
type dayStrip struct {
	widget.BaseWidget
	days  []analysis.DayTotal
	marks []*canvas.Rectangle
}

func newDayStrip() *dayStrip {
	s := &dayStrip{}
	s.ExtendBaseWidget(s)
	return s
}

func (s *dayStrip) set(days []analysis.DayTotal) {
	s.days = days
	s.Refresh()
}

func (s *dayStrip) CreateRenderer() fyne.WidgetRenderer { return &dayStripRenderer{s: s} }

type dayStripRenderer struct{ s *dayStrip }

func (r *dayStripRenderer) Layout(size fyne.Size) {
	s := r.s
	n := len(s.days)
	for len(s.marks) < n {
		s.marks = append(s.marks, canvas.NewRectangle(color.Transparent))
	}
	if n == 0 {
		return
	}
	th := s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	step := size.Width / float32(n)
	gap := min(2, step/4)
	for i, m := range s.marks {
		if i >= n {
			m.Hide()
			continue
		}
		d := s.days[i]
		h := float32(2)
		m.FillColor = th.Color(theme.ColorNameDisabled, v)
		switch {
		case d.Failed > 0:
			h, m.FillColor = size.Height*0.7, th.Color(theme.ColorNameError, v)
		case d.Successful > 0:
			h, m.FillColor = size.Height*0.4, th.Color(theme.ColorNameSuccess, v)
		}
		m.Move(fyne.NewPos(float32(i)*step, (size.Height+size.Height*0.7)/2-h))
		m.Resize(fyne.NewSize(step-gap, h))
		m.Show()
	}
}

func (r *dayStripRenderer) MinSize() fyne.Size { return fyne.NewSize(30, 10) }

func (r *dayStripRenderer) Objects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, len(r.s.marks))
	for i, m := range r.s.marks {
		objs[i] = m
	}
	return objs
}

func (r *dayStripRenderer) Refresh() {
	r.Layout(r.s.Size())
	for _, m := range r.s.marks {
		m.Refresh()
	}
}

func (r *dayStripRenderer) Destroy() {}
