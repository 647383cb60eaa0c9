package analysis

import (
	"slices"
	"testing"
)

func TestSnapshotNames(t *testing.T) {
	a := New()
	for _, r := range []struct{ org, id, domain string }{
		{"Yahoo", "1", "b.example"}, {"Google", "2", "a.example"}, {"Google", "3", "b.example"}, {"", "4", ""},
	} {
		rep, _, err := ParseReport(mustJSON(t, report(r.org, r.id, "2024-01-01", policy("sts", r.domain, 1, 0))))
		if err != nil {
			t.Fatal(err)
		}
		a.Add("x", rep)
	}
	s := a.Snapshot()
	if d := s.Domains(); !slices.Equal(d, []string{"a.example", "b.example"}) {
		t.Errorf("Domains = %q", d)
	}
	if o := s.Organizations(); !slices.Equal(o, []string{"Google", "Yahoo"}) {
		t.Errorf("Organizations = %q", o)
	}
}
