// Package report is the RFC 8460 report: its types, the result types of
// section 4.3, and the parsing and validation of the JSON a reporter sends
// (section 4), with the MTA-STS policy strings inside it (RFC 8461 section
// 3.2). It knows nothing of files, containers or totals: a source hands it
// bytes, analysis adds what it returns.
package report

import "time"

// PolicyType is the kind of policy a report section was evaluated against.
type PolicyType string

// The policy types RFC 8460 section 4.3 defines.
const (
	PolicySTS           PolicyType = "sts"
	PolicyTLSA          PolicyType = "tlsa"
	PolicyNoPolicyFound PolicyType = "no-policy-found"
)

// Valid tells whether t is one of the policy types of section 4.3.
func (t PolicyType) Valid() bool {
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
