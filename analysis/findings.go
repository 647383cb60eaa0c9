package analysis

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/plain"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// FindingKind names what a finding is about.
type FindingKind string

// The kinds of finding, in the order a report lists them among findings of
// equal severity and weight.
const (
	// KindMXNotInPolicy: a receiving MX host in an sts policy's failure
	// details matches none of the policy's mx: patterns.
	KindMXNotInPolicy FindingKind = "mx-not-in-policy"
	// KindCertificateProblem: certificate-expired, -not-trusted or
	// -host-mismatch on one receiving MX host (or IP).
	KindCertificateProblem FindingKind = "certificate-problem"
	// KindStartTLSMissing: starttls-not-supported on one host or IP.
	KindStartTLSMissing FindingKind = "starttls-missing"
	// KindDANEMismatch: a tlsa policy's validation-failure, or tlsa-invalid,
	// dnssec-invalid or dane-required under any policy, on one host.
	KindDANEMismatch FindingKind = "dane-mismatch"
	// KindValidationFailure: validation-failure under an sts or
	// no-policy-found policy on one host, with the reporters' reasons.
	KindValidationFailure FindingKind = "validation-failure"
	// KindPolicyFetchFailing: senders could not fetch or use the MTA-STS
	// policy (sts-policy-fetch-error, -invalid, sts-webpki-invalid).
	KindPolicyFetchFailing FindingKind = "policy-fetch-failing"
	// KindSenderSide: failures that only one reporter saw while others
	// delivered to the same domain over TLS in those days.
	KindSenderSide FindingKind = "sender-side"
	// KindEnforceReadiness: an MTA-STS policy in testing mode, and whether
	// it could move to enforce.
	KindEnforceReadiness FindingKind = "enforce-readiness"
	// KindPolicyChanged: the policy senders saw changed.
	KindPolicyChanged FindingKind = "policy-changed"
	// KindReportsStopped: a domain reported most days has had no report
	// for StoppedAfterDays while other domains still got theirs.
	KindReportsStopped FindingKind = "reports-stopped"
	// KindReporterStopped: one organization that reported a domain most
	// days stopped while others go on reporting it.
	KindReporterStopped FindingKind = "reporter-stopped"
)

var kindOrder = []FindingKind{
	KindMXNotInPolicy, KindCertificateProblem, KindStartTLSMissing, KindDANEMismatch, KindValidationFailure,
	KindPolicyFetchFailing, KindSenderSide, KindReportsStopped, KindReporterStopped, KindEnforceReadiness, KindPolicyChanged,
}

// Severity says how urgent a finding is.
type Severity string

// The severities, most urgent first.
const (
	// SeverityCritical: mail is being refused or deferred now.
	SeverityCritical Severity = "critical"
	// SeverityWarning: something to fix, or to watch because it is new.
	SeverityWarning Severity = "warning"
	// SeverityInfo: history, or good news.
	SeverityInfo Severity = "info"
)

// Rank orders severities: 0 for critical, 1 for warning, 2 for info.
func (s Severity) Rank() int {
	switch s {
	case SeverityCritical:
		return 0
	case SeverityWarning:
		return 1
	}
	return 2
}

// Thresholds of the findings; README lists them with an example of each kind.
const (
	// ReadyMinDays is how many days of reports without a failure a policy
	// in testing mode needs before it is called ready for enforce.
	ReadyMinDays = 14
	// CurrentWithinDays: a problem last seen this many days or fewer
	// before the newest report of its policy is current. Reporters cut
	// their days at different hours and send a day late, so the newest
	// day alone would call half the current problems over.
	CurrentWithinDays = 1
	// OngoingMinDays: a current problem is ongoing once seen on this many
	// days; seen on fewer, it is new, and a one-day blip that has not
	// come back is over, never ongoing.
	OngoingMinDays = 2
	// SenderSideMinSessions: failures seen by one reporter only are put
	// down to that sender when the other reporters delivered at least
	// this many sessions to the same policy in the same days.
	SenderSideMinSessions = 10
	// EnforceMaxAge is the smallest max_age, in seconds, the advice to
	// move to enforce accepts without a note: RFC 8461 section 3.2 expects
	// weeks or more, so that a policy outlives an attack on its refresh.
	EnforceMaxAge = 604800
	// ListedDays and ListedItems bound how many days, and hosts or
	// reasons, one title names before it says "and N more".
	ListedDays  = 4
	ListedItems = 3
)

// Finding says what is wrong (or right) with one policy, where, since when
// and what to do. The JSON names are a contract, like Summary's.
type Finding struct {
	Kind         FindingKind       `json:"kind"`
	Severity     Severity          `json:"severity"`
	PolicyType   report.PolicyType `json:"policy_type"`
	PolicyDomain string            `json:"policy_domain"`
	// Subject is the MX host, IP or reporter the finding is about; empty
	// when it is about the whole policy.
	Subject string `json:"subject"`
	// FirstSeen and LastSeen are the UTC days (DayFormat) the first and
	// the last report showing it start on.
	FirstSeen      string   `json:"first_seen"`
	LastSeen       string   `json:"last_seen"`
	FailedSessions int64    `json:"failed_sessions"`
	Reports        int      `json:"reports"`
	Reporters      []string `json:"reporters"`
	Title          string   `json:"title"`
	Advice         string   `json:"advice"`
	// Rows narrows an analysis to the reports and failure rows behind the
	// finding, for a window to show them.
	Rows Filter `json:"-"`
}

// Findings turns the reports f keeps into findings, most urgent first:
// by severity, then failed sessions. Failure-level parts of f narrow the
// failure details findings are drawn from, and leave only the findings
// drawn from them.
func (s *Snapshot) Findings(f Filter) []Finding {
	_, kept := s.findings(f)
	return kept
}

// findings is every finding of the reports and failure details f keeps
// (all), and those of them its severities and kinds keep too (kept): the
// same slice when f narrows no finding.
func (s *Snapshot) findings(f Filter) (all, kept []Finding) {
	fc := newFindingCollector(&s.recs, compileFilter(f))
	fc.asOf = s.judgedAsOf()
	fc.scan()
	// A filter on hosts, IPs or result types asks about them: findings
	// about a whole policy (its readiness, its changes, its silence) are
	// about none of them.
	var policyLevel [][]Finding
	if !f.NarrowsFailures() {
		policyLevel = [][]Finding{fc.readiness(), fc.changes(), fc.silence()}
	}
	// The failure findings, thousands, are written into a list of the
	// final length: appending the rest to them made a copy of twice their
	// size (issue 23), and copying them into one (slices.Concat) took 2 %
	// of summary's CPU, with write barriers while the collector ran.
	n := 0
	for _, fs := range policyLevel {
		n += len(fs)
	}
	out := fc.failureFindings(n)
	for _, fs := range policyLevel {
		out = append(out, fs...)
	}
	all = sortFindings(out)
	if !f.NarrowsFindings() {
		return all, all
	}
	for i := range all {
		if f.keepsFinding(&all[i]) {
			kept = append(kept, all[i])
		}
	}
	return all, kept
}

// seen is the evidence behind a finding: the reports, days, reporters and
// failed sessions that show it.
type seen struct {
	first, last int32   // UTC start days of the first and last report
	days        []int32 // distinct start days, sorted
	failed      int64
	reports     int
	lastReport  int // index of the last report counted, so each counts once
	orgs        []sym
	contacts    []sym
	newestAt    int32 // start day of the newest report, and its policy's shape
	newestShape uint32
}

func newSeen() seen { return seen{lastReport: -1} }

// add counts report ri (starting on day, from org) with n failed sessions.
func (e *seen) add(ri int, r *reportRec, p *policyRec, n int64) {
	e.failed = AddCounts(e.failed, n)
	if e.lastReport == ri {
		return
	}
	day := r.day()
	if e.reports == 0 || day < e.first {
		e.first = day
	}
	if e.reports == 0 || day >= e.newestAt {
		e.newestAt, e.newestShape = day, p.shape
	}
	e.last = max(e.last, day)
	e.reports++
	e.lastReport = ri
	e.days = insertSorted(e.days, day)
	if !slices.Contains(e.orgs, r.org) {
		e.orgs = append(e.orgs, r.org)
		e.contacts = append(e.contacts, r.contact)
	}
}

func insertSorted(days []int32, d int32) []int32 {
	// Reports mostly come in date order (a folder's names start with the
	// reporter and the date): a day past the last is the common case.
	if n := len(days); n == 0 || days[n-1] < d {
		return append(days, d)
	} else if days[n-1] == d {
		return days
	}
	i, found := slices.BinarySearch(days, d)
	if found {
		return days
	}
	return slices.Insert(days, i, d)
}

// failKey groups failure details into one finding. It holds numbers
// only: with the kind and the policy type as strings, hashing it for each
// failure detail was a tenth of the findings' CPU (issue 23).
type failKey struct {
	domain     sym
	subject    sym // host, else receiving IP; 0 for policy-level kinds
	resultType sym // for certificate-problem, one finding per problem
	typ        sym // the policy type
	kind       failKind
	byIP       bool
}

// failKind is the kind of a failure finding as its place in kindOrder,
// whose first six kinds are those drawn from failure details.
type failKind uint8

const (
	failMXNotInPolicy failKind = iota
	failCertificateProblem
	failStartTLSMissing
	failDANEMismatch
	failValidationFailure
	failPolicyFetchFailing
)

func (k failKind) kind() FindingKind { return kindOrder[k] }

type failGroup struct {
	key     failKey
	h       *policyHistory // of the group's policy
	seen    seen
	types   []Count // result types with failed sessions
	reasons []Count // failure reason codes
	ips     []sym   // distinct sending IPs
}

// policyHistory is what the reports say about one policy (type and domain).
type policyHistory struct {
	days []int32 // distinct report start days
	// delivered lists, per report, its start day, organization and
	// successful sessions, in report order.
	delivered []delivery
	// versions of the policy as senders saw it (policyVersion.key).
	versions map[string]*policyVersion
	// testing evidence for enforce-readiness.
	testing                seen
	testingOK, testingFail int64
	testingEnd             int32   // last day the testing-mode reports cover
	testingBlockers        []Count // "result-type on host", failed sessions
	newestModeAt           int32
	newestMode             report.STSMode
	hasMode                bool
	newestAt               int32
	typ                    report.PolicyType
	domain                 sym
}

type delivery struct {
	day int32
	org sym
	ok  int64
}

type policyVersion struct {
	key   string
	shape uint32
	seen  seen
}

type findingCollector struct {
	st        *store
	c         *compiledFilter
	groups    map[failKey]*failGroup
	order     []*failGroup
	histories map[historyKey]*policyHistory
	horder    []*policyHistory
	shapeKeys map[uint32]string
	offMemo   map[hostShape]bool // see offPolicy
	people    map[sym]string     // see label
	asOf      int32              // the day findings are judged as of; see Snapshot.SetAsOf
}

func newFindingCollector(st *store, c *compiledFilter) *findingCollector {
	return &findingCollector{st: st, c: c, groups: map[failKey]*failGroup{}, histories: map[historyKey]*policyHistory{}, shapeKeys: map[uint32]string{}}
}

func (fc *findingCollector) scan() {
	st, c := fc.st, fc.c
	for ri := range st.reports {
		r := &st.reports[ri]
		if !c.report(st, r) {
			continue
		}
		pols := st.policiesOf(r)
		for pi := range pols {
			p := &pols[pi]
			if !c.policy(st, p) {
				continue
			}
			fc.addPolicy(ri, r, p)
		}
	}
}

// historyKey is policyKey in symbols: the type's string hashed for each
// policy of each report was most of the cost of finding its history.
type historyKey struct{ typ, domain sym }

func (fc *findingCollector) history(p *policyRec) *policyHistory {
	k := historyKey{p.typ, p.domain}
	h := fc.histories[k]
	if h == nil {
		h = &policyHistory{typ: fc.st.policyType(p), domain: p.domain, versions: map[string]*policyVersion{}, testing: newSeen()}
		fc.histories[k] = h
		fc.horder = append(fc.horder, h)
	}
	return h
}

func (fc *findingCollector) addPolicy(ri int, r *reportRec, p *policyRec) {
	st := fc.st
	h := fc.history(p)
	day := r.day()
	h.days = insertSorted(h.days, day)
	h.newestAt = max(h.newestAt, day)
	h.delivered = append(h.delivered, delivery{day, r.org, p.successful})
	shape := st.shapeOf(p)
	if key := fc.versionKey(p); key != "" {
		v := h.versions[key]
		if v == nil {
			v = &policyVersion{key: key, shape: p.shape, seen: newSeen()}
			h.versions[key] = v
		}
		v.seen.add(ri, r, p, p.failed)
	}
	if p.typ == symSTS && shape.sts != nil {
		if !h.hasMode || day >= h.newestModeAt {
			h.newestModeAt, h.newestMode, h.hasMode = day, shape.sts.Mode, true
		}
		if shape.sts.Mode == report.ModeTesting {
			h.testing.add(ri, r, p, p.failed)
			h.testingOK = AddCounts(h.testingOK, p.successful)
			h.testingFail = AddCounts(h.testingFail, p.failed)
			h.testingEnd = max(h.testingEnd, dayNumber(InclusiveEnd(r.startTime(), r.endTime())))
			for _, fd := range st.failuresOf(p) {
				h.testingBlockers = addCount(h.testingBlockers, blocker(st.str(fd.resultType), st.str(fd.mx)), fd.failed)
			}
		}
	}
	for i := range st.failuresOf(p) {
		fd := &st.failuresOf(p)[i]
		if !fc.c.failure(st, fd) {
			continue
		}
		offPolicy := fc.offPolicy(p, shape.sts, fd)
		if offPolicy {
			fc.addFailure(failKey{kind: failMXNotInPolicy, typ: p.typ, domain: p.domain, subject: fd.mx}, h, ri, r, p, fd)
		}
		// Reporters give an off-policy host as validation-failure (Google's
		// MX_HOSTS_MISMATCH): the off-policy finding already says it.
		if key, ok := fc.failureKey(p, fd); ok && !(offPolicy && key.kind == failValidationFailure) {
			fc.addFailure(key, h, ri, r, p, fd)
		}
	}
}

// failureKey says which finding a failure detail belongs to, by its result
// type (RFC 8460 section 4.3) and policy type.
func (fc *findingCollector) failureKey(p *policyRec, fd *failureRec) (failKey, bool) {
	k := failKey{typ: p.typ, domain: p.domain, subject: fd.mx}
	if k.subject == 0 {
		k.subject, k.byIP = fd.receivingIP, true
	}
	switch report.ResultType(fc.st.str(fd.resultType)) {
	case report.CertificateExpired, report.CertificateNotTrusted, report.CertificateHostMismatch:
		k.kind, k.resultType = failCertificateProblem, fd.resultType
	case report.StartTLSNotSupported:
		k.kind = failStartTLSMissing
	case report.TLSAInvalid, report.DNSSECInvalid, report.DANERequired:
		k.kind = failDANEMismatch
	case report.ValidationFailure:
		k.kind = failValidationFailure
		if p.typ == symTLSA {
			k.kind = failDANEMismatch // RFC 7672: the certificate matched no TLSA record
		}
	case report.STSPolicyFetchError, report.STSPolicyInvalid, report.STSWebPKIInvalid:
		k.kind, k.subject, k.byIP = failPolicyFetchFailing, 0, false
	default:
		return k, false
	}
	return k, true
}

func (fc *findingCollector) addFailure(k failKey, h *policyHistory, ri int, r *reportRec, p *policyRec, fd *failureRec) {
	g := fc.groups[k]
	if g == nil {
		g = &failGroup{key: k, h: h, seen: newSeen()}
		fc.groups[k] = g
		fc.order = append(fc.order, g)
	}
	g.seen.add(ri, r, p, fd.failed)
	g.types = addCount(g.types, fc.st.str(fd.resultType), fd.failed)
	if fd.reason != 0 {
		g.reasons = addCount(g.reasons, fc.st.str(fd.reason), fd.failed)
	}
	if fd.sendingIP != 0 && !slices.Contains(g.ips, fd.sendingIP) {
		g.ips = append(g.ips, fd.sendingIP)
	}
}

func addCount(cs []Count, name string, n int64) []Count {
	for i := range cs {
		if cs[i].Name == name {
			cs[i].Failed = AddCounts(cs[i].Failed, n)
			return cs
		}
	}
	return append(cs, Count{name, n})
}

// versionKey is the policy a report saw, written so that two reports of
// the same policy agree whatever order or case the reporter used, and
// empty when the report did not say. The mx-host field is left out: it is
// the reporter's own rendering, which differs between reporters.
func (fc *findingCollector) versionKey(p *policyRec) string {
	if p.shape == 0 {
		return ""
	}
	if k, ok := fc.shapeKeys[p.shape]; ok {
		return k
	}
	shape := fc.st.shapeOf(p)
	var k string
	switch {
	case shape.sts != nil:
		mx := normMX(shape.sts.MX)
		k = "sts\x00" + shape.sts.Version + "\x00" + string(shape.sts.Mode) + "\x00" + strconv.FormatInt(shape.sts.MaxAge, 10) + "\x00" + strings.Join(mx, "\x00")
	case len(shape.tlsa) > 0:
		k = "tlsa\x00" + strings.Join(normTLSA(shape.tlsa), "\x00")
	}
	fc.shapeKeys[p.shape] = k
	return k
}

// normTLSA writes TLSA records one way (single spaces, lower-case hex),
// sorted and without repeats.
func normTLSA(records []string) []string {
	out := make([]string, 0, len(records))
	for _, r := range records {
		out = append(out, strings.ToLower(strings.Join(strings.Fields(r), " ")))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ---- failure findings

// state is where a problem stands at the end of the reports.
type state int

const (
	stateOver    state = iota // not seen in the newest reports of its policy
	stateNew                  // current, but seen on fewer than OngoingMinDays days
	stateOngoing              // current and seen on OngoingMinDays days or more
)

func (fc *findingCollector) stateOf(e *seen, h *policyHistory) state {
	switch {
	case e.last < fc.current(h)-CurrentWithinDays:
		return stateOver
	case len(e.days) < OngoingMinDays:
		return stateNew
	}
	return stateOngoing
}

// enforced tells whether senders that honour the policy refuse to deliver
// when it fails: always for DANE (RFC 7672 section 2.2), for MTA-STS only
// in enforce mode (RFC 8461 section 5).
func (fc *findingCollector) enforced(typ report.PolicyType, shape uint32) bool {
	switch typ {
	case report.PolicyTLSA:
		return true
	case report.PolicySTS:
		sts := fc.st.shapes[shape].sts
		return sts != nil && sts.Mode == report.ModeEnforce
	}
	return false
}

// failureFindings turns the failure groups into findings, in a list with
// room for more after them.
func (fc *findingCollector) failureFindings(more int) []Finding {
	// Each group is let go once it is a finding: at the end, with the
	// findings' texts written, the groups were a fifth of what a summary
	// held (issue 23).
	groups := fc.order
	fc.groups, fc.order = nil, nil
	out := make([]Finding, 0, len(groups)+more)
	w := new(words)
	for i, g := range groups {
		groups[i] = nil
		h := g.h
		f := fc.base(g.key.kind.kind(), h.typ, h.domain, &g.seen)
		if g.key.subject != 0 {
			f.Subject = fc.st.str(g.key.subject)
		}
		f.Rows.ResultTypes = countNames(g.types)
		switch {
		case f.Subject == "":
		case g.key.byIP:
			f.Rows.ReceivingIPs = []string{f.Subject}
		default:
			f.Rows.MXHosts = []string{f.Subject}
		}
		st := fc.stateOf(&g.seen, h)
		enforced := fc.enforced(h.typ, g.seen.newestShape)
		switch {
		case st == stateOver:
			f.Severity = SeverityInfo
		case enforced && g.key.kind != failPolicyFetchFailing:
			f.Severity = SeverityCritical
		default:
			f.Severity = SeverityWarning
		}
		x := fc.facts(&f, g, h, st, enforced)
		if others, ok := fc.senderSide(g, h); ok {
			fc.describeSenderSide(w, &f, &x, g, h, others)
		} else {
			failureWords[g.key.kind](w, &x)
		}
		f.Title, f.Advice = w.text()
		out = append(out, f)
	}
	return out
}

// base fills what every finding has from its evidence.
func (fc *findingCollector) base(kind FindingKind, typ report.PolicyType, domain sym, e *seen) Finding {
	f := Finding{
		Kind: kind, PolicyType: typ, PolicyDomain: fc.st.str(domain),
		FirstSeen: dayText(e.first), LastSeen: dayText(e.last),
		FailedSessions: e.failed, Reports: e.reports, Reporters: fc.names(e.orgs),
	}
	f.Rows = Filter{From: dayTime(e.first), To: dayTime(e.last)}
	if f.PolicyDomain != "" {
		f.Rows.Domains = []string{f.PolicyDomain}
	}
	return f
}

func (fc *findingCollector) names(syms []sym) []string {
	out := make([]string, 0, len(syms))
	for _, s := range syms {
		out = append(out, plain.Field(fc.st.str(s)))
	}
	slices.Sort(out)
	return out
}

func countNames(cs []Count) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// senderSide tells whether only one reporter saw g's failures while other
// reporters delivered at least SenderSideMinSessions sessions under the
// same policy in the same days; it returns those other reporters. An
// off-policy host is a fact about the policy, whoever noticed it. A single
// sending IP is no such sign: in the RFC 8460 example report each
// failing host is reached from one IP, and the hosts are at fault.
func (fc *findingCollector) senderSide(g *failGroup, h *policyHistory) (others []sym, ok bool) {
	if g.key.kind == failMXNotInPolicy || len(g.seen.orgs) != 1 {
		return nil, false
	}
	var delivered int64
	for _, d := range h.delivered {
		if d.day >= g.seen.first && d.day <= g.seen.last && d.org != g.seen.orgs[0] && d.ok > 0 {
			delivered = AddCounts(delivered, d.ok)
			if !slices.Contains(others, d.org) {
				others = append(others, d.org)
			}
		}
	}
	return others, delivered >= SenderSideMinSessions
}

func (fc *findingCollector) describeSenderSide(w *words, f *Finding, x *failureFacts, g *failGroup, h *policyHistory, others []sym) {
	st := fc.st
	s := senderFacts{reporter: st.str(g.seen.orgs[0]), contact: st.str(g.seen.contacts[0]), others: fc.names(others)}
	for _, d := range h.delivered {
		if d.day >= g.seen.first && d.day <= g.seen.last && d.org != g.seen.orgs[0] {
			s.delivered = AddCounts(s.delivered, d.ok)
		}
	}
	if len(g.ips) == 1 {
		s.sendingIP = st.str(g.ips[0])
	}
	senderSideWords(w, g.key.kind.kind(), f.Subject, x, &s)
	f.Kind, f.Severity = KindSenderSide, SeverityInfo
	f.Subject = plain.Field(s.reporter)
	f.Rows.Organizations = []string{s.reporter}
}

// facts are what g's finding f says about it.
func (fc *findingCollector) facts(f *Finding, g *failGroup, h *policyHistory, st state, enforced bool) failureFacts {
	x := failureFacts{
		site:  Site{Domain: f.PolicyDomain, Policy: h.typ, Since: f.FirstSeen},
		label: fc.label(h.typ, h.domain), resultType: report.ResultType(fc.st.str(g.key.resultType)),
		types: g.types, reasons: g.reasons, failed: g.seen.failed, reports: g.seen.reports, reporters: f.Reporters,
		seen:     timeFacts{first: g.seen.first, last: g.seen.last, days: g.seen.days, state: st},
		enforced: enforced && st != stateOver,
	}
	if g.key.byIP {
		x.site.IP = f.Subject
	} else {
		x.site.Host = f.Subject
	}
	if st == stateOver {
		i, _ := slices.BinarySearch(h.days, g.seen.last+1)
		x.seen.later = len(h.days) - i
		if x.seen.later == 0 {
			x.seen.asOf = fc.asOf // its policy's reports stopped too: over as of then
		}
	}
	if g.key.kind == failMXNotInPolicy {
		x.patterns = fc.st.shapes[g.seen.newestShape].sts.MX
	}
	return x
}

// ---- enforce-readiness

// readiness is one finding per MTA-STS policy whose newest reports saw
// mode testing (RFC 8461 section 5: in testing mode senders deliver even
// when validation fails, and report what would have failed).
func (fc *findingCollector) readiness() []Finding {
	var out []Finding
	for _, h := range fc.horder {
		if h.typ != report.PolicySTS || !h.hasMode || h.newestMode != report.ModeTesting || h.testing.reports == 0 {
			continue
		}
		f := fc.base(KindEnforceReadiness, h.typ, h.domain, &h.testing)
		f.FailedSessions = h.testingFail
		x := readinessFacts{
			domain: f.PolicyDomain, ok: h.testingOK, failed: h.testingFail, reports: h.testing.reports, reporters: f.Reporters,
			first: h.testing.first, end: h.testingEnd, blockers: h.testingBlockers, newest: max(h.newestAt, h.testingEnd),
		}
		switch {
		case h.testingFail > 0 && fc.asOf-x.newest > OverAfterDays:
			// Failures of reports that stopped weeks ago are history, as a
			// failure finding of theirs is over: a 2016 report is no
			// WARNING in 2026.
			f.Severity, x.verdict, x.asOf = SeverityInfo, notReady, fc.asOf
		case h.testingFail > 0:
			f.Severity, x.verdict = SeverityWarning, notReady
		case fc.asOf-x.newest > StaleAfterDays:
			// Judged as of a moment (asof.go): readiness is a claim about
			// now, which days without reports cannot support.
			f.Severity, x.verdict = SeverityInfo, silent
		case int(h.testingEnd-h.testing.first)+1 < ReadyMinDays:
			f.Severity, x.verdict = SeverityWarning, tooShort
		default:
			f.Severity, x.verdict = SeverityInfo, ready
			if sts := fc.st.shapes[h.testing.newestShape].sts; sts != nil && sts.MaxAge < EnforceMaxAge {
				x.maxAge, x.raiseMaxAge = sts.MaxAge, true
			}
		}
		f.Title, f.Advice = readinessWords(&x)
		out = append(out, f)
	}
	return out
}

// ---- policy-changed

// changes is one finding per version of a policy after the first, in the
// order senders first saw them. Senders cache an MTA-STS policy for
// max_age (RFC 8461 section 3.2), so old and new overlap for a while;
// ordering versions by their first day keeps that overlap from reading as
// changes back and forth.
func (fc *findingCollector) changes() []Finding {
	var out []Finding
	for _, h := range fc.horder {
		if len(h.versions) < 2 {
			continue
		}
		vs := make([]*policyVersion, 0, len(h.versions))
		for _, v := range h.versions {
			vs = append(vs, v)
		}
		slices.SortFunc(vs, func(x, y *policyVersion) int {
			return cmp.Or(cmp.Compare(x.seen.first, y.seen.first), cmp.Compare(x.seen.last, y.seen.last), cmp.Compare(x.key, y.key))
		})
		for i := 1; i < len(vs); i++ {
			prev, cur := vs[i-1], vs[i]
			f := fc.base(KindPolicyChanged, h.typ, h.domain, &cur.seen)
			a, b := &fc.st.shapes[prev.shape], &fc.st.shapes[cur.shape]
			f.Severity = SeverityInfo
			// A policy that stops being enforced lets a downgrade through
			// (RFC 8461 section 5): news while that version is the one
			// senders see and the change is recent; a change undone since,
			// or made weeks ago, is history (the readiness finding speaks
			// for a policy that stayed in testing).
			if a.sts != nil && b.sts != nil && a.sts.Mode == report.ModeEnforce && b.sts.Mode != report.ModeEnforce &&
				i == len(vs)-1 && fc.recentChange(&cur.seen, h) {
				f.Severity = SeverityWarning
			}
			x := changeFacts{
				typ: h.typ, domain: f.PolicyDomain, label: fc.label(h.typ, h.domain), before: a, after: b,
				first: cur.seen.first, prevLast: prev.seen.last, reports: cur.seen.reports, reporters: f.Reporters,
			}
			if a.sts != nil {
				x.prevMaxAge = a.sts.MaxAge
			}
			f.Title, f.Advice = changeWords(&x)
			out = append(out, f)
		}
	}
	return out
}

// recentChange tells whether a policy version first seen in e is still
// current (stateOf) and was first seen at most OverAfterDays before the
// day its policy is judged at (current): the days a problem stays news.
func (fc *findingCollector) recentChange(e *seen, h *policyHistory) bool {
	return fc.stateOf(e, h) != stateOver && e.first >= fc.current(h)-OverAfterDays
}

func normMX(mx []string) []string {
	out := make([]string, len(mx))
	for i, m := range mx {
		out[i] = normHost(strings.TrimSpace(m))
	}
	slices.Sort(out)
	return slices.Compact(out)
}
