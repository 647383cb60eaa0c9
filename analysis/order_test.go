package analysis

import (
	"strings"
	"testing"
)

func TestOrderPolicies(t *testing.T) {
	// a: 10 sessions, 0 failed; b: 100 sessions, 5 failed (95%);
	// c: 4 sessions, 2 failed (50%); d: 1,000 sessions, 5 failed (99.5%).
	in := []PolicyTotal{
		{Domain: "a", Successful: 10},
		{Domain: "b", Successful: 95, Failed: 5},
		{Domain: "c", Successful: 2, Failed: 2},
		{Domain: "d", Successful: 995, Failed: 5},
	}
	for _, c := range []struct {
		o    Order
		want string
	}{
		{ByFailed, "d b c a"}, // 5 and 5 failed: more sessions first
		{BySessions, "d b a c"},
		{BySuccessRate, "c b d a"},
	} {
		ps := append([]PolicyTotal(nil), in...)
		OrderPolicies(ps, c.o)
		var got []string
		for _, p := range ps {
			got = append(got, p.Domain)
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: %v, want %s", c.o, got, c.want)
		}
	}
}

func TestOrderOrganizationsKeepsTies(t *testing.T) {
	os := []OrgTotal{{Name: "y", Successful: 3}, {Name: "x", Successful: 3}, {Name: "z", Failed: 1}}
	OrderOrganizations(os, ByFailed)
	if os[0].Name != "z" || os[1].Name != "y" || os[2].Name != "x" {
		t.Errorf("order %v: the failing one first, ties as given", os)
	}
}
