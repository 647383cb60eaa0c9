// Package testgen writes the test data of this project: TLS-RPT (RFC 8460)
// report JSON and gzip bombs. The analysis tests, the benchmark corpus
// (internal/tools/corpusgen) and the hostile inputs
// (internal/tools/hostilegen) all build their reports here, so a report
// has one shape in every test. It must not import analysis, whose tests use
// it.
package testgen

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Obj is a JSON object under construction.
type Obj = map[string]any

// Report is a report document (RFC 8460 section 4.4). contact-info is left
// out when contact is empty; policies is [] when there are none.
func Report(org, id, contact, start, end string, policies ...Obj) Obj {
	if policies == nil {
		policies = []Obj{}
	}
	r := Obj{
		"organization-name": org,
		"date-range":        Obj{"start-datetime": start, "end-datetime": end},
		"report-id":         id,
		"policies":          policies,
	}
	if contact != "" {
		r["contact-info"] = contact
	}
	return r
}

// Policy is one entry of policies: the policy (type and domain; the domain
// left out when empty, as Postfix does for no-policy-found), its summary
// and, when there are any, its failure details. Add policy-string and
// mx-host to Policy(...)["policy"] as needed.
func Policy(typ, domain string, ok, failed int64, details ...Obj) Obj {
	pol := Obj{"policy-type": typ}
	if domain != "" {
		pol["policy-domain"] = domain
	}
	p := Obj{
		"policy": pol,
		"summary": Obj{
			"total-successful-session-count": ok,
			"total-failure-session-count":    failed,
		},
	}
	if details != nil {
		p["failure-details"] = details
	}
	return p
}

// STSLines is an MTA-STS policy (RFC 8461 section 3.2) as a policy-string.
func STSLines(mode string, mx []string, maxAge string) []string {
	lines := []string{"version: STSv1", "mode: " + mode}
	for _, m := range mx {
		lines = append(lines, "mx: "+m)
	}
	return append(lines, "max_age: "+maxAge)
}

// STSPolicy is Policy for an MTA-STS policy with its policy-string and the
// mx-host list.
func STSPolicy(domain, mode string, mx []string, maxAge string, ok, failed int64, details ...Obj) Obj {
	p := Policy("sts", domain, ok, failed, details...)
	pol := p["policy"].(Obj)
	pol["policy-string"] = STSLines(mode, mx, maxAge)
	pol["mx-host"] = mx
	return p
}

// Detail is one failure-details entry. The fields given empty are left
// out, as Microsoft and Mail.ru leave out what they do not know.
func Detail(resultType string, failed int64, fields Obj) Obj {
	d := Obj{"result-type": resultType, "failed-session-count": failed}
	for k, v := range fields {
		if v != "" {
			d[k] = v
		}
	}
	return d
}

// Format says how Encode lays out JSON.
type Format struct {
	// Sorted writes the members of every object in alphabetical order, as
	// Mail.ru does; otherwise they come in the order RFC 8460 lists them,
	// as most reporters write them, and unknown members after those.
	Sorted bool
	// Indent is one level of indentation; empty for compact JSON. Indented
	// JSON ends with a newline.
	Indent string
}

// JSON is v as compact JSON in RFC 8460 member order.
func JSON(v any) []byte { return Encode(v, Format{}) }

// Encode writes v (an Obj, a list, a string or a number) as JSON. Unlike
// encoding/json it does not escape <, > and &, which reporters leave as
// they are in URLs, and it keeps invalid UTF-8 as it is.
func Encode(v any, f Format) []byte {
	b := appendJSON(nil, v, f.Sorted)
	if f.Indent == "" {
		return b
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, b, "", f.Indent); err != nil {
		panic(err) // appendJSON writes valid JSON
	}
	buf.WriteByte('\n')
	return buf.Bytes()
}

// memberOrder is the order of the members in RFC 8460 section 4.4.
var memberOrder = func() map[string]int {
	m := map[string]int{}
	for i, k := range []string{
		"organization-name", "date-range", "contact-info", "report-id", "policies",
		"start-datetime", "end-datetime",
		"policy", "summary", "failure-details",
		"policy-type", "policy-string", "policy-domain", "mx-host",
		"total-successful-session-count", "total-failure-session-count",
		"result-type", "sending-mta-ip", "receiving-mx-hostname", "receiving-mx-helo", "receiving-ip",
		"failed-session-count", "additional-information", "failure-reason-code",
	} {
		m[k] = i + 1
	}
	return m
}()

func keys(o Obj, sorted bool) []string {
	ks := make([]string, 0, len(o))
	for k := range o {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, func(a, b string) int {
		if !sorted {
			ra, rb := memberOrder[a], memberOrder[b]
			if ra == 0 {
				ra = len(memberOrder) + 1
			}
			if rb == 0 {
				rb = len(memberOrder) + 1
			}
			if ra != rb {
				return cmp.Compare(ra, rb)
			}
		}
		return cmp.Compare(a, b)
	})
	return ks
}

func appendJSON(b []byte, v any, sorted bool) []byte {
	switch v := v.(type) {
	case Obj:
		b = append(b, '{')
		for i, k := range keys(v, sorted) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = appendJSON(b, v[k], sorted)
		}
		return append(b, '}')
	case []Obj:
		return appendList(b, v, sorted)
	case []any:
		return appendList(b, v, sorted)
	case []string:
		return appendList(b, v, sorted)
	case string:
		return appendString(b, v)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	}
	panic(fmt.Sprintf("testgen: cannot encode %T", v))
}

func appendList[T any](b []byte, list []T, sorted bool) []byte {
	b = append(b, '[')
	for i, e := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSON(b, e, sorted)
	}
	return append(b, ']')
}

// appendString quotes s as a JSON string.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// ReportFmt is a one-day report as raw JSON whose policies array's content
// is %s, for tests that need bytes no encoder would write.
const ReportFmt = `{"organization-name":"Org","date-range":{"start-datetime":"2024-05-01T00:00:00Z","end-datetime":"2024-05-01T23:59:59Z"},"contact-info":"c@org.example","report-id":"r1","policies":[%s]}`

// WithPolicies is ReportFmt with content as the policies array's content.
func WithPolicies(content string) string { return strings.Replace(ReportFmt, "%s", content, 1) }
