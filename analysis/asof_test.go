package analysis

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// The RFC 8460 example alone (one report, 2016-04-01): as of its own day,
// as a folder of reports is judged, its certificate problem is new; as of
// the clock in 2026, as a library and check judge, it is over.
func TestProblemsWeeksBeforeTheMomentAreOver(t *testing.T) {
	a := New()
	if err := (&Loader{}).Load(t.Context(), a, []string{filepath.Join(testgen.RealDir(), "tlsrpt-rs_rfc8460.json")}); err != nil {
		t.Fatal(err)
	}
	cert := func(s *Snapshot) Finding {
		for _, f := range s.Findings(Filter{}) {
			if f.Kind == KindCertificateProblem {
				return f
			}
		}
		t.Fatal("no certificate-problem finding")
		return Finding{}
	}
	folder := a.Snapshot()
	if got := folder.AsOf().Format(DayFormat); got != "2016-04-01" {
		t.Errorf("a folder is judged as of %s, want its newest report's day", got)
	}
	if f := cert(folder); f.Severity != SeverityWarning {
		t.Errorf("as of its own day: %s %q", f.Severity, f.Title)
	}
	for _, c := range []struct {
		day  string
		want Severity
	}{
		{"2016-04-15", SeverityWarning}, // 14 days on: still current
		{"2016-04-17", SeverityInfo},    // 16 days on: over
		{"2026-12-07", SeverityInfo},
	} {
		day, _ := time.Parse(DayFormat, c.day)
		s := a.Snapshot()
		s.SetAsOf(day)
		if f := cert(s); f.Severity != c.want {
			t.Errorf("as of %s: %s %q, want %s", c.day, f.Severity, f.Title, c.want)
		}
	}
}

// Readiness is judged as of the moment too: 14 clean days in testing mode
// are ready as of their last day, and not once the reports have stopped.
func TestReadinessAsOf(t *testing.T) {
	reports := googleDays("testing", 1, 14, nil)
	// Another domain's reports go on, so that a folder's newest report is
	// weeks after example.com's last.
	for d := 15; d <= 31; d++ {
		reports = append(reports, reportObj("Google Inc.", "o"+day(d), day(d), stsPolicy("other.example", "enforce", []string{"mx.other.example"}, 100, 0)))
	}
	readiness := func(s *Snapshot) Finding {
		t.Helper()
		fs := ofKind(s.Findings(Filter{}), KindEnforceReadiness)
		if len(fs) != 1 {
			t.Fatalf("%d readiness findings: %+v", len(fs), fs)
		}
		return fs[0]
	}
	at := func(d int) time.Time {
		at, err := time.Parse(DayFormat, day(d))
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	s := snapshotOf(t, googleDays("testing", 1, 14, nil)...)
	s.SetAsOf(at(16)) // two days on: reports come a day or two late
	if f := readiness(s); !strings.Contains(f.Title, "is ready for MTA-STS enforce") {
		t.Errorf("as of two days after the last report: %q", f.Title)
	}
	for _, s := range []*Snapshot{snapshotOf(t, reports...), func() *Snapshot {
		s := snapshotOf(t, googleDays("testing", 1, 14, nil)...)
		s.SetAsOf(at(17)) // three days on
		return s
	}()} {
		f := readiness(s)
		if strings.Contains(f.Title, "is ready for MTA-STS enforce") || f.Severity != SeverityInfo ||
			!strings.Contains(f.Title, "example.com is in MTA-STS testing mode with no failure in 1,400 sessions, but no reports since 2026-10-14") ||
			!strings.Contains(f.Advice, "_smtp._tls.example.com TXT") {
			t.Errorf("as of %s: %s %q\n%q", s.AsOf().Format(DayFormat), f.Severity, f.Title, f.Advice)
		}
	}
}

// The as-of words say both days where they differ, and call the clock's
// day today only where it is not simply the newest report's.
func TestAsOfWords(t *testing.T) {
	d := func(s string) time.Time { at, _ := time.Parse(DayFormat, s); return at }
	today := d("2026-12-07").Add(15 * time.Hour)
	for _, c := range []struct{ asOf, newest, want, stale string }{
		{"2026-09-10", "2026-09-10", "as of 2026-09-10", ""},
		{"2026-12-07", "2026-09-10", "as of today, 2026-12-07; newest report 2026-09-10", "2026-09-10"},
		{"2026-12-07", "2026-12-07", "as of 2026-12-07", ""},
		{"2026-09-12", "2026-09-10", "as of 2026-09-12; newest report 2026-09-10", ""},
		{"2026-09-13", "2026-09-10", "as of 2026-09-13; newest report 2026-09-10", ""},
		{"2026-09-14", "2026-09-10", "as of 2026-09-14; newest report 2026-09-10", "2026-09-10"},
	} {
		r := &Result{AsOf: d(c.asOf), Newest: d(c.newest)}
		if got := r.AsOfWords(today); got != c.want {
			t.Errorf("as of %s, newest %s: %q, want %q", c.asOf, c.newest, got, c.want)
		}
		if got := r.NoReportSince(); got != c.stale {
			t.Errorf("as of %s, newest %s: no report since %q, want %q", c.asOf, c.newest, got, c.stale)
		}
	}
}
