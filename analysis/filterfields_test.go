package analysis

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// Every field of Filter, set alone, must be known to FilterLists (or be the
// period) and so to Merge, Equal, Parts, IsZero and summary.json's filter.
// Adding a field that one of them forgets fails here.
func TestEveryFilterFieldIsKnownEverywhere(t *testing.T) {
	typ := reflect.TypeFor[Filter]()
	lists := 0
	for i := range typ.NumField() {
		field := typ.Field(i)
		var g Filter
		v := reflect.ValueOf(&g).Elem().Field(i)
		switch field.Type {
		case reflect.TypeFor[[]string]():
			lists++
			v.Set(reflect.ValueOf([]string{"critical"})) // a valid severity, and a value for any list
			owners := 0
			for _, l := range FilterLists {
				if p := l.Get(&g); len(*p) > 0 && &(*p)[0] == &v.Interface().([]string)[0] {
					owners++
				}
			}
			if owners != 1 {
				t.Errorf("%s is in FilterLists %d times, want once", field.Name, owners)
			}
		case reflect.TypeFor[time.Time]():
			v.Set(reflect.ValueOf(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)))
		default:
			t.Errorf("%s: a field of a kind this test does not know (%s)", field.Name, field.Type)
			continue
		}
		if g.IsZero() {
			t.Errorf("%s: IsZero", field.Name)
		}
		if len(g.Parts()) != 1 {
			t.Errorf("%s: Parts %q", field.Name, g.Parts())
		}
		if m := (Filter{}).Merge(g); !m.Equal(g) {
			t.Errorf("%s: Merge lost it: %v", field.Name, m)
		}
		if (Filter{}).Equal(g) || g.Equal(Filter{}) {
			t.Errorf("%s: Equal does not see it", field.Name)
		}
		if b, _ := json.Marshal(g.JSON()); string(b) == "{}" {
			t.Errorf("%s: not in summary.json's filter", field.Name)
		}
	}
	if lists != len(FilterLists) {
		t.Errorf("Filter has %d lists, FilterLists %d", lists, len(FilterLists))
	}
}

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
