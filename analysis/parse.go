package analysis

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// The wire types mirror RFC 8460 section 4.4 exactly; validation and
// normalisation into Report happen afterwards so every rejection can name the
// field it is about.
type wireReport struct {
	OrganizationName string       `json:"organization-name"`
	DateRange        *wireRange   `json:"date-range"`
	ContactInfo      *string      `json:"contact-info"`
	ReportID         string       `json:"report-id"`
	Policies         wirePolicies `json:"policies"`
}

type wireRange struct {
	Start *string `json:"start-datetime"`
	End   *string `json:"end-datetime"`
}

// wirePolicies records whether "policies" was present and an array, so that
// a wrong type is reported as such rather than as a generic type error.
type wirePolicies struct {
	present, notArray bool
	list              []wirePolicyResult
}

func (p *wirePolicies) UnmarshalJSON(b []byte) error {
	p.present = true
	if len(b) == 0 || b[0] != '[' {
		if !bytes.Equal(b, []byte("null")) {
			p.notArray = true
		}
		return nil
	}
	return json.Unmarshal(b, &p.list)
}

type wirePolicyResult struct {
	Policy         *wirePolicy   `json:"policy"`
	Summary        *wireSummary  `json:"summary"`
	FailureDetails []wireFailure `json:"failure-details"`
}

type wirePolicy struct {
	Type          *string  `json:"policy-type"`
	Strings       []string `json:"policy-string"`
	Domain        string   `json:"policy-domain"`
	MXHost        hostList `json:"mx-host"`
	MXHostPattern hostList `json:"mx-host-pattern"` // draft-era name
}

type wireSummary struct {
	Successful count `json:"total-successful-session-count"`
	Failed     count `json:"total-failure-session-count"`
}

type wireFailure struct {
	ResultType            string `json:"result-type"`
	SendingMTAIP          string `json:"sending-mta-ip"`
	ReceivingMXHostname   string `json:"receiving-mx-hostname"`
	ReceivingMXHelo       string `json:"receiving-mx-helo"`
	ReceivingIP           string `json:"receiving-ip"`
	FailedSessions        count  `json:"failed-session-count"`
	AdditionalInformation string `json:"additional-information"`
	AdditionalInfoURI     string `json:"additional-info-uri"` // draft-era name
	FailureReasonCode     string `json:"failure-reason-code"`
	FailureErrorCode      string `json:"failure-error-code"` // draft-era name
}

// hostList accepts mx-host as the RFC's string or the errata's list.
type hostList []string

func (h *hostList) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s != "" {
			*h = hostList{s}
		}
		return nil
	case bytes.Equal(b, []byte("null")):
		return nil
	}
	return json.Unmarshal(b, (*[]string)(h))
}

// count is a session count. It never fails to decode; problems are kept and
// reported by validation, which knows the field's full path.
type count struct {
	n       int64
	present bool
	problem string
}

func (c *count) UnmarshalJSON(b []byte) error {
	c.present = true
	s := string(b)
	switch {
	case s == "null":
		c.present = false
	case b[0] == '"':
		c.problem = "is a string, not an integer"
	case b[0] == '-':
		c.problem = "is negative"
	case b[0] < '0' || b[0] > '9':
		c.problem = "is not a number"
	case strings.ContainsAny(s, ".eE"):
		c.problem = "is not an integer (" + s + ")"
	default:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			c.problem = "is too large (" + s + ")"
		}
		c.n = n
	}
	return nil
}

func (c count) check(field string) (int64, error) {
	if !c.present {
		return 0, fmt.Errorf("%s is missing", field)
	}
	if c.problem != "" {
		return 0, fmt.Errorf("%s %s", field, c.problem)
	}
	return c.n, nil
}

// ParseReport decodes and validates one report. Warnings describe things the
// report got wrong that did not stop it from being counted.
func ParseReport(data []byte) (*Report, []string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := sniffJSON(data); err != nil {
		return nil, nil, err
	}
	var w wireReport
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, nil, describeJSONError(data, err)
	}
	return w.validate()
}

// sniffJSON turns the common "this is not a report at all" cases into
// messages a user understands.
func sniffJSON(data []byte) error {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return errors.New("empty file, no report")
	case trimmed[0] == '<':
		if bytes.Contains(trimmed[:min(len(trimmed), 4096)], []byte("<feedback")) {
			return errors.New("this is a DMARC aggregate report (XML), not a TLS-RPT report")
		}
		return errors.New("this is XML, not a TLS-RPT report (JSON)")
	case trimmed[0] != '{':
		return errors.New("not JSON: a TLS-RPT report starts with '{'")
	}
	return nil
}

func describeJSONError(data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		if strings.Contains(syntax.Error(), "unexpected end of JSON input") {
			return fmt.Errorf("JSON is truncated after %d bytes", len(data))
		}
		if strings.Contains(syntax.Error(), "exceeded max depth") {
			return errors.New("JSON is nested too deeply to be a report")
		}
		return fmt.Errorf("not valid JSON at byte %d: %s", syntax.Offset, syntax.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "report"
		}
		t := typ.Type
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		return fmt.Errorf("%s must be %s, not a JSON %s", field, jsonKind(t.Kind()), typ.Value)
	}
	return fmt.Errorf("not valid JSON: %v", err)
}

func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + k.String()
}

func (w *wireReport) validate() (*Report, []string, error) {
	var warnings []string
	r := &Report{
		OrganizationName: strings.TrimSpace(w.OrganizationName),
		ReportID:         strings.TrimSpace(w.ReportID),
	}
	if w.ContactInfo != nil {
		r.ContactInfo = *w.ContactInfo
	}
	if r.OrganizationName == "" {
		warnings = append(warnings, "organization-name is missing")
	}
	if r.ReportID == "" {
		warnings = append(warnings, "report-id is missing")
	}
	if w.DateRange == nil {
		return nil, nil, errors.New("date-range is missing")
	}
	var err error
	if r.Start, err = parseDateTime("date-range.start-datetime", w.DateRange.Start); err != nil {
		return nil, nil, err
	}
	if r.End, err = parseDateTime("date-range.end-datetime", w.DateRange.End); err != nil {
		return nil, nil, err
	}
	if r.End.Before(r.Start) {
		warnings = append(warnings, "date-range ends before it starts")
	}
	switch {
	case !w.Policies.present:
		return nil, nil, errors.New("policies is missing")
	case w.Policies.notArray:
		return nil, nil, errors.New("policies must be an array")
	}
	r.Policies = make([]PolicyResult, 0, len(w.Policies.list))
	for i := range w.Policies.list {
		p, warns, err := w.Policies.list[i].validate(fmt.Sprintf("policies[%d]", i))
		if err != nil {
			return nil, nil, err
		}
		r.Policies = append(r.Policies, p)
		warnings = append(warnings, warns...)
	}
	return r, warnings, nil
}

func (w *wirePolicyResult) validate(path string) (PolicyResult, []string, error) {
	var pr PolicyResult
	var warnings []string
	if w.Policy == nil {
		return pr, nil, fmt.Errorf("%s.policy is missing", path)
	}
	if w.Policy.Type == nil {
		return pr, nil, fmt.Errorf("%s.policy.policy-type is missing", path)
	}
	t := PolicyType(*w.Policy.Type)
	if !t.valid() {
		return pr, nil, fmt.Errorf("%s.policy.policy-type %q is not sts, tlsa or no-policy-found", path, *w.Policy.Type)
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
			pr.Policy.STS = ParseSTSPolicy(w.Policy.Strings)
		}
	case PolicyTLSA:
		pr.Policy.TLSARecords = splitTLSARecords(w.Policy.Strings)
	}
	if w.Summary == nil {
		return pr, nil, fmt.Errorf("%s.summary is missing", path)
	}
	var err error
	if pr.Successful, err = w.Summary.Successful.check(path + ".summary.total-successful-session-count"); err != nil {
		return pr, nil, err
	}
	if pr.Failed, err = w.Summary.Failed.check(path + ".summary.total-failure-session-count"); err != nil {
		return pr, nil, err
	}
	var detailSum int64
	pr.FailureDetails = make([]FailureDetail, 0, len(w.FailureDetails))
	for i, f := range w.FailureDetails {
		fpath := fmt.Sprintf("%s.failure-details[%d]", path, i)
		n, err := f.FailedSessions.check(fpath + ".failed-session-count")
		if err != nil {
			return pr, nil, err
		}
		if f.ResultType == "" {
			return pr, nil, fmt.Errorf("%s.result-type is missing", fpath)
		}
		if !IsStandardResultType(f.ResultType) {
			warnings = append(warnings, fmt.Sprintf("%s.result-type %q is not an RFC 8460 result type", fpath, f.ResultType))
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
			path, pr.Failed, detailSum))
	}
	return pr, warnings, nil
}

// NormalizeDomain lowercases a domain and removes a trailing dot so the same
// policy reported by different organisations is counted together.
func NormalizeDomain(d string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), ".")
}

// parseDateTime accepts RFC 3339 and, because Microsoft sent them for a year,
// date-times without a zone, which are UTC.
func parseDateTime(field string, s *string) (time.Time, error) {
	if s == nil {
		return time.Time{}, fmt.Errorf("%s is missing", field)
	}
	v := strings.TrimSpace(*s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
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
