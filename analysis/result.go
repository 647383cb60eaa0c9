package analysis

import (
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// Result is the analysis of a snapshot under a filter, with every list in a
// deterministic order, ready to show or serialise. Session totals count
// each session once (see reportSessions); ResultTypes, ReceivingMXHosts,
// SendingMTAIPs and ReceivingIPs add up failure details instead, which
// reporters may leave out.
type Result struct {
	// Filter is what the result was narrowed by.
	Filter Filter
	// Files, Duplicates, Errors and Warnings are about the inputs read and
	// do not follow the filter; LoadedReports counts every distinct report,
	// Reports those the filter kept.
	Files, Duplicates, LoadedReports int
	Reports                          int
	SuccessfulSessions               int64
	FailedSessions                   int64
	Errors                           []SourceError
	Warnings                         []SourceWarning
	Policies                         []PolicyTotal // most sessions first
	Domains                          []DomainTotal // most sessions first
	Organizations                    []OrgTotal    // most sessions first
	Days                             []DayTotal    // oldest first
	ResultTypes                      []Count       // most failures first
	ReceivingMXHosts                 []Count       // most failures first
	SendingMTAIPs                    []Count       // most failures first
	ReceivingIPs                     []Count       // most failures first
	Failures                         []FailureRow  // most failed sessions first
	FailureDetails                   int           // the failure rows the filter keeps, also without them (Snapshot.Totals)
	ReportList                       []*ReportInfo // oldest first
	Findings                         []Finding     // most urgent first (Snapshot.Findings)
	// AllFindings are the findings before the filter's severities and
	// kinds narrow them (Findings itself when they do not): what a domain's
	// health, the headline banners and a badge judge, which a list narrowed
	// to warnings must not turn healthy.
	AllFindings []Finding
	// First is the earliest start and Last the latest end of the reports.
	First, Last time.Time
	// AsOf is the UTC day the findings are judged as of (Snapshot.AsOf).
	AsOf time.Time
	// Newest is the UTC start day of the newest report loaded, whatever
	// the filter keeps; zero without reports.
	Newest time.Time
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

// ReportInfo is what the report list shows about one distinct report.
// Successful and Failed count each session once (see reportSessions).
type ReportInfo struct {
	Source           string
	OrganizationName string
	ContactInfo      string
	ReportID         string
	Start, End       time.Time
	Policies         []PolicyRef
	Successful       int64
	Failed           int64
}

// PolicyRef names a policy within a report with its session counts.
type PolicyRef struct {
	Type       report.PolicyType
	Domain     string
	Successful int64
	Failed     int64
}

// String is the policy as a user reads it: "sts example.com".
func (p PolicyRef) String() string { return policyLabel(p.Type, p.Domain) }

// FailureRow is one failure-details entry with the report and policy it came
// from, the unit of the failure tables.
type FailureRow struct {
	report.FailureDetail
	PolicyType   report.PolicyType
	PolicyDomain string
	Report       *ReportInfo
}

// PolicyTotal sums the sessions of one policy (type and domain) over
// reports: the policy's own counts, which for a domain that publishes both
// DANE and MTA-STS may list the same sessions as its other policy does.
type PolicyTotal struct {
	Type       report.PolicyType
	Domain     string
	Reports    int
	Successful int64
	Failed     int64
	// Mode, MXPatterns, MaxAge and Version come from the newest report that
	// carried an MTA-STS policy-string for this policy; Mode is ModeUnknown
	// and MaxAge -1 otherwise.
	Mode       report.STSMode
	MXPatterns []string
	MaxAge     int64
	Version    string
	// Modes lists the MTA-STS modes senders saw, a run each in the order
	// they held, so that a change (testing to enforce) can be told: a mode
	// that came back after another one ended is a run again, one a sender
	// with the old policy cached kept reporting beside the new one is not.
	Modes []ModeSeen
	back  *ModeSeen // see seeMode
	// TLSARecords are the newest TLSA records reported for a tlsa policy.
	TLSARecords []string
	// MXHosts is the newest mx-host field reported.
	MXHosts []string
	// SharedReports counts the reports that listed the same domain's
	// sessions under another policy type too (DANE and MTA-STS).
	SharedReports int
	policyAt      time.Time
}

// ModeSeen is an MTA-STS mode and the first and last start of the reports
// of its run that saw it.
type ModeSeen struct {
	Mode        report.STSMode
	First, Last time.Time
}

// Label is the policy as a user reads it: "sts example.com".
func (p PolicyTotal) Label() string { return policyLabel(p.Type, p.Domain) }

// SuccessRate is the share of successful sessions, 1 when there were none.
func (p PolicyTotal) SuccessRate() float64 { return successRate(p.Successful, p.Failed) }

func policyLabel(t report.PolicyType, domain string) string {
	if domain == "" {
		return string(t) + " (no domain)"
	}
	return string(t) + " " + domain
}

// OrgTotal sums the sessions reported by one reporting organization,
// counting each session once.
type OrgTotal struct {
	Name       string
	Reports    int
	Successful int64
	Failed     int64
}

// DomainTotal sums the sessions of one policy domain over all its policy
// types, counting each session once.
type DomainTotal struct {
	Domain     string
	Types      []report.PolicyType
	Reports    int
	Successful int64
	Failed     int64
	// SharedReports counts the reports that listed the domain's sessions
	// under more than one policy type.
	SharedReports int
	// Days are the domain's sessions per UTC day its reports start on,
	// oldest first, each session counted once (domaindays.go).
	Days []DayTotal
	days map[int32]*DayTotal
}

// SuccessRate is the share of successful sessions, 1 when there were none.
func (d DomainTotal) SuccessRate() float64 { return successRate(d.Successful, d.Failed) }

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
