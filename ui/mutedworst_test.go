package ui

import (
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// A Domains row's worst finding is never one the user muted: example.com
// has two criticals (expired certificate, no STARTTLS on mx.example.com);
// muting the first makes the other its worst, "(1 muted)" beside it;
// muting both leaves its 10 failed sessions: Some failures, no worst.
func TestDomainsWorstFindingIsNotMuted(t *testing.T) {
	m := windowOnLibrary(t, t.TempDir())
	drop(m, recentSample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	look(m, findingsView)
	row := func() *analysis.DomainRow {
		t.Helper()
		for i := range m.domains.table.rows {
			if r := &m.domains.table.rows[i]; r.Domain == "example.com" {
				return r
			}
		}
		t.Fatal("no example.com row")
		return nil
	}
	first, second := m.findings.findings[0], m.findings.findings[1]
	if r := row(); r.Worst == nil || r.Worst.Key() != first.Key() || r.Health != analysis.HealthCritical {
		t.Fatalf("before muting: %+v", r)
	}
	act(m, func() {
		m.findings.pick(0)
		m.findings.muteFor.SetSelected("Until it changes")
	})
	r := row()
	if r.Worst == nil || r.Worst.Key() != second.Key() || r.Muted != 1 || r.Health != analysis.HealthCritical {
		t.Errorf("one muted: worst %+v, %d muted, health %v; want %s", r.Worst, r.Muted, r.Health, second.Key())
	}
	if got := textfmt.WorstFinding(r); !strings.HasSuffix(got, " (1 muted)") || !strings.HasPrefix(got, string(second.Kind)) {
		t.Errorf("worst finding cell %q", got)
	}
	act(m, func() {
		m.findings.pick(1)
		m.findings.muteFor.SetSelected("Until it changes")
	})
	if r := row(); r.Worst != nil || r.Muted != 2 || r.Health != analysis.HealthFailures || textfmt.WorstFinding(r) != "– (2 muted)" {
		t.Errorf("both muted: worst %+v, %d muted, health %v, cell %q", r.Worst, r.Muted, r.Health, textfmt.WorstFinding(r))
	}
}
