package report

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// A report skeleton: %s is the policies array's content.
const reportFmt = testgen.ReportFmt

const okSummary = `"summary":{"total-successful-session-count":10,"total-failure-session-count":0}`

// withPolicies wraps policies[] content into a report.
var withPolicies = testgen.WithPolicies

// withPolicy is a report with one policy result whose "policy" object has
// the given members and a summary of 10 successful sessions.
func withPolicy(policyMembers string) string {
	return withPolicies(`{"policy":{` + policyMembers + `},` + okSummary + `}`)
}

func mustParse(t *testing.T, js string) (*Report, []string) {
	t.Helper()
	r, warnings, err := ParseReport([]byte(js))
	if err != nil {
		t.Fatalf("ParseReport: %v\ninput: %.300s", err, js)
	}
	if r == nil {
		t.Fatal("ParseReport returned neither report nor error")
	}
	return r, warnings
}

func TestParseMXHost(t *testing.T) {
	for _, tc := range []struct {
		name, members string
		want          []string
	}{
		{"string (RFC)", `"mx-host":"*.mail.example.com"`, []string{"*.mail.example.com"}},
		{"list (errata, Google)", `"mx-host":["mx1.example.com","mx2.example.com"]`, []string{"mx1.example.com", "mx2.example.com"}},
		{"empty list", `"mx-host":[]`, nil},
		{"empty string", `"mx-host":""`, nil},
		{"null", `"mx-host":null`, nil},
		{"missing (Microsoft, Mail.ru)", ``, nil},
		{"draft mx-host-pattern", `"mx-host-pattern":"*.example.net"`, []string{"*.example.net"}},
		{"draft mx-host-pattern list", `"mx-host-pattern":["a.example.net","b.example.net"]`, []string{"a.example.net", "b.example.net"}},
		{"both names", `"mx-host":["a.example"],"mx-host-pattern":["b.example"]`, []string{"a.example", "b.example"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			members := `"policy-type":"sts","policy-domain":"example.com"`
			if tc.members != "" {
				members += "," + tc.members
			}
			r, warnings := mustParse(t, withPolicy(members))
			if got := r.Policies[0].Policy.MXHosts; len(got) != len(tc.want) || (len(got) > 0 && !slices.Equal(got, tc.want)) {
				t.Errorf("MXHosts %q, want %q", got, tc.want)
			}
			if len(warnings) != 0 {
				t.Errorf("warnings %q", warnings)
			}
		})
	}
}

func TestParsePolicyString(t *testing.T) {
	for _, tc := range []struct {
		name, members string
		strings       int
		sts           bool
	}{
		{"absent (policy not fetched)", `"policy-type":"sts","policy-domain":"example.com"`, 0, false},
		{"empty list", `"policy-type":"sts","policy-domain":"example.com","policy-string":[]`, 0, false},
		{"null", `"policy-type":"sts","policy-domain":"example.com","policy-string":null`, 0, false},
		{"lines", `"policy-type":"sts","policy-domain":"example.com","policy-string":["version: STSv1","mode: testing","mx: mx.example.com","max_age: 86400"]`, 4, true},
		{"no-policy-found ignores it", `"policy-type":"no-policy-found","policy-domain":"example.com","policy-string":["version: STSv1"]`, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := mustParse(t, withPolicy(tc.members))
			p := r.Policies[0].Policy
			if len(p.Strings) != tc.strings || (p.STS != nil) != tc.sts {
				t.Errorf("Strings %q STS %+v; want %d strings, STS set: %v", p.Strings, p.STS, tc.strings, tc.sts)
			}
		})
	}
	// TLSA: the JSON-array-in-one-string form is split, plain records kept.
	r, _ := mustParse(t, withPolicy(`"policy-type":"tlsa","policy-domain":"_25._tcp.mx.example.com","policy-string":["[\"3 1 1 AA\",\"3 1 1 BB\"]"]`))
	if got := r.Policies[0].Policy.TLSARecords; !slices.Equal(got, []string{"3 1 1 AA", "3 1 1 BB"}) {
		t.Errorf("TLSA records %q", got)
	}
	r, _ = mustParse(t, withPolicy(`"policy-type":"tlsa","policy-domain":"example.com","policy-string":["3 1 1 AA","3 1 1 BB"]`))
	if got := r.Policies[0].Policy.TLSARecords; !slices.Equal(got, []string{"3 1 1 AA", "3 1 1 BB"}) {
		t.Errorf("TLSA records %q", got)
	}
	if got := r.Policies[0].Policy.Domain; got != "example.com" {
		t.Errorf("domain %q", got)
	}
}

func TestParseSTSPolicy(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string
		want  STSPolicy
	}{
		{"RFC order", []string{"version: STSv1", "mode: enforce", "mx: mx1.example.com", "mx: *.example.net", "max_age: 604800"},
			STSPolicy{"STSv1", ModeEnforce, []string{"mx1.example.com", "*.example.net"}, 604800}},
		{"any order", []string{"max_age: 86400", "mx: b.example", "mode: testing", "mx: a.example", "version: STSv1"},
			STSPolicy{"STSv1", ModeTesting, []string{"b.example", "a.example"}, 86400}},
		{"mode none", []string{"version: STSv1", "mode: none", "max_age: 0"}, STSPolicy{"STSv1", ModeNone, nil, 0}},
		{"mode case and spaces", []string{"  Mode :  ENFORCE  ", "MX:mx.example"}, STSPolicy{"", ModeEnforce, []string{"mx.example"}, -1}},
		{"unknown mode", []string{"mode: strict"}, STSPolicy{"", ModeUnknown, nil, -1}},
		{"unknown keys ignored", []string{"version: STSv1", "colour: blue", "garbage", "mode: testing", "max_age: 10"}, STSPolicy{"STSv1", ModeTesting, nil, 10}},
		{"bad max_age", []string{"max_age: soon"}, STSPolicy{MaxAge: -1}},
		{"negative max_age", []string{"max_age: -5"}, STSPolicy{MaxAge: -1}},
		{"whole file in one element, CRLF", []string{"version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 31557600\r\n"},
			STSPolicy{"STSv1", ModeEnforce, []string{"mx.example.com"}, 31557600}},
		{"empty", nil, STSPolicy{MaxAge: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ParseSTSPolicy(tc.lines)
			if got.Version != tc.want.Version || got.Mode != tc.want.Mode || !slices.Equal(got.MX, tc.want.MX) || got.MaxAge != tc.want.MaxAge {
				t.Errorf("got %+v, want %+v", *got, tc.want)
			}
		})
	}
}

func TestParseOptionalFields(t *testing.T) {
	for _, tc := range []struct {
		name, js    string
		contact     string
		domain      string
		org, id     string
		warnings    int
		warnSubstrs []string
	}{
		{name: "contact-info null", js: strings.Replace(withPolicy(`"policy-type":"sts","policy-domain":"example.com"`), `"c@org.example"`, "null", 1), domain: "example.com", org: "Org", id: "r1"},
		{name: "contact-info missing", js: strings.Replace(withPolicy(`"policy-type":"sts","policy-domain":"example.com"`), `"contact-info":"c@org.example",`, "", 1), domain: "example.com", org: "Org", id: "r1"},
		{name: "contact-info kept", js: withPolicy(`"policy-type":"sts","policy-domain":"example.com"`), contact: "c@org.example", domain: "example.com", org: "Org", id: "r1"},
		{name: "policy-domain missing (Postfix)", js: withPolicy(`"policy-type":"no-policy-found"`), contact: "c@org.example", org: "Org", id: "r1"},
		{name: "policy-domain uppercase, trailing dot, spaces", js: withPolicy(`"policy-type":"sts","policy-domain":" Example.COM. "`), contact: "c@org.example", domain: "example.com", org: "Org", id: "r1"},
		{name: "punycode kept", js: withPolicy(`"policy-type":"sts","policy-domain":"XN--GPHER-JUA.test"`), contact: "c@org.example", domain: "xn--gpher-jua.test", org: "Org", id: "r1"},
		{name: "organization-name and report-id missing", js: strings.NewReplacer(`"organization-name":"Org",`, "", `"report-id":"r1",`, "").Replace(withPolicy(`"policy-type":"sts","policy-domain":"a.example"`)),
			contact: "c@org.example", domain: "a.example", warnings: 2, warnSubstrs: []string{"organization-name is missing", "report-id is missing"}},
		{name: "names trimmed", js: strings.NewReplacer(`"Org"`, `"  Org \t"`, `"r1"`, `" r1\n"`).Replace(withPolicy(`"policy-type":"sts","policy-domain":"a.example"`)),
			contact: "c@org.example", domain: "a.example", org: "Org", id: "r1"},
		{name: "unknown members ignored", js: strings.Replace(withPolicy(`"policy-type":"sts","policy-domain":"a.example","x-extra":{"deep":[1,2,{"a":null}]}`), `"report-id"`, `"x-vendor":[true,false,null,1.5e3],"report-id"`, 1),
			contact: "c@org.example", domain: "a.example", org: "Org", id: "r1"},
		{name: "byte order mark", js: "\xef\xbb\xbf" + withPolicy(`"policy-type":"sts","policy-domain":"a.example"`), contact: "c@org.example", domain: "a.example", org: "Org", id: "r1"},
		{name: "CRLF and indentation", js: strings.ReplaceAll(withPolicy(`"policy-type":"sts","policy-domain":"a.example"`), ",", ",\r\n    "), contact: "c@org.example", domain: "a.example", org: "Org", id: "r1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, warnings := mustParse(t, tc.js)
			if r.ContactInfo != tc.contact || r.Policies[0].Policy.Domain != tc.domain || r.OrganizationName != tc.org || r.ReportID != tc.id {
				t.Errorf("contact %q domain %q org %q id %q; want %q %q %q %q", r.ContactInfo, r.Policies[0].Policy.Domain, r.OrganizationName, r.ReportID,
					tc.contact, tc.domain, tc.org, tc.id)
			}
			if len(warnings) != tc.warnings || !testgen.ContainsAll(strings.Join(warnings, "|"), tc.warnSubstrs...) {
				t.Errorf("warnings %q, want %d containing %q", warnings, tc.warnings, tc.warnSubstrs)
			}
		})
	}
}

func TestNormalizeDomain(t *testing.T) {
	for in, want := range map[string]string{
		"example.com":        "example.com",
		"EXAMPLE.COM":        "example.com",
		"Example.Com.":       "example.com",
		" example.com. ":     "example.com",
		"":                   "",
		".":                  "",
		"xn--GPHER-jua.test": "xn--gpher-jua.test",
	} {
		if got := NormalizeDomain(in); got != want {
			t.Errorf("NormalizeDomain(%q) = %q, want %q", in, got, want)
		}
		if got := NormalizeDomain(NormalizeDomain(in)); got != want {
			t.Errorf("NormalizeDomain is not idempotent on %q: %q", in, got)
		}
	}
}

// TestNormalizeDomainIdempotent: the same domain written with more than one
// trailing dot, or a space before the dot, must end up as one policy; today
// a second normalisation changes the result, so "example.com.." and
// "example.com." are two different policies.
func TestNormalizeDomainIdempotent(t *testing.T) {
	for _, in := range []string{"example.com..", "example.com. .", "EXAMPLE.COM .", "a.\t"} {
		once := NormalizeDomain(in)
		if twice := NormalizeDomain(once); twice != once {
			t.Errorf("NormalizeDomain(%q) = %q, but normalising that again gives %q", in, once, twice)
		}
	}
}

func TestParseDateTimes(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2024-03-26T00:00:00Z", utc("2024-03-26T00:00:00Z")},
		{"2024-03-26T00:00:00", utc("2024-03-26T00:00:00Z")},         // Microsoft 2023/2024: no zone = UTC
		{"2024-03-26T23:59:59", utc("2024-03-26T23:59:59Z")},         // same
		{"2024-03-26T23:59:59.123", utc("2024-03-26T23:59:59.123Z")}, // zone-less with fraction
		{"2024-03-26T02:00:00+02:00", utc("2024-03-26T00:00:00Z")},   // offsets become UTC
		{"2024-03-25T19:00:00-05:00", utc("2024-03-26T00:00:00Z")},
		{"2024-03-26T00:00:00.000Z", utc("2024-03-26T00:00:00Z")},
		{" 2024-03-26T00:00:00Z ", utc("2024-03-26T00:00:00Z")},
	} {
		js := strings.Replace(withPolicies(""), "2024-05-01T00:00:00Z", tc.in, 1)
		js = strings.Replace(js, "2024-05-01T23:59:59Z", "2024-03-27T00:00:00Z", 1)
		r, _ := mustParse(t, js)
		if !r.Start.Equal(tc.want) || r.Start.Location() != time.UTC {
			t.Errorf("%q parsed as %v, want %v UTC", tc.in, r.Start, tc.want)
		}
	}
}

// TestDateRangeBackwardsIsRejected: a range that ends before it starts
// (RFC 8460 section 4.4) would show as "2024-05-02 to 2024-05-01".
func TestDateRangeBackwardsIsRejected(t *testing.T) {
	js := strings.NewReplacer("2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z").Replace(withPolicies(""))
	r, _, err := ParseReport([]byte(js))
	if r != nil || err == nil || err.Error() != "date-range ends (2024-05-01T23:59:59Z) before it starts (2024-05-02T00:00:00Z)" {
		t.Errorf("report %v, error %v; want the backwards range rejected", r, err)
	}
	// A range of one instant is not backwards.
	js = strings.NewReplacer("2024-05-01T23:59:59Z", "2024-05-01T00:00:00Z").Replace(withPolicies(""))
	if _, _, err := ParseReport([]byte(js)); err != nil {
		t.Errorf("start = end: %v", err)
	}
}

func TestParseEmptyPolicies(t *testing.T) {
	for _, p := range []string{`[]`, `null`} {
		js := strings.Replace(reportFmt, "[%s]", p, 1)
		r, warnings := mustParse(t, js)
		if len(r.Policies) != 0 || len(warnings) != 0 {
			t.Errorf("policies %s: %d policies, warnings %q", p, len(r.Policies), warnings)
		}
	}
}

func TestParseFailureDetails(t *testing.T) {
	t.Run("summary and details disagree: warning, both kept", func(t *testing.T) {
		r, warnings := mustParse(t, withPolicies(`{"policy":{"policy-type":"sts","policy-domain":"a.example"},
			"summary":{"total-successful-session-count":0,"total-failure-session-count":1},
			"failure-details":[{"result-type":"sts-policy-fetch-error","failed-session-count":1},{"result-type":"sts-policy-fetch-error","failed-session-count":1}]}`))
		p := r.Policies[0]
		if p.Failed != 1 || len(p.FailureDetails) != 2 || p.FailureDetails[0].FailedSessions+p.FailureDetails[1].FailedSessions != 2 {
			t.Errorf("policy %+v: summary must stay 1 and details 1+1", p)
		}
		if len(warnings) != 1 || !testgen.ContainsAll(warnings[0], "policies[0]", "total-failure-session-count", "1", "2") {
			t.Errorf("warnings %q", warnings)
		}
	})
	t.Run("failures in summary without details: no warning", func(t *testing.T) {
		r, warnings := mustParse(t, withPolicies(`{"policy":{"policy-type":"sts","policy-domain":"a.example"},"summary":{"total-successful-session-count":3,"total-failure-session-count":7},"failure-details":[]}`))
		if r.Policies[0].Failed != 7 || len(warnings) != 0 {
			t.Errorf("failed %d warnings %q", r.Policies[0].Failed, warnings)
		}
	})
	t.Run("unknown result type kept with warning", func(t *testing.T) {
		r, warnings := mustParse(t, withPolicies(`{"policy":{"policy-type":"sts","policy-domain":"a.example"},"summary":{"total-successful-session-count":0,"total-failure-session-count":4},
			"failure-details":[{"result-type":"Testing","failed-session-count":4}]}`))
		if fd := r.Policies[0].FailureDetails; len(fd) != 1 || fd[0].ResultType != "Testing" || fd[0].FailedSessions != 4 {
			t.Errorf("details %+v", fd)
		}
		if len(warnings) != 1 || !testgen.ContainsAll(warnings[0], `"Testing"`, "failure-details[0]", "result-type") {
			t.Errorf("warnings %q", warnings)
		}
		if IsStandardResultType("Testing") {
			t.Error("Testing is described as standard")
		}
	})
	t.Run("all fields and draft names", func(t *testing.T) {
		r, warnings := mustParse(t, withPolicies(`{"policy":{"policy-type":"sts","policy-domain":"a.example"},"summary":{"total-successful-session-count":0,"total-failure-session-count":6},
			"failure-details":[
			 {"result-type":"certificate-expired","sending-mta-ip":"2001:db8::1","receiving-mx-hostname":"MX.a.example","receiving-mx-helo":"helo.a.example","receiving-ip":"192.0.2.7","failed-session-count":1,"additional-information":"https://r.example/1","failure-reason-code":"X509_V_ERR_CERT_HAS_EXPIRED"},
			 {"result-type":"validation-failure","failed-session-count":2,"additional-info-uri":"https://r.example/draft","failure-error-code":"draft code"},
			 {"result-type":"validation-failure","failed-session-count":3,"additional-information":"https://r.example/rfc","additional-info-uri":"https://r.example/draft","failure-reason-code":"rfc","failure-error-code":"draft"}]}`))
		fds := r.Policies[0].FailureDetails
		want := []FailureDetail{
			{"certificate-expired", "2001:db8::1", "MX.a.example", "helo.a.example", "192.0.2.7", 1, "https://r.example/1", "X509_V_ERR_CERT_HAS_EXPIRED"},
			{"validation-failure", "", "", "", "", 2, "https://r.example/draft", "draft code"},
			{"validation-failure", "", "", "", "", 3, "https://r.example/rfc", "rfc"},
		}
		if !slices.Equal(fds, want) {
			t.Errorf("details\n got %+v\nwant %+v", fds, want)
		}
		if len(warnings) != 0 {
			t.Errorf("warnings %q", warnings)
		}
	})
	t.Run("failure-details before summary and policy", func(t *testing.T) {
		r, _ := mustParse(t, withPolicies(`{"failure-details":[{"failed-session-count":5,"result-type":"dane-required"}],"summary":{"total-failure-session-count":5,"total-successful-session-count":1},"policy":{"policy-domain":"a.example","policy-type":"tlsa"}}`))
		p := r.Policies[0]
		if p.Policy.Type != PolicyTLSA || p.Successful != 1 || p.Failed != 5 || len(p.FailureDetails) != 1 {
			t.Errorf("policy %+v", p)
		}
	})
}

func TestParseCounts(t *testing.T) {
	for _, tc := range []struct {
		value   string
		want    int64
		wantErr string
	}{
		{"0", 0, ""},
		{"123456", 123456, ""},
		{"9223372036854775807", math.MaxInt64, ""},
		{"9223372036854775808", 0, "too large"},
		{"99999999999999999999999999", 0, "too large"},
		{"-1", 0, "negative"},
		{"-0", 0, ""}, // RFC 8259 section 6: a valid number, zero
		{"1.5", 0, "not an integer"},
		{"1.0", 0, "not an integer"},
		{"1e3", 0, "not an integer"},
		{`"12"`, 0, "is a string"},
		{"true", 0, "not a number"},
		{"{}", 0, "not a number"},
		{"[1]", 0, "not a number"},
		{"null", 0, "is missing"},
	} {
		js := withPolicies(`{"policy":{"policy-type":"sts","policy-domain":"a.example"},"summary":{"total-successful-session-count":` + tc.value + `,"total-failure-session-count":0}}`)
		r, _, err := ParseReport([]byte(js))
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tc.value, err)
		case tc.wantErr == "" && r.Policies[0].Successful != tc.want:
			t.Errorf("%s: got %d", tc.value, r.Policies[0].Successful)
		case tc.wantErr != "" && (err == nil || !testgen.ContainsAll(err.Error(), "policies[0].summary.total-successful-session-count", tc.wantErr)):
			t.Errorf("%s: error %v, want the field path and %q", tc.value, err, tc.wantErr)
		}
	}
	// The same for a failure detail's count.
	js := withPolicies(`{"policy":{"policy-type":"sts","policy-domain":"a.example"},"summary":{"total-successful-session-count":1,"total-failure-session-count":0},"failure-details":[{"result-type":"dane-required","failed-session-count":-4}]}`)
	if _, _, err := ParseReport([]byte(js)); err == nil || !testgen.ContainsAll(err.Error(), "policies[0].failure-details[0].failed-session-count", "negative") {
		t.Errorf("negative failed-session-count: %v", err)
	}
}

func TestParseRejections(t *testing.T) {
	valid := withPolicy(`"policy-type":"sts","policy-domain":"a.example"`)
	for _, tc := range []struct {
		name, in string
		want     []string // substrings of the error
	}{
		{"empty", "", []string{"empty"}},
		{"spaces only", " \r\n\t", []string{"empty"}},
		{"not JSON", "hello, world", []string{"not JSON"}},
		{"top-level array", `[` + valid + `]`, []string{"starts with '{'"}},
		{"truncated JSON", valid[:len(valid)/2], []string{"truncated"}},
		{"truncated in a string", `{"organization-name":"Goo`, []string{"truncated"}},
		{"truncated after the last brace is missing", valid[:len(valid)-1], []string{"truncated"}},
		{"two reports", valid + valid, []string{"after the report"}},
		{"DMARC XML", `<?xml version="1.0" encoding="UTF-8" ?>` + "\n<feedback>\n  <report_metadata><org_name>google.com</org_name></report_metadata>\n</feedback>", []string{"DMARC"}},
		{"other XML", `<?xml version="1.0"?><html></html>`, []string{"XML"}},
		{"date-range missing", strings.Replace(valid, `"date-range":{"start-datetime":"2024-05-01T00:00:00Z","end-datetime":"2024-05-01T23:59:59Z"},`, "", 1), []string{"date-range is missing"}},
		{"date-range null", strings.Replace(valid, `{"start-datetime":"2024-05-01T00:00:00Z","end-datetime":"2024-05-01T23:59:59Z"}`, "null", 1), []string{"date-range is missing"}},
		{"date-range a string", strings.Replace(valid, `{"start-datetime":"2024-05-01T00:00:00Z","end-datetime":"2024-05-01T23:59:59Z"}`, `"yesterday"`, 1), []string{"date-range", "object"}},
		{"start missing", strings.Replace(valid, `"start-datetime":"2024-05-01T00:00:00Z",`, "", 1), []string{"start-datetime is missing"}},
		{"end missing", strings.Replace(valid, `,"end-datetime":"2024-05-01T23:59:59Z"`, "", 1), []string{"end-datetime is missing"}},
		{"unparsable start", strings.Replace(valid, "2024-05-01T00:00:00Z", "April fools", 1), []string{"date-range.start-datetime", `"April fools"`}},
		{"unparsable end", strings.Replace(valid, "2024-05-01T23:59:59Z", "2024-13-45T99:00:00Z", 1), []string{"date-range.end-datetime", "2024-13-45"}},
		{"start a number", strings.Replace(valid, `"2024-05-01T00:00:00Z"`, "1714521600", 1), []string{"start-datetime", "string"}},
		{"very long unparsable date is cut", strings.Replace(valid, "2024-05-01T00:00:00Z", strings.Repeat("x", 10000), 1), []string{"start-datetime"}},
		{"policies missing", strings.Replace(reportFmt, `,"policies":[%s]`, "", 1), []string{"policies is missing"}},
		{"policies an object", strings.Replace(reportFmt, `[%s]`, `{"policy":{}}`, 1), []string{"policies must be an array"}},
		{"policies a string", strings.Replace(reportFmt, `[%s]`, `"none"`, 1), []string{"policies must be an array"}},
		{"policies a number", strings.Replace(reportFmt, `[%s]`, `0`, 1), []string{"policies must be an array"}},
		{"policy entry not an object", withPolicies(`42`), []string{"policies[0]", "object"}},
		{"policy missing", withPolicies(`{` + okSummary + `}`), []string{"policies[0].policy is missing"}},
		{"policy-type missing", withPolicy(`"policy-domain":"a.example"`), []string{"policies[0].policy.policy-type is missing"}},
		{"policy-type unknown", withPolicy(`"policy-type":"invalid-policy-type","policy-domain":"a.example"`), []string{"policies[0].policy.policy-type", `"invalid-policy-type"`}},
		{"policy-type uppercase", withPolicy(`"policy-type":"STS","policy-domain":"a.example"`), []string{"policy-type", `"STS"`}},
		{"policy-type a number", withPolicy(`"policy-type":1,"policy-domain":"a.example"`), []string{"policies[0].policy.policy-type", "string"}},
		{"policy-domain a number", withPolicy(`"policy-type":"sts","policy-domain":7`), []string{"policies[0].policy.policy-domain", "string"}},
		{"second policy broken", withPolicies(`{"policy":{"policy-type":"sts","policy-domain":"a.example"},` + okSummary + `},{"policy":{"policy-type":"sts"}}`), []string{"policies[1].summary is missing"}},
		{"summary missing", withPolicies(`{"policy":{"policy-type":"sts","policy-domain":"a.example"}}`), []string{"policies[0].summary is missing"}},
		{"successful count missing", withPolicies(`{"policy":{"policy-type":"sts"},"summary":{"total-failure-session-count":0}}`), []string{"policies[0].summary.total-successful-session-count is missing"}},
		{"failure count missing", withPolicies(`{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":0}}`), []string{"policies[0].summary.total-failure-session-count is missing"}},
		{"failure count negative", withPolicies(`{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":0,"total-failure-session-count":-3}}`), []string{"total-failure-session-count", "negative"}},
		{"failure count float", withPolicies(`{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":0,"total-failure-session-count":2.5}}`), []string{"total-failure-session-count", "integer"}},
		{"failure count string", withPolicies(`{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":0,"total-failure-session-count":"2"}}`), []string{"total-failure-session-count", "string"}},
		{"failure count above int64", withPolicies(`{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":0,"total-failure-session-count":18446744073709551616}}`), []string{"total-failure-session-count", "too large"}},
		{"result-type missing", withPolicies(`{"policy":{"policy-type":"sts"},` + okSummary + `,"failure-details":[{"failed-session-count":1}]}`), []string{"policies[0].failure-details[0].result-type is missing"}},
		{"failed-session-count missing", withPolicies(`{"policy":{"policy-type":"sts"},` + okSummary + `,"failure-details":[{"result-type":"dane-required"}]}`), []string{"policies[0].failure-details[0].failed-session-count is missing"}},
		{"failure-details an object", withPolicies(`{"policy":{"policy-type":"sts"},` + okSummary + `,"failure-details":{}}`), []string{"failure-details", "array"}},
		{"sending-mta-ip a number", withPolicies(`{"policy":{"policy-type":"sts"},` + okSummary + `,"failure-details":[{"result-type":"dane-required","failed-session-count":1,"sending-mta-ip":10}]}`), []string{"policies[0].failure-details[0].sending-mta-ip", "string"}},
		{"organization-name an object", strings.Replace(valid, `"Org"`, `{"name":"Org"}`, 1), []string{"organization-name", "string"}},
		{"raw NUL byte in a string", strings.Replace(valid, `"Org"`, "\"O\x00rg\"", 1), []string{"control character"}},
		{"raw newline in a string", strings.Replace(valid, `"Org"`, "\"O\nrg\"", 1), []string{"control character"}},
		{"bad escape", strings.Replace(valid, `"Org"`, `"O\xrg"`, 1), []string{"escape"}},
		{"single quotes", strings.ReplaceAll(valid, `"`, `'`), []string{"JSON"}},
		{"trailing comma", strings.Replace(valid, `"r1",`, `"r1",,`, 1), []string{"not valid JSON"}},
		{"leading zero", strings.Replace(valid, `:10,`, `:010,`, 1), []string{"not valid JSON"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _, err := ParseReport([]byte(tc.in))
			if err == nil || r != nil {
				t.Fatalf("report %+v, error %v; want an error containing %q", r, err, tc.want)
			}
			if !testgen.ContainsAll(err.Error(), tc.want...) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
			if len(err.Error()) > 300 {
				t.Errorf("error message is %d bytes long", len(err.Error()))
			}
		})
	}
}

// TestParseStrings decides what happens to odd bytes in strings: invalid
// UTF-8 becomes U+FFFD (as encoding/json does), an escaped NUL is kept,
// escapes and surrogate pairs decode.
func TestParseStrings(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{"O\xffr\xfeg", "O\ufffdr\ufffdg"},
		{"\xc3", "\ufffd"},
		{`A\u0000B`, "A\x00B"},
		{`\u00e9\ud83d\ude00`, "é😀"},
		{`\ud83d`, "\ufffd"}, // lone surrogate
		{`tab\tquote\"slash\/back\\`, "tab\tquote\"slash/back\\"},
		{"日本語", "日本語"},
	} {
		js := strings.Replace(withPolicies(""), `"Org"`, `"`+tc.raw+`"`, 1)
		r, _ := mustParse(t, js)
		if r.OrganizationName != tc.want {
			t.Errorf("%q decoded as %q, want %q", tc.raw, r.OrganizationName, tc.want)
		}
	}
}

// TestParseDuplicateKeys: JSON leaves duplicate member names undefined;
// the parser takes the last value, like encoding/json, for every field.
func TestParseDuplicateKeys(t *testing.T) {
	r, _ := mustParse(t, strings.Replace(withPolicies(""), `"organization-name":"Org"`, `"organization-name":"First","organization-name":"Last"`, 1))
	if r.OrganizationName != "Last" {
		t.Errorf("organization-name %q, want the last value", r.OrganizationName)
	}
	for _, tc := range []struct {
		name, js string
		ok       int64
		policies int
	}{
		{"count: string then number", withPolicies(`{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":"7","total-successful-session-count":7,"total-failure-session-count":0}}`), 7, 1},
		{"count: negative then number", withPolicies(`{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":-1,"total-successful-session-count":8,"total-failure-session-count":0}}`), 8, 1},
		{"count: number then number", withPolicies(`{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":1,"total-successful-session-count":9,"total-failure-session-count":0}}`), 9, 1},
		{"policies: object then array", strings.Replace(reportFmt, `"policies":[%s]`, `"policies":{},"policies":[]`, 1), 0, 0},
		{"policies: array then array", strings.Replace(reportFmt, `"policies":[%s]`, `"policies":[{"policy":{"policy-type":"sts"},`+okSummary+`}],"policies":[]`, 1), 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _, err := ParseReport([]byte(tc.js))
			if err != nil {
				t.Fatalf("error %v; the last value is valid", err)
			}
			if len(r.Policies) != tc.policies || (tc.policies > 0 && r.Policies[0].Successful != tc.ok) {
				t.Errorf("policies %+v, want %d with %d successful", r.Policies, tc.policies, tc.ok)
			}
		})
	}
	// A valid value followed by an invalid one is invalid.
	_, _, err := ParseReport([]byte(withPolicies(`{"policy":{"policy-type":"sts"},"summary":{"total-successful-session-count":7,"total-successful-session-count":"7","total-failure-session-count":0}}`)))
	if err == nil || !strings.Contains(err.Error(), "string") {
		t.Errorf("number then string: %v", err)
	}
}

// TestParseDeepNesting: hostile nesting is refused at once, without
// recursion deep enough to crash.
func TestParseDeepNesting(t *testing.T) {
	const n = 200_000
	for _, tc := range []struct {
		name string
		in   string
		want string
	}{
		{"arrays in an unknown member", `{"x":` + strings.Repeat("[", n), "nested too deeply"},
		{"closed arrays in an unknown member", `{"x":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`, "nested too deeply"},
		{"objects in an unknown member", `{"x":` + strings.Repeat(`{"a":`, n), "nested too deeply"},
		{"arrays as policies", `{"policies":` + strings.Repeat("[", n), ""},
		{"arrays in policy-string", withPolicy(`"policy-type":"sts","policy-string":` + strings.Repeat("[", n)), ""},
		{"arrays at top level", strings.Repeat("[", n), ""},
		{"objects at top level", strings.Repeat(`{"a":`, n), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _, err := ParseReport([]byte(tc.in))
			if err == nil || r != nil {
				t.Fatalf("no error for %d levels of nesting", n)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want %q", err, tc.want)
			}
		})
	}
	// Nesting a report needs (5 levels plus a little) is fine.
	r, _ := mustParse(t, strings.Replace(withPolicies(""), `"report-id"`, `"x":[[[[[[[[[[{"a":[[[]]]}]]]]]]]]]],"report-id"`, 1))
	if r.ReportID != "r1" {
		t.Errorf("report-id %q", r.ReportID)
	}
}

// A count of thousands of digits is too large, and the message says so
// without quoting all of it (issue 22, point 9).
func TestHugeCountIsNotEchoedWhole(t *testing.T) {
	digits := strings.Repeat("9", 5000)
	_, _, err := ParseReport([]byte(withPolicies(`{"policy":{"policy-type":"sts","policy-domain":"a.example"},"summary":{"total-successful-session-count":` + digits + `,"total-failure-session-count":0}}`)))
	if err == nil || !strings.Contains(err.Error(), "is too large (999999999999999999999999…, 5000 characters)") || len(err.Error()) > 200 {
		t.Errorf("error %.300q", err)
	}
}
