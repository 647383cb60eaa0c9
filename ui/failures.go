package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

type failuresTab struct {
	content fyne.CanvasObject
	chart   *chartView
	types   *dataTable[analysis.Count]

	// explanation says what the selected result type means and what to
	// fix; detail adds what the reporter said about the selected row.
	explanation *widget.RichText
	detail      *widget.Label
	// site is where the filter narrows the failures to, which a result
	// type's advice names (one host, one domain).
	site analysis.Site

	filter *barEntry
	shown  *widget.Label
	// table keeps the sort order (its sortCol and desc); sortedBy maps its
	// columns to the analysis sort keys.
	table    *dataTable[analysis.FailureRow]
	sortedBy []analysis.FailureColumn
	rows     []analysis.FailureRow // the result's rows, shared: never reordered
	all      []analysis.FailureRow // every row in the table's sort order
}

func newFailuresTab(newChart chartFactory, drill func(analysis.Filter, view)) *failuresTab {
	t := &failuresTab{
		chart:       newChart(charts.FailuresByResultType),
		types:       newCountTable("Result type", 200, textfmt.ResultType),
		explanation: widget.NewRichText(),
		detail:      wrapped(),
		filter:      &barEntry{},
		shown:       widget.NewLabel(""),
	}
	t.explanation.Wrapping = fyne.TextWrapWord
	// Reports put URLs here; a Label keeps them inert text the user can copy.
	t.detail.Selectable = true

	cols := []column[analysis.FailureRow]{
		{title: "Result type", width: 175, grow: true, text: func(r *analysis.FailureRow) string { return textfmt.ResultType(r.ResultType) }},
		{title: "Receiving MX", width: 175, grow: true, middle: true, text: func(r *analysis.FailureRow) string { return textfmt.Field(r.ReceivingMXHostname) }},
		{title: "Receiving IP", width: 115, middle: true, text: func(r *analysis.FailureRow) string { return textfmt.Field(r.ReceivingIP) }},
		{title: "Sending MTA IP", width: 165, middle: true, text: func(r *analysis.FailureRow) string { return textfmt.Field(r.SendingMTAIP) }},
		{title: "Failed", width: 90, numeric: true, text: func(r *analysis.FailureRow) string { return textfmt.Count(r.FailedSessions) }},
		{title: "Reason code", width: 110, grow: true, text: func(r *analysis.FailureRow) string { return r.FailureReasonCode }},
		{title: "Reporter", width: 130, grow: true, text: func(r *analysis.FailureRow) string { return r.Report.OrganizationName }},
		{title: "Date", width: 95, text: func(r *analysis.FailureRow) string { return textfmt.Day(r.Report.Start) }},
		{title: "Policy", width: 150, grow: true, text: func(r *analysis.FailureRow) string {
			return textfmt.Policy(r.PolicyType, r.PolicyDomain)
		}},
	}
	t.sortedBy = []analysis.FailureColumn{analysis.ByResultType, analysis.ByReceivingMX, analysis.ByReceivingIP,
		analysis.BySendingIP, analysis.ByFailedSessions, analysis.ByReasonCode, analysis.ByOrganization,
		analysis.ByDate, analysis.ByPolicy}
	t.table = newDataTable(cols, t.sortBy)
	// Biggest problems first, as the analysis orders them.
	t.table.setSort(slices.Index(t.sortedBy, analysis.ByFailedSessions), true)
	t.table.onSelect = t.explainRow
	// A row leads to the failures like it, as a row of any table leads to
	// its slice: its policy, result type, hosts and addresses.
	t.table.onActivate = func(r *analysis.FailureRow) { drill(rowFilter(r), failuresView) }
	t.types.onSelect = func(c *analysis.Count) { t.explain(c.Name, t.siteFor(c.Name)) }
	// A result type leads to its rows.
	t.types.onActivate = func(c *analysis.Count) {
		if c.Name != "" {
			drill(analysis.Filter{ResultTypes: []string{c.Name}}, failuresView)
		}
	}

	t.filter.ExtendBaseWidget(t.filter)
	t.filter.SetPlaceHolder("Filter by result type, host, IP, reason, reporter or policy…")
	t.filter.OnChanged = func(string) { t.refilter() }

	side := container.NewVSplit(t.types, container.NewVScroll(container.NewVBox(t.explanation, t.detail)))
	side.SetOffset(0.42)
	top := container.NewHSplit(chartPanel(t.chart), side)
	top.SetOffset(0.58)
	bottom := container.NewBorder(
		container.NewBorder(nil, nil, heading("Failure details"), t.shown, t.filter),
		nil, nil, nil, t.table)
	split := container.NewVSplit(top, bottom)
	split.SetOffset(0.55)
	t.content = split
	return t
}

func (t *failuresTab) update(res *analysis.Result) {
	t.chart.setResult(res)
	t.types.setRows(res.ResultTypes)
	t.rows = res.Failures
	t.sortRows()
	t.site = siteOf(res.Filter)
	if len(res.ResultTypes) > 0 {
		t.explain(res.ResultTypes[0].Name, t.siteFor(res.ResultTypes[0].Name))
	} else {
		t.setExplanation("No failures", "The loaded reports list no failed TLS sessions.",
			"Nothing. Keep an eye on new reports, especially after certificate or MX changes.")
	}
}

// sortBy sorts on a column; tapping the sorted column again reverses it.
// Numbers and dates start with the largest, text with A.
func (t *failuresTab) sortBy(col int) {
	desc := !t.table.desc
	if col != t.table.sortCol {
		by := t.sortedBy[col]
		desc = by == analysis.ByFailedSessions || by == analysis.ByDate
	}
	t.table.setSort(col, desc)
	t.sortRows()
}

// sortRows puts the rows in the order the table's header shows. The
// analysis gives them most failed sessions first, the table's first order,
// which then costs the UI goroutine no sorting; any other order sorts a
// copy, as the result is shared.
func (t *failuresTab) sortRows() {
	by, desc := t.sortedBy[t.table.sortCol], t.table.desc
	t.all = t.rows
	if by != analysis.ByFailedSessions || !desc {
		t.all = slices.Clone(t.rows)
		analysis.SortFailures(t.all, by, desc)
	}
	t.refilter()
}

func (t *failuresTab) refilter() {
	rows := analysis.FilterFailures(t.all, t.filter.Text)
	t.table.setRows(rows)
	if len(rows) == len(t.all) {
		setText(t.shown, textfmt.Counted(len(rows), "row", "rows"))
	} else {
		setText(t.shown, fmt.Sprintf("%s of %s rows", textfmt.Count(len(rows)), textfmt.Count(len(t.all))))
	}
}

// rowFilter is the filter of the failures like r: what r names of the
// fields a filter has. A field the reporter left out narrows nothing.
func rowFilter(r *analysis.FailureRow) analysis.Filter {
	one := func(v string) []string {
		if v == "" {
			return nil
		}
		return []string{v}
	}
	return analysis.Filter{Domains: one(r.PolicyDomain), ResultTypes: one(r.ResultType), MXHosts: one(r.ReceivingMXHostname),
		SendingIPs: one(r.SendingMTAIP), ReceivingIPs: one(r.ReceivingIP)}
}

// siteOf is the one host, IP and domain f narrows to, each empty unless f
// names exactly one.
func siteOf(f analysis.Filter) analysis.Site {
	one := func(xs []string) string {
		if len(xs) == 1 {
			return xs[0]
		}
		return ""
	}
	return analysis.Site{Host: one(f.MXHosts), IP: one(f.ReceivingIPs), Domain: one(f.Domains)}
}

// siteFor is where the failures of resultType were seen: what the filter
// narrows to (site) and, where it leaves a field open, the one value all
// of the type's rows give it, as a row's own advice names its host.
func (t *failuresTab) siteFor(resultType string) analysis.Site {
	only := func(field func(*analysis.FailureRow) string) string {
		v, seen := "", false
		for i := range t.rows {
			r := &t.rows[i]
			switch {
			case r.ResultType != resultType:
			case !seen:
				v, seen = field(r), true
			case field(r) != v:
				return ""
			}
		}
		return v
	}
	s := t.site
	s.Host = cmp.Or(s.Host, only(func(r *analysis.FailureRow) string { return r.ReceivingMXHostname }))
	s.IP = cmp.Or(s.IP, only(func(r *analysis.FailureRow) string { return r.ReceivingIP }))
	s.Domain = cmp.Or(s.Domain, only(func(r *analysis.FailureRow) string { return r.PolicyDomain }))
	s.Policy = report.PolicyType(only(func(r *analysis.FailureRow) string { return string(r.PolicyType) }))
	return s
}

// explain says in plain words what a result type means and what to fix
// at site, the advice the findings give.
func (t *failuresTab) explain(resultType string, site analysis.Site) {
	info := analysis.DescribeResultType(resultType)
	title := info.Title
	switch {
	case resultType == "":
		title = "Result type not reported"
	case report.IsStandardResultType(resultType):
		title += " (" + resultType + ")"
	}
	t.setExplanation(title, info.Meaning, info.Fix(site))
}

func (t *failuresTab) setExplanation(title, meaning, fix string) {
	t.explanation.Segments = []widget.RichTextSegment{
		&widget.TextSegment{Style: widget.RichTextStyleSubHeading, Text: shown(title, false)},
		&widget.TextSegment{Style: widget.RichTextStyleStrong, Text: "What it means: "},
		&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: shown(meaning, true)},
		&widget.TextSegment{Style: widget.RichTextStyleStrong, Text: "What to fix: "},
		&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: shown(fix, true)},
	}
	t.explanation.Refresh()
	setText(t.detail, "")
}

// explainRow explains the row's result type and adds what the reporter said
// about this row.
func (t *failuresTab) explainRow(r *analysis.FailureRow) {
	// The row says where: its advice names the host, as a finding's does.
	t.explain(r.ResultType, analysis.Site{Host: r.ReceivingMXHostname, IP: r.ReceivingIP, Domain: r.PolicyDomain, Policy: r.PolicyType})
	// The table cuts long values; the selected row is shown whole here.
	lines := []string{
		fmt.Sprintf("%s failed sessions to %s (%s) from %s, policy %s, reported by %s for %s.",
			textfmt.Count(r.FailedSessions), textfmt.Field(r.ReceivingMXHostname), textfmt.Field(r.ReceivingIP), textfmt.Field(r.SendingMTAIP),
			textfmt.Policy(r.PolicyType, r.PolicyDomain), textfmt.Field(r.Report.OrganizationName),
			textfmt.Span(r.Report.Start, r.Report.End)),
	}
	if r.FailureReasonCode != "" {
		lines = append(lines, "Reason code from "+r.Report.OrganizationName+": "+r.FailureReasonCode)
	}
	if r.ReceivingMXHelo != "" {
		lines = append(lines, "Receiving MX greeted as: "+r.ReceivingMXHelo)
	}
	if r.AdditionalInformation != "" {
		lines = append(lines, "Additional information (a link from the reporter, shown as text and not opened): "+r.AdditionalInformation)
	}
	setText(t.detail, safeLines(lines))
}

// safeLines shows report text as lines, each made safe with textfmt.Line.
func safeLines(lines []string) string {
	for i, l := range lines {
		lines[i] = line(l)
	}
	return strings.Join(lines, "\n")
}

func wrapped() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	return l
}
