package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// sourcesTab shows who reported and where failures happened, one sub-tab
// each: a chart with the table of its numbers beside it.
type sourcesTab struct {
	content    fyne.CanvasObject
	tabs       *container.AppTabs
	orgs       *dataTable[analysis.OrgTotal]
	orgChart   *chartView
	hostChart  *chartView
	ipChart    *chartView
	allOrgs    []analysis.OrgTotal // the result's, shared: never reordered
	mxHosts    *dataTable[analysis.Count]
	sendingIPs *dataTable[analysis.Count]
}

func newSourcesTab(newChart chartFactory, drill func(analysis.Filter, view)) *sourcesTab {
	t := &sourcesTab{
		orgs: newDataTable([]column[analysis.OrgTotal]{
			{title: "Organization", width: 180, grow: true, text: func(o *analysis.OrgTotal) string { return textfmt.Field(o.Name) }},
			{title: "Reports", width: 80, numeric: true, text: func(o *analysis.OrgTotal) string { return textfmt.Count(o.Reports) }},
			{title: "Successful", width: 100, numeric: true, text: func(o *analysis.OrgTotal) string { return textfmt.Count(o.Successful) }},
			{title: "Failed", width: 80, numeric: true, text: func(o *analysis.OrgTotal) string { return textfmt.Count(o.Failed) }},
		}, nil),
		mxHosts:    newCountTable("Receiving MX host", 220, textfmt.Field),
		sendingIPs: newCountTable("Sending MTA IP", 220, textfmt.Field),
	}
	// A reporter leads to its overview, a host or an address to its
	// failures.
	t.orgs.onActivate = func(o *analysis.OrgTotal) {
		if o.Name != "" {
			drill(analysis.Filter{Organizations: []string{o.Name}}, overviewView)
		}
	}
	t.mxHosts.onActivate = func(c *analysis.Count) {
		if c.Name != "" {
			drill(analysis.Filter{MXHosts: []string{c.Name}}, failuresView)
		}
	}
	t.sendingIPs.onActivate = func(c *analysis.Count) {
		if c.Name != "" {
			drill(analysis.Filter{SendingIPs: []string{c.Name}}, failuresView)
		}
	}
	chartAndTable := func(c *chartView, table fyne.CanvasObject) fyne.CanvasObject {
		s := container.NewHSplit(chartPanel(c), table)
		s.SetOffset(0.6)
		return s
	}
	t.orgChart = newChart(charts.SessionsByOrganization)
	t.orgChart.onOrder = func(analysis.Order) { t.orderOrgs() }
	t.hostChart, t.ipChart = newChart(charts.FailuresByMXHost), newChart(charts.FailuresBySendingIP)
	t.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Reporting organizations", theme.AccountIcon(), chartAndTable(t.orgChart, t.orgs)),
		container.NewTabItemWithIcon("Receiving MX hosts", theme.MailSendIcon(), chartAndTable(t.hostChart, t.mxHosts)),
		container.NewTabItemWithIcon("Sending MTA IPs", theme.ComputerIcon(), chartAndTable(t.ipChart, t.sendingIPs)),
	)
	t.content = t.tabs
	return t
}

func (t *sourcesTab) update(res *analysis.Result) {
	for _, c := range []*chartView{t.orgChart, t.hostChart, t.ipChart} {
		c.setResult(res)
	}
	t.allOrgs = res.Organizations
	t.orderOrgs()
	t.mxHosts.setRows(res.ReceivingMXHosts)
	t.sendingIPs.setRows(res.SendingMTAIPs)
}

// orderOrgs lists the reporters in the chart's order.
func (t *sourcesTab) orderOrgs() {
	rows := slices.Clone(t.allOrgs)
	analysis.OrderOrganizations(rows, t.orgChart.order)
	t.orgs.setRows(rows)
}
