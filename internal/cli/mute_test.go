package cli

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
)

func muteCmd(args []string, out, errOut *bytes.Buffer) int   { return Mute(args, out, errOut) }
func unmuteCmd(args []string, out, errOut *bytes.Buffer) int { return Unmute(args, out, errOut) }

// mute and unmute on the command line keep the state the window's Mute
// keeps, and check counts a muted finding for nothing.
func TestMuteFromTheCommandLine(t *testing.T) {
	in, dir := t.TempDir(), t.TempDir()
	run(t, importCmd, "-library", dir, writeReport(t, in, "bad.json", monitoredReport("Rep A", "2026-03-02", 90, 10)))
	check := func(day string) (int, string) {
		code, out, _ := run(t, checkCmd, "-library", dir, "-now", day)
		return code, out
	}
	// The finding as the window would see it, found apart from mute's code.
	lib, err := library.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	a := analysis.New()
	if err := lib.Load(t.Context(), a, nil); err != nil {
		t.Fatal(err)
	}
	lib.Close()
	snap := a.Snapshot()
	snap.SetAsOf(time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC))
	cert := snap.Findings(analysis.Filter{})[0]
	mutes := func() library.Mutes {
		lib, err := library.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer lib.Close()
		m, err := lib.Mutes()
		if err != nil {
			t.Fatal(err)
		}
		return m
	}

	code, out, errOut := run(t, muteCmd, "-library", dir, "-now", "2026-03-03", "certificate-problem", "Example.ORG")
	if code != ExitOK || out != "Muted until it changes: CRITICAL  certificate-problem  sts example.org  mx.example.org\n" {
		t.Fatalf("mute: exit %d\n%s%s", code, out, errOut)
	}
	if m := mutes(); len(m) != 1 || !m.Muted(&cert, "2026-03-03") {
		t.Errorf("library mutes %q, want %q until it changes", m, cert.Key())
	}
	if code, out := check("2026-03-03"); code != checkOK || !strings.Contains(out, "\nMUTED: Certificate expired on mx.example.org") {
		t.Errorf("check after mute: exit %d\n%s", code, out)
	}
	if _, out, _ := run(t, muteCmd, "-library", dir, "-list"); out != "CRITICAL  certificate-problem  sts example.org  mx.example.org  since 2026-03-02  muted until it changes\n" {
		t.Errorf("mute -list:\n%s", out)
	}

	if code, out, _ := run(t, unmuteCmd, "-library", dir, "certificate-problem", "example.org", "MX.example.org"); code != ExitOK || !strings.HasPrefix(out, "Unmuted: CRITICAL") {
		t.Errorf("unmute: exit %d\n%s", code, out)
	}
	if m := mutes(); len(m) != 0 {
		t.Errorf("after unmute the library mutes %q", m)
	}
	if code, _ := check("2026-03-03"); code != checkCritical {
		t.Errorf("check after unmute: exit %d", code)
	}
	if _, out, _ := run(t, muteCmd, "-library", dir, "-list"); out != "No finding is muted.\n" {
		t.Errorf("mute -list with none: %q", out)
	}

	// -for 7d as of 2026-03-03 mutes through 2026-03-10.
	if code, out, _ := run(t, muteCmd, "-library", dir, "-now", "2026-03-03", "-for", "7d", "certificate-problem", "example.org", "mx.example.org"); code != ExitOK || out != "Muted until 2026-03-10: CRITICAL  certificate-problem  sts example.org  mx.example.org\n" {
		t.Errorf("mute -for 7d: exit %d\n%s", code, out)
	}
	// (The silence since 2026-03-02 is a warning of its own by then.)
	if code, out := check("2026-03-10"); code != checkWarning || !strings.Contains(out, "\nMUTED: Certificate expired") {
		t.Errorf("on the mute's last day: exit %d\n%s", code, out)
	}
	if code, _ := check("2026-03-11"); code != checkCritical {
		t.Errorf("the day after the mute: exit %d", code)
	}

	for _, c := range []struct {
		cmd  func([]string, *bytes.Buffer, *bytes.Buffer) int
		args []string
		code int
		says string
	}{
		{muteCmd, []string{"-library", dir, "certificate-trouble", "example.org"}, ExitUsage, "unknown kind \"certificate-trouble\"; the kinds are "},
		{muteCmd, []string{"-library", dir, "example.org"}, ExitUsage, "want KIND DOMAIN [SUBJECT], got 1 arguments"},
		{muteCmd, []string{"-library", dir, "-for", "soon", "certificate-problem", "example.org"}, ExitUsage, "not a duration"},
		{muteCmd, []string{"-library", dir, "-now", "2026-03-03", "certificate-problem", "example.net"}, ExitInputErrors, "no certificate-problem finding on example.net as of 2026-03-03"},
		{unmuteCmd, []string{"-library", dir, "starttls-missing", "example.org"}, ExitInputErrors, "no muted starttls-missing finding on example.org"},
	} {
		if code, _, errOut := run(t, c.cmd, c.args...); code != c.code || !strings.Contains(errOut, c.says) {
			t.Errorf("%q: exit %d, %q; want %d, %q", c.args, code, errOut, c.code, c.says)
		}
	}
}

// check's headline and perfdata count the muted findings apart: muting the
// samples' certificate problems on example.com takes exactly the lines
// about them out of the counts, and the status follows what is left.
func TestCheckCountsMutedApart(t *testing.T) {
	dir := t.TempDir()
	run(t, importCmd, "-library", dir, realDir)
	check := func() []string {
		_, out, _ := run(t, checkCmd, "-library", dir, "-now", "2026-09-11")
		return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	}
	before := check()
	// The lines of the findings to be muted, by their titles: the
	// samples' example.com certificate findings all say "on" a host "(sts
	// example.com)" with the word "ertificate" in them.
	severities := map[string]int{}
	var muting int
	for _, l := range before[1:] {
		word, title, _ := strings.Cut(l, ": ")
		if strings.Contains(title, "ertificate") && strings.Contains(title, "(sts example.com)") {
			muting++
			continue
		}
		severities[word]++
	}
	if muting == 0 {
		t.Fatalf("no certificate finding on example.com in:\n%s", strings.Join(before, "\n"))
	}
	if code, out, errOut := run(t, muteCmd, "-library", dir, "-now", "2026-09-11", "certificate-problem", "example.com"); code != ExitOK || strings.Count(out, "\n") != muting {
		t.Fatalf("mute: exit %d, %d muted, want %d\n%s%s", code, strings.Count(out, "\n"), muting, out, errOut)
	}
	after := check()
	var parts []string
	for _, c := range []struct{ word, one, many string }{{"CRITICAL", "critical", "critical"}, {"WARNING", "warning", "warnings"}, {"OK", "info", "info"}} {
		if n := severities[c.word]; n == 1 {
			parts = append(parts, "1 "+c.one)
		} else if n > 1 {
			parts = append(parts, strconv.Itoa(n)+" "+c.many)
		}
	}
	rest := len(before) - 1 - muting
	head := fmt.Sprintf(" - %d findings (%s), %d muted: ", rest, strings.Join(parts, ", "), muting)
	perf := fmt.Sprintf(" critical=%d warning=%d info=%d muted=%d silence=0", severities["CRITICAL"], severities["WARNING"], severities["OK"], muting)
	if !strings.Contains(after[0], head) || !strings.HasSuffix(after[0], perf) {
		t.Errorf("status line %q\nwant %q and %q", after[0], head, perf)
	}
	if n := len(after) - 1; n != rest+muting || !strings.HasPrefix(after[len(after)-1], "MUTED: ") {
		t.Errorf("%d lines after the status, want %d findings then %d MUTED", n, rest, muting)
	}
	status := "OK"
	for _, w := range []string{"WARNING", "CRITICAL"} {
		if severities[w] > 0 {
			status = w
		}
	}
	if !strings.HasPrefix(after[0], "TLS-RPT "+status+" - ") {
		t.Errorf("status %q, want %s from the findings not muted", after[0], status)
	}
}
