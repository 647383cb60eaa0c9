package ui

import (
	"time"

	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// enforceAlarm is the failure share above which an enforced MTA-STS policy
// gets a banner: past it, a noticeable part of the mail is being refused.
const enforceAlarm = 0.05

// enforceAlarmMin keeps a single failure among a handful of sessions from
// raising the alarm: that is noise, not a pattern.
const enforceAlarmMin = 10

type overviewTab struct {
	content fyne.CanvasObject
	banners *fyne.Container
	muted   func(*analysis.Finding) bool // the findings the user muted; nil: none

	reports, sessions, rate, failed, orgs, span *statCard

	chart    *chartView
	policies *dataTable[analysis.PolicyTotal]
	all      []analysis.PolicyTotal // the result's policies, shared: never reordered
	detail   *widget.Label          // everything the reports said about the selected policy
}

func newOverviewTab(newChart chartFactory, drill func(analysis.Filter, view)) *overviewTab {
	t := &overviewTab{
		banners:  container.NewVBox(),
		reports:  newStatCard("Reports"),
		sessions: newStatCard("Sessions"),
		rate:     newStatCard("Success rate"),
		failed:   newStatCard("Failed sessions"),
		orgs:     newStatCard("Reporting organizations"),
		span:     newStatCard("Date span"),
		chart:    newChart(charts.SessionsPerPolicy),
		detail:   wrapped(),
		policies: newDataTable([]column[analysis.PolicyTotal]{
			{title: "Type", width: 60, text: func(p *analysis.PolicyTotal) string { return string(p.Type) }},
			{title: "Domain", width: 200, grow: true, text: func(p *analysis.PolicyTotal) string { return textfmt.Domain(p.Domain) }},
			{title: "STS mode", width: 200, grow: true, text: textfmt.ModeHistory},
			{title: "MX patterns", width: 150, grow: true, text: func(p *analysis.PolicyTotal) string { return strings.Join(p.MXPatterns, ", ") }},
			{title: "Max age", width: 80, numeric: true, text: func(p *analysis.PolicyTotal) string { return textfmt.MaxAge(p.MaxAge) }},
			{title: "Reports", width: 80, numeric: true, text: func(p *analysis.PolicyTotal) string { return textfmt.Count(p.Reports) }},
			{title: "Successful", width: 100, numeric: true, text: func(p *analysis.PolicyTotal) string { return textfmt.Count(p.Successful) }},
			{title: "Failed", width: 80, numeric: true, text: func(p *analysis.PolicyTotal) string { return textfmt.Count(p.Failed) }},
			{title: "Success rate", width: 110, numeric: true, text: func(p *analysis.PolicyTotal) string { return textfmt.Rate(p.Successful, p.Failed) }},
			{title: "Same sessions", width: 120, grow: true, text: textfmt.Shared},
		}, nil),
	}
	// A policy leads to its failures.
	t.policies.onActivate = func(p *analysis.PolicyTotal) {
		if p.Domain != "" {
			drill(analysis.Filter{Domains: []string{p.Domain}}, failuresView)
		}
	}
	// The table lists the policies in the chart's order, so the ones the
	// chart pages past are found in the same place.
	t.chart.onOrder = func(analysis.Order) { t.orderRows() }
	stats := container.NewGridWithColumns(6, t.reports.content, t.sessions.content, t.rate.content,
		t.failed.content, t.orgs.content, t.span.content)
	t.detail.Selectable = true
	t.policies.onSelect = func(p *analysis.PolicyTotal) { setText(t.detail, policyDetail(p)) }
	t.policies.onUnselect = t.noDetail
	t.policies.key = func(p *analysis.PolicyTotal) string { return textfmt.Policy(p.Type, p.Domain) }
	t.noDetail()
	split := container.NewVSplit(chartPanel(t.chart), container.NewBorder(nil, t.detail, nil, nil, t.policies))
	split.SetOffset(0.5)
	t.content = container.NewBorder(container.NewVBox(t.banners, stats), nil, nil, nil, split)
	return t
}

func (t *overviewTab) update(res *analysis.Result) {
	t.chart.setResult(res)
	note := "from " + textfmt.Counted(res.Files, "file", "files")
	if res.Duplicates > 0 {
		note = textfmt.Counted(res.Files, "file", "files") + ", " + textfmt.Counted(res.Duplicates, "duplicate", "duplicates")
	}
	if res.Filter.NarrowsReports() {
		note = "of " + textfmt.Count(res.LoadedReports) + " loaded"
	}
	t.reports.set(textfmt.Count(res.Reports), note)
	// Session totals come from the reports' summaries: a result-type, host
	// or IP filter cannot split them, and the cards say so rather than look
	// narrowed.
	unsplit := res.Filter.NarrowsFailures()
	total := res.TotalSessions()
	sessionsNote, rateNote := textfmt.Count(res.SuccessfulSessions)+" successful", "of all TLS sessions"
	if unsplit {
		sessionsNote, rateNote = "all, not split by result, host or IP", "all, not split by result, host or IP"
	}
	t.sessions.set(textfmt.Count(total), sessionsNote)
	if total == 0 {
		t.rate.value.Importance = widget.MediumImportance
		t.rate.set(textfmt.NoRate, "no sessions yet")
	} else {
		t.rate.value.Importance = rateImportance(res.SuccessRate(), res.FailedSessions)
		t.rate.set(textfmt.Rate(res.SuccessfulSessions, res.FailedSessions), rateNote)
	}
	failedNote := textfmt.Counted(res.FailureDetails, "failure detail", "failure details")
	if unsplit {
		failedNote = "all results; " + textfmt.Counted(res.FailureDetails, "detail matches", "details match")
	}
	t.failed.set(textfmt.Count(res.FailedSessions), failedNote)
	t.orgs.set(textfmt.Count(len(res.Organizations)), textfmt.Counted(len(res.Policies), "policy", "policies"))
	first, last := res.Span()
	if res.Reports == 0 {
		t.span.set("–", "no reports yet")
	} else {
		t.span.set(textfmt.SpanLength(first, last), textfmt.Span(first, last))
	}
	t.all = res.Policies
	t.orderRows()
	t.showBanners(res)
}

func (t *overviewTab) noDetail() {
	setText(t.detail, "Select a policy to see what its reports said about it.")
}

func (t *overviewTab) orderRows() {
	rows := slices.Clone(t.all)
	analysis.OrderPolicies(rows, t.chart.order)
	t.policies.setRows(rows)
}

// policyDetail is what the reports said about a policy: the MTA-STS
// policy senders fetched, the mx-host field and the TLSA records.
func policyDetail(p *analysis.PolicyTotal) string {
	lines := []string{textfmt.Policy(p.Type, p.Domain)}
	if p.Type == report.PolicySTS {
		lines = append(lines, fmt.Sprintf("MTA-STS policy: version %s, mode %s, max_age %s",
			textfmt.Field(p.Version), textfmt.Mode(p.Type, p.Mode), textfmt.MaxAge(p.MaxAge)))
	}
	if len(p.MXPatterns) > 0 {
		lines = append(lines, "mx patterns: "+strings.Join(p.MXPatterns, ", "))
	}
	if len(p.MXHosts) > 0 {
		lines = append(lines, "mx-host reported: "+strings.Join(p.MXHosts, ", "))
	}
	if len(p.TLSARecords) > 0 {
		lines = append(lines, "TLSA records: "+strings.Join(p.TLSARecords, "; "))
	}
	return safeLines(lines)
}

// showBanners says in plain words what needs attention, in one line that
// unfolds: two or three lines took the room of the chart and the policies
// at 1280x800, and of two domains on the front page.
func (t *overviewTab) showBanners(res *analysis.Result) {
	t.banners.Objects = joinBanners(headlineBanners(res, time.Now().UTC(), t.muted))
	t.banners.Refresh()
}

// joinBanners makes one banner of several, its sentences one after the
// other, in the colour and icon of the most severe.
func joinBanners(objs []fyne.CanvasObject) []fyne.CanvasObject {
	if len(objs) < 2 {
		return objs
	}
	first := objs[0].(*banner)
	texts := make([]string, len(objs))
	for i, o := range objs {
		b := o.(*banner)
		texts[i] = b.text
		if b.color == theme.ColorNameError && first.color != theme.ColorNameError {
			first = b
		}
	}
	return []fyne.CanvasObject{newBanner(first.color, first.icon, strings.Join(texts, "\n"))}
}

// headlineBanners say in plain words which findings are urgent and which
// MTA-STS policies have failures that matter. Unreadable inputs are
// counted in the status bar, which every tab shows, so they take no room
// here. First comes the silence of the reports as of the day the findings
// are judged (today tells whether that day is the clock's): findings say
// nothing of what was not reported. The findings muted (nil: none) are
// counted apart and never make a banner.
func headlineBanners(res *analysis.Result, today time.Time, muted func(*analysis.Finding) bool) []fyne.CanvasObject {
	var testing, enforced []string
	for _, p := range res.Policies {
		if p.Type != report.PolicySTS || p.Failed == 0 {
			continue
		}
		switch {
		case p.Mode == report.ModeTesting:
			testing = append(testing, fmt.Sprintf("%s (%s failed)", textfmt.Domain(p.Domain), textfmt.Counted(p.Failed, "session", "sessions")))
		case p.Mode == report.ModeEnforce && p.SuccessRate() < 1-enforceAlarm && p.Failed >= enforceAlarmMin:
			enforced = append(enforced, fmt.Sprintf("%s (%s successful)", textfmt.Domain(p.Domain), textfmt.Rate(p.Successful, p.Failed)))
		}
	}
	var objs []fyne.CanvasObject
	if day := res.NoReportSince(); day != "" {
		objs = append(objs, newBanner(theme.ColorNameWarning, theme.WarningIcon(), analysis.StaleQuestion(day)+
			" Findings are as of "+res.AsOfDay(today)+"."))
	}
	if shown, n := withoutMuted(res.AllFindings, muted); urgent(shown) {
		icon, color := theme.WarningIcon(), fyne.ThemeColorName(theme.ColorNameWarning)
		if shown[0].Severity == analysis.SeverityCritical {
			icon, color = theme.ErrorIcon(), theme.ColorNameError
		}
		objs = append(objs, newBanner(color, icon, analysis.CountsMutedApart(shown, n)+": the "+findingsTitle+
			" tab says what is wrong, where, since when and what to do. First: "+line(shown[0].Title)))
	}
	if len(testing) > 0 {
		objs = append(objs, newBanner(theme.ColorNameWarning, theme.WarningIcon(), "MTA-STS testing mode with failures: "+
			listSome(testing)+". That mail was still delivered, but unprotected; fix these before switching to enforce, or it will be refused."))
	}
	if len(enforced) > 0 {
		objs = append(objs, newBanner(theme.ColorNameError, theme.ErrorIcon(), "MTA-STS enforced with many failures: "+
			listSome(enforced)+". Senders that honour the policy do not deliver over connections that fail it, so mail may have been delayed or bounced; the Failures tab shows why."))
	}
	return objs
}

// listSome names the first few items and counts the rest.
func listSome(items []string) string {
	const shown = 3
	if len(items) <= shown {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:shown], ", ") + fmt.Sprintf(" and %d more", len(items)-shown)
}

// rateImportance colours the success rate: any failure is worth a look.
func rateImportance(rate float64, failed int64) widget.Importance {
	switch {
	case failed == 0:
		return widget.SuccessImportance
	case rate >= 1-enforceAlarm:
		return widget.WarningImportance
	}
	return widget.DangerImportance
}

// statCard is one headline number with a caption above and a note below.
type statCard struct {
	content     fyne.CanvasObject
	value, note *widget.Label
}

func newStatCard(caption string) *statCard {
	c := &statCard{value: widget.NewLabel("–"), note: widget.NewLabel("")}
	c.value.SizeName = theme.SizeNameSubHeadingText
	c.value.TextStyle.Bold = true
	c.note.SizeName = theme.SizeNameCaptionText
	c.note.Truncation = fyne.TextTruncateEllipsis
	title := widget.NewLabel(caption)
	title.SizeName = theme.SizeNameCaptionText
	title.Truncation = fyne.TextTruncateEllipsis
	// The number beside its caption and note, which overlap their labels'
	// inner padding: one row about as tall as a banner, where three lines
	// took a 1280x800 window's room from the chart and the policies.
	words := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()), title, c.note)
	row := container.NewBorder(nil, nil, container.NewCenter(c.value), nil, words)
	c.content = newPanel(theme.ColorNameHeaderBackground, 0xff, "", row)
	return c
}

func (c *statCard) set(value, note string) {
	setText(c.value, value)
	setText(c.note, note)
}

func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}
