package analysis

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/plain"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// The words of the findings. The rules (findings.go, silence.go) decide
// what a finding is, how urgent and what it rests on, and hand the facts
// here; these functions only write them as a title and advice. The advice
// for a result type is its entry in the one table of result types
// (resulttypes.go), which the Failures tab shows too.

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

// MutedApart is what follows the counts of the findings not muted: ", 2
// muted", or nothing. The muted are counted apart, never by severity: the
// user chose not to be told of them again.
func MutedApart(n int) string {
	if n == 0 {
		return ""
	}
	return ", " + plain.Counted(n, "muted", "muted")
}

// CountsMutedApart says how many of the findings shown (those not muted)
// there are of each severity, and the muted apart: "1 critical, 2 muted",
// "2 muted" when all are muted, "" without any. The window's list header,
// its groups and its banner say the counts this one way.
func CountsMutedApart(shown []Finding, muted int) string {
	counts := SeverityCounts(shown)
	if counts == "" {
		return strings.TrimPrefix(MutedApart(muted), ", ")
	}
	return counts + MutedApart(muted)
}

// failureFacts are what a failure finding says.
type failureFacts struct {
	site           Site              // the host or IP, the policy, the first day
	label          string            // the policy, as people read it
	resultType     report.ResultType // of a certificate problem
	types, reasons []Count           // result types and reason codes, failed sessions each
	failed         int64
	reports        int
	reporters      []string
	seen           timeFacts
	enforced       bool     // current, and senders that honour the policy do not deliver
	patterns       []string // the mx: patterns an off-policy host matches none of
}

// timeFacts say when a problem was seen and where it stands.
type timeFacts struct {
	first, last int32   // UTC start days of the first and last report
	days        []int32 // distinct start days
	state       state
	later       int   // days of later reports of its policy
	asOf        int32 // the day judged as of, when over without later reports
}

// words is the buffer a failure finding's title and then its advice are
// written into, then copied into chunks of wordsChunk bytes that the texts
// of many findings are cut from. Joined from parts (fmt.Sprintf, +,
// plain.Counted), each an allocation and a copy, they were most of the
// cost of turning failure groups into findings, thousands on a year of
// reports (issue 23), and a string of its own for each finding was still a
// sixth of the findings' CPU in summary. A strings.Builder hands out what
// it holds without a copy and never writes over it again.
type words struct {
	b     []byte
	title int // the title's length, once written
	chunk strings.Builder
}

// wordsChunk is large against a finding's 300 to 1,100 bytes, and small
// enough that a text kept alone (a notification's headline) keeps little
// else.
const wordsChunk = 16 << 10

func (w *words) s(parts ...string) {
	for _, p := range parts {
		w.b = append(w.b, p...)
	}
}

func (w *words) counted(n int64, one, many string) { w.b = plain.AppendCounted(w.b, n, one, many) }

// endTitle ends the title: what follows is the advice.
func (w *words) endTitle() { w.title = len(w.b) }

// text is the title and the advice written, and empties w for the next.
// A text starts a new chunk when it does not fit in what is left of the
// last, so that no chunk is copied.
func (w *words) text() (title, advice string) {
	if w.chunk.Cap()-w.chunk.Len() < len(w.b) {
		w.chunk.Reset()
		w.chunk.Grow(max(wordsChunk, len(w.b)))
	}
	start := w.chunk.Len()
	w.chunk.Write(w.b)
	s := w.chunk.String()[start:]
	w.b = w.b[:0]
	return s[:w.title], s[w.title:]
}

// failureWords writes each kind of failure finding: its title, then its
// advice.
var failureWords = [...]func(w *words, x *failureFacts){
	failMXNotInPolicy: func(w *words, x *failureFacts) {
		d := x.site.Domain
		w.s(x.site.where(), " received mail for ", d, " but matches none of its MTA-STS mx: patterns (")
		w.list(x.patterns, ", ")
		w.s("): ")
		x.evidence(w)
		w.s(".")
		w.endTitle()
		w.s("Add \"mx: ", x.site.Host, "\" (or a *. pattern for its parent domain; it matches one label only, RFC 8461 section 4.1) to ", policyFile(d),
			" and change the id in the _mta-sts.", d, " TXT record; if ", x.site.Host, " should not receive mail, remove it from the MX records of ", d, ".")
		x.consequence(w)
	},
	failCertificateProblem: func(w *words, x *failureFacts) {
		w.s(DescribeResultType(string(x.resultType)).Title, " on ", x.site.where(), " (", x.label, "): ")
		x.evidenceThenFix(w, x.resultType)
	},
	failStartTLSMissing: func(w *words, x *failureFacts) {
		w.s(x.site.where(), " did not offer STARTTLS (", x.label, "): ")
		x.evidenceThenFix(w, report.StartTLSNotSupported)
	},
	failDANEMismatch: func(w *words, x *failureFacts) {
		// A broken DNSSEC chain explains the rest; without one, the usual
		// cause is TLSA records that no longer match.
		rt := report.TLSAInvalid
		if slices.ContainsFunc(x.types, func(c Count) bool { return c.Name == string(report.DNSSECInvalid) }) {
			rt = report.DNSSECInvalid
		}
		w.s("DANE failed on ", x.site.where(), " (", x.label, ": ")
		w.counts(x.types)
		w.s("): ")
		x.evidenceThenFix(w, rt)
	},
	failValidationFailure: func(w *words, x *failureFacts) {
		w.s("TLS validation failed on ", x.site.where(), " (", x.label)
		if len(x.reasons) > 0 {
			w.s("; reasons: ")
			w.counts(x.reasons)
		}
		w.s("): ")
		x.evidenceThenFix(w, report.ValidationFailure)
	},
	failPolicyFetchFailing: func(w *words, x *failureFacts) {
		d := x.site.Domain
		w.counted(int64(len(x.reporters)), "reporter", "reporters")
		w.s(" could not use the MTA-STS policy of ", d, " (")
		w.counts(x.types)
		w.s("): ")
		x.sessions(w)
		w.s(" in ")
		x.from(w)
		w.s(", on ")
		w.days(x.seen.days)
		w.s("; ")
		x.seen.status(w)
		w.s(".")
		w.endTitle()
		w.s("An outage of mta-sts.", d, ": ")
		for i, c := range x.types {
			if i > 0 {
				w.s("; ")
			}
			w.s(clause(DescribeResultType(c.Name).Fix(x.site)))
		}
		w.s(".")
		if len(x.reasons) > 0 {
			w.s(" Reporters said: ")
			w.counts(x.reasons)
			w.s(".")
		}
	},
}

func (x *failureFacts) sessions(w *words) { w.counted(x.failed, "failed session", "failed sessions") }

// from is "3 reports from A, B and C".
func (x *failureFacts) from(w *words) {
	w.counted(int64(x.reports), "report", "reports")
	w.s(" from ")
	w.names(x.reporters)
}

// evidence is "12 failed sessions in 3 reports from A and B, since …".
func (x *failureFacts) evidence(w *words) {
	x.sessions(w)
	w.s(" in ")
	x.from(w)
	w.s(", ")
	x.seen.when(w)
}

// evidenceThenFix ends the title with the evidence and writes the advice:
// the fix of result type rt (resulttypes.go), then the consequence.
func (x *failureFacts) evidenceThenFix(w *words, rt report.ResultType) {
	x.evidence(w)
	w.s(".")
	w.endTitle()
	w.s(DescribeResultType(string(rt)).Fix(x.site))
	x.consequence(w)
}

func (x *failureFacts) consequence(w *words) {
	if x.enforced {
		w.s(" Senders that honour the policy do not deliver to it.")
	}
}

// problem names a failure in a few words.
func (x *failureFacts) problem(w *words, kind FindingKind) {
	switch kind {
	case KindCertificateProblem:
		w.s(strings.ToLower(DescribeResultType(string(x.resultType)).Title))
	case KindStartTLSMissing:
		w.s("no STARTTLS")
	case KindDANEMismatch:
		w.s("DANE failures (")
		w.counts(x.types)
		w.s(")")
	case KindValidationFailure:
		w.s("TLS validation failures")
	case KindPolicyFetchFailing:
		w.s("MTA-STS policy failures (")
		w.counts(x.types)
		w.s(")")
	default:
		w.s(string(kind))
	}
}

// senderFacts are what a sender-side finding says, besides its failure.
type senderFacts struct {
	reporter, contact string   // as the report wrote them
	sendingIP         string   // the one sending IP, or empty
	others            []string // the reporters that delivered
	delivered         int64    // their sessions over TLS
}

func senderSideWords(w *words, kind FindingKind, subject string, x *failureFacts, s *senderFacts) {
	reporter := plain.Field(s.reporter)
	w.s("Only ", reporter, " saw ")
	x.problem(w, kind)
	if subject != "" {
		w.s(" on ", subject)
	}
	w.s(" for ", x.label, " (")
	x.sessions(w)
	if s.sendingIP != "" {
		w.s(" from ", s.sendingIP)
	}
	w.s(", ")
	x.seen.period(w)
	w.s("), while ")
	w.names(s.others)
	w.s(" delivered ")
	w.counted(s.delivered, "session", "sessions")
	w.s(" to it over TLS those days.")
	w.endTitle()
	w.s("Probably a problem on ", reporter, "'s side (an outdated CA bundle, a broken resolver, a proxy in its path): nothing to change in DNS while other senders succeed. If it lasts, write to ", reporter)
	if s.contact != "" {
		w.s(" (", s.contact, ")")
	}
	w.s(" with the report-ids, and look again if other reporters start to see it.")
}

// period says when a problem was seen.
func (t *timeFacts) period(w *words) {
	if t.first == t.last {
		w.s("on ", dayText(t.first))
		return
	}
	w.s(dayText(t.first), " to ", dayText(t.last), " on ")
	w.counted(int64(len(t.days)), "day", "days")
}

// when is period with where the problem stands.
func (t *timeFacts) when(w *words) {
	switch {
	case t.state == stateOngoing:
		w.s("since ", dayText(t.first), " (on ")
		w.counted(int64(len(t.days)), "day", "days")
		w.s("), ")
	case t.first == t.last:
		w.s("on ", dayText(t.first), " only, ")
	default:
		w.s("from ", dayText(t.first), " to ", dayText(t.last), " on ")
		w.counted(int64(len(t.days)), "day", "days")
		w.s(", ")
	}
	t.status(w)
}

// status says in a few words where a problem stands.
func (t *timeFacts) status(w *words) {
	switch {
	case t.state == stateOngoing:
		w.s("still seen on ", dayText(t.last))
	case t.state == stateNew:
		w.s("new in the newest reports")
	case t.later == 0:
		w.s("over: last reported ")
		w.counted(int64(t.asOf-t.last), "day", "days")
		w.s(" before ", dayText(t.asOf))
	default:
		w.s("not seen since (")
		w.counted(int64(t.later), "day", "days")
		w.s(" of later reports)")
	}
}

// days names days, the first ListedDays of them.
func (w *words) days(days []int32) {
	var names [ListedDays]string
	for i, d := range days[:min(len(days), ListedDays)] {
		names[i] = dayText(d)
	}
	if more := len(days) - ListedDays; more > 0 {
		w.list(names[:], ", ")
		w.s(" and ")
		w.counted(int64(more), "more day", "more days")
		return
	}
	w.names(names[:len(days)])
}

// list writes names with sep between them, as strings.Join does.
func (w *words) list(names []string, sep string) {
	for i, n := range names {
		if i > 0 {
			w.s(sep)
		}
		w.s(n)
	}
}

// joinNames writes "a", "a and b", "a, b and c", "a, b, c and 2 others".
func joinNames(names []string) string {
	var w words
	w.names(names)
	return string(w.b)
}

func (w *words) names(names []string) {
	switch {
	case len(names) > ListedItems:
		w.list(names[:ListedItems], ", ")
		w.s(" and ")
		w.counted(int64(len(names)-ListedItems), "other", "others")
	case len(names) <= 1:
		w.list(names, "")
	default:
		w.list(names[:len(names)-1], ", ")
		w.s(" and ", names[len(names)-1])
	}
}

// joinCounts writes counts most first: "certificate-expired 100, starttls-not-supported 3".
func joinCounts(cs []Count) string {
	var w words
	w.counts(cs)
	return string(w.b)
}

func (w *words) counts(cs []Count) {
	var room [8]Count
	cs = append(room[:0], cs...)
	slices.SortFunc(cs, func(x, y Count) int { return cmp.Or(cmp.Compare(y.Failed, x.Failed), cmp.Compare(x.Name, y.Name)) })
	for i, c := range cs[:min(len(cs), ListedItems)] {
		if i > 0 {
			w.s(", ")
		}
		w.s(plain.Field(c.Name), " ")
		w.b = plain.AppendCount(w.b, c.Failed)
	}
	if more := len(cs) - ListedItems; more > 0 {
		w.s(", ")
		w.counted(int64(more), "other", "others")
	}
}

// ---- enforce-readiness

// verdict is where an MTA-STS policy in testing mode stands.
type verdict int

const (
	notReady verdict = iota // something would have failed
	tooShort                // no failure, but fewer than ReadyMinDays days of reports
	ready                   // no failure in ReadyMinDays days or more
	silent                  // no failure, but no report for StaleAfterDays as of the day judged
)

// readinessFacts are what an enforce-readiness finding says.
type readinessFacts struct {
	verdict     verdict
	domain      string // punycode
	ok, failed  int64  // sessions in the testing-mode reports
	reports     int
	reporters   []string
	first, end  int32 // the first day and the last day the reports cover
	newest      int32 // the last day the policy's reports cover, for silent
	asOf        int32 // the day judged as of, when the reports stopped weeks before it; else 0
	blockers    []Count
	maxAge      int64 // of the newest policy
	raiseMaxAge bool  // maxAge is below EnforceMaxAge
}

// blocker names what would have failed under enforce: "certificate-expired
// on mx1.example.com", or the result type alone without a host.
func blocker(resultType, host string) string {
	if host == "" {
		return plain.Field(resultType)
	}
	return plain.Field(resultType) + " on " + host
}

func readinessWords(x *readinessFacts) (title, advice string) {
	shown := DomainForPeople(x.domain) // people read Unicode; DNS names and URLs keep punycode
	days := int(x.end-x.first) + 1
	total := AddCounts(x.ok, x.failed)
	sessions := plain.Counted(total, "session", "sessions")
	evidence := fmt.Sprintf("%s in %s from %s, %s to %s",
		sessions, plain.Counted(x.reports, "report", "reports"), joinNames(x.reporters), dayText(x.first), dayText(x.end))
	file := policyFile(x.domain)
	switch x.verdict {
	case notReady:
		blockers := "the reports give no failure details"
		if len(x.blockers) > 0 {
			blockers = joinCounts(x.blockers)
		}
		over := ""
		if x.asOf != 0 {
			over = fmt.Sprintf(" Over: its reports stopped on %s, %s before %s.", dayText(x.newest), plain.Counted(int(x.asOf-x.newest), "day", "days"), dayText(x.asOf))
		}
		return fmt.Sprintf("%s is in MTA-STS testing mode and not ready for enforce: %s of %s (%s) would have failed (%s).%s",
				shown, plain.Count(x.failed), sessions, plain.Rate(x.failed, x.ok), blockers, over),
			fmt.Sprintf("Fix the failures listed (see the other findings for %s) and keep mode: testing in %s until %d days of reports show none; evidence: %s.",
				shown, file, ReadyMinDays, evidence)
	case silent:
		// Reports that stopped tell nothing of the days since: the
		// senders' failures, were there any, went unreported too.
		return fmt.Sprintf("%s is in MTA-STS testing mode with no failure in %s, but no reports since %s: whether it is ready for enforce cannot be told.",
				shown, sessions, dayText(x.newest)),
			fmt.Sprintf("Keep mode: testing in %s and find out why the reports stopped (the _smtp._tls.%s TXT record's rua=, the mailbox that receives it, whether the domain still receives mail); evidence before they stopped: %s.",
				file, x.domain, evidence)
	case tooShort:
		return fmt.Sprintf("%s is in MTA-STS testing mode with no failure in %s, but the reports cover only %s (%d needed before enforce).",
				shown, sessions, plain.Counted(days, "day", "days"), ReadyMinDays),
			fmt.Sprintf("Keep mode: testing in %s and load more reports: %d days without a failure show every sender and MX host at work; evidence so far: %s.",
				file, ReadyMinDays, evidence)
	}
	title = fmt.Sprintf("%s is ready for MTA-STS enforce: no failure in %s over %s from %s.",
		shown, sessions, plain.Counted(days, "day", "days"), plain.Counted(len(x.reporters), "reporter", "reporters"))
	advice = fmt.Sprintf("Set mode: enforce in %s, change the id in the _mta-sts.%s TXT record so senders fetch it, and keep reading these reports.",
		file, x.domain)
	if x.raiseMaxAge {
		advice += fmt.Sprintf(" Once enforce holds, raise max_age (now %s) to at least %d (%s): a short max_age lets an attacker who blocks the policy fetch downgrade senders sooner (RFC 8461 section 3.2).",
			maxAgeText(x.maxAge), EnforceMaxAge, plain.MaxAge(EnforceMaxAge))
	}
	return title, advice
}

// ---- policy-changed

// changeFacts are what a policy-changed finding says.
type changeFacts struct {
	typ           report.PolicyType
	domain, label string
	before, after *policyShape
	first         int32 // the first day the new version was seen
	prevLast      int32 // the last day the previous one was
	prevMaxAge    int64 // of the previous MTA-STS policy; 0 without one
	reports       int
	reporters     []string
}

func changeWords(x *changeFacts) (title, advice string) {
	overlap := ""
	if x.prevLast >= x.first {
		overlap = "; the previous policy was still seen until " + dayText(x.prevLast)
	}
	title = fmt.Sprintf("The %s policy senders saw changed on %s: %s (%s%s).",
		x.label, dayText(x.first), diff(x.before, x.after),
		plain.Counted(x.reports, "report", "reports")+" from "+joinNames(x.reporters), overlap)
	if x.typ == report.PolicyTLSA {
		return title, fmt.Sprintf("Check that the change was meant: every MX host of %s must serve a certificate matching one of the new TLSA records; DANE failures from %s on point to a mismatch.",
			x.domain, dayText(x.first))
	}
	advice = fmt.Sprintf("Check that the change was meant and that %s serves this policy from every address.", policyFile(x.domain))
	if x.prevMaxAge > 0 {
		until := x.first + int32(min(x.prevMaxAge/secondsPerDay+1, 1<<20))
		advice += fmt.Sprintf(" Senders may keep the previous policy until its max_age (%s) runs out, about %s; keep every host it lists receiving mail until then.",
			maxAgeText(x.prevMaxAge), dayText(until))
	}
	return title, advice
}

// diff says what changed between two versions of a policy.
func diff(a, b *policyShape) string {
	var parts []string
	if a.sts != nil && b.sts != nil {
		if a.sts.Mode != b.sts.Mode {
			parts = append(parts, fmt.Sprintf("mode %s → %s", modeWord(a.sts.Mode), modeWord(b.sts.Mode)))
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
	return strings.Join(parts, "; ")
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

// ---- reports-stopped, reporter-stopped

// stoppedFacts are what a silence finding says.
type stoppedFacts struct {
	domain      string // punycode
	reporter    string // empty when every reporter of the domain stopped
	first, last int32  // the first and the last day of reports
	days        int    // days with reports
	quiet       int    // days without since
}

func stoppedWords(x *stoppedFacts) (title, advice string) {
	name := DomainForPeople(x.domain)
	quiet := plain.Counted(x.quiet, "day", "days")
	before := plain.Counted(x.days, "day", "days")
	if x.reporter == "" {
		return fmt.Sprintf("No report about %s since %s (%s), while other domains still get theirs; before, it had reports on %s since %s.",
				name, dayText(x.last), quiet, before, dayText(x.first)),
			fmt.Sprintf("Check that the TXT record _smtp._tls.%s still says v=TLSRPTv1; rua=… with an address that works, "+
				"that the mailbox at that address is still read (and not full or filtering the reports as spam), "+
				"and whether %s still receives mail at all.", x.domain, name)
	}
	return fmt.Sprintf("%s has sent no report about %s since %s (%s before the newest report of others); before, it reported on %s since %s.",
			x.reporter, name, dayText(x.last), quiet, before, dayText(x.first)),
		fmt.Sprintf("%s may have stopped sending mail to %s, stopped reporting, or its reports may no longer reach the rua address of _smtp._tls.%s: "+
			"look for them in the mailbox's spam folder and check its size limits.", x.reporter, name, x.domain)
}
