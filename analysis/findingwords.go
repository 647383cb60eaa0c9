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

// failureWords writes each kind of failure finding: its title and advice.
var failureWords = [...]func(x *failureFacts) (title, advice string){
	failMXNotInPolicy: func(x *failureFacts) (string, string) {
		d := x.site.Domain
		return fmt.Sprintf("%s received mail for %s but matches none of its MTA-STS mx: patterns (%s): %s.",
				x.site.where(), d, strings.Join(x.patterns, ", "), x.evidence()),
			fmt.Sprintf("Add \"mx: %s\" (or a *. pattern for its parent domain; it matches one label only, RFC 8461 section 4.1) to %s and change the id in the _mta-sts.%s TXT record; if %s should not receive mail, remove it from the MX records of %s.%s",
				x.site.Host, policyFile(d), d, x.site.Host, d, x.consequence())
	},
	failCertificateProblem: func(x *failureFacts) (string, string) {
		info := DescribeResultType(string(x.resultType))
		return fmt.Sprintf("%s on %s (%s): %s.", info.Title, x.site.where(), x.label, x.evidence()),
			info.Fix(x.site) + x.consequence()
	},
	failStartTLSMissing: func(x *failureFacts) (string, string) {
		return fmt.Sprintf("%s did not offer STARTTLS (%s): %s.", x.site.where(), x.label, x.evidence()),
			DescribeResultType(string(report.StartTLSNotSupported)).Fix(x.site) + x.consequence()
	},
	failDANEMismatch: func(x *failureFacts) (string, string) {
		// A broken DNSSEC chain explains the rest; without one, the usual
		// cause is TLSA records that no longer match.
		rt := report.TLSAInvalid
		if slices.ContainsFunc(x.types, func(c Count) bool { return c.Name == string(report.DNSSECInvalid) }) {
			rt = report.DNSSECInvalid
		}
		return fmt.Sprintf("DANE failed on %s (%s: %s): %s.", x.site.where(), x.label, joinCounts(x.types), x.evidence()),
			DescribeResultType(string(rt)).Fix(x.site) + x.consequence()
	},
	failValidationFailure: func(x *failureFacts) (string, string) {
		reasons := ""
		if len(x.reasons) > 0 {
			reasons = "; reasons: " + joinCounts(x.reasons)
		}
		return fmt.Sprintf("TLS validation failed on %s (%s%s): %s.", x.site.where(), x.label, reasons, x.evidence()),
			DescribeResultType(string(report.ValidationFailure)).Fix(x.site) + x.consequence()
	},
	failPolicyFetchFailing: func(x *failureFacts) (string, string) {
		d := x.site.Domain
		title := fmt.Sprintf("%s could not use the MTA-STS policy of %s (%s): %s in %s, on %s; %s.",
			plain.Counted(len(x.reporters), "reporter", "reporters"), d, joinCounts(x.types), x.sessions(),
			x.from(), dayList(x.seen.days), x.seen.status())
		parts := make([]string, 0, len(x.types))
		for _, c := range x.types {
			parts = append(parts, clause(DescribeResultType(c.Name).Fix(x.site)))
		}
		advice := "An outage of mta-sts." + d + ": " + strings.Join(parts, "; ") + "."
		if len(x.reasons) > 0 {
			advice += " Reporters said: " + joinCounts(x.reasons) + "."
		}
		return title, advice
	},
}

func (x *failureFacts) sessions() string {
	return plain.Counted(x.failed, "failed session", "failed sessions")
}

// from is "3 reports from A, B and C".
func (x *failureFacts) from() string {
	return plain.Counted(x.reports, "report", "reports") + " from " + joinNames(x.reporters)
}

// evidence is "12 failed sessions in 3 reports from A and B, since …".
func (x *failureFacts) evidence() string {
	return x.sessions() + " in " + x.from() + ", " + x.seen.when()
}

func (x *failureFacts) consequence() string {
	if x.enforced {
		return " Senders that honour the policy do not deliver to it."
	}
	return ""
}

// problem names a failure in a few words.
func (x *failureFacts) problem(kind FindingKind) string {
	switch kind {
	case KindCertificateProblem:
		return strings.ToLower(DescribeResultType(string(x.resultType)).Title)
	case KindStartTLSMissing:
		return "no STARTTLS"
	case KindDANEMismatch:
		return "DANE failures (" + joinCounts(x.types) + ")"
	case KindValidationFailure:
		return "TLS validation failures"
	case KindPolicyFetchFailing:
		return "MTA-STS policy failures (" + joinCounts(x.types) + ")"
	}
	return string(kind)
}

// senderFacts are what a sender-side finding says, besides its failure.
type senderFacts struct {
	reporter, contact string   // as the report wrote them
	sendingIP         string   // the one sending IP, or empty
	others            []string // the reporters that delivered
	delivered         int64    // their sessions over TLS
}

func senderSideWords(kind FindingKind, subject string, x *failureFacts, s *senderFacts) (title, advice string) {
	where := ""
	if subject != "" {
		where = " on " + subject
	}
	from := ""
	if s.sendingIP != "" {
		from = " from " + s.sendingIP
	}
	reporter := plain.Field(s.reporter)
	title = fmt.Sprintf("Only %s saw %s%s for %s (%s%s, %s), while %s delivered %s to it over TLS those days.",
		reporter, x.problem(kind), where, x.label, x.sessions(),
		from, x.seen.period(), joinNames(s.others), plain.Counted(s.delivered, "session", "sessions"))
	contact := ""
	if s.contact != "" {
		contact = " (" + s.contact + ")"
	}
	advice = fmt.Sprintf("Probably a problem on %s's side (an outdated CA bundle, a broken resolver, a proxy in its path): nothing to change in DNS while other senders succeed. If it lasts, write to %s%s with the report-ids, and look again if other reporters start to see it.",
		reporter, reporter, contact)
	return title, advice
}

// period says when a problem was seen.
func (t *timeFacts) period() string {
	first, last := dayText(t.first), dayText(t.last)
	if t.first == t.last {
		return "on " + first
	}
	return first + " to " + last + " on " + plain.Counted(len(t.days), "day", "days")
}

// when is period with where the problem stands.
func (t *timeFacts) when() string {
	first, last := dayText(t.first), dayText(t.last)
	switch {
	case t.state == stateOngoing:
		return "since " + first + " (on " + plain.Counted(len(t.days), "day", "days") + "), " + t.status()
	case t.first == t.last:
		return "on " + first + " only, " + t.status()
	}
	return "from " + first + " to " + last + " on " + plain.Counted(len(t.days), "day", "days") + ", " + t.status()
}

// status says in a few words where a problem stands.
func (t *timeFacts) status() string {
	switch t.state {
	case stateOngoing:
		return "still seen on " + dayText(t.last)
	case stateNew:
		return "new in the newest reports"
	}
	if t.later == 0 {
		return "over: last reported " + plain.Counted(int(t.asOf-t.last), "day", "days") + " before " + dayText(t.asOf)
	}
	return "not seen since (" + plain.Counted(t.later, "day", "days") + " of later reports)"
}

// dayList names days, the first ListedDays of them.
func dayList(days []int32) string {
	names := make([]string, 0, min(len(days), ListedDays))
	for _, d := range days[:min(len(days), ListedDays)] {
		names = append(names, dayText(d))
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
