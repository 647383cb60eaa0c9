package cli

import (
	"strings"
	"testing"
	"time"
)

// One rule judges the findings as of a moment, in every command: a library
// as of today (-now names another day), reports given as PATH alone as of
// the newest of them. A certificate that expired on 2026-03-02 is critical
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
		{[]string{"-library", lib}, today, false},
		{[]string{"-library", lib, "-now", "2026-03-05"}, "2026-03-05", true},
		{[]string{"-now", "2026-05-01", bad}, "2026-05-01", false},
	} {
		_, out, _ := run(t, summary, c.args...)
		if !strings.Contains(out, ") as of "+c.asOf+":\n") || strings.Contains(out, critical) != c.urgent {
			t.Errorf("summary %q: want as of %s, critical %v:\n%s", c.args, c.asOf, c.urgent, out)
		}
	}
	// check of PATH alone judges as of its newest report, as summary does.
	if code, out, _ := run(t, checkCmd, bad); code != checkCritical {
		t.Errorf("check PATH: exit %d\n%s", code, out)
	}
	// check of the library as of today: the old problem is over, and the
	// silence is the warning.
	if code, out, _ := run(t, checkCmd, "-library", lib); code != checkWarning || !strings.Contains(out, "No report since 2026-03-02") {
		t.Errorf("check -library: exit %d\n%s", code, out)
	}
}
