package textfmt

import (
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// maxDomainName is the longest domain name, in octets as written with
// dots (RFC 1035 section 2.3.4 bounds it at 255 octets on the wire). A
// report can name anything as its domain; converting a 100,000-character
// one between Unicode and punycode took longer than showing it.
const maxDomainName = 253

// Domain is a policy domain as people read it: the Unicode form, with the
// punycode form beside it when the two differ, so that a look-alike name
// can still be told apart: "bücher.example (xn--bcher-kva.example)".
func Domain(d string) string {
	switch {
	case strings.TrimSpace(d) == "":
		return NotReported
	case len(d) > maxDomainName:
		return d // no domain name, so no other form to show
	}
	return analysis.DomainForPeople(d)
}

// Policy is a policy as people read it: its type and domain, the domain
// as Domain writes it ("sts bücher.example (xn--bcher-kva.example)").
func Policy(t report.PolicyType, domain string) string {
	if domain == "" {
		return analysis.PolicyRef{Type: t}.String()
	}
	return string(t) + " " + Domain(domain)
}

// ModeHistory is a policy's MTA-STS mode as tables show it, telling a
// change across its reports rather than the newest mode only:
// "testing → enforce from 2026-10-01". Senders cache a policy for up to its
// max_age (RFC 8461 section 3.2), so an older mode may still be seen after
// the change; the text then says until when.
func ModeHistory(p *analysis.PolicyTotal) string {
	if p.Type != report.PolicySTS || len(p.Modes) < 2 {
		return Mode(p.Type, p.Mode)
	}
	names := make([]string, len(p.Modes))
	for i, m := range p.Modes {
		names[i] = Mode(p.Type, m.Mode)
	}
	last := p.Modes[len(p.Modes)-1]
	s := strings.Join(names, " → ") + " from " + Day(last.First)
	for i, m := range p.Modes[:len(p.Modes)-1] {
		if m.Last.After(last.First) {
			s += "; " + names[i] + " still seen until " + Day(m.Last)
		}
	}
	return s
}

// Shared says in how many of a policy's reports the same sessions were
// listed under the domain's other policy type too (reporters such as
// Microsoft evaluate every session against both DANE and MTA-STS); empty
// when none were. Totals count those sessions once.
func Shared(p *analysis.PolicyTotal) string {
	if p.SharedReports == 0 {
		return ""
	}
	other := "another policy type"
	switch p.Type {
	case report.PolicySTS:
		other = string(report.PolicyTLSA)
	case report.PolicyTLSA:
		other = string(report.PolicySTS)
	}
	n := Count(p.SharedReports)
	if p.SharedReports < p.Reports {
		n += " of " + Count(p.Reports)
	} else if p.Reports > 1 {
		n = "all " + n
	}
	return "also under " + other + " in " + n + " " + Plural(p.Reports, "report", "reports")
}

// Filter is what a filter keeps, in one line, with domains in Unicode as
// Domain writes them.
func Filter(f analysis.Filter) string {
	if len(f.Domains) > 0 {
		ds := make([]string, len(f.Domains))
		for i, d := range f.Domains {
			ds[i] = Domain(d)
		}
		f.Domains = ds
	}
	return f.String()
}
