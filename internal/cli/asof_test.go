package cli

import (
	"strings"
	"testing"
	"time"
)

// One rule judges the findings as of a moment, in every command: a library
// and check as of today (-now names another day), reports given as PATH
// alone to summary as of the newest of them. A certificate that expired on 2026-03-02 is critical
// as of that day and over months later.
func TestOneAsOfRule(t *testing.T) {
	in, lib := t.TempDir(), t.TempDir()
	bad := writeReport(t, in, "bad.json", monitoredReport("Rep A", "2026-03-02", 90, 10))
	run(t, importCmd, "-library", lib, bad)
	today := time.Now().UTC().Format("2006-01-02")
	const critical = "CRITICAL  certificate-problem  sts example.org  mx.example.org  2026-03-02\n"
	for _, c := range []struct {
		args   []string
		asOf   string
		urgent bool
	}{
		{[]string{bad}, "2026-03-02", true},
		// Where the day judged as of is not the newest report's, both are said.
		{[]string{"-library", lib}, "today, " + today + "; newest report 2026-03-02", false},
		{[]string{"-library", lib, "-now", "2026-03-05"}, "2026-03-05; newest report 2026-03-02", true},
		{[]string{"-now", "2026-05-01", bad}, "2026-05-01; newest report 2026-03-02", false},
	} {
		_, out, _ := run(t, summary, c.args...)
		if !strings.Contains(out, ") as of "+c.asOf+":\n") || strings.Contains(out, critical) != c.urgent {
			t.Errorf("summary %q: want as of %s, critical %v:\n%s", c.args, c.asOf, c.urgent, out)
		}
	}
	// check asks about today, of the library and of PATH alike (a cron job
	// may check a folder): the old problem is over, and the silence is the
	// warning. As of the report's own day it is critical.
	for _, args := range [][]string{{"-library", lib}, {bad}} {
		if code, out, _ := run(t, checkCmd, args...); code != checkWarning || !strings.Contains(out, "No report since 2026-03-02") || !strings.Contains(out, "OK: Certificate expired") {
			t.Errorf("check %q: exit %d\n%s", args, code, out)
		}
	}
	if code, out, _ := run(t, checkCmd, "-now", "2026-03-02", bad); code != checkCritical {
		t.Errorf("check -now 2026-03-02 PATH: exit %d\n%s", code, out)
	}
}

// A filter narrows what is judged, never the day it is judged as of, nor
// the newest report the silence is measured from: Rep B stopped on
// 2026-03-01 while Rep A reported until 2026-03-10, so check -org "Rep B"
// as of 2026-03-11 has no silence to tell of, and as of 2026-03-20 the
// reports as a whole stopped on 2026-03-10, not 2026-03-01.
func TestFilterDoesNotMoveTheAsOfDay(t *testing.T) {
	in, lib := t.TempDir(), t.TempDir()
	run(t, importCmd, "-library", lib,
		writeReport(t, in, "b.json", monitoredReport("Rep B", "2026-03-01", 100, 0)),
		writeReport(t, in, "a.json", monitoredReport("Rep A", "2026-03-10", 100, 0)))
	if code, out, _ := run(t, checkCmd, "-library", lib, "-now", "2026-03-11", "-org", "Rep B"); code != checkOK || strings.Contains(out, "No report since") {
		t.Errorf("check -org 'Rep B' a day after Rep A's report: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, checkCmd, "-library", lib, "-now", "2026-03-20", "-org", "Rep B"); code != checkWarning || !strings.Contains(out, "No report since 2026-03-10:") {
		t.Errorf("check -org 'Rep B' ten days after Rep A's report: exit %d\n%s", code, out)
	}
}

// check says of the real samples what the window does: as of the day after
// their newest report, the 2016 readiness failures (company-y, göpher) and
// example.com's enforce → testing of 2024-01-09, undone on 2024-02-16, are
// history; only the two criticals of 2026-09-10 are urgent.
func TestCheckOldWarningsAreOver(t *testing.T) {
	code, out, _ := run(t, checkCmd, "-now", "2026-09-11", realDir)
	if code != checkCritical || strings.Contains(out, "\nWARNING: ") || strings.Count(out, "\nCRITICAL: ") != 2 || !strings.Contains(out, " critical=2 warning=0 ") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// The headline and the perfdata count the findings as the window's badge
// and metrics do, the silence apart: a library whose only report
// (2026-03-02, 10 certificate-expired sessions) is checked as of
// 2026-03-06 says one critical finding and, apart, the silence since
// 2026-03-02: "1 finding (1 critical), no report since 2026-03-02" and
// critical=1 warning=0 silence=1 (trial 3: "5 warnings" against the
// window's "4 warnings", the silence counted as a finding by check
// alone). check -new a second time says nothing new, yet its perfdata
// still counts what persists: critical=1 silence=1, not zeros.
func TestCheckHeadlineAndPerfdataAgree(t *testing.T) {
	in, lib := t.TempDir(), t.TempDir()
	run(t, importCmd, "-library", lib, writeReport(t, in, "bad.json", monitoredReport("Rep A", "2026-03-02", 90, 10)))
	const perf = " | sessions=100c failed=10c critical=1 warning=0 info=0 muted=0 silence=1\n"
	code, out, _ := run(t, checkCmd, "-library", lib, "-now", "2026-03-06")
	if code != checkCritical || !strings.HasPrefix(out, "TLS-RPT CRITICAL - 1 finding (1 critical), no report since 2026-03-02: Certificate expired") || !strings.Contains(out, perf) {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	run(t, checkCmd, "-library", lib, "-new", "-now", "2026-03-06")
	code, out, _ = run(t, checkCmd, "-library", lib, "-new", "-now", "2026-03-06")
	if code != checkOK || !strings.HasPrefix(out, "TLS-RPT OK - nothing new since 2026-03-06 ") || !strings.Contains(out, perf) {
		t.Errorf("check -new again: exit %d\n%s", code, out)
	}
}
