package report

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
)

// fieldError is a problem with one field; path grows as the error travels
// out of nested objects, so messages name the field in full
// ("policies[0].summary.total-failure-session-count") without building
// paths while decoding succeeds.
type fieldError struct {
	path, problem string
}

func (e *fieldError) Error() string { return e.path + " " + e.problem }

// within prefixes the path of a fieldError; other errors pass unchanged.
func within(prefix string, err error) error {
	if err == nil {
		return nil // before errors.As, whose target escapes to the heap
	}
	var fe *fieldError
	if !errors.As(err, &fe) {
		return err
	}
	if fe.path == "" {
		return &fieldError{path: prefix, problem: fe.problem}
	}
	return &fieldError{path: prefix + "." + fe.path, problem: fe.problem}
}

func indexed(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }

// withinIndexed is within(indexed(name, i), err), building the path only
// for an error: most elements decode fine.
func withinIndexed(name string, i int, err error) error {
	if err == nil {
		return nil
	}
	return within(indexed(name, i), err)
}

// reportDecoder is what decoding a report needs besides its bytes, pooled
// (per P in effect, so decoding goroutines do not contend): the scanner
// with its intern table, and the wire form, whose lists of policies and
// failure details keep their capacity from one report to the next.
type reportDecoder struct {
	s jsonScanner
	w wireReport
}

var reportDecoders = sync.Pool{New: func() any { return &reportDecoder{s: jsonScanner{strs: newInternTable()}} }}

// decode reads the report's JSON into its wire form, valid until the next
// decode. The string lists in it are the caller's to keep.
func (d *reportDecoder) decode(data []byte) (*wireReport, error) {
	s := &d.s
	s.data, s.pos, s.depth = data, 0, 0
	defer func() { s.data = nil }()
	if s.peek() != '{' {
		return nil, errors.New("not JSON: a TLS-RPT report starts with '{'")
	}
	w := &d.w
	*w = wireReport{Policies: wirePolicies{list: w.Policies.list[:0]}}
	err := s.object(func(key []byte) error {
		switch string(key) {
		case "organization-name":
			return s.stringInto("organization-name", &w.OrganizationName)
		case "report-id":
			// Unique to each report: interning it would only push the
			// values that repeat out of the table.
			strs := s.strs
			s.strs = nil
			err := s.stringInto("report-id", &w.ReportID)
			s.strs = strs
			return err
		case "contact-info":
			return s.optionalString("contact-info", &w.ContactInfo)
		case "date-range":
			return s.dateRange(&w.DateRange)
		case "policies":
			return s.policies(&w.Policies)
		}
		return s.skip()
	})
	if err != nil {
		return nil, err
	}
	if !s.atEnd() {
		return nil, s.syntaxError("unexpected data after the report")
	}
	return w, nil
}

func (s *jsonScanner) typeError(field, want string) error {
	return within(field, s.typeErrorHere(want))
}

// stringInto reads a string; null leaves it empty, as encoding/json does.
func (s *jsonScanner) stringInto(field string, dst *string) error {
	switch s.peek() {
	case '"':
		v, err := s.rawString()
		*dst = v
		return err
	case 'n':
		_, err := s.literal()
		return err
	}
	return s.typeError(field, "a string")
}

func (s *jsonScanner) optionalString(field string, dst *optString) error {
	if s.peek() == 'n' {
		_, err := s.literal()
		*dst = optString{}
		return err
	}
	*dst = optString{set: true}
	return s.stringInto(field, &dst.v)
}

// stringList reads a list of strings; a single string, as the RFC writes
// mx-host, counts as a list of one.
func (s *jsonScanner) stringList(field string, dst *[]string) error {
	switch s.peek() {
	case '"':
		v, err := s.rawString()
		if v != "" {
			*dst = []string{v}
		}
		return err
	case 'n':
		_, err := s.literal()
		return err
	case '[':
		// Gathered in the scanner's scratch list and copied once, at the
		// size the report keeps.
		list := s.list[:0]
		err := s.array(func(i int) error {
			var v string
			if err := s.stringInto("", &v); err != nil {
				return withinIndexed(field, i, err)
			}
			list = append(list, v)
			return nil
		})
		*dst = append((*dst)[:0], list...)
		clear(list)
		s.list = list[:0]
		return err
	}
	return s.typeError(field, "a list of strings")
}

func (s *jsonScanner) dateRange(r *wireRange) error {
	if s.peek() != '{' {
		if s.peek() == 'n' {
			_, err := s.literal()
			return err
		}
		return s.typeError("date-range", "an object")
	}
	*r = wireRange{set: true}
	return within("date-range", s.object(func(key []byte) error {
		switch string(key) {
		case "start-datetime":
			return s.optionalString("start-datetime", &r.Start)
		case "end-datetime":
			return s.optionalString("end-datetime", &r.End)
		}
		return s.skip()
	}))
}

func (s *jsonScanner) policies(dst *wirePolicies) error {
	*dst = wirePolicies{present: true, list: dst.list[:0]}
	switch s.peek() {
	case '[':
	case 'n':
		_, err := s.literal()
		return err
	default:
		dst.notArray = true
		return s.skip()
	}
	return s.array(func(i int) error {
		dst.list = nextPolicyResult(dst.list)
		return withinIndexed("policies", i, s.policyResult(&dst.list[len(dst.list)-1]))
	})
}

// nextPolicyResult extends list by an empty element, keeping the capacity
// for failure details that an earlier report left in it.
func nextPolicyResult(list []wirePolicyResult) []wirePolicyResult {
	if len(list) == cap(list) {
		return append(list, wirePolicyResult{})
	}
	list = list[:len(list)+1]
	pr := &list[len(list)-1]
	*pr = wirePolicyResult{FailureDetails: pr.FailureDetails[:0]}
	return list
}

func (s *jsonScanner) policyResult(pr *wirePolicyResult) error {
	if s.peek() != '{' {
		return s.typeErrorHere("an object")
	}
	return s.object(func(key []byte) error {
		switch string(key) {
		case "policy":
			pr.hasPolicy, pr.Policy = true, wirePolicy{}
			return within("policy", s.policy(&pr.Policy))
		case "summary":
			pr.hasSummary, pr.Summary = true, wireSummary{}
			return within("summary", s.summary(&pr.Summary))
		case "failure-details":
			if s.peek() == 'n' {
				_, err := s.literal()
				return err
			}
			if s.peek() != '[' {
				return s.typeError("failure-details", "an array")
			}
			pr.FailureDetails = pr.FailureDetails[:0]
			return s.array(func(i int) error {
				pr.FailureDetails = append(pr.FailureDetails, wireFailure{})
				return withinIndexed("failure-details", i, s.failure(&pr.FailureDetails[len(pr.FailureDetails)-1]))
			})
		}
		return s.skip()
	})
}

func (s *jsonScanner) policy(p *wirePolicy) error {
	if s.peek() != '{' {
		return s.typeErrorHere("an object")
	}
	return s.object(func(key []byte) error {
		switch string(key) {
		case "policy-type":
			return s.optionalString("policy-type", &p.Type)
		case "policy-string":
			return s.stringList("policy-string", &p.Strings)
		case "policy-domain":
			return s.stringInto("policy-domain", &p.Domain)
		case "mx-host":
			return s.stringList("mx-host", &p.MXHost)
		case "mx-host-pattern":
			return s.stringList("mx-host-pattern", &p.MXHostPattern)
		}
		return s.skip()
	})
}

func (s *jsonScanner) summary(sum *wireSummary) error {
	if s.peek() != '{' {
		return s.typeErrorHere("an object")
	}
	return s.object(func(key []byte) error {
		switch string(key) {
		case "total-successful-session-count":
			return s.count(&sum.Successful)
		case "total-failure-session-count":
			return s.count(&sum.Failed)
		}
		return s.skip()
	})
}

func (s *jsonScanner) failure(f *wireFailure) error {
	if s.peek() != '{' {
		return s.typeErrorHere("an object")
	}
	return s.object(func(key []byte) error {
		var dst *string
		switch string(key) {
		case "result-type":
			dst = &f.ResultType
		case "sending-mta-ip":
			dst = &f.SendingMTAIP
		case "receiving-mx-hostname":
			dst = &f.ReceivingMXHostname
		case "receiving-mx-helo":
			dst = &f.ReceivingMXHelo
		case "receiving-ip":
			dst = &f.ReceivingIP
		case "additional-information":
			dst = &f.AdditionalInformation
		case "additional-info-uri":
			dst = &f.AdditionalInfoURI
		case "failure-reason-code":
			dst = &f.FailureReasonCode
		case "failure-error-code":
			dst = &f.FailureErrorCode
		case "failed-session-count":
			return s.count(&f.FailedSessions)
		default:
			return s.skip()
		}
		if err := s.stringInto("", dst); err != nil {
			return within(string(key), err)
		}
		return nil
	})
}

// typeErrorHere is a type error for a value whose path the caller adds.
func (s *jsonScanner) typeErrorHere(want string) error {
	if s.atEnd() {
		return errTruncated
	}
	return &fieldError{problem: "must be " + want + ", not a JSON " + s.kind()}
}

// count reads a session count. It never fails on a wrong type: validation
// reports that with the field's full path.
func (s *jsonScanner) count(c *count) error {
	*c = count{present: true}
	switch s.peek() {
	case '"':
		c.problem = "is a string, not an integer"
		return s.skip()
	case 'n':
		c.present = false
		_, err := s.literal()
		return err
	case '-':
		c.problem = "is negative"
	case '{', '[', 't', 'f':
		c.problem = "is not a number"
		return s.skip()
	}
	raw, err := s.number()
	if err == nil && string(raw) == "-0" {
		// RFC 8259 section 6: "-0" is a valid number, and it is zero.
		c.problem = ""
	}
	if err != nil || c.problem != "" {
		return err
	}
	for _, b := range raw {
		if b == '.' || b == 'e' || b == 'E' {
			c.problem = "is not an integer (" + numberText(raw) + ")"
			return nil
		}
	}
	n, perr := strconv.ParseInt(string(raw), 10, 64)
	if perr != nil {
		c.problem = "is too large (" + numberText(raw) + ")"
	}
	c.n = n
	return nil
}

// numberText is a number as an error message quotes it: whole when short,
// else its start and its length, so that a hostile 5,000-digit count is not
// echoed into every message about it.
func numberText(raw []byte) string {
	const shown = 24
	if len(raw) <= shown {
		return string(raw)
	}
	return fmt.Sprintf("%s…, %d characters", raw[:shown], len(raw))
}
