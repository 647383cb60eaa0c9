package analysis

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// The per-report model.
//
// Every view of the reports (the window's tabs under a filter, the command
// line, findings, the library) is computed from compact records of each
// distinct report, never from a running total, so that any slice can be
// recomputed at any time:
//
//   - reportRec: one per distinct report (organization, dates, report-id,
//     where it came from) and the range of its policies;
//   - policyRec: one per policy entry of a report, with the policy's own
//     counts, a reference to the policy as published (policyShape) and the
//     range of its failure details;
//   - failureRec: one per failure-details entry.
//
// Strings that repeat across reports (organizations, domains, hosts, IPs,
// result types, reason codes, policy types) are interned once in a symbol
// table and the records hold 4-byte symbols; the policies that senders saw
// repeat too and are interned as shapes. The two strings unique to a
// report, its source and report-id, are kept back to back in large chunks
// (texts.go). No report JSON is kept, and the records hold no pointer, so
// the collector never scans them: at 200,000 reports they are most of the
// memory and stay until the end.
//
// The records are append-only. A Snapshot is the records as they stand,
// shared and never modified, so it can be read on one goroutine (filtering,
// findings) while a Loader goes on adding to the Analysis on another. What
// a snapshot derives from all its records is kept so that the next one
// adds only what is new: the order of reports and failure details
// (Snapshot.order) and the lists of domains and organizations.

// sym is an interned string: an index into a symbol table.
type sym uint32

// symtab interns strings. Symbol 0 is the empty string.
type symtab struct {
	strs  []string
	index map[string]sym
}

func newSymtab() symtab {
	return symtab{strs: []string{""}, index: map[string]sym{"": 0}}
}

func (t *symtab) intern(s string) sym {
	if v, ok := t.index[s]; ok {
		return v
	}
	v := sym(len(t.strs))
	t.strs = append(t.strs, s)
	t.index[s] = v
	return v
}

// reportRec holds no pointer, so the collector never scans the records;
// times are UTC (Report.Start and End always are), kept as Unix seconds and
// nanoseconds in half the space of two time.Time values.
type reportRec struct {
	start, end     int64 // Unix seconds
	startNs, endNs uint32
	org, contact   sym
	text           textRef // its source and report-id
	pol, npol      uint32
}

func (r *reportRec) startTime() time.Time { return time.Unix(r.start, int64(r.startNs)).UTC() }
func (r *reportRec) endTime() time.Time   { return time.Unix(r.end, int64(r.endNs)).UTC() }

// day is the UTC day the report starts, in days since 1970-01-01.
func (r *reportRec) day() int32 { return unixDay(r.start) }

// compareStart orders reports by start, as time.Time.Compare would.
func compareStart(a, b *reportRec) int {
	return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.startNs, b.startNs))
}

type policyRec struct {
	typ         sym // a PolicyType; symSTS and symTLSA are the ones a rule needs to tell
	domain      sym
	shape       uint32 // index into the shape table; 0 when nothing was sent
	successful  int64
	failed      int64
	fail, nfail uint32
}

// failureRec is one failure-details entry. Receiving MX hosts are in their
// punycode form and addresses in RFC 5952 notation (canonical); the other
// fields are kept as sent.
type failureRec struct {
	resultType, sendingIP, mx, helo, receivingIP, reason, info sym
	report, policy                                             uint32 // the indices of its report and policy
	failed                                                     int64
}

// policyShape is the policy a sender saw, as far as the report tells it:
// the parsed MTA-STS policy or the TLSA records, and the mx-host field.
type policyShape struct {
	sts     *report.STSPolicy // nil unless an MTA-STS policy-string was sent
	tlsa    []string          // TLSA records (policy-string, RFC 8460 section 4.4), tlsa policies only
	mxHosts []string          // mx-host as reported
}

// shapeKey identifies a shape for interning.
func shapeKey(p *report.Policy) string {
	var b strings.Builder
	if p.STS != nil {
		b.WriteString("sts\x00" + p.STS.Version + "\x00" + string(p.STS.Mode) + "\x00" + strconv.FormatInt(p.STS.MaxAge, 10))
		for _, mx := range p.STS.MX {
			b.WriteString("\x00mx " + mx)
		}
	}
	for _, r := range p.TLSARecords {
		b.WriteString("\x01" + r)
	}
	for _, h := range p.MXHosts {
		b.WriteString("\x02" + h)
	}
	return b.String()
}

// store holds the records. Analysis appends to it; a Snapshot shares it.
type store struct {
	syms symtab
	// canon maps a string as written to the symbol of its canonical form
	// (domains in punycode, IP addresses in one notation), so that one
	// domain or address written two ways is one row.
	canon    map[string]sym
	shapes   []policyShape
	shapeIdx map[string]uint32
	texts    texts
	// domains and orgs list each policy domain and organization once, as
	// first seen, so that a snapshot names them without a walk over every
	// record; listed marks the symbols they hold (the writer's only).
	domains, orgs []sym
	listed        []uint8
	reports       []reportRec
	policies      []policyRec
	failures      []failureRec
}

// The policy types' symbols, interned first by newStore.
const (
	symSTS sym = iota + 1
	symTLSA
)

func newStore() store {
	syms := newSymtab()
	syms.intern(string(report.PolicySTS))
	syms.intern(string(report.PolicyTLSA))
	return store{syms: syms, canon: make(map[string]sym), shapes: []policyShape{{}}, shapeIdx: map[string]uint32{"": 0}}
}

func (s *store) shape(p *report.Policy) uint32 {
	// Only an sts policy-string is an MTA-STS policy and only a tlsa one
	// holds TLSA records (RFC 8460 section 4.4). The caller's Report is
	// left as it was: the store keeps copies.
	c := report.Policy{MXHosts: p.MXHosts}
	switch p.Type {
	case report.PolicySTS:
		c.STS = p.STS
	case report.PolicyTLSA:
		c.TLSARecords = p.TLSARecords
	}
	key := shapeKey(&c)
	if i, ok := s.shapeIdx[key]; ok {
		return i
	}
	i := uint32(len(s.shapes))
	shape := policyShape{tlsa: slices.Clone(c.TLSARecords), mxHosts: slices.Clone(c.MXHosts)}
	if c.STS != nil {
		sts := *c.STS
		sts.MX = slices.Clone(sts.MX)
		shape.sts = &sts
	}
	s.shapes = append(s.shapes, shape)
	s.shapeIdx[key] = i
	return i
}

// internCanon interns the canonical form of s, as norm writes it.
func (s *store) internCanon(v string, norm func(string) string) sym {
	if c, ok := s.canon[v]; ok {
		return c
	}
	c := s.syms.intern(norm(v))
	s.canon[v] = c
	return c
}

// add appends the records of one report.
func (s *store) add(source string, r *report.Report) {
	rec := reportRec{
		start:   r.Start.Unix(),
		end:     r.End.Unix(),
		startNs: uint32(r.Start.Nanosecond()),
		endNs:   uint32(r.End.Nanosecond()),
		org:     s.syms.intern(r.OrganizationName),
		contact: s.syms.intern(r.ContactInfo),
		text:    s.texts.add(source, r.ReportID),
		pol:     uint32(len(s.policies)),
		npol:    uint32(len(r.Policies)),
	}
	ri := uint32(len(s.reports))
	s.orgs = s.list(s.orgs, rec.org, listedOrg)
	for i := range r.Policies {
		pr := &r.Policies[i]
		p := policyRec{
			typ:        s.syms.intern(string(pr.Policy.Type)),
			domain:     s.internCanon(pr.Policy.Domain, DomainASCII),
			successful: max(pr.Successful, 0),
			failed:     max(pr.Failed, 0),
			fail:       uint32(len(s.failures)),
			nfail:      uint32(len(pr.FailureDetails)),
		}
		if pr.Policy.STS != nil || len(pr.Policy.TLSARecords) > 0 || len(pr.Policy.MXHosts) > 0 {
			p.shape = s.shape(&pr.Policy)
		}
		s.policies = append(s.policies, p)
		s.domains = s.list(s.domains, p.domain, listedDomain)
		for _, fd := range pr.FailureDetails {
			s.failures = append(s.failures, failureRec{
				resultType:  s.syms.intern(fd.ResultType),
				sendingIP:   s.internCanon(fd.SendingMTAIP, canonIP),
				mx:          s.internCanon(fd.ReceivingMXHostname, DomainASCII),
				helo:        s.syms.intern(fd.ReceivingMXHelo),
				receivingIP: s.internCanon(fd.ReceivingIP, canonIP),
				reason:      s.syms.intern(fd.FailureReasonCode),
				info:        s.syms.intern(fd.AdditionalInformation),
				report:      ri,
				policy:      uint32(len(s.policies) - 1),
				failed:      max(fd.FailedSessions, 0),
			})
		}
	}
	s.reports = append(s.reports, rec)
}

const (
	listedOrg = 1 << iota
	listedDomain
)

// list appends v to names unless the listed flag says it is there.
func (s *store) list(names []sym, v sym, flag uint8) []sym {
	if int(v) >= len(s.listed) {
		s.listed = append(s.listed, make([]uint8, int(v)+1-len(s.listed))...)
	}
	if v == 0 || s.listed[v]&flag != 0 {
		return names
	}
	s.listed[v] |= flag
	return append(names, v)
}

// reserve makes room for n more reports, and as many policies (a report
// has at least one), when a Loader knows how many files are to come: the
// reports then take one allocation of their final size instead of growing
// step by step, each step holding the old and the new array at once and
// leaving up to a quarter of the new one unused. (Sizing the policies by
// the rate seen so far was measured to be worse: the first reports' rate is
// a poor guess.)
func (s *store) reserve(n int) {
	s.reports = slices.Grow(s.reports, n)
	s.policies = slices.Grow(s.policies, n)
}

// snapshot shares the records as they stand. Later appends never change an
// element within these lengths, so the copy of the slice headers is enough.
func (s *store) snapshot() store {
	s.texts.seal()
	return store{
		syms:     symtab{strs: s.syms.strs[:len(s.syms.strs):len(s.syms.strs)]},
		texts:    texts{sealed: s.texts.sealed[:len(s.texts.sealed):len(s.texts.sealed)]},
		domains:  s.domains[:len(s.domains):len(s.domains)],
		orgs:     s.orgs[:len(s.orgs):len(s.orgs)],
		shapes:   s.shapes[:len(s.shapes):len(s.shapes)],
		reports:  s.reports[:len(s.reports):len(s.reports)],
		policies: s.policies[:len(s.policies):len(s.policies)],
		failures: s.failures[:len(s.failures):len(s.failures)],
	}
}

func (s *store) str(v sym) string                          { return s.syms.strs[v] }
func (s *store) policyType(p *policyRec) report.PolicyType { return report.PolicyType(s.str(p.typ)) }
func (s *store) id(r *reportRec) string                    { _, id := s.texts.get(r.text); return id }
func (s *store) policiesOf(r *reportRec) []policyRec       { return s.policies[r.pol : r.pol+r.npol] }
func (s *store) shapeOf(p *policyRec) *policyShape         { return &s.shapes[p.shape] }
func (s *store) failuresOf(p *policyRec) []failureRec      { return s.failures[p.fail : p.fail+p.nfail] }

// normHost lowercases a hostname and drops a trailing dot, so that
// MX.Example.com. and mx.example.com count as one host.
func normHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

const secondsPerDay = 24 * 60 * 60

// dayNumber is the UTC day t falls on, in days since 1970-01-01.
func dayNumber(t time.Time) int32 { return unixDay(t.Unix()) }

// unixDay is the UTC day of a Unix time in seconds.
func unixDay(d int64) int32 {
	if d < 0 {
		d -= secondsPerDay - 1 // round toward minus infinity
	}
	// Years beyond ±5 million do not fit; the parser never yields them.
	return int32(min(max(d/secondsPerDay, math.MinInt32), math.MaxInt32))
}

// dayTime is midnight UTC of a day number.
func dayTime(d int32) time.Time { return time.Unix(int64(d)*secondsPerDay, 0).UTC() }

// domainRun is the kept policies of one domain in one report, as indices
// into the report's policies, ordered by type.
type domainRun []int

// byDomain groups the policies of one report that keep accepts by domain,
// each group ordered by type, in one sort: a report may hold any number of
// policies (a hostile one thousands), so no step may be quadratic in them.
// scratch is reused between calls.
func byDomain(pols []policyRec, keep func(*policyRec) bool, scratch []int, each func(domainRun)) []int {
	idx := scratch[:0]
	for i := range pols {
		if keep(&pols[i]) {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(x, y int) int {
		a, b := &pols[x], &pols[y]
		return cmp.Or(cmp.Compare(a.domain, b.domain), cmp.Compare(typeRank(a.typ), typeRank(b.typ)), cmp.Compare(x, y))
	})
	for start := 0; start < len(idx); {
		end := start + 1
		for end < len(idx) && pols[idx[end]].domain == pols[idx[start]].domain {
			end++
		}
		each(domainRun(idx[start:end]))
		start = end
	}
	return idx
}

// sessions counts the sessions of one domain in one report once (README,
// "How sessions are counted"): the policies of one type add up (two sts
// entries for one domain are different sessions, as when the policy changed
// during the day), and across types the largest count stands, because
// reporters such as Microsoft evaluate every session against both the DANE
// and the MTA-STS policy of a domain and list it under each
// (testdata/real/sebastka-tlsrpt_microsoft-tlsa-sts.json). Sessions and
// failed sessions are each taken this way; successful is the difference.
// It also tells how many policy types the domain was listed under.
func (run domainRun) sessions(pols []policyRec) (successful, failed int64, types int) {
	var sessions, fail, ok, typeSessions, typeFailed, typeOK int64
	for k, i := range run {
		p := &pols[i]
		if k > 0 && p.typ != pols[run[k-1]].typ {
			typeSessions, typeFailed, typeOK = 0, 0, 0
		}
		if k == 0 || p.typ != pols[run[k-1]].typ {
			types++
		}
		typeSessions = AddCounts(typeSessions, AddCounts(p.successful, p.failed))
		typeFailed = AddCounts(typeFailed, p.failed)
		typeOK = AddCounts(typeOK, p.successful)
		sessions, fail, ok = max(sessions, typeSessions), max(fail, typeFailed), max(ok, typeOK)
	}
	if sessions == math.MaxInt64 {
		// Saturated: sessions minus failed would say none succeeded (two
		// counts of 2^63-1 gave 0 successful beside a policy row of 50%);
		// successful sessions saturate on their own, as the policy rows do.
		return max(sessions-fail, ok), fail, types
	}
	return sessions - fail, fail, types
}

func typeRank(t sym) int {
	switch t {
	case symSTS:
		return 0
	case symTLSA:
		return 1
	}
	return 2
}
