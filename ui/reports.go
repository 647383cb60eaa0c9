package ui

import (
	"cmp"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// reportsTab lists every report that was counted and every input that was
// not, with the reason, so nothing disappears silently.
type reportsTab struct {
	content         fyne.CanvasObject
	reportsHeading  *widget.Label
	reports         *dataTable[*analysis.ReportInfo]
	problemsHeading *widget.Label
	problems        *dataTable[problem]
	detail          *widget.Label
	short           func(string) string // source path as the tables show it
}

// problem is an input that could not be read (an error) or was read with
// reservations (a warning).
type problem struct {
	kind, source, message string
}

// newReportsTab makes the tab; selected hears of each report the user
// selects (the library removes the selected one).
func newReportsTab(selected func(*analysis.ReportInfo)) *reportsTab {
	t := &reportsTab{
		reportsHeading:  heading(""),
		problemsHeading: heading(""),
		detail:          wrapped(),
		short:           func(s string) string { return s },
	}
	t.noDetail()
	t.detail.Selectable = true
	type ri = *analysis.ReportInfo
	byText := func(text func(r ri) string) func(a, b *ri) int {
		return func(a, b *ri) int { return strings.Compare(text(*a), text(*b)) }
	}
	t.reports = newDataTable([]column[ri]{
		{title: "Organization", width: 170, text: func(r *ri) string { return textfmt.Field((*r).OrganizationName) },
			order: byText(func(r ri) string { return r.OrganizationName })},
		{title: "Dates", width: 190, newest: true, text: func(r *ri) string { return textfmt.Span((*r).Start, (*r).End) },
			order: func(a, b *ri) int { return cmp.Or((*a).Start.Compare((*b).Start), (*a).End.Compare((*b).End)) }},
		{title: "Report ID", width: 220, grow: true, text: func(r *ri) string { return (*r).ReportID },
			order: byText(func(r ri) string { return r.ReportID })},
		{title: "Source file", width: 220, grow: true, text: func(r *ri) string { return t.short((*r).Source) },
			order: byText(func(r ri) string { return r.Source })},
		{title: "Policies", width: 200, grow: true, text: func(r *ri) string { return policyList((*r).Policies) },
			order: byText(func(r ri) string { return policyList(r.Policies) })},
		{title: "Successful", width: 100, numeric: true, text: func(r *ri) string { return textfmt.Count((*r).Successful) },
			order: func(a, b *ri) int { return cmp.Compare((*a).Successful, (*b).Successful) }},
		{title: "Failed", width: 95, numeric: true, text: func(r *ri) string { return textfmt.Count((*r).Failed) },
			order: func(a, b *ri) int { return cmp.Compare((*a).Failed, (*b).Failed) }},
	}, nil)
	t.reports.sortable()
	t.reports.onSelect = func(r **analysis.ReportInfo) {
		setText(t.detail, reportDetail(*r))
		selected(*r)
	}
	t.reports.onUnselect = func() {
		t.noDetail()
		selected(nil)
	}
	t.reports.key = func(r **analysis.ReportInfo) string {
		return (*r).OrganizationName + "\x00" + (*r).ReportID + "\x00" + (*r).Source
	}
	t.problems = newDataTable([]column[problem]{
		{title: "Kind", width: 90, text: func(p *problem) string { return p.kind }},
		{title: "Source file", width: 300, grow: true, text: func(p *problem) string { return t.short(p.source) }},
		{title: "Reason", width: 500, grow: true, text: func(p *problem) string { return p.message }},
	}, nil)
	t.problems.onSelect = func(p *problem) { setText(t.detail, safeLines([]string{p.kind + " in " + p.source + ":", p.message})) }

	split := container.NewVSplit(
		container.NewBorder(t.reportsHeading, nil, nil, nil, t.reports),
		container.NewBorder(t.problemsHeading, nil, nil, nil, t.problems))
	split.SetOffset(0.6)
	t.content = container.NewBorder(nil, t.detail, nil, nil, split)
	return t
}

func (t *reportsTab) update(res *analysis.Result) {
	var sources []string
	problems := make([]problem, 0, len(res.Errors)+len(res.Warnings))
	for _, r := range res.ReportList {
		sources = append(sources, r.Source)
	}
	for _, e := range res.Errors {
		problems = append(problems, problem{"Error", e.Source, e.Error})
		sources = append(sources, e.Source)
	}
	for _, w := range res.Warnings {
		problems = append(problems, problem{"Warning", w.Source, w.Warning})
		sources = append(sources, w.Source)
	}
	t.short = displaySources(sources)

	title := textfmt.Counted(len(res.ReportList), "report", "reports")
	if res.Duplicates > 0 {
		title += " (" + textfmt.Counted(res.Duplicates, "duplicate was", "duplicates were") + " counted once)"
	}
	setText(t.reportsHeading, title)
	switch {
	case len(problems) == 0:
		setText(t.problemsHeading, "Every input was read without problems")
	default:
		setText(t.problemsHeading, textfmt.InputProblems(len(res.Errors), len(res.Warnings)))
	}
	t.reports.setRows(res.ReportList)
	t.problems.setRows(problems)
	if t.reports.selected < 0 {
		t.noDetail()
	}
}

func (t *reportsTab) noDetail() {
	setText(t.detail, "Select a row to see the full source path and message.")
}

// reportDetail is everything known about one report, the source path in
// full and each policy with its sessions.
func reportDetail(r *analysis.ReportInfo) string {
	lines := []string{
		fmt.Sprintf("%s, report %s, %s", textfmt.Field(r.OrganizationName), textfmt.Field(r.ReportID), textfmt.Span(r.Start, r.End)),
		// Often a mailto: or https: URL; a Label keeps it inert text.
		"Contact: " + textfmt.Field(r.ContactInfo),
		"Source: " + r.Source,
	}
	for _, p := range r.Policies {
		lines = append(lines, fmt.Sprintf("Policy %s: %s successful, %s failed", p, textfmt.Count(p.Successful), textfmt.Count(p.Failed)))
	}
	return safeLines(lines)
}

func policyList(ps []analysis.PolicyRef) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = textfmt.Policy(p.Type, p.Domain)
	}
	return strings.Join(names, ", ")
}

// displaySources shortens source paths to what follows the folder they all
// share, and long ones from the start, so the table shows file names rather
// than the same long prefix; selecting a row shows the full path.
func displaySources(sources []string) func(string) string {
	if len(sources) == 0 {
		return func(s string) string { return s }
	}
	prefix := sources[0]
	for _, s := range sources[1:] {
		for !strings.HasPrefix(s, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	if i := strings.LastIndexAny(prefix, `/\`); i >= 0 {
		prefix = prefix[:i+1]
	} else {
		prefix = ""
	}
	return func(s string) string { return keepEnd(strings.TrimPrefix(s, prefix), maxSourceRunes) }
}

// maxSourceRunes is about what the source column shows at 1280 px.
const maxSourceRunes = 48

// keepEnd shortens s from the start: of a path, the file name at its end is
// what tells rows apart.
func keepEnd(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}
