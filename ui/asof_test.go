package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// The window asks whether the mailbox is still read once the newest report
// is more than two days before the day the findings are judged as of, and
// says as of when, by the one rule (Snapshot.JudgeAsOf): reports opened
// alone are judged as of the newest of them, so they are never stale; a
// library as of today, so its reports that stopped on 2026-09-10 are, and
// the banner and the Findings tab say the same day.
func TestWindowSaysWhenReportsStopped(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json")) // one report, 2026-09-10
	if got := m.findings.summary.Text; !strings.HasPrefix(got, "2 findings as of 2026-09-10: ") {
		t.Errorf("summary %q", got)
	}
	banners := func(m *mainWindow) string {
		var texts []string
		for _, b := range m.domains.banners.Objects {
			texts = append(texts, b.(*banner).text)
		}
		return strings.Join(texts, "\n")
	}
	if got := banners(m); strings.Contains(got, "No report since") {
		t.Errorf("reports judged as of their newest: %q", got)
	}

	m = windowOnLibrary(t, t.TempDir())
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	today := time.Now().UTC().Format("2006-01-02")
	stale := "No report since 2026-09-10: is the mailbox that receives the reports still read? Findings are as of today, " + today + "."
	if got := banners(m); !strings.HasPrefix(got, stale) {
		t.Errorf("banners %q, want first %q", got, stale)
	}
	if got, want := m.findings.summary.Text, "2 findings as of today, "+today+"; newest report 2026-09-10: "; !strings.HasPrefix(got, want) {
		t.Errorf("summary %q, want %q…", got, want)
	}
}

// A filter narrows what is judged, never the day it is judged as of: with
// the reporter whose last report is of 2024-06-01 the banner still
// measures the silence from the newest report of all (2026-09-10), and
// reports opened alone are still judged as of 2026-09-10, not stale.
func TestReporterFilterKeepsTheAsOfDay(t *testing.T) {
	reporter := analysis.Filter{Organizations: []string{"Reporter Example"}}
	for _, lib := range []bool{false, true} {
		m := newTestWindow(t)
		if lib {
			m = windowOnLibrary(t, t.TempDir())
		}
		drop(m, storage.NewFileURI(testgen.RealDir()))
		act(m, func() { m.filtering.set(reporter) })
		var texts []string
		for _, b := range m.domains.banners.Objects {
			texts = append(texts, b.(*banner).text)
		}
		got := strings.Join(texts, "\n")
		if lib != strings.Contains(got, "No report since 2026-09-10:") || strings.Contains(got, "2024-06-01") {
			t.Errorf("library %v, reporter filter: banners %q", lib, got)
		}
		if !strings.Contains(m.findings.summary.Text, "2026-09-10") {
			t.Errorf("library %v, reporter filter: summary %q", lib, m.findings.summary.Text)
		}
	}
}

// The window follows the one as-of rule: reports opened without a library
// are judged as of the newest of them, a library as of today, so that the
// 2026-09-10 report's findings are over there, as check says of it.
func TestWindowOnALibraryJudgesAsOfToday(t *testing.T) {
	m := windowOnLibrary(t, t.TempDir())
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json")) // one report, 2026-09-10
	today := time.Now().UTC().Format("2006-01-02")
	if got := m.findings.summary.Text; !strings.HasPrefix(got, "2 findings as of today, "+today+"; newest report 2026-09-10: ") {
		t.Errorf("summary %q, want as of today, %s", got, today)
	}
	// Weeks after 2026-09-10 nothing of it is urgent any more.
	if urgent(m.result.Findings) {
		t.Errorf("as of %s the findings are over, yet: %s %q", today, m.result.Findings[0].Severity, m.result.Findings[0].Title)
	}
}

// recentSample is a sample of testdata/real with its days moved so that
// the newest is yesterday: a library judges as of today, where the sample's
// own days are long over.
func recentSample(t *testing.T, name string) fyne.URI {
	t.Helper()
	data := testgen.ReadReal(t, name)
	day := regexp.MustCompile(`\b20\d\d-\d\d-\d\d`)
	var newest time.Time
	for _, d := range day.FindAll(data, -1) {
		if at, err := time.Parse(time.DateOnly, string(d)); err == nil && at.After(newest) {
			newest = at
		}
	}
	shift := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -1).Sub(newest)
	data = day.ReplaceAllFunc(data, func(d []byte) []byte {
		at, err := time.Parse(time.DateOnly, string(d))
		if err != nil {
			return d
		}
		return []byte(at.Add(shift).Format(time.DateOnly))
	})
	return storage.NewFileURI(testgen.WriteFile(t, t.TempDir(), name, data))
}
