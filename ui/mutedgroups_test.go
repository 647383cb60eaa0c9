package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// Groups come in the order of their most urgent finding not muted, the
// all-muted ones last (trial: "dane.example · all muted" listed above
// "mail.example · CRITICAL"). Findings most urgent first: a.example's
// critical (muted), b.example's critical, c.example's warning (muted),
// a.example's info, d.example's info. Not muted, a.example ranks by its
// info (index 3), after b.example (1); c.example is all muted, last.
func TestMutedGroupsComeLast(t *testing.T) {
	tab := newFindingsTab(nil, nil)
	finding := func(domain string, s analysis.Severity, title string) analysis.Finding {
		return analysis.Finding{PolicyDomain: domain, Severity: s, Title: title}
	}
	tab.findings = []analysis.Finding{
		finding("a.example", analysis.SeverityCritical, "muted critical"),
		finding("b.example", analysis.SeverityCritical, "critical"),
		finding("c.example", analysis.SeverityWarning, "muted warning"),
		finding("a.example", analysis.SeverityInfo, "info"),
		finding("d.example", analysis.SeverityInfo, "info"),
	}
	tab.muted = func(f *analysis.Finding) bool { return strings.HasPrefix(f.Title, "muted") }
	tab.regroup()
	var got []string
	for _, g := range tab.groups {
		got = append(got, fmt.Sprint(g.domain, " ", g.members))
	}
	want := []string{"b.example [1]", "a.example [0 3]", "d.example [4]", "c.example [2]"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("groups %q, want %q", got, want)
	}
}
