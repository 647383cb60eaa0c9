package analysis

import (
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// -severity and -kind narrow the findings and nothing else.
func TestFindingsBySeverityAndKind(t *testing.T) {
	a := New()
	if err := (&Loader{}).Load(t.Context(), a, []string{testgen.RealDir()}); err != nil {
		t.Fatal(err)
	}
	snap := a.Snapshot()
	all := snap.Result(Filter{})
	count := func(keep func(Finding) bool) int {
		n := 0
		for _, f := range all.Findings {
			if keep(f) {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		f    Filter
		keep func(Finding) bool
	}{
		{Filter{Severities: []string{"Critical"}}, func(x Finding) bool { return x.Severity == SeverityCritical }},
		{Filter{Severities: []string{"warning", "info"}}, func(x Finding) bool { return x.Severity != SeverityCritical }},
		{Filter{Kinds: []string{"policy-changed"}}, func(x Finding) bool { return x.Kind == KindPolicyChanged }},
		{Filter{Kinds: []string{"certificate-problem"}, Severities: []string{"info"}}, func(x Finding) bool {
			return x.Kind == KindCertificateProblem && x.Severity == SeverityInfo
		}},
	} {
		want := count(c.keep)
		res := snap.Result(c.f)
		if len(res.Findings) != want || want == 0 {
			t.Errorf("%s: %d findings, want %d (of %d)", c.f, len(res.Findings), want, len(all.Findings))
		}
		if res.Reports != all.Reports || res.FailedSessions != all.FailedSessions || len(res.Failures) != len(all.Failures) {
			t.Errorf("%s narrowed more than the findings", c.f)
		}
	}
	if err := (Filter{Severities: []string{"urgent"}}).Validate(); err == nil {
		t.Error("an unknown severity is accepted")
	}
}
