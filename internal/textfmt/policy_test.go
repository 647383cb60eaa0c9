package textfmt

import (
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

func TestDomain(t *testing.T) {
	for in, want := range map[string]string{
		"example.com":           "example.com",
		"Example.COM":           "Example.COM",
		"bücher.example":        "bücher.example (xn--bcher-kva.example)",
		"xn--bcher-kva.example": "bücher.example (xn--bcher-kva.example)",
		"":                      NotReported,
	} {
		if got := Domain(in); got != want {
			t.Errorf("Domain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPolicy(t *testing.T) {
	if got := Policy(report.PolicySTS, "xn--bcher-kva.example"); got != "sts bücher.example (xn--bcher-kva.example)" {
		t.Errorf("Policy = %q", got)
	}
	if got := Policy(report.PolicyNoPolicyFound, ""); got != "no-policy-found (no domain)" {
		t.Errorf("Policy without domain = %q", got)
	}
}

func TestModeHistory(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 10, d, 0, 0, 0, 0, time.UTC) }
	p := analysis.PolicyTotal{Type: report.PolicySTS, Mode: report.ModeEnforce,
		Modes: []analysis.ModeSeen{{Mode: report.ModeTesting, First: day(1), Last: day(9)}, {Mode: report.ModeEnforce, First: day(10), Last: day(20)}}}
	if got := ModeHistory(&p); got != "testing → enforce from 2026-10-10" {
		t.Errorf("ModeHistory = %q", got)
	}
	p.Modes[0].Last = day(12) // a sender with the old policy cached
	if got := ModeHistory(&p); got != "testing → enforce from 2026-10-10; testing still seen until 2026-10-12" {
		t.Errorf("ModeHistory with overlap = %q", got)
	}
	// A mode back after another one ended: a run of its own.
	back := p
	back.Modes = []analysis.ModeSeen{{Mode: report.ModeEnforce, First: day(1), Last: day(3)}, {Mode: report.ModeTesting, First: day(4), Last: day(4)}, {Mode: report.ModeEnforce, First: day(9), Last: day(20)}}
	if got := ModeHistory(&back); got != "enforce → testing → enforce from 2026-10-09" {
		t.Errorf("ModeHistory with a mode back = %q", got)
	}
	p.Modes = p.Modes[1:]
	if got := ModeHistory(&p); got != "enforce" {
		t.Errorf("one mode: %q", got)
	}
	if got := ModeHistory(&analysis.PolicyTotal{Type: report.PolicyTLSA}); got != "–" {
		t.Errorf("tlsa: %q", got)
	}
}

func TestShared(t *testing.T) {
	for _, c := range []struct {
		p    analysis.PolicyTotal
		want string
	}{
		{analysis.PolicyTotal{Type: report.PolicySTS, Reports: 5}, ""},
		{analysis.PolicyTotal{Type: report.PolicySTS, Reports: 5, SharedReports: 3}, "also under tlsa in 3 of 5 reports"},
		{analysis.PolicyTotal{Type: report.PolicyTLSA, Reports: 2, SharedReports: 2}, "also under sts in all 2 reports"},
		{analysis.PolicyTotal{Type: report.PolicyTLSA, Reports: 1, SharedReports: 1}, "also under sts in 1 report"},
	} {
		if got := Shared(&c.p); got != c.want {
			t.Errorf("Shared(%+v) = %q, want %q", c.p, got, c.want)
		}
	}
}

func TestFilter(t *testing.T) {
	f := analysis.Filter{Domains: []string{"xn--bcher-kva.example", "example.org"}, Organizations: []string{"Google"}}
	if got, want := Filter(f), "domain bücher.example (xn--bcher-kva.example), example.org; reporter Google"; got != want {
		t.Errorf("Filter = %q, want %q", got, want)
	}
	if f.Domains[0] != "xn--bcher-kva.example" {
		t.Error("Filter changed the filter it was given")
	}
}
