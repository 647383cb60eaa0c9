package export

import (
	"bytes"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// ReportFile is the page WriteAll writes to hand the analysis on.
const ReportFile = "report.html"

// ReportCSP forbids the page every fetch: no script, font, image or style
// from anywhere, only its own inline styles and data: images. The page is
// read offline by people the report is handed to, and report content
// (domains, organization names, URLs) comes from strangers.
const ReportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

// reportTopRows bounds each table of the page; the CSV files hold the rest.
const reportTopRows = 10

// The charts are laid out at the size of a wide page, not of an export
// file, so their text reads at the page's own size.
const reportChartWidth, reportChartHeight = 1100, 620

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TLS-RPT report{{if .Period}}, {{.Period}}{{end}}</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff;margin:0 auto;max-width:1140px;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 10px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#59636e;margin:0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:10px}
.card{border:1px solid #d0d7de;border-radius:8px;padding:10px 14px}.card b{display:block;font-size:22px}.card span{color:#59636e;font-size:13px}
.finding{border:1px solid #d0d7de;border-left-width:6px;border-radius:6px;padding:10px 14px;margin:0 0 10px;break-inside:avoid}
.critical{border-left-color:#cf222e}.warning{border-left-color:#bf8700}.info{border-left-color:#0969da}
.sev{font-weight:700;text-transform:uppercase;font-size:12px;letter-spacing:.04em}
.critical .sev{color:#cf222e}.warning .sev{color:#9a6700}.info .sev{color:#0969da}
.finding p{margin:4px 0}.ev{color:#59636e;font-size:13px}.advice b{font-weight:600}
table{border-collapse:collapse;width:100%;margin:0 0 8px;font-size:14px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;overflow-wrap:anywhere}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.chart{break-inside:avoid;margin:0 0 12px}.chart svg{width:100%;height:auto;display:block;border:1px solid #eaeef2;border-radius:6px}
.tables{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:0 24px}.wide{grid-column:1/-1}
h3{font-size:15px;margin:14px 0 4px}
.domains th,.domains td{white-space:nowrap}.domains td.wrap{white-space:normal}td.health{font-weight:600}.health.critical{color:#cf222e}.health.warning{color:#9a6700}.health.failures{color:#0969da}.health.ok{color:#1a7f37}
td.strip{white-space:nowrap;line-height:0}.strip i{display:inline-block;width:4px;height:2px;margin-right:1px;vertical-align:bottom;background:#d0d7de}.strip i.f{height:14px;background:#cf222e}.strip i.o{height:8px;background:#1a7f37}
footer{color:#59636e;font-size:13px;margin-top:32px}
</style>
</head>
<body>
<h1>SMTP TLS report</h1>
<p class="meta">{{if .Period}}{{.Period}} (UTC) · {{end}}{{.Reports}} · made by TLS-RPT Analyzer on {{.Made}}</p>
{{if .Filter}}<p class="meta">Filter: {{.Filter}}</p>{{end}}

<h2>Domains</h2>
{{with .Domains}}<p class="meta">{{.Count}}, worst first; the strip shows {{.Span}}: a tall red bar is a day with failed sessions, a green one a day without, a grey line a day without reports</p>
<table class="domains">
<thead><tr><th>Health</th><th>Domain</th><th>MTA-STS</th><th>DANE</th><th class="n">Sessions</th><th class="n">Success</th><th class="n">Failed</th><th>Worst finding</th><th>Last report</th><th>{{.Span}}</th></tr></thead>
<tbody>{{range .Rows}}<tr><td class="health {{.Class}}">{{.Health}}</td><td class="wrap">{{.Domain}}</td><td>{{.Mode}}</td><td>{{.DANE}}</td><td class="n">{{.Sessions}}</td><td class="n">{{.Success}}</td><td class="n">{{.Failed}}</td><td class="wrap">{{.Worst}}</td><td>{{.Last}}</td><td class="strip">{{range .Strip}}<i class="{{.Class}}" title="{{.Title}}"></i>{{end}}</td></tr>
{{end}}</tbody>
</table>{{if .More}}<p class="meta">and {{.More}} more in {{$.DomainsFile}}</p>{{end}}
{{else}}<p>No domains: no report in this period.</p>
{{end}}
<h2>Findings</h2>
{{if .Findings}}<p class="meta">{{.FindingCounts}}, most urgent first</p>{{end}}
{{range .Findings}}<div class="finding {{.Severity}}">
<p><span class="sev">{{.Severity}}</span> · {{.Kind}} · {{.Policy}}{{if .Subject}} · {{.Subject}}{{end}}</p>
<p>{{.Title}}</p>
<p class="advice"><b>What to do:</b> {{.Advice}}</p>
<p class="ev">{{.Days}} · {{.Failed}} · {{.ReportsText}} · {{.Reporters}}</p>
</div>
{{else}}<p>No findings: nothing in these reports needs attention.</p>
{{end}}
<h2>Overview</h2>
<div class="cards">{{range .Cards}}<div class="card"><b>{{.Value}}</b><span>{{.Label}}</span></div>{{end}}</div>

<h2>Charts</h2>
{{range .Charts}}<div class="chart" role="img" aria-label="{{.Title}}">{{.SVG}}</div>
{{end}}
<h2>Top tables</h2>
<div class="tables">
{{range .Tables}}<div{{if .Wide}} class="wide"{{end}}><h3>{{.Title}}</h3><table>
<thead><tr>{{range $i, $h := .Header}}<th{{if $i}} class="n"{{end}}>{{$h}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range $i, $c := .}}<td{{if $i}} class="n"{{end}}>{{$c}}</td>{{end}}</tr>{{end}}</tbody>
</table>{{if .More}}<p class="meta">and {{.More}} more in the CSV files</p>{{end}}</div>
{{end}}</div>
<footer>{{.Inputs}}. Nothing in this page was fetched from anywhere; links inside the reports are shown as text.</footer>
</body>
</html>
`))

type reportPage struct {
	CSP, Period, Reports, Made, Filter, Inputs string
	FindingCounts, DomainsFile                 string
	Domains                                    *reportDomains
	Findings                                   []reportFinding
	Cards                                      []reportCard
	Charts                                     []reportChart
	Tables                                     []reportTable
}

type reportFinding struct {
	analysis.Finding
	Policy, Days, Failed, ReportsText, Reporters string
}

type reportCard struct{ Value, Label string }

// reportDomains is the Domains page as a table: the same rows, worst
// first, in the same words.
type reportDomains struct {
	Count, Span string
	Rows        []reportDomain
	More        int
}

type reportDomain struct {
	Class                                                              string // the health's colour
	Health, Domain, Mode, DANE, Sessions, Success, Failed, Worst, Last string
	Strip                                                              []reportDay
}

type reportDay struct{ Class, Title string }

type reportChart struct {
	Title string
	SVG   template.HTML
}

type reportTable struct {
	Title  string
	Wide   bool
	Header []string
	Rows   [][]string
	More   int
}

// ReportHTML writes r as one self-contained page: the findings, the
// overview numbers, every chart as inline SVG, the top rows of each table,
// the filter and the period. now is the time the page says it was made.
// Every report string goes through html/template's escaping; the charts'
// SVG is trusted because internal/charts escapes its text (draw.go).
func ReportHTML(w io.Writer, r *analysis.Result, now time.Time) error {
	p := reportPage{
		CSP:     ReportCSP,
		Reports: textfmt.Counted(r.Reports, "report", "reports"),
		Made:    textfmt.Day(now),
		Filter:  r.Filter.String(),
		Inputs:  textfmt.Counted(r.Files, "file", "files") + " read, " + textfmt.Counted(r.Duplicates, "duplicate", "duplicates") + " counted once",
	}
	if s := textfmt.InputProblems(len(r.Errors), len(r.Warnings)); s != "" {
		p.Inputs += ", " + s
	}
	if r.Reports > 0 {
		p.Period = textfmt.Span(r.First, r.Last)
	}
	for _, f := range r.Findings {
		days := f.FirstSeen
		if f.LastSeen != f.FirstSeen {
			days += " to " + f.LastSeen
		}
		f.Subject, f.Title, f.Advice = textfmt.Line(f.Subject), textfmt.Line(f.Title), textfmt.Line(f.Advice)
		p.Findings = append(p.Findings, reportFinding{
			Finding:     f,
			Policy:      analysis.PolicyRef{Type: f.PolicyType, Domain: f.PolicyDomain}.String(),
			Days:        days,
			Failed:      textfmt.Counted(f.FailedSessions, "failed session", "failed sessions"),
			ReportsText: textfmt.Counted(f.Reports, "report", "reports"),
			Reporters:   textfmt.Line(strings.Join(f.Reporters, ", ")),
		})
	}
	p.FindingCounts = analysis.SeverityCounts(r.Findings)
	p.Domains, p.DomainsFile = reportDomainRows(r), DomainsFile
	p.Cards = []reportCard{
		{textfmt.Count(r.Reports), "reports"},
		{textfmt.Count(r.TotalSessions()), "sessions"},
		{textfmt.Rate(r.SuccessfulSessions, r.FailedSessions), "success rate"},
		{textfmt.Count(r.FailedSessions), "failed sessions"},
		{textfmt.Count(len(r.Organizations)), "reporting organizations"},
		{textfmt.Count(len(r.Policies)), "policies"},
	}
	for _, id := range charts.All() {
		var buf bytes.Buffer
		if err := charts.Encode(&buf, id, r, charts.ExportOptions(reportChartWidth, reportChartHeight), charts.SVG); err != nil {
			return err
		}
		p.Charts = append(p.Charts, reportChart{id.Title(), template.HTML(buf.String())})
	}
	p.Tables = reportTables(r)
	return reportTemplate.Execute(w, p)
}

func reportTables(r *analysis.Result) []reportTable {
	policies := reportTable{Title: "Policies", Wide: true, Header: []string{"Policy", "Mode", "Successful", "Failed", "Success"}}
	for _, pt := range r.Policies {
		policies.Rows = append(policies.Rows, []string{textfmt.Line(pt.Label()), textfmt.Mode(pt.Type, pt.Mode), textfmt.Count(pt.Successful), textfmt.Count(pt.Failed), textfmt.Rate(pt.Successful, pt.Failed)})
	}
	orgs := reportTable{Title: "Reporting organizations", Wide: true, Header: []string{"Reporting organization", "Reports", "Successful", "Failed"}}
	for _, o := range r.Organizations {
		orgs.Rows = append(orgs.Rows, []string{textfmt.Line(textfmt.Field(o.Name)), textfmt.Count(o.Reports), textfmt.Count(o.Successful), textfmt.Count(o.Failed)})
	}
	tables := []reportTable{policies, orgs,
		countTable("Result type", r.ResultTypes, textfmt.ResultType),
		countTable("Receiving MX host", r.ReceivingMXHosts, textfmt.Field),
		countTable("Sending MTA IP", r.SendingMTAIPs, textfmt.Field),
		countTable("Receiving IP", r.ReceivingIPs, textfmt.Field),
	}
	for i := range tables {
		if n := len(tables[i].Rows); n > reportTopRows {
			tables[i].More = n - reportTopRows
			tables[i].Rows = tables[i].Rows[:reportTopRows]
		}
	}
	return tables
}

func reportDomainRows(r *analysis.Result) *reportDomains {
	rows := r.DomainRows()
	if len(rows) == 0 {
		return nil
	}
	d := &reportDomains{Count: textfmt.Counted(len(rows), "domain", "domains"), Span: textfmt.StripSpan(r)}
	if len(rows) > reportTopRows {
		d.More, rows = len(rows)-reportTopRows, rows[:reportTopRows]
	}
	for i := range rows {
		row := &rows[i]
		out := reportDomain{
			Class: healthClass(row.Health), Health: textfmt.Health(row.Health), Domain: textfmt.Line(textfmt.Domain(row.Domain)),
			Mode: textfmt.DomainMode(row), DANE: textfmt.YesNo(row.DANE), Sessions: textfmt.Count(row.Sessions()),
			Success: textfmt.Rate(row.Successful, row.Failed), Failed: textfmt.Count(row.Failed),
			Worst: textfmt.Line(textfmt.WorstFinding(row)), Last: textfmt.Day(row.LastDay),
		}
		for _, day := range row.Strip {
			c := ""
			switch {
			case day.Failed > 0:
				c = "f"
			case day.Successful > 0:
				c = "o"
			}
			out.Strip = append(out.Strip, reportDay{c, textfmt.Day(day.Day) + ": " + textfmt.Counted(day.Failed, "failed session", "failed sessions") +
				" of " + textfmt.Count(analysis.AddCounts(day.Successful, day.Failed))})
		}
		d.Rows = append(d.Rows, out)
	}
	return d
}

// healthClass is the colour of a health's word, which says it in words too.
func healthClass(h analysis.Health) string {
	switch h {
	case analysis.HealthCritical:
		return "critical"
	case analysis.HealthWarning, analysis.HealthAttention:
		return "warning"
	case analysis.HealthFailures:
		return "failures"
	}
	return "ok"
}

func countTable(name string, counts []analysis.Count, label func(string) string) reportTable {
	t := reportTable{Title: name, Header: []string{name, "Failed sessions"}}
	for _, c := range counts {
		t.Rows = append(t.Rows, []string{textfmt.Line(label(c.Name)), textfmt.Count(c.Failed)})
	}
	return t
}
