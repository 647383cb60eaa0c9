package ui

import (
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// The Findings tab's Severity and Kind narrow its list only: with
// Severity=warning (or a kind that example.com has none of) the Domains
// page still calls example.com, with its two criticals of 2026-09-10
// (expired certificate, no STARTTLS on mx.example.com), Failing, its worst
// finding still the critical, the banner and the badge still count both,
// and the filter bar says what the choice narrows.
func TestTriageDoesNotHideCriticalsFromHealth(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json"), sample(t, "parsedmarc_rfc8460.json"))
	look(m, findingsView)
	for _, choose := range []func(){
		func() { m.findings.severity.SetSelected("warning") },
		func() {
			m.findings.severity.SetSelected(allChoice)
			m.findings.kind.SetSelected(string(analysis.KindPolicyFetchFailing))
		},
	} {
		act(m, choose)
		for _, f := range m.findings.findings {
			if f.Severity == analysis.SeverityCritical {
				t.Errorf("filter %v lists %s %s", m.result.Filter, f.Severity, f.Kind)
			}
		}
		var row *analysis.DomainRow
		for i := range m.domains.table.rows {
			if m.domains.table.rows[i].Domain == "example.com" {
				row = &m.domains.table.rows[i]
			}
		}
		if row == nil || row.Health != analysis.HealthCritical || row.Worst == nil || row.Worst.Severity != analysis.SeverityCritical {
			t.Fatalf("filter %v: example.com row %+v", m.result.Filter, row)
		}
		if got := m.findings.item.Text; got != "Findings (2 critical)" {
			t.Errorf("filter %v: tab %q", m.result.Filter, got)
		}
		if !bannerSays(m, "2 critical") {
			t.Errorf("filter %v: no banner counts the criticals", m.result.Filter)
		}
		if got := m.filters.note.Text; !strings.Contains(got, findingFilterNote) || !m.filters.note.Visible() {
			t.Errorf("filter %v: note %q", m.result.Filter, got)
		}
	}
}
