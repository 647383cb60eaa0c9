package analysis

import (
	"slices"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// Under a filter on hosts, IPs or result types the findings are those of
// the failure rows it keeps, and nothing about other domains (drilling into
// one MX host once listed the readiness and changes of every policy).
// The expected findings were read off the failure-details of the real
// samples: mx.example.com is only in sebastka-tlsrpt_synthetic-failures
// (certificate-expired from 192.0.2.10, starttls-not-supported from
// 192.0.2.11); mx1.mail.company-y.example has certificate-expired rows
// under company-y.example (six copies of the RFC's example, counted once)
// and under xn--gpher-jua.test; starttls-not-supported is on mx.example.com
// and on mx2.mail.company-y.example under both of those domains.
func TestFindingsFollowFailureFilters(t *testing.T) {
	a := New()
	if err := (&Loader{}).Load(t.Context(), a, []string{testgen.RealDir()}); err != nil {
		t.Fatal(err)
	}
	snap := a.Snapshot()
	type want struct {
		kind    FindingKind
		domain  string
		subject string
	}
	for _, c := range []struct {
		name   string
		filter Filter
		want   []want
	}{
		{"mx", Filter{MXHosts: []string{"MX.example.com"}}, []want{
			{KindCertificateProblem, "example.com", "mx.example.com"},
			{KindStartTLSMissing, "example.com", "mx.example.com"},
		}},
		{"mx on two domains", Filter{MXHosts: []string{"mx1.mail.company-y.example"}}, []want{
			{KindCertificateProblem, "company-y.example", "mx1.mail.company-y.example"},
			{KindCertificateProblem, "xn--gpher-jua.test", "mx1.mail.company-y.example"},
		}},
		{"sending ip", Filter{SendingIPs: []string{"192.0.2.10"}}, []want{
			{KindCertificateProblem, "example.com", "mx.example.com"},
		}},
		{"result", Filter{ResultTypes: []string{"starttls-not-supported"}}, []want{
			{KindStartTLSMissing, "company-y.example", "mx2.mail.company-y.example"},
			{KindStartTLSMissing, "example.com", "mx.example.com"},
			{KindStartTLSMissing, "xn--gpher-jua.test", "mx2.mail.company-y.example"},
		}},
	} {
		var got []want
		for _, f := range snap.Findings(c.filter) {
			got = append(got, want{f.Kind, f.PolicyDomain, f.Subject})
		}
		slices.SortFunc(got, func(a, b want) int {
			if a.domain != b.domain {
				return strings.Compare(a.domain, b.domain)
			}
			return strings.Compare(string(a.kind), string(b.kind))
		})
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: findings %v, want %v", c.name, got, c.want)
		}
	}
	// Without one, the policy-level findings are there.
	all := snap.Findings(Filter{})
	if !slices.ContainsFunc(all, func(f Finding) bool { return f.Kind == KindEnforceReadiness }) {
		t.Error("no enforce-readiness finding without a filter")
	}
}
