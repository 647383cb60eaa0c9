package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
)

// Reports another process imports (import from cron) while the window is
// open are read, shown in what's new and notified once per finding; what
// the window imports itself is not read twice.
func TestReportsImportedByAnotherProcess(t *testing.T) {
	dir, in := t.TempDir(), t.TempDir()
	m := windowOnLibrary(t, dir)
	// The test looks itself, when it wants: a tick of the poller between
	// its steps would race with what it checks.
	act(m, m.library.stopArrivals)
	sent := countNotifications(m)
	drop(m, recentSample(t, "parsedmarc_rfc8460.json")) // the window's own import
	cron, err := library.Open(dir)                      // a connection of its own, as another process has
	if err != nil {
		t.Fatal(err)
	}
	defer cron.Close()
	check := func() {
		t.Helper()
		m.library.checkArrivals(m.library.lib) // what the poller does every arrivalPoll
		m.bridge.wait()
	}
	check()
	if m.result.Reports != 1 || m.result.Duplicates != 0 || len(*sent) != 0 {
		t.Fatalf("after the window's own import: %d reports, %d duplicates, %d notifications", m.result.Reports, m.result.Duplicates, len(*sent))
	}

	if _, err := cron.Import(context.Background(), analysis.New(), []string{todaysReport(t, in, "cron.json")}, library.ImportOptions{Unattended: true}); err != nil {
		t.Fatal(err)
	}
	check()
	if m.result.Reports != 2 || m.result.Duplicates != 0 {
		t.Errorf("after cron's import: %d reports, %d duplicates; want 2, 0", m.result.Reports, m.result.Duplicates)
	}
	// The sample's two critical problems: one notification naming both.
	if len(*sent) != 1 || !strings.HasPrefix((*sent)[0].Title, "2 new problems: Certificate expired on mx.example.com") {
		t.Errorf("notifications %v", *sent)
	}
	if got := m.library.news.text; !m.library.news.Visible() || got != "New since you last looked: 1 report arrived; failing for the first time: example.com." {
		t.Errorf("what's new: %q (shown %v)", got, m.library.news.Visible())
	}
	if got := m.status.text.Text; got != "Another program added 1 report to the library (1 file read); 2 reports in all" {
		t.Errorf("status %q", got)
	}
	// Nothing new: nothing read, nothing told again.
	check()
	if m.result.Reports != 2 || len(*sent) != 1 {
		t.Errorf("a look with nothing new: %d reports, %d notifications", m.result.Reports, len(*sent))
	}
}
