package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// The Findings tab's selects narrow the findings through the window's
// filter: a chip says so, the totals stay, and All lists everything again.
func TestFindingsTriageBySeverityAndKind(t *testing.T) {
	m := newTestWindow(t)
	// Two critical problems (expired certificate, no STARTTLS on
	// mx.example.com, 2026-09-10) and the RFC example's four findings.
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json"), sample(t, "parsedmarc_rfc8460.json"))
	look(m, findingsView)
	all, reports := len(m.findings.findings), m.result.Reports
	act(m, func() { m.findings.severity.SetSelected("critical") })
	if got := m.result.Filter.Severities; len(got) != 1 || got[0] != "critical" {
		t.Fatalf("filter %v", m.result.Filter)
	}
	if len(m.findings.findings) != 2 || m.result.Reports != reports {
		t.Errorf("%d findings of %d reports under critical, want 2 of %d", len(m.findings.findings), m.result.Reports, reports)
	}
	for _, f := range m.findings.findings {
		if f.Severity != analysis.SeverityCritical {
			t.Errorf("%s listed under critical", f.Severity)
		}
	}
	if got := m.status.scope.Text; got != "Filtered: findings only" {
		t.Errorf("scope %q", got)
	}
	if got := chips(m); len(got) != 1 || got[0] != "severity critical" {
		t.Errorf("chips %q, want the severity", got)
	}
	act(m, func() { m.findings.kind.SetSelected("starttls-missing") })
	if len(m.findings.findings) != 1 || m.findings.findings[0].Kind != analysis.KindStartTLSMissing {
		t.Errorf("critical starttls-missing: %d findings", len(m.findings.findings))
	}
	act(m, func() {
		m.findings.severity.SetSelected(allChoice)
		m.findings.kind.SetSelected(allChoice)
	})
	if !m.result.Filter.IsZero() || len(m.findings.findings) != all {
		t.Errorf("after All: filter %v, %d findings, want %d", m.result.Filter, len(m.findings.findings), all)
	}
}

// Mute keeps a finding in the library as muted and shows it so; Unmute
// ends that.
func TestMuteFindingFromTheWindow(t *testing.T) {
	dir := t.TempDir()
	m := windowOnLibrary(t, dir)
	drop(m, recentSample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	look(m, findingsView)
	act(m, func() { m.findings.pick(0) })
	f := m.findings.findings[0]
	if !m.findings.muteFor.Visible() || m.findings.unmuteBtn.Visible() {
		t.Fatal("Mute is not offered for the selected finding")
	}
	act(m, func() { m.findings.muteFor.SetSelected("For 7 days") })
	kept, err := m.library.lib.Mutes()
	if err != nil {
		t.Fatal(err)
	}
	want := time.Now().UTC().AddDate(0, 0, 7).Format(analysis.DayFormat)
	if until, ok := kept[f.Key()]; !ok || until != want || len(kept) != 1 {
		t.Errorf("library mutes %q, want the finding until %s", kept, want)
	}
	// The sample's other critical finding still counts; the muted one not.
	if m.findings.item.Text != "Findings (1 critical)" {
		t.Errorf("tab %q", m.findings.item.Text)
	}
	// The counts say the muted one apart, and the banners' first finding
	// is the other (its start: a banner shortens it in the middle).
	other := m.findings.findings[1]
	if got, want := m.findings.summary.Text, "2 findings as of today, "+time.Now().UTC().Format(analysis.DayFormat)+"; newest report "+
		time.Now().UTC().AddDate(0, 0, -1).Format(analysis.DayFormat)+": 1 critical, 1 muted, most urgent first"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	for _, banners := range []*fyne.Container{m.domains.banners, m.overview.banners} {
		if got := allText(banners); !strings.Contains(got, "1 critical, 1 muted: the Findings tab says") || !strings.Contains(got, "First: "+other.Title[:30]) {
			t.Errorf("banners %q, want 1 critical and 1 muted, first %q", got, other.Title)
		}
	}
	if got := m.findings.heading.Text; got != "MUTED · "+findingLine(&f) || !m.findings.unmuteBtn.Visible() {
		t.Errorf("heading %q, Unmute shown %v", got, m.findings.unmuteBtn.Visible())
	}
	// The next launch selects the most urgent finding not muted.
	next := windowOnLibrary(t, dir)
	look(next, findingsView)
	if i := next.findings.selected; i < 0 || next.findings.findings[i].Key() != other.Key() {
		t.Errorf("after a restart finding %d is selected, want the one not muted (%s)", i, other.Title)
	}
	act(m, func() { m.findings.unmuteBtn.OnTapped() })
	if kept, _ = m.library.lib.Mutes(); len(kept) != 0 || m.findings.heading.Text != findingLine(&f) {
		t.Errorf("after Unmute: library %q, heading %q", kept, m.findings.heading.Text)
	}
}
