package analysis

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
)

// Analysis accumulates reports into totals. Add reports with Add, record
// unreadable inputs with AddError, and take an immutable snapshot with Result.
// An Analysis is not safe for concurrent use; Loader feeds it from one
// goroutine.
type Analysis struct {
	files, reports, duplicates int
	successful, failed         int64
	errors                     []SourceError
	warnings                   []SourceWarning
	seen                       map[string]struct{}
	policies                   map[policyKey]*PolicyTotal
	orgs                       map[string]*OrgTotal
	days                       map[time.Time]*DayTotal
	resultTypes                map[string]int64
	mxHosts                    map[string]int64
	sendingIPs                 map[string]int64
	receivingIPs               map[string]int64
	failures                   []FailureRow
	reportList                 []*ReportInfo
	totalsOnly                 bool
	// strs shares the strings that repeat across reports (organizations,
	// result types, hosts, IPs), which are most of what kept rows hold.
	strs        map[string]string
	first, last time.Time
}

type policyKey struct {
	typ    PolicyType
	domain string
}

// NewTotalsOnly returns an empty Analysis that keeps totals but neither the
// report list nor the failure rows, for callers that print only totals: its
// memory then does not grow with the number of reports, apart from the
// duplicate check.
func NewTotalsOnly() *Analysis {
	a := New()
	a.totalsOnly = true
	return a
}

// New returns an empty Analysis.
func New() *Analysis {
	return &Analysis{
		seen:         make(map[string]struct{}),
		policies:     make(map[policyKey]*PolicyTotal),
		orgs:         make(map[string]*OrgTotal),
		days:         make(map[time.Time]*DayTotal),
		resultTypes:  make(map[string]int64),
		mxHosts:      make(map[string]int64),
		sendingIPs:   make(map[string]int64),
		receivingIPs: make(map[string]int64),
		strs:         make(map[string]string),
	}
}

func (a *Analysis) intern(s string) string {
	if v, ok := a.strs[s]; ok {
		return v
	}
	a.strs[s] = s
	return s
}

// SourceError says why an input could not be read. Source is the file path,
// with ":member" for a member of an archive or mailbox.
type SourceError struct {
	Source string `json:"source"`
	Error  string `json:"error"`
}

// SourceWarning is something odd about an input that was still counted.
type SourceWarning struct {
	Source  string `json:"source"`
	Warning string `json:"warning"`
}

// ReportInfo is what the report list shows about one distinct report.
type ReportInfo struct {
	Source           string
	OrganizationName string
	ReportID         string
	Start, End       time.Time
	Policies         []PolicyRef
	Successful       int64
	Failed           int64
}

// PolicyRef names a policy within a report with its session counts.
type PolicyRef struct {
	Type       PolicyType
	Domain     string
	Successful int64
	Failed     int64
}

// String is the policy as a user reads it: "sts example.com".
func (p PolicyRef) String() string { return policyLabel(p.Type, p.Domain) }

// FailureRow is one failure-details entry with the report and policy it came
// from, the unit of the failure tables.
type FailureRow struct {
	FailureDetail
	PolicyType   PolicyType
	PolicyDomain string
	Report       *ReportInfo
}

// PolicyTotal sums the sessions of one policy (type and domain) over reports.
type PolicyTotal struct {
	Type       PolicyType
	Domain     string
	Reports    int
	Successful int64
	Failed     int64
	// Mode, MXPatterns and MaxAge come from the newest report that carried
	// an MTA-STS policy-string for this policy; Mode is ModeUnknown otherwise.
	Mode       STSMode
	MXPatterns []string
	MaxAge     int64
	policyAt   time.Time
}

// Label is the policy as a user reads it: "sts example.com".
func (p PolicyTotal) Label() string { return policyLabel(p.Type, p.Domain) }

// SuccessRate is the share of successful sessions, 1 when there were none.
func (p PolicyTotal) SuccessRate() float64 { return successRate(p.Successful, p.Failed) }

func policyLabel(t PolicyType, domain string) string {
	if domain == "" {
		return string(t) + " (no domain)"
	}
	return string(t) + " " + domain
}

// OrgTotal sums the sessions reported by one reporting organization.
type OrgTotal struct {
	Name       string
	Reports    int
	Successful int64
	Failed     int64
}

// DayTotal sums the sessions of the reports that start on one UTC day.
type DayTotal struct {
	Day        time.Time // midnight UTC
	Successful int64
	Failed     int64
}

// Count is a number of failed sessions for one key (a result type, host or IP).
// An empty Name means the reporter left the field out.
type Count struct {
	Name   string
	Failed int64
}

// AddFile counts one input file; Loader calls it for every file it reads.
func (a *Analysis) AddFile() { a.files++ }

// AddError records an input that could not be read.
func (a *Analysis) AddError(source string, err error) {
	a.errors = append(a.errors, SourceError{Source: source, Error: err.Error()})
}

// AddWarning records something odd about an input that was still read.
func (a *Analysis) AddWarning(source, warning string) {
	a.warnings = append(a.warnings, SourceWarning{Source: source, Warning: warning})
}

// Add counts a report unless one with the same organization and report-id
// was already added; it reports whether the report was new.
func (a *Analysis) Add(source string, r *Report) bool {
	if r.ReportID != "" {
		key := r.OrganizationName + "\x00" + r.ReportID
		if _, dup := a.seen[key]; dup {
			a.duplicates++
			return false
		}
		a.seen[key] = struct{}{}
	}
	a.reports++
	if a.reports == 1 || r.Start.Before(a.first) {
		a.first = r.Start
	}
	if r.End.After(a.last) {
		a.last = r.End
	}
	info := &ReportInfo{
		Source:           source,
		OrganizationName: a.intern(r.OrganizationName),
		ReportID:         r.ReportID,
		Start:            r.Start,
		End:              r.End,
		Policies:         make([]PolicyRef, 0, len(r.Policies)),
	}
	if !a.totalsOnly {
		a.reportList = append(a.reportList, info)
	}

	org := a.orgs[r.OrganizationName]
	if org == nil {
		org = &OrgTotal{Name: r.OrganizationName}
		a.orgs[r.OrganizationName] = org
	}
	org.Reports++
	dayKey := r.Start.Truncate(24 * time.Hour)
	day := a.days[dayKey]
	if day == nil {
		day = &DayTotal{Day: dayKey}
		a.days[dayKey] = day
	}

	for i := range r.Policies {
		pr := &r.Policies[i]
		info.Policies = append(info.Policies, PolicyRef{pr.Policy.Type, a.intern(pr.Policy.Domain), pr.Successful, pr.Failed})
		info.Successful = AddCounts(info.Successful, pr.Successful)
		info.Failed = AddCounts(info.Failed, pr.Failed)
		a.addPolicy(r, pr)
		for _, fd := range pr.FailureDetails {
			addTo(a.resultTypes, fd.ResultType, fd.FailedSessions)
			addTo(a.mxHosts, strings.ToLower(fd.ReceivingMXHostname), fd.FailedSessions)
			addTo(a.sendingIPs, fd.SendingMTAIP, fd.FailedSessions)
			addTo(a.receivingIPs, fd.ReceivingIP, fd.FailedSessions)
			if !a.totalsOnly {
				fd.ResultType = a.intern(fd.ResultType)
				fd.SendingMTAIP = a.intern(fd.SendingMTAIP)
				fd.ReceivingMXHostname = a.intern(fd.ReceivingMXHostname)
				fd.ReceivingIP = a.intern(fd.ReceivingIP)
				fd.FailureReasonCode = a.intern(fd.FailureReasonCode)
				a.failures = append(a.failures, FailureRow{
					FailureDetail: fd,
					PolicyType:    pr.Policy.Type,
					PolicyDomain:  info.Policies[len(info.Policies)-1].Domain,
					Report:        info,
				})
			}
		}
	}
	a.successful = AddCounts(a.successful, info.Successful)
	a.failed = AddCounts(a.failed, info.Failed)
	org.Successful = AddCounts(org.Successful, info.Successful)
	org.Failed = AddCounts(org.Failed, info.Failed)
	day.Successful = AddCounts(day.Successful, info.Successful)
	day.Failed = AddCounts(day.Failed, info.Failed)
	return true
}

// AddCounts adds two non-negative session counts, stopping at the int64
// maximum instead of wrapping around: a hostile report may claim
// 9,223,372,036,854,775,807 sessions, and totals must not turn negative.
func AddCounts(x, y int64) int64 {
	if x > math.MaxInt64-y {
		return math.MaxInt64
	}
	return x + y
}

func addTo(m map[string]int64, k string, n int64) { m[k] = AddCounts(m[k], n) }

func (a *Analysis) addPolicy(r *Report, pr *PolicyResult) {
	key := policyKey{pr.Policy.Type, pr.Policy.Domain}
	p := a.policies[key]
	if p == nil {
		p = &PolicyTotal{Type: key.typ, Domain: key.domain, MaxAge: -1}
		a.policies[key] = p
	}
	p.Reports++
	p.Successful = AddCounts(p.Successful, pr.Successful)
	p.Failed = AddCounts(p.Failed, pr.Failed)
	if sts := pr.Policy.STS; sts != nil && !r.Start.Before(p.policyAt) {
		p.Mode, p.MXPatterns, p.MaxAge, p.policyAt = sts.Mode, sts.MX, sts.MaxAge, r.Start
	}
}

// Result is an immutable snapshot of an Analysis with every list in a
// deterministic order, ready to show or serialise.
type Result struct {
	Files, Reports, Duplicates int
	SuccessfulSessions         int64
	FailedSessions             int64
	Errors                     []SourceError
	Warnings                   []SourceWarning
	Policies                   []PolicyTotal // most sessions first
	Organizations              []OrgTotal    // most sessions first
	Days                       []DayTotal    // oldest first
	ResultTypes                []Count       // most failures first
	ReceivingMXHosts           []Count       // most failures first
	SendingMTAIPs              []Count       // most failures first
	ReceivingIPs               []Count       // most failures first
	Failures                   []FailureRow  // most failed sessions first
	ReportList                 []*ReportInfo // oldest first
	// First is the earliest start and Last the latest end of all reports.
	First, Last time.Time
}

// SuccessRate is the share of successful sessions, 1 when there were none.
func (r *Result) SuccessRate() float64 { return successRate(r.SuccessfulSessions, r.FailedSessions) }

// Span is the first start and the last instant covered by the reports; zero
// without reports. Many reporters end a day at the next midnight, which
// belongs to the day before, so an end at midnight counts as the instant
// before it: the last day is then the same whoever reported.
func (r *Result) Span() (first, last time.Time) { return r.First, InclusiveEnd(r.First, r.Last) }

// InclusiveEnd is the last instant a date range covers: an end at
// midnight, after the start, belongs to the day before.
func InclusiveEnd(start, end time.Time) time.Time {
	if end.After(start) && end.Equal(end.Truncate(24*time.Hour)) {
		return end.Add(-time.Nanosecond)
	}
	return end
}

func successRate(ok, failed int64) float64 {
	if ok == 0 && failed == 0 {
		return 1
	}
	return float64(ok) / (float64(ok) + float64(failed))
}

// TotalSessions is successful plus failed sessions, saturating.
func (r *Result) TotalSessions() int64 { return AddCounts(r.SuccessfulSessions, r.FailedSessions) }

// Result takes a snapshot. Later Adds do not change it.
func (a *Analysis) Result() *Result {
	r := &Result{
		Files:              a.files,
		Reports:            a.reports,
		Duplicates:         a.duplicates,
		SuccessfulSessions: a.successful,
		FailedSessions:     a.failed,
		Errors:             slices.Clone(a.errors),
		Warnings:           slices.Clone(a.warnings),
		Policies: derefSorted(a.policies, func(x, y *PolicyTotal) int {
			return cmp.Or(cmp.Compare(AddCounts(y.Successful, y.Failed), AddCounts(x.Successful, x.Failed)),
				cmp.Compare(x.Type, y.Type), cmp.Compare(x.Domain, y.Domain))
		}),
		Organizations: derefSorted(a.orgs, func(x, y *OrgTotal) int {
			return cmp.Or(cmp.Compare(AddCounts(y.Successful, y.Failed), AddCounts(x.Successful, x.Failed)), cmp.Compare(x.Name, y.Name))
		}),
		Days:             derefSorted(a.days, func(x, y *DayTotal) int { return x.Day.Compare(y.Day) }),
		ResultTypes:      sortedCounts(a.resultTypes),
		ReceivingMXHosts: sortedCounts(a.mxHosts),
		SendingMTAIPs:    sortedCounts(a.sendingIPs),
		ReceivingIPs:     sortedCounts(a.receivingIPs),
		Failures:         slices.Clone(a.failures),
		ReportList:       slices.Clone(a.reportList),
		First:            a.first,
		Last:             a.last,
	}
	SortFailures(r.Failures, ByFailedSessions, true)
	slices.SortStableFunc(r.ReportList, func(x, y *ReportInfo) int {
		return cmp.Or(x.Start.Compare(y.Start), cmp.Compare(x.OrganizationName, y.OrganizationName), cmp.Compare(x.ReportID, y.ReportID))
	})
	return r
}

func derefSorted[K comparable, V any](m map[K]*V, compare func(x, y *V) int) []V {
	ptrs := make([]*V, 0, len(m))
	for _, v := range m {
		ptrs = append(ptrs, v)
	}
	slices.SortFunc(ptrs, compare)
	out := make([]V, len(ptrs))
	for i, p := range ptrs {
		out[i] = *p
	}
	return out
}

func sortedCounts(m map[string]int64) []Count {
	out := make([]Count, 0, len(m))
	for name, n := range m {
		out = append(out, Count{name, n})
	}
	slices.SortFunc(out, func(x, y Count) int { return cmp.Or(cmp.Compare(y.Failed, x.Failed), cmp.Compare(x.Name, y.Name)) })
	return out
}
