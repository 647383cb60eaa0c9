package analysis

import (
	"strings"
	"testing"
	"time"
)

// A readiness finding with failures is a warning while its policy's reports
// come, and history (info) once they stopped more than OverAfterDays
// before the day judged as of. The story: example.com in testing mode on
// 2026-10-01 to 10-05, 10 of 110 sessions failing each day, nothing after.
// Judged as of 10-19 the reports stopped 14 days before: still a warning;
// as of 10-20, 15 days: info, saying since when.
func TestOldReadinessFailuresAreOver(t *testing.T) {
	fail := map[int][]obj{}
	for d := 1; d <= 5; d++ {
		fail[d] = []obj{detail("certificate-expired", "192.0.2.1", "mx1.example.com", "", 10)}
	}
	for _, c := range []struct {
		asOf int
		want Severity
	}{{5, SeverityWarning}, {19, SeverityWarning}, {20, SeverityInfo}} {
		s := snapshotOf(t, googleDays("testing", 1, 5, fail)...)
		at, _ := time.Parse(DayFormat, day(c.asOf))
		s.SetAsOf(at)
		fs := ofKind(s.Findings(Filter{}), KindEnforceReadiness)
		if len(fs) != 1 {
			t.Fatalf("as of %s: %d readiness findings", day(c.asOf), len(fs))
		}
		f := fs[0]
		if f.Severity != c.want || !strings.Contains(f.Title, "not ready for enforce: 50 of 550 sessions") {
			t.Errorf("as of %s: %s %q, want %s", day(c.asOf), f.Severity, f.Title, c.want)
		}
		over := "Over: its reports stopped on 2026-10-05, 15 days before 2026-10-20."
		if (c.want == SeverityInfo) != strings.Contains(f.Title, over) {
			t.Errorf("as of %s: %q, want %q said only when over", day(c.asOf), f.Title, over)
		}
	}
}

// policy-changed from enforce to testing is a warning only while the
// testing version is the newest version and recent: first seen at most
// OverAfterDays before its policy's newest report (or the day judged as
// of, when the reports stopped). Counted by hand for each story below:
// days are of 2026-10, enforce and testing list the same MX hosts.
func TestOldPolicyChangesAreNotWarnings(t *testing.T) {
	story := func(runs ...struct {
		mode     string
		from, to int
	}) []obj {
		var out []obj
		for _, r := range runs {
			out = append(out, googleDays(r.mode, r.from, r.to, nil)...)
		}
		return out
	}
	type run = struct {
		mode     string
		from, to int
	}
	for _, c := range []struct {
		name string
		days []obj
		asOf int // 0: the newest report's day
		want Severity
	}{
		// Testing from day 10, reports until day 11: the newest version,
		// a day old.
		{"downgrade yesterday", story(run{"enforce", 1, 9}, run{"testing", 10, 11}), 0, SeverityWarning},
		// Undone on day 12 (enforce again, the first version): the testing
		// version is not the newest one any more.
		{"downgrade undone", story(run{"enforce", 1, 9}, run{"testing", 10, 11}, run{"enforce", 12, 31}), 0, SeverityInfo},
		// Still testing on day 24: first seen 14 days before the newest
		// report, the last day it is news; on day 25, 15 days: history.
		{"downgrade 14 days ago", story(run{"enforce", 1, 9}, run{"testing", 10, 24}), 0, SeverityWarning},
		{"downgrade 15 days ago", story(run{"enforce", 1, 9}, run{"testing", 10, 25}), 0, SeverityInfo},
		// Reports stopped on day 11, judged as of day 27: the policy is
		// judged at day 13 (27-14); the testing version, last seen on day
		// 11, is more than CurrentWithinDays before it, so over.
		{"reports stopped", story(run{"enforce", 1, 9}, run{"testing", 10, 11}), 27, SeverityInfo},
	} {
		s := snapshotOf(t, c.days...)
		if c.asOf != 0 {
			at, _ := time.Parse(DayFormat, day(c.asOf))
			s.SetAsOf(at)
		}
		var got []Finding
		for _, f := range ofKind(s.Findings(Filter{}), KindPolicyChanged) {
			if strings.Contains(f.Title, "enforce → testing") {
				got = append(got, f)
			}
		}
		if len(got) != 1 || got[0].Severity != c.want || got[0].FirstSeen != day(10) {
			t.Errorf("%s: %+v, want one enforce → testing change on %s, %s", c.name, got, day(10), c.want)
		}
	}
}

// The counts of the findings shown, the muted apart, said one way: with
// none shown (all muted) the muted alone, without a leading comma.
func TestCountsMutedApart(t *testing.T) {
	crit, info := Finding{Severity: SeverityCritical}, Finding{Severity: SeverityInfo}
	for _, c := range []struct {
		shown []Finding
		muted int
		want  string
	}{
		{[]Finding{crit, info, info}, 0, "1 critical, 2 info"},
		{[]Finding{crit}, 2, "1 critical, 2 muted"},
		{nil, 3, "3 muted"},
		{nil, 0, ""},
	} {
		if got := CountsMutedApart(c.shown, c.muted); got != c.want {
			t.Errorf("%d shown, %d muted: %q, want %q", len(c.shown), c.muted, got, c.want)
		}
	}
}
