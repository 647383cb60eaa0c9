package analysis

import (
	"slices"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

func TestSnapshotNames(t *testing.T) {
	a := New()
	for _, r := range []struct{ org, id, domain string }{
		{"Yahoo", "1", "b.example"}, {"Google", "2", "a.example"}, {"Google", "3", "b.example"}, {"", "4", ""},
	} {
		rep, _, err := report.ParseReport(mustJSON(t, reportObj(r.org, r.id, "2024-01-01", policy("sts", r.domain, 1, 0))))
		if err != nil {
			t.Fatal(err)
		}
		a.Add("x", rep)
	}
	s := a.Snapshot()
	// Names added later are in later snapshots only; a name seen again,
	// written another way, is listed once.
	rep, _, err := report.ParseReport(mustJSON(t, reportObj("Aol", "5", "2024-01-02", policy("sts", "C.Example.", 1, 0), policy("tlsa", "A.example", 1, 0))))
	if err != nil {
		t.Fatal(err)
	}
	a.Add("y", rep)
	later := a.Snapshot()
	for _, c := range []struct {
		got, want []string
	}{
		{s.Domains(), []string{"a.example", "b.example"}},
		{s.Organizations(), []string{"Google", "Yahoo"}},
		{later.Domains(), []string{"a.example", "b.example", "c.example"}},
		{later.Organizations(), []string{"Aol", "Google", "Yahoo"}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("names %q, want %q", c.got, c.want)
		}
	}
}
