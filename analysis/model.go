// Package analysis reads SMTP TLS Reporting (RFC 8460) reports from files,
// folders, archives and saved emails, validates them and aggregates them into
// totals. It knows nothing about how the results are shown.
package analysis

import "time"

// DayFormat writes a UTC day as data (ISO 8601, as in summary.json's days)
// and as the window and the command line show a date.
const DayFormat = "2006-01-02"

// PolicyType is the kind of policy a report section was evaluated against.
type PolicyType string

// The policy types RFC 8460 section 4.3 defines.
const (
	PolicySTS           PolicyType = "sts"
	PolicyTLSA          PolicyType = "tlsa"
	PolicyNoPolicyFound PolicyType = "no-policy-found"
)

func (t PolicyType) valid() bool {
	return t == PolicySTS || t == PolicyTLSA || t == PolicyNoPolicyFound
}

// Report is one TLS-RPT report, validated and normalised.
type Report struct {
	OrganizationName string
	Start, End       time.Time // always UTC
	ContactInfo      string
	ReportID         string
	Policies         []PolicyResult
}

// PolicyResult is the part of a report about one policy.
type PolicyResult struct {
	Policy         Policy
	Successful     int64
	Failed         int64
	FailureDetails []FailureDetail
}

// Policy describes the policy the sending MTA applied.
type Policy struct {
	Type PolicyType
	// Domain is lowercased without a trailing dot; empty when the reporter
	// omitted it (Postfix does for no-policy-found).
	Domain string
	// Strings is policy-string as sent. For tlsa policies from Microsoft the
	// records arrive JSON-encoded in one element; TLSARecords has them split.
	Strings     []string
	TLSARecords []string
	MXHosts     []string
	// STS is set when Type is sts and a policy-string was sent.
	STS *STSPolicy
}

// FailureDetail is one failure-details entry.
type FailureDetail struct {
	ResultType          string
	SendingMTAIP        string
	ReceivingMXHostname string
	ReceivingMXHelo     string
	ReceivingIP         string
	FailedSessions      int64
	// AdditionalInformation is a URL supplied by the reporter. It is kept as
	// text and never fetched.
	AdditionalInformation string
	FailureReasonCode     string
}
