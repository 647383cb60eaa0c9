package analysis

import (
	"path/filepath"
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
