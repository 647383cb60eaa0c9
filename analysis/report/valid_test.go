package report

import (
	"strings"
	"testing"
)

// Valid reports that were refused (issue 22, point 7).

// RFC 3339 section 5.6: lower-case "t" and "z", and a leap second.
func TestDateTimeLowerCaseAndLeapSecond(t *testing.T) {
	for _, tc := range []struct{ start, end string }{
		{"2024-05-01t00:00:00z", "2024-05-01t23:59:59z"},
		{"2016-12-31T00:00:00Z", "2016-12-31T23:59:60Z"},
		{"2016-12-31t00:00:00.5z", "2016-12-31t23:59:60.25z"},
	} {
		js := strings.Replace(strings.Replace(withPolicies(`{"policy":{"policy-type":"no-policy-found","policy-domain":"example.com"},`+okSummary+`}`),
			"2024-05-01T00:00:00Z", tc.start, 1), "2024-05-01T23:59:59Z", tc.end, 1)
		r, _ := mustParse(t, js)
		if r.Start.IsZero() || r.End.Before(r.Start) {
			t.Errorf("%s–%s: read as %v–%v", tc.start, tc.end, r.Start, r.End)
		}
		if strings.Contains(tc.end, ":60") && r.End.Day() != 31 {
			t.Errorf("leap second %s read as %v, not in its own day", tc.end, r.End)
		}
	}
}

// RFC 8259 section 6: -0 is a number, zero.
func TestCountMinusZero(t *testing.T) {
	r, _ := mustParse(t, withPolicies(`{"policy":{"policy-type":"no-policy-found","policy-domain":"example.com"},"summary":{"total-successful-session-count":-0,"total-failure-session-count":3}}`))
	if p := r.Policies[0]; p.Successful != 0 || p.Failed != 3 {
		t.Errorf("got %d/%d, want 0/3", p.Successful, p.Failed)
	}
}
