package ui

import (
	"strings"
	"testing"
	"time"
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
		for _, b := range headlineBanners(m.result, now) {
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
