package ui

import (
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
	mxHosts    *dataTable[analysis.Count]
	sendingIPs *dataTable[analysis.Count]
}

func newSourcesTab(newChart chartFactory) *sourcesTab {
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
	chartAndTable := func(id charts.ID, table fyne.CanvasObject) fyne.CanvasObject {
		s := container.NewHSplit(chartPanel(newChart(id)), table)
		s.SetOffset(0.6)
		return s
	}
	t.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Reporting organizations", theme.AccountIcon(), chartAndTable(charts.SessionsByOrganization, t.orgs)),
		container.NewTabItemWithIcon("Receiving MX hosts", theme.MailSendIcon(), chartAndTable(charts.FailuresByMXHost, t.mxHosts)),
		container.NewTabItemWithIcon("Sending MTA IPs", theme.ComputerIcon(), chartAndTable(charts.FailuresBySendingIP, t.sendingIPs)),
	)
	t.content = t.tabs
	return t
}

func (t *sourcesTab) update(res *analysis.Result) {
	t.orgs.setRows(res.Organizations)
	t.mxHosts.setRows(res.ReceivingMXHosts)
	t.sendingIPs.setRows(res.SendingMTAIPs)
}
