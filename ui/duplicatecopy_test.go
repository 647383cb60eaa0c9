package ui

import (
	"testing"

	"fyne.io/fyne/v2/storage"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// Two copies of one report (the same organization and report-id) that
// disagree on their dates: the window shows the copy the library keeps,
// the first one read, before and after a restart.
func TestDuplicateReportKeepsOneCopyEverywhere(t *testing.T) {
	src := t.TempDir()
	copyOf := func(day string) []byte {
		return testgen.JSON(testgen.Report("Google Inc.", "same-id", "", day+"T00:00:00Z", day+"T23:59:59Z",
			testgen.STSPolicy("example.com", "enforce", []string{"mx.example.com"}, "86400", 10, 0)))
	}
	// The walk reads a folder's files in name order: a.json first.
	testgen.WriteFile(t, src, "a.json", copyOf("2026-10-01"))
	testgen.WriteFile(t, src, "b.json", copyOf("2026-10-05"))
	lib := t.TempDir()
	m := windowOnLibrary(t, lib)
	drop(m, storage.NewFileURI(src))
	look(m, reportsView)
	day := func(m *mainWindow) string {
		if n := len(m.reports.reports.rows); n != 1 {
			t.Fatalf("%d reports listed, want 1", n)
		}
		return m.reports.reports.cellText(0, 1)
	}
	before := day(m)
	if before != "2026-10-01" {
		t.Errorf("the window shows the copy of %s, want the first read, of 2026-10-01", before)
	}
	next := windowOnLibrary(t, lib)
	look(next, reportsView)
	if after := day(next); after != before {
		t.Errorf("after a restart the report is of %s, before it %s", after, before)
	}
}
