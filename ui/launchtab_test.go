package ui

import (
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// A launch opens on the Findings tab for a critical finding, not for one
// the user muted: the sample's two criticals (expired certificate, no
// STARTTLS on mx.example.com), both muted, leave nothing urgent, and the
// launch opens on the Domains like any other.
func TestLaunchTabLeavesMutedCriticalsOut(t *testing.T) {
	dir := t.TempDir()
	m := windowOnLibrary(t, dir)
	drop(m, recentSample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	if m.tabs.Selected() != m.items[findingsView] {
		t.Fatalf("a first load with criticals opens on %q, want Findings", m.tabs.Selected().Text)
	}
	criticals := 0
	for i := 0; i < len(m.findings.findings) && m.findings.findings[i].Severity == analysis.SeverityCritical; i++ {
		act(m, func() {
			m.findings.pick(i)
			m.findings.muteFor.SetSelected("Until it changes")
		})
		criticals++
	}
	if criticals != 2 {
		t.Fatalf("%d critical findings muted, want the sample's 2", criticals)
	}

	launch := func() *mainWindow {
		m := windowOnLibrary(t, dir)
		if m.result == nil || m.result.LoadedReports != 1 {
			t.Fatalf("the launch did not load the library's report: %+v", m.result)
		}
		return m
	}
	if got := launch().tabs.Selected(); got.Text != domainsTitle {
		t.Errorf("a launch with both criticals muted opens on %q, want %s", got.Text, domainsTitle)
	}
}
