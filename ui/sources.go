package ui

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
	// hostsNote and ipsNote say, above the tables, why their failed
	// sessions may not add up to the Overview's.
	hostsNote, ipsNote *widget.Label
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
		hostsNote:  wrapped(),
		ipsNote:    wrapped(),
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
		container.NewTabItemWithIcon("Receiving MX hosts", theme.MailSendIcon(), chartAndTable(t.hostChart, container.NewBorder(t.hostsNote, nil, nil, nil, t.mxHosts))),
		container.NewTabItemWithIcon("Sending MTA IPs", theme.ComputerIcon(), chartAndTable(t.ipChart, container.NewBorder(t.ipsNote, nil, nil, nil, t.sendingIPs))),
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
	note := detailsNote(res)
	for _, l := range []*widget.Label{t.hostsNote, t.ipsNote} {
		setText(l, note)
		setVisible(l, note != "")
	}
}

// detailsNote says why the failed sessions of the failure details, which
// the host and address tables count, differ from the Overview's, which
// come from the reports' summaries; "" when they agree. RFC 8460 section
// 4.4 has both, and nothing makes a reporter keep them equal.
func detailsNote(res *analysis.Result) string {
	var details int64
	for _, c := range res.ResultTypes {
		details = analysis.AddCounts(details, c.Failed)
	}
	if details == res.FailedSessions {
		return ""
	}
	return fmt.Sprintf("These count the reports' failure details: %s in all. The Overview's %s come from the reports' summaries "+
		"(total-failure-session-count), which reporters do not always make agree with their details.",
		textfmt.Counted(details, "failed session", "failed sessions"), textfmt.Counted(res.FailedSessions, "failed session", "failed sessions"))
}

// orderOrgs lists the reporters in the chart's order.
func (t *sourcesTab) orderOrgs() {
	rows := slices.Clone(t.allOrgs)
	analysis.OrderOrganizations(rows, t.orgChart.order)
	t.orgs.setRows(rows)
}
