package analysis

import (
	"cmp"
	"slices"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// Findings are drawn from every failure detail, but a year of reports
// repeats a few hundred MX hosts under a few versions of each policy: what
// depends only on the host and the policy version (matching mx: patterns,
// which goes through IDNA) is worked out once per pair here, and the
// people's spelling of a domain once per domain. On the diverse corpus
// (issue 23) these were a third of the findings' CPU.

// hostShape is an MX host under one version of a policy.
type hostShape struct {
	shape uint32
	host  sym
}

// offPolicy tells whether fd names an MX host that none of the mx: patterns
// of p's MTA-STS policy match (RFC 8461 section 4.1); an IP literal is no
// host a pattern can name.
func (fc *findingCollector) offPolicy(p *policyRec, sts *report.STSPolicy, fd *failureRec) bool {
	if p.typ != symSTS || sts == nil || len(sts.MX) == 0 || fd.mx == 0 {
		return false
	}
	if fc.offMemo == nil {
		fc.offMemo = map[hostShape]bool{}
	}
	k := hostShape{p.shape, fd.mx}
	off, ok := fc.offMemo[k]
	if !ok {
		host := fc.st.str(fd.mx)
		off = !isIPLiteral(host) && !matchesAnyMX(sts.MX, host)
		fc.offMemo[k] = off
	}
	return off
}

// label names a policy for people, its domain as DomainForPeople writes it;
// advice keeps the punycode form where it names DNS records and URLs.
func (fc *findingCollector) label(typ report.PolicyType, domain sym) string {
	d := fc.st.str(domain)
	if d == "" {
		return policyLabel(typ, d)
	}
	if fc.people == nil {
		fc.people = map[sym]string{}
	}
	p, ok := fc.people[domain]
	if !ok {
		p = DomainForPeople(d)
		fc.people[domain] = p
	}
	return string(typ) + " " + p
}

// sortFindings orders findings most urgent first: by severity, then failed
// sessions, in place. It sorts indices, not the findings: a Finding is a few
// hundred bytes, and moving thousands of them at every swap was a tenth of
// the findings' CPU. The findings are then moved once each, along the
// cycles of the permutation: a sorted copy was 3 MB more at the moment the
// summary of a year of diverse reports holds the most (issue 23).
func sortFindings(fs []Finding) []Finding {
	idx := make([]int, len(fs))
	// The ranks are taken once each, and the strings compared only between
	// findings the numbers do not order: cmp.Or takes every comparison at
	// every call, and with the ranks looked up there sorting was a sixth of
	// the findings' CPU on the diverse corpus (issue 23).
	ranks := make([]findingRank, len(fs))
	for i := range idx {
		idx[i] = i
		ranks[i] = findingRank{int8(fs[i].Severity.Rank()), int8(slices.Index(kindOrder, fs[i].Kind)), fs[i].FailedSessions}
	}
	slices.SortFunc(idx, func(i, j int) int {
		a, b := &ranks[i], &ranks[j]
		if c := cmp.Compare(a.severity, b.severity); c != 0 {
			return c
		}
		if c := cmp.Compare(b.failed, a.failed); c != 0 {
			return c
		}
		if c := cmp.Compare(a.kind, b.kind); c != 0 {
			return c
		}
		x, y := &fs[i], &fs[j]
		return cmp.Or(cmp.Compare(x.PolicyDomain, y.PolicyDomain), cmp.Compare(x.PolicyType, y.PolicyType),
			cmp.Compare(x.Subject, y.Subject), cmp.Compare(x.FirstSeen, y.FirstSeen))
	})
	// fs[k] is to hold what fs[idx[k]] holds; a position already filled
	// is marked by idx[k] = k.
	for start := range idx {
		if idx[start] == start {
			continue
		}
		held := fs[start]
		k := start
		for idx[k] != start {
			next := idx[k]
			fs[k], idx[k] = fs[next], k
			k = next
		}
		fs[k], idx[k] = held, k
	}
	return fs
}

// findingRank is what orders findings before their names: severity by
// rank, then failed sessions, most first, then kind by rank.
type findingRank struct {
	severity, kind int8
	failed         int64
}
