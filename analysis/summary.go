package analysis

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// Summary is the machine-readable summary printed by "summary -json" and
// written as summary.json by "export". Its field names are a contract that
// scripts rely on: add fields, never rename them.
type Summary struct {
	// Filter is what the summary was narrowed by; {} when nothing.
	Filter FilterJSON `json:"filter"`
	Files  int        `json:"files"`
	// Reports counts the reports the filter kept, LoadedReports all of them.
	Reports            int   `json:"reports"`
	LoadedReports      int   `json:"loaded_reports"`
	Duplicates         int   `json:"duplicates"`
	SuccessfulSessions int64 `json:"successful_sessions"`
	FailedSessions     int64 `json:"failed_sessions"`
	// Findings say what is wrong, where and what to do, most urgent first.
	Findings         []Finding       `json:"findings"`
	Errors           []SourceError   `json:"errors"`
	Warnings         []SourceWarning `json:"warnings"`
	Policies         []SummaryPolicy `json:"policies"`
	Domains          []SummaryDomain `json:"domains"`
	Organizations    []SummaryOrg    `json:"organizations"`
	Days             []SummaryDay    `json:"days"`
	ResultTypes      []SummaryCount  `json:"result_types"`
	ReceivingMXHosts []SummaryCount  `json:"receiving_mx_hosts"`
	SendingMTAIPs    []SummaryCount  `json:"sending_mta_ips"`
	ReceivingIPs     []SummaryCount  `json:"receiving_ips"`
}

// SummaryPolicy is one entry of Summary.Policies.
type SummaryPolicy struct {
	PolicyType         report.PolicyType `json:"policy_type"`
	PolicyDomain       string            `json:"policy_domain"`
	Reports            int               `json:"reports"`
	SuccessfulSessions int64             `json:"successful_sessions"`
	FailedSessions     int64             `json:"failed_sessions"`
	STSMode            report.STSMode    `json:"sts_mode,omitempty"`
	MXPatterns         []string          `json:"mx_patterns,omitempty"`
	// SharedReports counts the reports that listed this domain's sessions
	// under its other policy type too.
	SharedReports int `json:"shared_reports,omitempty"`
}

// SummaryDomain is one entry of Summary.Domains: a policy domain's sessions
// over all its policy types, each session counted once.
type SummaryDomain struct {
	PolicyDomain       string              `json:"policy_domain"`
	PolicyTypes        []report.PolicyType `json:"policy_types"`
	Reports            int                 `json:"reports"`
	SuccessfulSessions int64               `json:"successful_sessions"`
	FailedSessions     int64               `json:"failed_sessions"`
}

// SummaryOrg is one entry of Summary.Organizations.
type SummaryOrg struct {
	OrganizationName   string `json:"organization_name"`
	Reports            int    `json:"reports"`
	SuccessfulSessions int64  `json:"successful_sessions"`
	FailedSessions     int64  `json:"failed_sessions"`
}

// SummaryDay is one entry of Summary.Days.
type SummaryDay struct {
	Date               string `json:"date"`
	SuccessfulSessions int64  `json:"successful_sessions"`
	FailedSessions     int64  `json:"failed_sessions"`
}

// SummaryCount is a failed-session count, written as an object of two
// members: Field, the member its list names (result_type,
// receiving_mx_hostname, sending_mta_ip or receiving_ip), holding the name,
// and failed_sessions. It was a map of those two members, which encoding/json
// writes with its keys sorted; a struct is a tenth of the map's size, and
// a year of diverse reports has some 26,000 of them (issue 23).
type SummaryCount struct {
	Field string
	Count
}

// MarshalJSON writes c as encoding/json wrote the map, whose keys it
// sorted: failed_sessions first, as every Field sorts after it.
func (c SummaryCount) MarshalJSON() ([]byte, error) {
	field, _ := json.Marshal(c.Field) // a string always marshals
	name, _ := json.Marshal(c.Name)
	b := strconv.AppendInt([]byte(`{"failed_sessions":`), c.Failed, 10)
	return append(slices.Concat(b, []byte(","), field, []byte(":"), name), '}'), nil
}

// Summary converts the result into its JSON contract form. Lists are never
// nil so they serialise as [] rather than null.
func (r *Result) Summary() Summary {
	s := Summary{
		Filter:             r.Filter.JSON(),
		Files:              r.Files,
		Reports:            r.Reports,
		LoadedReports:      r.LoadedReports,
		Duplicates:         r.Duplicates,
		SuccessfulSessions: r.SuccessfulSessions,
		FailedSessions:     r.FailedSessions,
		Findings:           nonNil(r.Findings),
		Errors:             nonNil(r.Errors),
		Warnings:           nonNil(r.Warnings),
		Policies:           make([]SummaryPolicy, 0, len(r.Policies)),
		Domains:            make([]SummaryDomain, 0, len(r.Domains)),
		Organizations:      make([]SummaryOrg, 0, len(r.Organizations)),
		Days:               make([]SummaryDay, 0, len(r.Days)),
		ResultTypes:        summaryCounts("result_type", r.ResultTypes),
		ReceivingMXHosts:   summaryCounts("receiving_mx_hostname", r.ReceivingMXHosts),
		SendingMTAIPs:      summaryCounts("sending_mta_ip", r.SendingMTAIPs),
		ReceivingIPs:       summaryCounts("receiving_ip", r.ReceivingIPs),
	}
	for _, p := range r.Policies {
		s.Policies = append(s.Policies, SummaryPolicy{p.Type, p.Domain, p.Reports, p.Successful, p.Failed, p.Mode, p.MXPatterns, p.SharedReports})
	}
	for _, d := range r.Domains {
		s.Domains = append(s.Domains, SummaryDomain{d.Domain, d.Types, d.Reports, d.Successful, d.Failed})
	}
	for _, o := range r.Organizations {
		s.Organizations = append(s.Organizations, SummaryOrg{o.Name, o.Reports, o.Successful, o.Failed})
	}
	for _, d := range r.Days {
		s.Days = append(s.Days, SummaryDay{d.Day.Format(DayFormat), d.Successful, d.Failed})
	}
	return s
}

func summaryCounts(key string, counts []Count) []SummaryCount {
	out := make([]SummaryCount, 0, len(counts))
	for _, c := range counts {
		out = append(out, SummaryCount{key, c})
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
