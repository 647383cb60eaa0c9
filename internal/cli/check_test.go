package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
)

func checkCmd(args []string, out, errOut *bytes.Buffer) int   { return Check(args, out, errOut) }
func metricsCmd(args []string, out, errOut *bytes.Buffer) int { return Metrics(args, out, errOut) }

// monitoredReport is a report of day about example.org's enforced MTA-STS
// policy, from org, with failed certificate-expired sessions on
// mx.example.org when failed > 0.
func monitoredReport(org, day string, ok, failed int) string {
	details := ""
	if failed > 0 {
		details = fmt.Sprintf(`,"failure-details":[{"result-type":"certificate-expired","sending-mta-ip":"192.0.2.1","receiving-mx-hostname":"mx.example.org","failed-session-count":%d}]`, failed)
	}
	return fmt.Sprintf(`{"organization-name":%q,"date-range":{"start-datetime":"%sT00:00:00Z","end-datetime":"%sT23:59:59Z"},
"contact-info":"tlsrpt@reporter.example","report-id":%q,
"policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1","mode: enforce","mx: mx.example.org","max_age: 604800"],"policy-domain":"example.org","mx-host":["mx.example.org"]},
"summary":{"total-successful-session-count":%d,"total-failure-session-count":%d}%s}]}`,
		org, day, day, org+"-"+day, ok, failed, details)
}

func writeReport(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckStatusAndExit(t *testing.T) {
	in := t.TempDir()
	good := writeReport(t, in, "good.json", monitoredReport("Rep A", "2026-03-01", 100, 0))
	bad := writeReport(t, in, "bad.json", monitoredReport("Rep A", "2026-03-02", 90, 10))

	code, out, _ := run(t, checkCmd, "-now", "2026-03-02", good)
	if code != checkOK || !strings.HasPrefix(out, "TLS-RPT OK - no findings (1 report, 100% of sessions successful) | sessions=100c failed=0c critical=0 warning=0 info=0 muted=0 silence=0\n") {
		t.Errorf("healthy: exit %d\n%s", code, out)
	}

	// Certificate-expired under an enforced policy refuses mail now.
	code, out, _ = run(t, checkCmd, "-now", "2026-03-03", good, bad)
	first, rest, _ := strings.Cut(out, "\n")
	if code != checkCritical || !strings.HasPrefix(first, "TLS-RPT CRITICAL - 1 finding (1 critical): ") ||
		!strings.Contains(first, "mx.example.org") || !strings.HasSuffix(first, "| sessions=200c failed=10c critical=1 warning=0 info=0 muted=0 silence=0") {
		t.Errorf("failing: exit %d\n%s", code, out)
	}
	if !strings.HasPrefix(rest, "CRITICAL: ") || strings.Count(rest, "\n") != 1 {
		t.Errorf("one line per finding, got:\n%s", rest)
	}

	// Three days after the newest report's day without another, silence is
	// a warning of its own; two days are the reporters' usual delay.
	if code, out, _ = run(t, checkCmd, "-now", "2026-03-04", good); code != checkOK {
		t.Errorf("two days later: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, checkCmd, "-now", "2026-03-05", good)
	if code != checkWarning || !strings.Contains(out, "WARNING: No report since 2026-03-01: is the mailbox that receives the reports still read?\n") {
		t.Errorf("three days later: exit %d\n%s", code, out)
	}

	// A folder without a library is not made one by check.
	if code, out, _ = run(t, checkCmd, "-library", t.TempDir()); code != checkUnknown || !strings.HasPrefix(out, "TLS-RPT UNKNOWN - no library in ") {
		t.Errorf("no library: exit %d\n%s", code, out)
	}
	if code, _, _ = run(t, checkCmd, "-now", "March", good); code != checkUnknown {
		t.Errorf("bad -now: exit %d", code)
	}
}

func TestCheckNewAcrossImports(t *testing.T) {
	in, lib := t.TempDir(), t.TempDir()
	check := func() (int, string) {
		code, out, _ := run(t, checkCmd, "-library", lib, "-new", "-now", "2026-03-03")
		return code, out
	}
	run(t, importCmd, "-library", lib, writeReport(t, in, "good.json", monitoredReport("Rep A", "2026-03-01", 100, 0)))
	if code, out := check(); code != checkOK || !strings.HasPrefix(out, "TLS-RPT OK - nothing new (1 report,") {
		t.Errorf("first run: exit %d\n%s", code, out)
	}
	run(t, importCmd, "-library", lib, writeReport(t, in, "bad.json", monitoredReport("Rep A", "2026-03-02", 90, 10)))
	code, out := check()
	if code != checkCritical || !strings.HasPrefix(out, "TLS-RPT CRITICAL - 1 new finding (1 critical): ") || strings.Count(out, "\n") != 2 {
		t.Errorf("after the failing report: exit %d\n%s", code, out)
	}
	// Reported once: the same finding is no news to the next run.
	if code, out = check(); code != checkOK || !strings.HasPrefix(out, "TLS-RPT OK - nothing new since 2026-03-03 (2 reports,") || strings.Count(out, "\n") != 1 {
		t.Errorf("run after that: exit %d\n%s", code, out)
	}
	// Without -new the finding is still there.
	if code, _, _ := run(t, checkCmd, "-library", lib, "-now", "2026-03-03"); code != checkCritical {
		t.Errorf("without -new: exit %d", code)
	}
}

// sample is one line of the text exposition format.
type sample struct {
	name   string
	labels map[string]string
	value  int64
}

// parseExposition reads the text format back, unescaping label values, and
// fails on any line the format does not allow.
func parseExposition(t *testing.T, text string) (samples []sample, types map[string]string) {
	t.Helper()
	types = map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, typ, _ := strings.Cut(rest, " ")
			types[name] = typ
			continue
		}
		if strings.HasPrefix(line, "# HELP ") {
			continue
		}
		s := sample{labels: map[string]string{}}
		i := strings.IndexAny(line, "{ ")
		s.name, line = line[:i], line[i:]
		if line[0] == '{' {
			line = line[1:]
			for line[0] != '}' {
				eq := strings.Index(line, `="`)
				key := strings.TrimPrefix(line[:eq], ",")
				line = line[eq+2:]
				var v strings.Builder
				for line[0] != '"' {
					if line[0] == '\\' {
						v.WriteByte(map[byte]byte{'\\': '\\', '"': '"', 'n': '\n'}[line[1]])
						line = line[2:]
						continue
					}
					v.WriteByte(line[0])
					line = line[1:]
				}
				s.labels[key] = v.String()
				line = strings.TrimPrefix(line[1:], ",")
				if line[0] != '}' {
					line = "," + line
				}
			}
			line = line[1:]
		}
		n, err := strconv.ParseInt(strings.TrimPrefix(line, " "), 10, 64)
		if err != nil {
			t.Fatalf("value of %q: %v", sc.Text(), err)
		}
		s.value = n
		samples = append(samples, s)
	}
	return samples, types
}

func find(samples []sample, name string, labels map[string]string) (int64, bool) {
next:
	for _, s := range samples {
		if s.name != name || len(s.labels) != len(labels) {
			continue
		}
		for k, v := range labels {
			if s.labels[k] != v {
				continue next
			}
		}
		return s.value, true
	}
	return 0, false
}

func TestMetricsParsedBack(t *testing.T) {
	in := t.TempDir()
	// An organization name with every character the format escapes.
	org := "Rep \"A\"\\\nB"
	writeReport(t, in, "a.json", monitoredReport(org, "2026-03-01", 100, 0))
	writeReport(t, in, "b.json", monitoredReport(org, "2026-03-02", 90, 10))
	writeReport(t, in, "c.json", monitoredReport("Rep C", "2026-02-20", 7, 3))
	// Microsoft lists the same 4 sessions under tlsa and sts.
	data, err := os.ReadFile(filepath.Join(realDir, "sebastka-tlsrpt_microsoft-tlsa-sts.json"))
	if err != nil {
		t.Fatal(err)
	}
	writeReport(t, in, "ms.json", string(data))

	lib := t.TempDir()
	run(t, importCmd, "-library", lib, in)
	file := filepath.Join(t.TempDir(), "tlsrpt.prom")
	if code, out, errOut := run(t, metricsCmd, "-library", lib, "-o", file); code != ExitOK || out != "" {
		t.Fatalf("metrics -o: exit %d\n%s\n%s", code, out, errOut)
	}
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Written atomically: nothing but the file itself is left in its folder.
	if entries, _ := os.ReadDir(filepath.Dir(file)); len(entries) != 1 {
		t.Errorf("left beside the metrics: %v", entries)
	}
	samples, types := parseExposition(t, string(text))
	for name, typ := range map[string]string{"tlsrpt_sessions_total": "counter", "tlsrpt_failed_sessions_total": "counter", "tlsrpt_findings": "gauge", "tlsrpt_last_report_timestamp_seconds": "gauge"} {
		if types[name] != typ {
			t.Errorf("TYPE of %s = %q, want %q", name, types[name], typ)
		}
	}
	// The sums below are the reports' own numbers, added by hand.
	want := []struct {
		name   string
		labels map[string]string
		value  int64
	}{
		{"tlsrpt_sessions_total", map[string]string{"policy_type": "sts", "policy_domain": "example.org", "result": "successful"}, 100 + 90 + 7},
		{"tlsrpt_sessions_total", map[string]string{"policy_type": "sts", "policy_domain": "example.org", "result": "failed"}, 10 + 3},
		{"tlsrpt_failed_sessions_total", map[string]string{"policy_domain": "example.org", "result_type": "certificate-expired", "receiving_mx_hostname": "mx.example.org"}, 13},
		{"tlsrpt_last_report_timestamp_seconds", map[string]string{"policy_domain": "example.org", "organization": org}, time.Date(2026, 3, 2, 23, 59, 59, 0, time.UTC).Unix()},
		{"tlsrpt_last_report_timestamp_seconds", map[string]string{"policy_domain": "example.org", "organization": "Rep C"}, time.Date(2026, 2, 20, 23, 59, 59, 0, time.UTC).Unix()},
		{"tlsrpt_last_report_timestamp_seconds", map[string]string{"policy_domain": "karlsen.fr", "organization": "Microsoft Corporation"}, time.Date(2026, 8, 18, 23, 59, 59, 0, time.UTC).Unix()},
		// Each policy row keeps its own counts, as summary's policies do.
		{"tlsrpt_sessions_total", map[string]string{"policy_type": "sts", "policy_domain": "karlsen.fr", "result": "successful"}, 4},
		{"tlsrpt_sessions_total", map[string]string{"policy_type": "tlsa", "policy_domain": "karlsen.fr", "result": "successful"}, 4},
	}
	for _, w := range want {
		if got, ok := find(samples, w.name, w.labels); !ok || got != w.value {
			t.Errorf("%s%v = %d (found %v), want %d", w.name, w.labels, got, ok, w.value)
		}
	}
	// The findings agree with what check counts.
	var findings int64
	for _, s := range samples {
		if s.name == "tlsrpt_findings" {
			findings += s.value
		}
	}
	_, out, _ := run(t, checkCmd, "-library", lib, "-now", "2026-08-19")
	if lines := int64(strings.Count(out, "\n") - 1); findings == 0 || findings != lines {
		t.Errorf("tlsrpt_findings add up to %d, check lists %d findings:\n%s", findings, lines, out)
	}
}

// A check weeks after the last report of a problem finds it over: the
// silence is the warning, not the old certificate (a 2016 report once read
// as a WARNING "new in the newest reports").
func TestCheckJudgesAsOfToday(t *testing.T) {
	in := t.TempDir()
	bad := writeReport(t, in, "bad.json", monitoredReport("Rep A", "2026-03-02", 90, 10))
	code, out, _ := run(t, checkCmd, "-now", "2026-04-01", bad)
	if code != checkWarning || strings.Contains(out, "CRITICAL") ||
		!strings.Contains(out, "\nWARNING: No report since 2026-03-02: is the mailbox that receives the reports still read?\n") ||
		!strings.Contains(out, "\nOK: Certificate expired on mx.example.org") || !strings.Contains(out, "over: last reported 30 days before 2026-04-01") {
		t.Errorf("a month later: exit %d\n%s", code, out)
	}
	// Within two weeks the problem is still current.
	if code, out, _ = run(t, checkCmd, "-now", "2026-03-16", bad); code != checkCritical {
		t.Errorf("two weeks later: exit %d\n%s", code, out)
	}
}

// A mistyped -library is a problem of the check, never a new, empty
// library that reads as healthy.
func TestMonitoringNeverCreatesALibrary(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-library")
	code, out, _ := run(t, checkCmd, "-library", missing)
	if code != checkUnknown || !strings.HasPrefix(out, "TLS-RPT UNKNOWN - no library in "+missing+": ") {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	// metrics says UNKNOWN of it as check does: 3, not 1.
	code, _, errOut := run(t, metricsCmd, "-library", missing)
	if code != checkUnknown || !strings.Contains(errOut, "metrics: no library in "+missing) {
		t.Errorf("metrics: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("the library folder was created (%v)", err)
	}
}

// A muted finding is listed as MUTED and never counts in the status,
// until the day its mute ends.
func TestCheckLeavesMutedFindingsOut(t *testing.T) {
	in, dir := t.TempDir(), t.TempDir()
	run(t, importCmd, "-library", dir, writeReport(t, in, "bad.json", monitoredReport("Rep A", "2026-03-02", 90, 10)))
	check := func() (int, string) {
		code, out, _ := run(t, checkCmd, "-library", dir, "-now", "2026-03-03")
		return code, out
	}
	if code, _ := check(); code != checkCritical {
		t.Fatalf("before muting: exit %d", code)
	}
	mute := func(until string) {
		lib, err := library.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer lib.Close()
		a := analysis.New()
		if err := lib.Load(t.Context(), a, nil); err != nil {
			t.Fatal(err)
		}
		snap := a.Snapshot()
		snap.SetAsOf(time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC))
		fs := snap.Findings(analysis.Filter{})
		if len(fs) != 1 {
			t.Fatalf("%d findings, want the certificate's", len(fs))
		}
		if err := lib.Mute(&fs[0], until); err != nil {
			t.Fatal(err)
		}
	}
	mute("")
	code, out := check()
	if code != checkOK || !strings.HasPrefix(out, "TLS-RPT OK - no findings, 1 muted (1 report,") || !strings.Contains(out, "\nMUTED: Certificate expired on mx.example.org") ||
		!strings.Contains(out, "critical=0 warning=0 info=0 muted=1 silence=0\n") {
		t.Errorf("muted: exit %d\n%s", code, out)
	}
	mute("2026-03-02") // a mute that ended the day before
	if code, out = check(); code != checkCritical {
		t.Errorf("after the mute ended: exit %d\n%s", code, out)
	}
}

// check counts the findings as metrics' tlsrpt_findings (and the window's
// Findings badge, from the same Result.Findings) count them, severity by
// severity, and the silence of the reports apart: the samples' newest
// report is of 2026-09-10, so as of today the library is silent. Trial 3
// saw "92 findings (5 warnings, 87 info)" from check against the window's
// "4 warnings": check counted the silence as a warning finding.
func TestCheckCountsFindingsAsMetrics(t *testing.T) {
	lib := t.TempDir()
	run(t, importCmd, "-library", lib, realDir)
	var text bytes.Buffer
	if code := Metrics([]string{"-library", lib}, &text, io.Discard); code != ExitOK {
		t.Fatalf("metrics: exit %d", code)
	}
	samples, _ := parseExposition(t, text.String())
	var by [3]int64 // critical, warning, info
	for _, s := range samples {
		if s.name == "tlsrpt_findings" {
			by[slices.Index([]string{"critical", "warning", "info"}, s.labels["severity"])] += s.value
		}
	}
	_, out, _ := run(t, checkCmd, "-library", lib)
	first, _, _ := strings.Cut(out, "\n")
	perf := fmt.Sprintf(" critical=%d warning=%d info=%d muted=0 silence=1", by[0], by[1], by[2])
	if by[0]+by[1]+by[2] == 0 || !strings.HasSuffix(first, perf) ||
		!strings.Contains(first, fmt.Sprintf(" - %d findings (", by[0]+by[1]+by[2])) || !strings.Contains(first, "No report since 2026-09-10") {
		t.Errorf("metrics count %v findings by severity; check says\n%s", by, first)
	}
}
