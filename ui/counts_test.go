package ui

import (
	"strings"
	"testing"
)

// A load's outcome counts what that load read, and the reports shown in
// all once there were some before: the second of two drops said "2 files
// read" for the one file it read. Its problems are said in the Reports
// tab's words (textfmt.InputProblems), not "5 problems" there and "5
// inputs could not be read, 1 warning" here.
func TestLoadOutcomeCountsWhatItRead(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	if got := m.status.text.Text; got != "1 file read: 1 report" {
		t.Errorf("first drop: status %q", got)
	}
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	if got := m.status.text.Text; got != "1 file read: 1 report; 2 reports in all" {
		t.Errorf("second drop: status %q", got)
	}

	m = newTestWindow(t)
	drop(m, realDir(t))
	// testdata/real: 55 files, 36 reports once 14 duplicates count once;
	// 5 files broken, parsedmarc_mail.ru.json's failure count off by one.
	want := "5 inputs could not be read, 1 warning"
	if got := m.status.text.Text; got != "55 files read: 36 reports, 14 duplicates counted once, "+want+" (see Reports)" {
		t.Errorf("status %q", got)
	}
	look(m, reportsView)
	if got := m.reports.problemsHeading.Text; got != want {
		t.Errorf("Reports tab heading %q, the status line says %q", got, want)
	}
	if strings.Contains(m.status.text.Text, "problems") {
		t.Errorf("status %q counts problems in other words", m.status.text.Text)
	}
}
