package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// todaysReport writes the real sample with two failures on mx.example.com
// (certificate-expired, starttls-not-supported) into dir as if it had
// arrived today: a problem reported weeks ago is over, not news.
func todaysReport(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "real", "sebastka-tlsrpt_synthetic-failures.json"))
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().UTC().Format(analysis.DayFormat)
	b = []byte(strings.ReplaceAll(string(b), "2026-09-10", day))
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func countNotifications(m *mainWindow) *[]*fyne.Notification {
	var sent []*fyne.Notification
	m.notes = newNotifier(m.app, notifyHooks{send: func(n *fyne.Notification) { sent = append(sent, n) }})
	return &sent
}

func TestWatchedReportsNotifyNewProblemsOnce(t *testing.T) {
	m := windowOnLibrary(t, t.TempDir())
	sent := countNotifications(m)
	in := t.TempDir()

	// What the user opens is on screen already: no notification.
	drop(m, driverDrop(todaysReport(t, in, "opened.json")))
	if len(*sent) != 0 {
		t.Fatalf("a report the user opened raised %d notifications", len(*sent))
	}
	act(m, m.clearAll)

	// The same problems arriving from a watched folder are known already.
	m.library.watchedFilesReady([]string{filepath.Join(in, "opened.json")}, false)
	m.bridge.wait()
	if len(*sent) != 0 {
		t.Fatalf("known problems raised %d notifications", len(*sent))
	}

	m2 := windowOnLibrary(t, t.TempDir())
	sent = countNotifications(m2)
	m2.library.watchedFilesReady([]string{todaysReport(t, in, "watched.json")}, false)
	m2.bridge.wait()
	// The sample's two critical problems arrive together: one notification
	// naming both.
	if len(*sent) != 1 {
		t.Fatalf("%d notifications, want 1", len(*sent))
	}
	n := (*sent)[0]
	if n.Title != "2 new problems: Certificate expired on mx.example.com (sts example.com)" ||
		n.Content != "Certificate expired on mx.example.com (sts example.com)\nmx.example.com did not offer STARTTLS (sts example.com)" {
		t.Errorf("notification %q / %q", n.Title, n.Content)
	}
	// The same report again (a copy under another name) is no news.
	m2.library.watchedFilesReady([]string{todaysReport(t, in, "again.json")}, false)
	m2.bridge.wait()
	if len(*sent) != 1 {
		t.Errorf("%d notifications after the same problems came again", len(*sent))
	}

	// Coming to the window shows the finding told of, selected.
	look(m2, domainsView)
	act(m2, m2.showNotified)
	if m2.tabs.Selected() != m2.items[findingsView] {
		t.Fatal("the Findings tab is not shown")
	}
	if i := m2.findings.selected; i < 0 || m2.findings.findings[i].Kind != analysis.KindCertificateProblem || m2.findings.findings[i].Subject != "mx.example.com" {
		t.Errorf("selected finding %d", i)
	}
}

func TestNotificationsCanBeTurnedOff(t *testing.T) {
	m := windowOnLibrary(t, t.TempDir())
	sent := countNotifications(m)
	item := m.notes.menuItem(func() {})
	if !item.Checked {
		t.Fatal("notifications are off by default")
	}
	act(m, item.Action)
	if item.Checked || m.app.Preferences().Bool(prefNotify) {
		t.Fatal("the setting did not turn them off")
	}
	m.library.watchedFilesReady([]string{todaysReport(t, t.TempDir(), "r.json")}, false)
	m.bridge.wait()
	if len(*sent) != 0 {
		t.Errorf("%d notifications while turned off", len(*sent))
	}
}

// A filter on screen hides nothing from the notifications: news about
// another domain is told of all the same.
func TestNotificationsLookPastTheFilter(t *testing.T) {
	m := windowOnLibrary(t, t.TempDir())
	sent := countNotifications(m)
	act(m, func() { m.filtering.set(analysis.Filter{Domains: []string{"example.org"}}) })
	m.library.watchedFilesReady([]string{todaysReport(t, t.TempDir(), "r.json")}, false)
	m.bridge.wait()
	if len(*sent) != 1 || !strings.HasPrefix((*sent)[0].Title, "2 new problems: Certificate expired on mx.example.com (sts example.com)") {
		t.Errorf("notifications under a filter to example.org: %d", len(*sent))
	}
}
