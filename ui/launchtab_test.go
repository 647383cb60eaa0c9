package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// fakeTray is a desktop app's tray, which the test app has none of: it
// keeps the icon last set.
type fakeTray struct {
	fyne.App
	icon fyne.Resource
}

func (f *fakeTray) SetSystemTrayMenu(*fyne.Menu)      {}
func (f *fakeTray) SetSystemTrayIcon(r fyne.Resource) { f.icon = r }
func (f *fakeTray) SetSystemTrayWindow(fyne.Window)   {}

// A launch opens on the Findings tab for a critical finding, and the tray
// icon marks it, not for one the user muted: the sample's two criticals (expired certificate, no
// STARTTLS on mx.example.com), both muted, leave nothing urgent, and the
// launch opens on the Domains like any other.
func TestLaunchTabLeavesMutedCriticalsOut(t *testing.T) {
	dir := t.TempDir()
	m := windowOnLibrary(t, dir)
	drop(m, recentSample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	if m.tabs.Selected() != m.items[findingsView] {
		t.Fatalf("a first load with criticals opens on %q, want Findings", m.tabs.Selected().Text)
	}
	fake := &fakeTray{App: m.app, icon: trayIcon}
	act(m, func() {
		m.tray = &tray{app: fake}
		m.showCritical(m.result.AllFindings) // as the load did
	})
	if !m.tray.critical || fake.icon == trayIcon {
		t.Fatal("the tray icon is not the critical one with two criticals")
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
	// Nor does the tray call a muted finding critical.
	if m.tray.critical || fake.icon != trayIcon {
		t.Error("with both criticals muted the tray icon is still the critical one")
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
