package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// The tabs keep one order, so Alt+N always means the same tab; urgency
// shows as the Findings tab's badge.
func TestFindingsBadgeWhenUrgent(t *testing.T) {
	m := newTestWindow(t)
	// The RFC 8460 example: testing mode, 303 of 5,629 sessions failed on
	// three hosts: four warnings, none critical, so the Domains open.
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	tabs := []string{"Domains", "Overview", "Findings (4 warnings)", "Failures", "Timeline", "Sources", "Reports"}
	if got := tabTitles(m); strings.Join(got, "|") != strings.Join(tabs, "|") || m.tabs.Selected() != m.items[domainsView] {
		t.Fatalf("tabs %q, selected %q; want %q and the Domains", got, m.tabs.Selected().Text, tabs)
	}
	if got := m.findings.summary.Text; got != "4 findings as of 2016-04-01: 4 warnings, most urgent first" {
		t.Errorf("summary %q", got)
	}
	// By severity, then failed sessions: 303 would have failed under
	// enforce, 200 on mx2 (no STARTTLS), 100 on mx1 (expired), 3 on mx-backup.
	var got []string
	for _, f := range m.findings.findings {
		got = append(got, string(f.Kind)+" "+f.Subject)
	}
	want := "enforce-readiness |starttls-missing mx2.mail.company-y.example|certificate-problem mx1.mail.company-y.example|validation-failure mx-backup.mail.company-y.example"
	if strings.Join(got, "|") != want {
		t.Errorf("order %q", got)
	}
	// The first is selected and shown whole, with its evidence, once the
	// tab is shown.
	look(m, findingsView)
	if !strings.HasPrefix(m.findings.heading.Text, "WARNING · enforce-readiness · sts company-y.example") ||
		!strings.Contains(m.findings.evidence.Text, "303 failed sessions in 1 report") || !strings.Contains(m.findings.evidence.Text, "Reported by Company-X") ||
		!strings.Contains(m.findings.advice.Text, "mode: testing") {
		t.Errorf("detail: %q / %q / %q", m.findings.heading.Text, m.findings.evidence.Text, m.findings.advice.Text)
	}
	// The overview banner points to the tab.
	if !bannerSays(m, "4 warnings: the Findings tab") {
		t.Error("no overview banner pointing to the Findings tab")
	}
}

func TestFindingsTabNotFirstWithoutProblems(t *testing.T) {
	m := newTestWindow(t)
	// A no-policy-found report without failures: nothing to find.
	drop(m, sample(t, "mail-tls-rpt_google.com_fastmaildmarc.com_report.json"))
	if m.tabs.Items[2].Text != "Findings" || m.tabs.Items[2] != m.findings.item || m.tabs.Selected() != m.items[domainsView] {
		t.Errorf("tabs %q, selected %q", tabTitles(m), m.tabs.Selected().Text)
	}
	if !strings.HasPrefix(m.findings.summary.Text, "No findings") || !m.findings.showRows.Disabled() {
		t.Errorf("summary %q", m.findings.summary.Text)
	}
	if bannerSays(m, "Findings tab") {
		t.Error("banner without an urgent finding")
	}
	// The RFC example's problems of 2016, its policy's readiness among
	// them, are over as of the newer report loaded (2020): no badge.
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	if m.findings.item.Text != "Findings" {
		t.Errorf("tabs %q", tabTitles(m))
	}
	// Problems arrive with the next drop: the tab stays in its place, with a
	// badge.
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	if m.tabs.Items[2] != m.findings.item || m.findings.item.Text != "Findings (2 critical)" || len(m.tabs.Items) != 7 {
		t.Errorf("tabs %q", tabTitles(m))
	}
}

func TestFindingOpensItsFailureRows(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	look(m, findingsView)
	act(m, func() { m.findings.pick(1) }) // starttls-missing on mx2
	if !strings.Contains(m.findings.title.Text, "mx2.mail.company-y.example did not offer STARTTLS") {
		t.Fatalf("title %q", m.findings.title.Text)
	}
	act(m, func() { test.Tap(m.findings.showRows) })
	if m.tabs.Selected() != m.items[failuresView] {
		t.Errorf("selected %q, want Failures", m.tabs.Selected().Text)
	}
	// The window narrows to the finding's rows: one of the three failure
	// details is about mx2; Back returns to the finding read, and to all
	// three rows.
	if got := m.result.Filter.MXHosts; len(got) != 1 || got[0] != "mx2.mail.company-y.example" || len(m.failures.table.rows) != 1 {
		t.Errorf("filter %v, %d rows", m.result.Filter, len(m.failures.table.rows))
	}
	act(m, m.back)
	if m.tabs.Selected() != m.findings.item || !strings.Contains(m.findings.title.Text, "mx2.mail.company-y.example did not offer STARTTLS") {
		t.Errorf("after Back: tab %q, finding %q; want the Findings tab on the finding read", m.tabs.Selected().Text, m.findings.title.Text)
	}
	look(m, failuresView)
	if len(m.failures.table.rows) != 3 || !m.result.Filter.IsZero() {
		t.Errorf("after Back %d rows, filter %v", len(m.failures.table.rows), m.result.Filter)
	}
}

func TestFindingsTabHook(t *testing.T) {
	test.NewTempApp(t)
	var got []analysis.Filter
	tab := newFindingsTab(func(f analysis.Filter) { got = append(got, f) }, func(_, _ []string) {})
	findings := []analysis.Finding{
		{Kind: analysis.KindCertificateProblem, Severity: analysis.SeverityCritical, PolicyType: report.PolicySTS, PolicyDomain: "example.com",
			Subject: "mx1.example.com", Rows: analysis.Filter{Domains: []string{"example.com"}, MXHosts: []string{"mx1.example.com"}}},
		{Kind: analysis.KindPolicyChanged, Severity: analysis.SeverityInfo, PolicyType: report.PolicySTS, PolicyDomain: "example.org",
			Rows: analysis.Filter{Domains: []string{"example.org"}}},
	}
	tab.update(&analysis.Result{Findings: findings})
	tab.pick(1)
	test.Tap(tab.showRows)
	if len(got) != 1 || len(got[0].Domains) != 1 || got[0].Domains[0] != "example.org" || got[0].MXHosts != nil {
		t.Errorf("hook got %+v", got)
	}
}

func tabTitles(m *mainWindow) []string {
	var out []string
	for _, it := range m.tabs.Items {
		out = append(out, it.Text)
	}
	return out
}

// bannerSays tells whether the Overview's banner says text when unfolded:
// folded, it shows its start.
func bannerSays(m *mainWindow, text string) bool {
	for _, b := range m.overview.banners.Objects {
		if strings.Contains(b.(*banner).text, text) {
			return true
		}
	}
	return false
}

func TestFindingsTabKeepsTheSelectionAcrossUpdates(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	look(m, findingsView)
	act(m, func() { m.findings.pick(2) }) // certificate-problem on mx1
	// Another report arrives: the same finding stays shown, wherever it now is.
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	f := m.findings.findings[m.findings.selected]
	if f.Kind != analysis.KindCertificateProblem || f.Subject != "mx1.mail.company-y.example" || !strings.Contains(m.findings.title.Text, "mx1.mail.company-y.example") {
		t.Errorf("selected %d: %s %s", m.findings.selected, f.Kind, f.Subject)
	}
}

// A new filter changes which findings are urgent, but the tabs stay where
// they are and so does the user's choice.
func TestFilterNeverMovesTheTabs(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	act(m, func() { m.tabs.Select(m.items[overviewView]) })
	// The no-policy-found domain example.org has no urgent finding.
	act(m, func() { m.filtering.set(analysis.Filter{Domains: []string{"example.org"}}) })
	if len(m.result.Filter.Domains) != 1 || urgent(m.result.Findings) {
		t.Fatalf("filter %v, findings %v: the test needs a slice without urgent findings", m.result.Filter, m.result.Findings)
	}
	if m.tabs.Selected() != m.items[overviewView] || m.tabs.Items[2] != m.findings.item || m.findings.item.Text != findingsTitle {
		t.Errorf("after filtering: tabs %q, selected %q; want them as they were", tabTitles(m), m.tabs.Selected().Text)
	}
}

func TestFindingsTabFollowsTheMostUrgentUntilTheUserPicks(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	was := m.findings.findings[0]
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	if first := m.findings.findings[0]; first.Kind == was.Kind && first.Subject == was.Subject {
		t.Fatalf("the test needs new reports with a more urgent finding than %s %s", was.Kind, was.Subject)
	}
	if m.findings.selected != 0 {
		t.Errorf("selected finding %d after new reports, want the most urgent (0): the user had picked none", m.findings.selected)
	}
}
