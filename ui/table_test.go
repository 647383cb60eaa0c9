package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// shownTexts is the text of every label shown below o, widgets' renderers
// included: the cells a table has drawn and its header, a dialog's words.
func shownTexts(o fyne.CanvasObject) []string {
	if !o.Visible() {
		return nil
	}
	switch v := o.(type) {
	case *widget.Label:
		return []string{v.Text}
	case *cutLabel:
		return []string{v.Text}
	case *fyne.Container:
		var out []string
		for _, c := range v.Objects {
			out = append(out, shownTexts(c)...)
		}
		return out
	case *container.Scroll:
		return shownTexts(v.Content)
	case fyne.Widget:
		var out []string
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, shownTexts(c)...)
		}
		return out
	}
	return nil
}

// fortyPolicies loads one report of forty policies, more than the
// Overview's table shows at once: dNN.example has NN failed sessions of
// 10,000-99*NN, so the table, most failed first, starts at d39, and
// ordered by sessions it starts at d00.
func fortyPolicies(t *testing.T) *mainWindow {
	t.Helper()
	var pols []testgen.Obj
	for i := range 40 {
		pols = append(pols, testgen.Policy("sts", fmt.Sprintf("d%02d.example", i), int64(10000-100*i), int64(i)))
	}
	m := newTestWindow(t)
	drop(m, writeReports(t, testgen.Report("Org", "1", "", "2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z", pols...)))
	look(m, overviewView)
	return m
}

// A table scrolled down and then given fewer rows shows them: Fyne keeps
// the scroll offset, which left the table blank while the cards said
// "1 policy".
func TestScrolledTableShowsTheRowsOfANewFilter(t *testing.T) {
	m := fortyPolicies(t)
	p := m.overview.policies
	act(m, func() { p.ScrollToBottom() })
	if drawn := shownTexts(p); slices.Contains(drawn, "d39.example") || !slices.Contains(drawn, "d00.example") {
		t.Fatalf("the test needs the table scrolled to its end; it draws %q", drawn)
	}
	act(m, func() { m.filtering.set(analysis.Filter{Domains: []string{"d02.example"}}) })
	if drawn := shownTexts(p); !slices.Contains(drawn, "d02.example") {
		t.Errorf("filtered to d02.example, the table draws %q", drawn)
	}
	act(m, func() { p.ScrollToBottom() })
	act(m, m.clearFilters)
	if drawn := shownTexts(p); !slices.Contains(drawn, "d39.example") {
		t.Errorf("after Clear filters the table draws %q, want the first rows", drawn)
	}
}

// The detail line names the policy the table marks, and its row is in
// view: reordered rows keep the selection where the row went, a filter
// without it drops both.
func TestPolicyDetailNamesAPolicyInView(t *testing.T) {
	m := fortyPolicies(t)
	p, detail := m.overview.policies, m.overview.detail
	act(m, func() { p.Select(widget.TableCellID{Row: 9, Col: 1}) })
	if !strings.Contains(detail.Text, "d30.example") || !slices.Contains(shownTexts(p), "d30.example") {
		t.Fatalf("detail after selecting d30: %q; drawn %q", detail.Text, shownTexts(p))
	}
	act(m, func() { m.overview.chart.orderPick.SetSelected(analysis.BySessions.String()) })
	// By sessions d00 comes first, so d30 is row 30.
	if p.selected != 30 || !strings.Contains(detail.Text, "d30.example") || !slices.Contains(shownTexts(p), "d30.example") {
		t.Errorf("reordered: row %d selected, detail %q, drawn %q; want d30 selected in row 30 and in view", p.selected, detail.Text, shownTexts(p))
	}
	act(m, func() { m.filtering.set(analysis.Filter{Domains: []string{"d02.example"}}) })
	if p.selected != -1 || strings.Contains(detail.Text, "d30.example") {
		t.Errorf("filtered to d02: row %d selected, detail %q", p.selected, detail.Text)
	}
}

// The Reports table sorts by any header: numbers and dates largest first,
// text from A, the same header again reversed, and the order holds for the
// rows of a new filter.
func TestReportsSortByHeader(t *testing.T) {
	m := loadTwo(t)
	drop(m, sample(t, "dmarc-report-viewer_google.json"), sample(t, "mta-sts-exporter_microsoft.json"))
	look(m, reportsView)
	r := m.reports.reports
	column := func(col int) string {
		var out []string
		for row := range r.rows {
			out = append(out, r.cellText(row, col))
		}
		return strings.Join(out, " | ")
	}
	if len(r.rows) != 4 {
		t.Fatalf("%d reports listed, want 4", len(r.rows))
	}
	// Failed sessions: 303 (Company-X), 10 (Example Reporter), then the
	// two others with fewer, as the samples say.
	act(m, func() { r.onSort(6) })
	failed := column(6)
	if !strings.HasPrefix(failed, "303 | 10 | ") {
		t.Errorf("by failed sessions: %s", failed)
	}
	act(m, func() { r.onSort(6) })
	if !strings.HasSuffix(column(6), " | 10 | 303") {
		t.Errorf("by failed sessions, reversed: %s", column(6))
	}
	act(m, func() { r.onSort(0) })
	orgs := strings.Split(column(0), " | ")
	if !slices.IsSorted(orgs) {
		t.Errorf("by organization: %q", orgs)
	}
	act(m, func() { r.onSort(1) }) // dates: newest first
	if got := r.rows[0].Start.Format("2006"); got != "2026" {
		t.Errorf("by dates the first report starts in %s, want the 2026 one", got)
	}
	act(m, func() { m.filtering.set(analysis.Filter{Organizations: []string{"Company-X", "Example Reporter"}}) })
	if got := column(1); got != "2026-09-10 | 2016-04-01" {
		t.Errorf("filtered, by dates: %s", got)
	}
}

// A double-click on a failure row narrows to the failures like it, as on
// every other table.
func TestFailureRowNarrowsToItsKind(t *testing.T) {
	m := loadTwo(t)
	look(m, failuresView)
	tab := m.failures.table
	row := slices.IndexFunc(tab.rows, func(r analysis.FailureRow) bool { return r.FailedSessions == 7 })
	if row < 0 {
		t.Fatal("no row of 7 failed sessions")
	}
	act(m, func() { tab.DoubleTapped(&fyne.PointEvent{Position: rowPosition(tab, row)}) })
	// example.com's certificate-expired row, mx.example.com: 7 sessions.
	if got := chips(m); !slices.Contains(got, "domain example.com") || !slices.Contains(got, "result certificate-expired") ||
		!slices.Contains(got, "MX host mx.example.com") || len(tab.rows) != 1 || tab.rows[0].FailedSessions != 7 {
		t.Errorf("after the double-click: chips %q, %d rows", got, len(tab.rows))
	}
	if m.tabs.Selected() != m.items[failuresView] {
		t.Errorf("tab %q, want Failures", m.tabs.Selected().Text)
	}
}

// The host and address tables count the failure details; where those add
// up to other than the summaries' failed sessions, the tab says why beside
// them.
func TestSourcesSayWhyTheirTotalsDiffer(t *testing.T) {
	m := newTestWindow(t)
	// The summary says 10 failed sessions, its details 12 (7 + 5).
	drop(m, writeReports(t, testgen.Report("Org", "1", "", "2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z",
		testgen.Policy("sts", "d.example", 90, 10,
			testgen.Detail("certificate-expired", 7, testgen.Obj{"receiving-mx-hostname": "mx1.d.example"}),
			testgen.Detail("starttls-not-supported", 5, testgen.Obj{"receiving-mx-hostname": "mx2.d.example"})))))
	look(m, sourcesView)
	want := "These count the reports' failure details: 12 failed sessions in all. The Overview's 10 failed sessions come from the reports' summaries " +
		"(total-failure-session-count), which reporters do not always make agree with their details."
	for _, l := range []*widget.Label{m.sources.hostsNote, m.sources.ipsNote} {
		if strings.ReplaceAll(l.Text, "\n", " ") != want || !l.Visible() { // shown text is broken into paragraphs
			t.Errorf("beside the table: %q (shown %v)", l.Text, l.Visible())
		}
	}
	if got := m.overview.failed.value.Text; got != "10" {
		t.Errorf("the Overview's failed sessions %q, want 10", got)
	}
	// Where they agree, nothing is said.
	act(m, m.clearAll)
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	look(m, sourcesView)
	if m.sources.hostsNote.Visible() {
		t.Errorf("totals agree (10 and 7+3), yet: %q", m.sources.hostsNote.Text)
	}
}

// A policy selected under a filter stays selected, and in view, after
// Clear filters: the trial found the detail naming a policy the table had
// scrolled away from.
func TestSelectedPolicyInViewAfterClearFilters(t *testing.T) {
	m := fortyPolicies(t)
	p, detail := m.overview.policies, m.overview.detail
	act(m, func() { m.filtering.set(analysis.Filter{Domains: []string{"d30.example", "d31.example"}}) })
	row := -1
	for i := range p.rows {
		if p.rows[i].Domain == "d30.example" {
			row = i
		}
	}
	act(m, func() { p.Select(widget.TableCellID{Row: row, Col: 1}) })
	act(m, m.clearFilters)
	if !strings.Contains(detail.Text, "d30.example") || p.selected < 0 || p.rows[p.selected].Domain != "d30.example" {
		t.Fatalf("after Clear filters: row %d selected, detail %q", p.selected, detail.Text)
	}
	if !slices.Contains(shownTexts(p), "d30.example") {
		t.Errorf("after Clear filters d30 (row %d) is selected and named below, but not drawn: %q", p.selected, shownTexts(p))
	}
}
