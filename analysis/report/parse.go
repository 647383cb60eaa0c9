package report

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// The wire types mirror RFC 8460 section 4.4; reportDecoder.decode fills them
// and validation turns them into a Report, so every rejection can name the
// field it is about.
type wireReport struct {
	OrganizationName string
	DateRange        wireRange
	ContactInfo      optString
	ReportID         string
	Policies         wirePolicies
}

// optString is a string member that may be missing or null. Held by value,
// not as a *string: a pointer per member was a tenth of the allocations of
// loading a folder.
type optString struct {
	v   string
	set bool
}

type wireRange struct {
	set        bool
	Start, End optString
}

// wirePolicies records whether "policies" was present and an array, so that
// a wrong type is reported as such.
type wirePolicies struct {
	present, notArray bool
	list              []wirePolicyResult
}

type wirePolicyResult struct {
	hasPolicy, hasSummary bool
	Policy                wirePolicy
	Summary               wireSummary
	FailureDetails        []wireFailure
}

type wirePolicy struct {
	Type          optString
	Strings       []string
	Domain        string
	MXHost        []string
	MXHostPattern []string // draft-era name
}

type wireSummary struct {
	Successful, Failed count
}

type wireFailure struct {
	ResultType            string
	SendingMTAIP          string
	ReceivingMXHostname   string
	ReceivingMXHelo       string
	ReceivingIP           string
	FailedSessions        count
	AdditionalInformation string
	AdditionalInfoURI     string // draft-era name
	FailureReasonCode     string
	FailureErrorCode      string // draft-era name
}

// count is a session count. Decoding never fails on it; problems are kept
// and reported by validation, which knows the field's full path.
type count struct {
	n       int64
	present bool
	problem string
}

func (c count) check(field string) (int64, error) {
	if !c.present {
		return 0, &fieldError{path: field, problem: "is missing"}
	}
	if c.problem != "" {
		return 0, &fieldError{path: field, problem: c.problem}
	}
	return c.n, nil
}

// ParseReport decodes and validates one report. Warnings describe things the
// report got wrong that did not stop it from being counted.
func ParseReport(data []byte) (*Report, []string, error) {
	return ParseInto(data, new(Report))
}

// ParseInto is ParseReport filling r, whose slices it reuses (a source
// recycles reports through a pool); r is
// returned on success.
func ParseInto(data []byte, r *Report) (*Report, []string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := sniffJSON(data); err != nil {
		return nil, nil, err
	}
	d := reportDecoders.Get().(*reportDecoder)
	defer reportDecoders.Put(d)
	w, err := d.decode(data)
	if errors.Is(err, errTruncated) {
		return nil, nil, fmt.Errorf("JSON is truncated after %d bytes", len(data))
	}
	if err == nil {
		var warns []string
		if r, warns, err = w.validate(r); err == nil {
			return r, warns, nil
		}
	}
	if ownExport(data) {
		err = errOwnExport
	}
	return nil, nil, err
}

// sniffJSON turns the common "this is not a report at all" cases into
// messages a user understands.
func sniffJSON(data []byte) error {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return errors.New("empty file, no report")
	case trimmed[0] == '<':
		return notReport{fmt.Errorf("this is %s, not a TLS-RPT report", XMLNoun(trimmed))}
	case trimmed[0] != '{':
		return errors.New("not JSON: a TLS-RPT report starts with '{'")
	}
	return nil
}

func (w *wireReport) validate(r *Report) (*Report, []string, error) {
	var warnings []string
	*r = Report{
		OrganizationName: strings.TrimSpace(w.OrganizationName),
		ReportID:         strings.TrimSpace(w.ReportID),
		Policies:         r.Policies[:0],
	}
	r.ContactInfo = w.ContactInfo.v
	if r.OrganizationName == "" {
		warnings = append(warnings, "organization-name is missing")
	}
	if r.ReportID == "" {
		warnings = append(warnings, "report-id is missing")
	}
	if !w.DateRange.set {
		return nil, nil, errors.New("date-range is missing")
	}
	var err error
	if r.Start, err = parseDateTime("date-range.start-datetime", w.DateRange.Start); err != nil {
		return nil, nil, err
	}
	if r.End, err = parseDateTime("date-range.end-datetime", w.DateRange.End); err != nil {
		return nil, nil, err
	}
	// RFC 8460 section 4.4: the range runs from start-datetime to
	// end-datetime; backwards, no day can be attributed.
	if r.End.Before(r.Start) {
		return nil, nil, fmt.Errorf("date-range ends (%s) before it starts (%s)", r.End.Format(time.RFC3339), r.Start.Format(time.RFC3339))
	}
	switch {
	case !w.Policies.present:
		return nil, nil, errors.New("policies is missing")
	case w.Policies.notArray:
		return nil, nil, errors.New("policies must be an array")
	}
	if r.Policies == nil || cap(r.Policies) < len(w.Policies.list) {
		r.Policies = make([]PolicyResult, 0, len(w.Policies.list))
	}
	for i := range w.Policies.list {
		r.Policies = r.Policies[:i+1]
		warns, err := w.Policies.list[i].validate(i, &r.Policies[i])
		if err != nil {
			return nil, nil, err
		}
		warnings = append(warnings, warns...)
	}
	return r, warnings, nil
}

// validate checks the i-th policy result into pr, reusing what an earlier
// report left in it. Paths for messages are only built when there is
// something to say: most reports have nothing.
func (w *wirePolicyResult) validate(i int, pr *PolicyResult) ([]string, error) {
	path := func() string { return indexed("policies", i) }
	sts, tlsa, details := pr.Policy.STS, pr.Policy.TLSARecords[:0], pr.FailureDetails[:0]
	*pr = PolicyResult{}
	var warnings []string
	if !w.hasPolicy {
		return nil, fmt.Errorf("%s.policy is missing", path())
	}
	if !w.Policy.Type.set {
		return nil, fmt.Errorf("%s.policy.policy-type is missing", path())
	}
	t := PolicyType(w.Policy.Type.v)
	if !t.Valid() {
		return nil, fmt.Errorf("%s.policy.policy-type %q is not sts, tlsa or no-policy-found", path(), w.Policy.Type.v)
	}
	pr.Policy = Policy{
		Type:    t,
		Domain:  NormalizeDomain(w.Policy.Domain),
		Strings: w.Policy.Strings,
		MXHosts: append(w.Policy.MXHost, w.Policy.MXHostPattern...),
	}
	switch t {
	case PolicySTS:
		if len(w.Policy.Strings) > 0 {
			if sts == nil {
				sts = new(STSPolicy)
			}
			parseSTSPolicy(sts, w.Policy.Strings)
			pr.Policy.STS = sts
		}
	case PolicyTLSA:
		if pr.Policy.TLSARecords = splitTLSARecords(tlsa, w.Policy.Strings); len(pr.Policy.TLSARecords) == 0 {
			pr.Policy.TLSARecords = nil // as a new report has it
		}
	}
	if !w.hasSummary {
		return nil, fmt.Errorf("%s.summary is missing", path())
	}
	var err error
	if pr.Successful, err = w.Summary.Successful.check("total-successful-session-count"); err != nil {
		return nil, within(path()+".summary", err)
	}
	if pr.Failed, err = w.Summary.Failed.check("total-failure-session-count"); err != nil {
		return nil, within(path()+".summary", err)
	}
	var detailSum int64
	pr.FailureDetails = details
	if details == nil || cap(details) < len(w.FailureDetails) {
		pr.FailureDetails = make([]FailureDetail, 0, len(w.FailureDetails))
	}
	for i, f := range w.FailureDetails {
		fpath := func() string { return path() + "." + indexed("failure-details", i) }
		n, err := f.FailedSessions.check("failed-session-count")
		if err != nil {
			return nil, within(fpath(), err)
		}
		if f.ResultType == "" {
			return nil, fmt.Errorf("%s.result-type is missing", fpath())
		}
		if !IsStandardResultType(f.ResultType) {
			warnings = append(warnings, fmt.Sprintf("%s.result-type %q is not an RFC 8460 result type", fpath(), f.ResultType))
		}
		detailSum += n
		pr.FailureDetails = append(pr.FailureDetails, FailureDetail{
			ResultType:            f.ResultType,
			SendingMTAIP:          f.SendingMTAIP,
			ReceivingMXHostname:   f.ReceivingMXHostname,
			ReceivingMXHelo:       f.ReceivingMXHelo,
			ReceivingIP:           f.ReceivingIP,
			FailedSessions:        n,
			AdditionalInformation: firstNonEmpty(f.AdditionalInformation, f.AdditionalInfoURI),
			FailureReasonCode:     firstNonEmpty(f.FailureReasonCode, f.FailureErrorCode),
		})
	}
	// A summary with failures but no details is legal; only a disagreement
	// between both is worth pointing out. Both numbers are kept.
	if len(w.FailureDetails) > 0 && detailSum != pr.Failed {
		warnings = append(warnings, fmt.Sprintf("%s: total-failure-session-count is %d but the failure details add up to %d",
			path(), pr.Failed, detailSum))
	}
	return warnings, nil
}

// NormalizeDomain lowercases a domain and removes a trailing dot so the same
// policy reported by different organisations is counted together.
func NormalizeDomain(d string) string {
	d = strings.ToLower(strings.TrimSpace(d))
	return strings.TrimRightFunc(d, func(r rune) bool { return r == '.' || unicode.IsSpace(r) })
}

// parseDateTime accepts RFC 3339 and, because Microsoft sent them for a year,
// date-times without a zone, which are UTC.
func parseDateTime(field string, s optString) (time.Time, error) {
	if !s.set {
		return time.Time{}, fmt.Errorf("%s is missing", field)
	}
	v := strings.TrimSpace(s.v)
	// RFC 3339 section 5.6 (note): "T" and "Z" may be lower case. Nothing
	// else in a date-time is a letter, so upper-casing changes only them.
	p := strings.ToUpper(v)
	// RFC 3339 section 5.6 allows time-second 60, a leap second (section
	// 5.7), which time.Parse refuses: it is read as second 59, so a range
	// ending at 23:59:60 ends in its own day, not the next.
	if len(p) >= 19 && p[16] == ':' && p[17:19] == "60" {
		p = p[:17] + "59" + p[19:]
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, p); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%s %q is not a date-time", field, truncateForMessage(v))
}

func truncateForMessage(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
