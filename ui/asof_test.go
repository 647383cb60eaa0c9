package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// The window asks whether the mailbox is still read once the newest report
// is more than two days old, and says as of when the findings are judged.
func TestWindowSaysWhenReportsStopped(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json")) // one report, 2026-09-10
	if got := m.findings.summary.Text; !strings.HasPrefix(got, "2 findings as of 2026-09-10: ") {
		t.Errorf("summary %q", got)
	}
	says := func(day string) string {
		now, _ := time.Parse("2006-01-02", day)
		var texts []string
		for _, b := range headlineBanners(m.result, now, nil) {
			texts = append(texts, allText(b))
		}
		return strings.Join(texts, "\n")
	}
	const stale = "No report since 2026-09-10: is the mailbox that receives the reports still read? Findings are as of 2026-09-10."
	if got := says("2026-09-13"); strings.Contains(got, "No report since") {
		t.Errorf("two days after the day reported on: %q", got)
	}
	if got := says("2026-09-14"); !strings.HasPrefix(got, stale) {
		t.Errorf("three days after: %q, want it first", got)
	}
}

// The window follows the one as-of rule: reports opened without a library
// are judged as of the newest of them, a library as of today, so that the
// 2026-09-10 report's findings are over there, as check says of it.
func TestWindowOnALibraryJudgesAsOfToday(t *testing.T) {
	m := windowOnLibrary(t, t.TempDir())
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json")) // one report, 2026-09-10
	today := time.Now().UTC().Format("2006-01-02")
	if got := m.findings.summary.Text; !strings.HasPrefix(got, "2 findings as of "+today+": ") {
		t.Errorf("summary %q, want as of %s", got, today)
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
