package analysis

import (
	"cmp"
	"fmt"
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

// SeverityCounts says how many findings there are of each severity, most
// urgent first: "2 critical, 1 warning, 5 info"; empty without findings.
func SeverityCounts(fs []Finding) string {
	var n [3]int
	for _, f := range fs {
		n[f.Severity.Rank()]++
	}
	var parts []string
	for i, noun := range [3][2]string{{"critical", "critical"}, {"warning", "warnings"}, {"info", "info"}} {
		if n[i] > 0 {
			parts = append(parts, plain.Counted(n[i], noun[0], noun[1]))
		}
	}
	return strings.Join(parts, ", ")
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
	fc := newFindingCollector(&s.recs, compileFilter(f))
	fc.asOf = s.judgedAsOf()
	fc.scan()
	out := fc.failureFindings()
	// A filter on hosts, IPs or result types asks about them: findings
	// about a whole policy (its readiness, its changes, its silence) are
	// about none of them.
	if !f.NarrowsFailures() {
		out = append(out, fc.readiness()...)
		out = append(out, fc.changes()...)
		out = append(out, fc.silence()...)
	}
	if f.NarrowsFindings() {
		out = slices.DeleteFunc(out, func(x Finding) bool { return !f.keepsFinding(&x) })
	}
	return sortFindings(out)
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
	i, found := slices.BinarySearch(days, d)
	if found {
		return days
	}
	return slices.Insert(days, i, d)
}

// failKey groups failure details into one finding.
type failKey struct {
	kind       FindingKind
	typ        report.PolicyType
	domain     sym
	subject    sym // host, else receiving IP; 0 for policy-level kinds
	byIP       bool
	resultType sym // for certificate-problem, one finding per problem
}

type failGroup struct {
	key     failKey
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
	histories map[policyKey]*policyHistory
	horder    []*policyHistory
	shapeKeys map[uint32]string
	offMemo   map[hostShape]bool // see offPolicy
	people    map[sym]string     // see label
	asOf      int32              // the day findings are judged as of; see Snapshot.SetAsOf
}

func newFindingCollector(st *store, c *compiledFilter) *findingCollector {
	return &findingCollector{st: st, c: c, groups: map[failKey]*failGroup{}, histories: map[policyKey]*policyHistory{}, shapeKeys: map[uint32]string{}}
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

func (fc *findingCollector) history(p *policyRec) *policyHistory {
	k := policyKey{fc.st.policyType(p), p.domain}
	h := fc.histories[k]
	if h == nil {
		h = &policyHistory{typ: k.typ, domain: p.domain, versions: map[string]*policyVersion{}, testing: newSeen()}
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
				cause := plain.Field(st.str(fd.resultType))
				if fd.mx != 0 {
					cause += " on " + st.str(fd.mx)
				}
				h.testingBlockers = addCount(h.testingBlockers, cause, fd.failed)
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
			fc.addFailure(failKey{kind: KindMXNotInPolicy, typ: st.policyType(p), domain: p.domain, subject: fd.mx}, ri, r, p, fd)
		}
		// Reporters give an off-policy host as validation-failure (Google's
		// MX_HOSTS_MISMATCH): the off-policy finding already says it.
		if key, ok := fc.failureKey(p, fd); ok && !(offPolicy && key.kind == KindValidationFailure) {
			fc.addFailure(key, ri, r, p, fd)
		}
	}
}

// failureKey says which finding a failure detail belongs to, by its result
// type (RFC 8460 section 4.3) and policy type.
func (fc *findingCollector) failureKey(p *policyRec, fd *failureRec) (failKey, bool) {
	k := failKey{typ: fc.st.policyType(p), domain: p.domain, subject: fd.mx}
	if k.subject == 0 {
		k.subject, k.byIP = fd.receivingIP, true
	}
	switch fc.st.str(fd.resultType) {
	case "certificate-expired", "certificate-not-trusted", "certificate-host-mismatch":
		k.kind, k.resultType = KindCertificateProblem, fd.resultType
	case "starttls-not-supported":
		k.kind = KindStartTLSMissing
	case "tlsa-invalid", "dnssec-invalid", "dane-required":
		k.kind = KindDANEMismatch
	case "validation-failure":
		k.kind = KindValidationFailure
		if p.typ == symTLSA {
			k.kind = KindDANEMismatch // RFC 7672: the certificate matched no TLSA record
		}
	case "sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid":
		k.kind, k.subject, k.byIP = KindPolicyFetchFailing, 0, false
	default:
		return k, false
	}
	return k, true
}

func (fc *findingCollector) addFailure(k failKey, ri int, r *reportRec, p *policyRec, fd *failureRec) {
	g := fc.groups[k]
	if g == nil {
		g = &failGroup{key: k, seen: newSeen()}
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
		mx := make([]string, len(shape.sts.MX))
		for i, m := range shape.sts.MX {
			mx[i] = normHost(strings.TrimSpace(m))
		}
		slices.Sort(mx)
		mx = slices.Compact(mx)
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

func (fc *findingCollector) failureFindings() []Finding {
	out := make([]Finding, 0, len(fc.order))
	for _, g := range fc.order {
		h := fc.histories[policyKey{g.key.typ, g.key.domain}]
		f := fc.base(g.key.kind, g.key.typ, g.key.domain, &g.seen)
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
		enforced := fc.enforced(g.key.typ, g.seen.newestShape)
		switch {
		case st == stateOver:
			f.Severity = SeverityInfo
		case enforced && g.key.kind != KindPolicyFetchFailing:
			f.Severity = SeverityCritical
		default:
			f.Severity = SeverityWarning
		}
		if others, ok := fc.senderSide(g, h); ok {
			fc.describeSenderSide(&f, g, h, others)
		} else {
			fc.describe(&f, g, h, st, enforced)
		}
		out = append(out, f)
	}
	return out
}

// base fills what every finding has from its evidence.
func (fc *findingCollector) base(kind FindingKind, typ report.PolicyType, domain sym, e *seen) Finding {
	f := Finding{
		Kind: kind, PolicyType: typ, PolicyDomain: fc.st.str(domain),
		FirstSeen: dayTime(e.first).Format(DayFormat), LastSeen: dayTime(e.last).Format(DayFormat),
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
	if g.key.kind == KindMXNotInPolicy || len(g.seen.orgs) != 1 {
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

func (fc *findingCollector) describeSenderSide(f *Finding, g *failGroup, h *policyHistory, others []sym) {
	st := fc.st
	reporter := st.str(g.seen.orgs[0])
	what := fc.problem(g)
	where := ""
	if f.Subject != "" {
		where = " on " + f.Subject
	}
	var delivered int64
	for _, d := range h.delivered {
		if d.day >= g.seen.first && d.day <= g.seen.last && d.org != g.seen.orgs[0] {
			delivered = AddCounts(delivered, d.ok)
		}
	}
	from := ""
	if len(g.ips) == 1 {
		from = " from " + st.str(g.ips[0])
	}
	f.Kind, f.Severity = KindSenderSide, SeverityInfo
	f.Subject = plain.Field(reporter)
	f.Rows.Organizations = []string{reporter}
	f.Title = fmt.Sprintf("Only %s saw %s%s for %s (%s%s, %s), while %s delivered %s to it over TLS those days.",
		plain.Field(reporter), what, where, fc.label(g.key.typ, g.key.domain), plain.Counted(g.seen.failed, "failed session", "failed sessions"),
		from, fc.period(&g.seen), joinNames(fc.names(others)), plain.Counted(delivered, "session", "sessions"))
	contact := ""
	if c := st.str(g.seen.contacts[0]); c != "" {
		contact = " (" + c + ")"
	}
	f.Advice = fmt.Sprintf("Probably a problem on %s's side (an outdated CA bundle, a broken resolver, a proxy in its path): nothing to change in DNS while other senders succeed. If it lasts, write to %s%s with the report-ids, and look again if other reporters start to see it.",
		plain.Field(reporter), plain.Field(reporter), contact)
}

// problem names g's failure in a few words.
func (fc *findingCollector) problem(g *failGroup) string {
	switch g.key.kind {
	case KindCertificateProblem:
		return strings.ToLower(DescribeResultType(fc.st.str(g.key.resultType)).Title)
	case KindStartTLSMissing:
		return "no STARTTLS"
	case KindDANEMismatch:
		return "DANE failures (" + joinCounts(g.types) + ")"
	case KindValidationFailure:
		return "TLS validation failures"
	case KindPolicyFetchFailing:
		return "MTA-STS policy failures (" + joinCounts(g.types) + ")"
	}
	return string(g.key.kind)
}

// period says when a problem was seen, and whether it still is.
func (fc *findingCollector) period(e *seen) string {
	first, last := dayTime(e.first).Format(DayFormat), dayTime(e.last).Format(DayFormat)
	if e.first == e.last {
		return "on " + first
	}
	return first + " to " + last + " on " + plain.Counted(len(e.days), "day", "days")
}

// when is period with where the problem stands.
func (fc *findingCollector) when(e *seen, h *policyHistory, st state) string {
	first, last := dayTime(e.first).Format(DayFormat), dayTime(e.last).Format(DayFormat)
	switch {
	case st == stateOngoing:
		return fmt.Sprintf("since %s (on %s), %s", first, plain.Counted(len(e.days), "day", "days"), fc.status(e, h, st))
	case e.first == e.last:
		return fmt.Sprintf("on %s only, %s", first, fc.status(e, h, st))
	}
	return fmt.Sprintf("from %s to %s on %s, %s", first, last, plain.Counted(len(e.days), "day", "days"), fc.status(e, h, st))
}

// status says in a few words where a problem stands.
func (fc *findingCollector) status(e *seen, h *policyHistory, st state) string {
	switch st {
	case stateOngoing:
		return "still seen on " + dayTime(e.last).Format(DayFormat)
	case stateNew:
		return "new in the newest reports"
	}
	i, _ := slices.BinarySearch(h.days, e.last+1)
	if i == len(h.days) {
		return fc.overSince(e)
	}
	return "not seen since (" + plain.Counted(len(h.days)-i, "day", "days") + " of later reports)"
}

func (fc *findingCollector) describe(f *Finding, g *failGroup, h *policyHistory, st state, enforced bool) {
	host := f.Subject
	if host == "" {
		host = "the MX hosts"
	}
	if g.key.byIP && f.Subject != "" {
		host = "the MX host at " + f.Subject
	}
	label := fc.label(g.key.typ, g.key.domain)
	domain := f.PolicyDomain
	sessions := plain.Counted(g.seen.failed, "failed session", "failed sessions")
	reporters := fmt.Sprintf("%s from %s", plain.Counted(g.seen.reports, "report", "reports"), joinNames(f.Reporters))
	when := fc.when(&g.seen, h, st)
	consequence := ""
	if enforced && st != stateOver {
		consequence = " Senders that honour the policy do not deliver to it."
	}
	switch g.key.kind {
	case KindMXNotInPolicy:
		patterns := fc.st.shapes[g.seen.newestShape].sts.MX
		f.Title = fmt.Sprintf("%s received mail for %s but matches none of its MTA-STS mx: patterns (%s): %s in %s, %s.",
			host, domain, strings.Join(patterns, ", "), sessions, reporters, when)
		f.Advice = fmt.Sprintf("Add \"mx: %s\" (or a *. pattern for its parent domain; it matches one label only, RFC 8461 section 4.1) to https://mta-sts.%s/.well-known/mta-sts.txt and change the id in the _mta-sts.%s TXT record; if %s should not receive mail, remove it from the MX records of %s.%s",
			f.Subject, domain, domain, f.Subject, domain, consequence)
	case KindCertificateProblem:
		rt := fc.st.str(g.key.resultType)
		f.Title = fmt.Sprintf("%s on %s (%s): %s in %s, %s.", DescribeResultType(rt).Title, host, label, sessions, reporters, when)
		f.Advice = certificateAdvice(rt, host, g.key.typ) + consequence
	case KindStartTLSMissing:
		f.Title = fmt.Sprintf("%s did not offer STARTTLS (%s): %s in %s, %s.", host, label, sessions, reporters, when)
		f.Advice = fmt.Sprintf("Enable STARTTLS with a valid certificate on %s (in Postfix, smtpd_tls_cert_file, smtpd_tls_key_file and smtpd_tls_security_level = may) and check that no firewall or proxy strips STARTTLS from its EHLO reply.%s", host, consequence)
	case KindDANEMismatch:
		f.Title = fmt.Sprintf("DANE failed on %s (%s: %s): %s in %s, %s.", host, label, joinCounts(g.types), sessions, reporters, when)
		f.Advice = daneAdvice(g, host, f.FirstSeen) + consequence
	case KindValidationFailure:
		reasons := ""
		if len(g.reasons) > 0 {
			reasons = "; reasons: " + joinCounts(g.reasons)
		}
		f.Title = fmt.Sprintf("TLS validation failed on %s (%s%s): %s in %s, %s.", host, label, reasons, sessions, reporters, when)
		f.Advice = fmt.Sprintf("Check the certificate chain %s serves (every intermediate, in order), the TLS versions and ciphers it offers, and the reason codes above; openssl s_client -starttls smtp -connect %s:25 shows what senders see.%s", host, f.Subject, consequence)
	case KindPolicyFetchFailing:
		f.Title = fmt.Sprintf("%s could not use the MTA-STS policy of %s (%s): %s in %s, on %s; %s.",
			plain.Counted(len(f.Reporters), "reporter", "reporters"), domain, joinCounts(g.types), sessions,
			reporters, fc.dayList(g.seen.days), fc.status(&g.seen, h, st))
		f.Advice = fetchAdvice(g, domain)
	}
}

func certificateAdvice(rt, host string, typ report.PolicyType) string {
	var s string
	switch rt {
	case "certificate-expired":
		s = fmt.Sprintf("Renew the certificate of %s, reload the mail server so it serves the new one, and automate renewal with an expiry alert.", host)
	case "certificate-not-trusted":
		s = fmt.Sprintf("Serve on %s a certificate from a public CA with its full chain (the intermediates in the mail server's certificate file, after the server certificate).", host)
	default:
		s = fmt.Sprintf("Serve on %s a certificate whose subject alternative names include %s, the name in the MX record and in the MTA-STS mx: lines.", host, host)
	}
	if typ == report.PolicyTLSA {
		s += " Publish TLSA records for the new certificate's key before it goes live."
	}
	return s
}

func daneAdvice(g *failGroup, host, first string) string {
	if slices.ContainsFunc(g.types, func(c Count) bool { return c.Name == "dnssec-invalid" }) {
		return fmt.Sprintf("The DNSSEC chain for %s failed, first on %s: check the DS record at the parent zone and that the signatures have not expired (a DNSSEC debugger shows where the chain breaks).", host, first)
	}
	return fmt.Sprintf("The usual cause is a certificate or key rotated on %s without new TLSA records at _25._tcp.%s, first on %s: publish a TLSA record for the key now served (3 1 1 with its SHA-256) next to the old one, and from now on publish the next key's record at least two TTLs before each rotation.", host, host, first)
}

func fetchAdvice(g *failGroup, domain string) string {
	url := "https://mta-sts." + domain + "/.well-known/mta-sts.txt"
	var parts []string
	for _, c := range g.types {
		switch c.Name {
		case "sts-webpki-invalid":
			parts = append(parts, "serve mta-sts."+domain+" with a publicly trusted certificate that names it")
		case "sts-policy-invalid":
			parts = append(parts, "make "+url+" a valid policy (version: STSv1, mode, one mx: line per host, max_age), served as text/plain")
		default:
			parts = append(parts, "check that "+url+" answers HTTP 200 over IPv4 and IPv6 without redirects")
		}
	}
	s := "An outage of mta-sts." + domain + ": " + strings.Join(parts, "; ") + "."
	if len(g.reasons) > 0 {
		s += " Reporters said: " + joinCounts(g.reasons) + "."
	}
	return s
}

// dayList names days, the first ListedDays of them.
func (fc *findingCollector) dayList(days []int32) string {
	names := make([]string, 0, min(len(days), ListedDays))
	for _, d := range days[:min(len(days), ListedDays)] {
		names = append(names, dayTime(d).Format(DayFormat))
	}
	if more := len(days) - len(names); more > 0 {
		return strings.Join(names, ", ") + " and " + plain.Counted(more, "more day", "more days")
	}
	return joinNames(names)
}

// joinNames writes "a", "a and b", "a, b and c", "a, b, c and 2 others".
func joinNames(names []string) string {
	if len(names) > ListedItems {
		return strings.Join(names[:ListedItems], ", ") + " and " + plain.Counted(len(names)-ListedItems, "other", "others")
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// joinCounts writes counts most first: "certificate-expired 100, starttls-not-supported 3".
func joinCounts(cs []Count) string {
	cs = slices.Clone(cs)
	slices.SortFunc(cs, func(x, y Count) int { return cmp.Or(cmp.Compare(y.Failed, x.Failed), cmp.Compare(x.Name, y.Name)) })
	parts := make([]string, 0, min(len(cs), ListedItems))
	for _, c := range cs[:min(len(cs), ListedItems)] {
		parts = append(parts, plain.Field(c.Name)+" "+plain.Count(c.Failed))
	}
	if more := len(cs) - len(parts); more > 0 {
		parts = append(parts, plain.Counted(more, "other", "others"))
	}
	return strings.Join(parts, ", ")
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
		// People read the domain in Unicode; DNS names and URLs keep punycode.
		domain, shown := f.PolicyDomain, DomainForPeople(f.PolicyDomain)
		days := int(h.testingEnd-h.testing.first) + 1
		total := AddCounts(h.testingOK, h.testingFail)
		evidence := fmt.Sprintf("%s in %s from %s, %s to %s",
			plain.Counted(total, "session", "sessions"), plain.Counted(h.testing.reports, "report", "reports"),
			joinNames(f.Reporters), f.FirstSeen, dayTime(h.testingEnd).Format(DayFormat))
		policyFile := "https://mta-sts." + domain + "/.well-known/mta-sts.txt"
		switch {
		case h.testingFail > 0:
			f.Severity = SeverityWarning
			f.Title = fmt.Sprintf("%s is in MTA-STS testing mode and not ready for enforce: %s of %s (%s) would have failed (%s).",
				shown, plain.Count(h.testingFail), plain.Counted(total, "session", "sessions"),
				plain.Rate(h.testingFail, h.testingOK), blockers(h))
			f.Advice = fmt.Sprintf("Fix the failures listed (see the other findings for %s) and keep mode: testing in %s until %d days of reports show none; evidence: %s.",
				shown, policyFile, ReadyMinDays, evidence)
		case days < ReadyMinDays:
			f.Severity = SeverityWarning
			f.Title = fmt.Sprintf("%s is in MTA-STS testing mode with no failure in %s, but the reports cover only %s (%d needed before enforce).",
				shown, plain.Counted(total, "session", "sessions"), plain.Counted(days, "day", "days"), ReadyMinDays)
			f.Advice = fmt.Sprintf("Keep mode: testing in %s and load more reports: %d days without a failure show every sender and MX host at work; evidence so far: %s.",
				policyFile, ReadyMinDays, evidence)
		default:
			f.Severity = SeverityInfo
			f.Title = fmt.Sprintf("%s is ready for MTA-STS enforce: no failure in %s over %s from %s.",
				shown, plain.Counted(total, "session", "sessions"), plain.Counted(days, "day", "days"), plain.Counted(len(f.Reporters), "reporter", "reporters"))
			f.Advice = fmt.Sprintf("Set mode: enforce in %s, change the id in the _mta-sts.%s TXT record so senders fetch it, and keep reading these reports.",
				policyFile, domain)
			if sts := fc.st.shapes[h.testing.newestShape].sts; sts != nil && sts.MaxAge < EnforceMaxAge {
				f.Advice += fmt.Sprintf(" Once enforce holds, raise max_age (now %s) to at least %d (%s): a short max_age lets an attacker who blocks the policy fetch downgrade senders sooner (RFC 8461 section 3.2).",
					maxAgeText(sts.MaxAge), EnforceMaxAge, plain.MaxAge(EnforceMaxAge))
			}
		}
		out = append(out, f)
	}
	return out
}

// blockers names what would have failed, most first.
func blockers(h *policyHistory) string {
	if len(h.testingBlockers) == 0 {
		return "the reports give no failure details"
	}
	return joinCounts(h.testingBlockers)
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
			what, weaker := fc.diff(prev, cur)
			f.Severity = SeverityInfo
			if weaker {
				f.Severity = SeverityWarning
			}
			overlap := ""
			if prev.seen.last >= cur.seen.first {
				overlap = fmt.Sprintf("; the previous policy was still seen until %s", dayTime(prev.seen.last).Format(DayFormat))
			}
			f.Title = fmt.Sprintf("The %s policy senders saw changed on %s: %s (%s%s).",
				fc.label(h.typ, h.domain), f.FirstSeen, what,
				plain.Counted(cur.seen.reports, "report", "reports")+" from "+joinNames(f.Reporters), overlap)
			f.Advice = fc.changeAdvice(h, prev, cur)
			out = append(out, f)
		}
	}
	return out
}

// diff says what changed between two versions, and whether MTA-STS mode
// went from enforce to something weaker.
func (fc *findingCollector) diff(prev, cur *policyVersion) (string, bool) {
	a, b := &fc.st.shapes[prev.shape], &fc.st.shapes[cur.shape]
	var parts []string
	weaker := false
	if a.sts != nil && b.sts != nil {
		if a.sts.Mode != b.sts.Mode {
			parts = append(parts, fmt.Sprintf("mode %s → %s", modeWord(a.sts.Mode), modeWord(b.sts.Mode)))
			weaker = a.sts.Mode == report.ModeEnforce
		}
		parts = append(parts, setChange("mx", normMX(a.sts.MX), normMX(b.sts.MX))...)
		if a.sts.MaxAge != b.sts.MaxAge {
			parts = append(parts, fmt.Sprintf("max_age %s → %s", maxAgeText(a.sts.MaxAge), maxAgeText(b.sts.MaxAge)))
		}
		if a.sts.Version != b.sts.Version {
			parts = append(parts, fmt.Sprintf("version %q → %q", a.sts.Version, b.sts.Version))
		}
	} else {
		parts = append(parts, setChange("TLSA records", shortTLSA(a.tlsa), shortTLSA(b.tlsa))...)
	}
	return strings.Join(parts, "; "), weaker
}

func normMX(mx []string) []string {
	out := make([]string, len(mx))
	for i, m := range mx {
		out[i] = normHost(strings.TrimSpace(m))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// shortTLSA writes each record with its data cut to 12 hex digits, enough
// to tell records apart in a sentence.
func shortTLSA(records []string) []string {
	out := normTLSA(records)
	for i, r := range out {
		fields := strings.Fields(r)
		if n := len(fields); n > 0 && len(fields[n-1]) > 12 {
			fields[n-1] = fields[n-1][:12] + "…"
		}
		out[i] = strings.Join(fields, " ")
	}
	return out
}

// setChange says what was added to and removed from a sorted list.
func setChange(name string, before, after []string) []string {
	var added, removed []string
	for _, x := range after {
		if _, ok := slices.BinarySearch(before, x); !ok {
			added = append(added, x)
		}
	}
	for _, x := range before {
		if _, ok := slices.BinarySearch(after, x); !ok {
			removed = append(removed, x)
		}
	}
	var parts []string
	if len(added) > 0 {
		parts = append(parts, name+" added "+joinNames(added))
	}
	if len(removed) > 0 {
		parts = append(parts, name+" removed "+joinNames(removed))
	}
	return parts
}

// maxAgeText and modeWord write a policy's max_age and mode, or say that
// the policy-string had none.
func maxAgeText(s int64) string {
	if s < 0 {
		return "missing"
	}
	return plain.MaxAge(s)
}

func modeWord(m report.STSMode) string {
	if m == report.ModeUnknown {
		return "missing"
	}
	return string(m)
}

func (fc *findingCollector) changeAdvice(h *policyHistory, prev, cur *policyVersion) string {
	domain := fc.st.str(h.domain)
	if h.typ == report.PolicyTLSA {
		return fmt.Sprintf("Check that the change was meant: every MX host of %s must serve a certificate matching one of the new TLSA records; DANE failures from %s on point to a mismatch.",
			domain, dayTime(cur.seen.first).Format(DayFormat))
	}
	s := fmt.Sprintf("Check that the change was meant and that https://mta-sts.%s/.well-known/mta-sts.txt serves this policy from every address.", domain)
	if old := fc.st.shapes[prev.shape].sts; old != nil && old.MaxAge > 0 {
		until := dayTime(cur.seen.first + int32(min(old.MaxAge/secondsPerDay+1, 1<<20)))
		s += fmt.Sprintf(" Senders may keep the previous policy until its max_age (%s) runs out, about %s; keep every host it lists receiving mail until then.",
			maxAgeText(old.MaxAge), until.Format(DayFormat))
	}
	return s
}
