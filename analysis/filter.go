package analysis

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/idna"
)

// Filter narrows an analysis. The zero Filter keeps everything.
//
// Report-level fields (Domains, From, To, Organizations) narrow everything:
// a report counts when it starts within the period and comes from one of the
// organizations, and of its policies only those of the domains count.
// Failure-level fields narrow only the failure details (the failure rows and
// the breakdowns by result type, host and IP): session totals come from the
// reports' summaries, which cannot be split by them. Finding-level fields
// (Severities, Kinds) narrow only the findings.
//
// FilterLists names every list once, for all that merges, compares,
// describes, matches or parses a Filter.
//
// Every list matches any of its values; names match ignoring case, domains
// in their Unicode or punycode form, IP addresses in any notation.
type Filter struct {
	Domains       []string
	From          time.Time // a UTC day; zero means open
	To            time.Time // a UTC day, included; zero means open
	Organizations []string

	ResultTypes  []string
	MXHosts      []string
	SendingIPs   []string
	ReceivingIPs []string

	Severities []string
	Kinds      []string
}

// IsZero tells whether f keeps everything.
func (f Filter) IsZero() bool {
	return !f.NarrowsReports() && !f.NarrowsFailures() && !f.NarrowsFindings()
}

// Validate says what is wrong with f, if anything.
func (f Filter) Validate() error {
	if !f.From.IsZero() && !f.To.IsZero() && f.From.After(f.To) {
		return fmt.Errorf("the period starts on %s, after its end on %s", f.From.Format(DayFormat), f.To.Format(DayFormat))
	}
	return f.validateFindingLists()
}

// calendarDay is the day t names on its own calendar, as a UTC day: a date
// picker's midnight in local time means that date, as Parts prints it.
func calendarDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDay reads a UTC day written as YYYY-MM-DD.
func ParseDay(s string) (time.Time, error) {
	t, err := time.Parse(DayFormat, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a day of the calendar written as YYYY-MM-DD", s)
	}
	return t, nil
}

// FilterJSON is a Filter as summary.json states it: the wire form, kept
// apart from the Filter so that either can change without the other.
type FilterJSON struct {
	Domains       []string `json:"domains,omitempty"`
	From          string   `json:"from,omitempty"`
	To            string   `json:"to,omitempty"`
	Organizations []string `json:"organizations,omitempty"`
	ResultTypes   []string `json:"result_types,omitempty"`
	MXHosts       []string `json:"receiving_mx_hosts,omitempty"`
	SendingIPs    []string `json:"sending_mta_ips,omitempty"`
	ReceivingIPs  []string `json:"receiving_ips,omitempty"`
	Severities    []string `json:"severities,omitempty"`
	Kinds         []string `json:"kinds,omitempty"`
}

// idnaProfile maps a domain as a resolver would look it up (UTS #46
// non-transitional, with width and case mapping and NFC), so that
// "Bücher.example", a decomposed ü and "xn--bcher-kva.example" meet.
var idnaProfile = idna.New(idna.MapForLookup(), idna.Transitional(false))

// DomainASCII is the punycode (A-label) form of a domain, lowercased without
// a trailing dot, for comparing domains written either way. A name that is
// not a valid IDN (TLSA policies name "_25._tcp.mx.example.com") is compared
// as written, lowercased.
func DomainASCII(d string) string {
	d = normHost(strings.TrimSpace(d))
	if a, err := idnaProfile.ToASCII(d); err == nil {
		return a
	}
	return d
}

// DomainUnicode is the Unicode (U-label) form of a domain, for people.
func DomainUnicode(d string) string {
	if u, err := idnaProfile.ToUnicode(d); err == nil {
		return u
	}
	return d
}

// DomainForPeople is a domain as people read it: the Unicode form, with
// the punycode form beside it when the two differ, so that a look-alike
// name can still be told apart: "bücher.example (xn--bcher-kva.example)".
func DomainForPeople(d string) string {
	u, a := DomainUnicode(d), DomainASCII(d)
	if strings.EqualFold(u, a) {
		return d
	}
	return u + " (" + a + ")"
}

// canonIP writes an IP address one way, as RFC 5952 section 4 recommends
// for IPv6 (compressed, lowercase);
// anything that is not an address is compared as written.
func canonIP(s string) string {
	if a, err := netip.ParseAddr(strings.TrimSpace(s)); err == nil {
		return a.String()
	}
	return strings.TrimSpace(s)
}

// matcher tests symbols against one list of a Filter, remembering each
// answer: a snapshot holds far fewer distinct strings than records.
type matcher struct {
	want  []string // normalised; nil matches everything
	norm  func(string) string
	known []int8 // per symbol: 0 not asked yet, 1 yes, -1 no
}

func newMatcher(values []string, norm func(string) string) *matcher {
	if len(values) == 0 {
		return nil
	}
	m := &matcher{norm: norm}
	for _, v := range values {
		m.want = append(m.want, norm(v))
	}
	return m
}

func (m *matcher) match(s *store, v sym) bool {
	if m == nil {
		return true
	}
	if m.known == nil {
		m.known = make([]int8, len(s.syms.strs))
	}
	switch m.known[v] {
	case 1:
		return true
	case -1:
		return false
	}
	if slices.Contains(m.want, m.norm(s.str(v))) {
		m.known[v] = 1
		return true
	}
	m.known[v] = -1
	return false
}

// compiledFilter is a Filter ready to test the records of one snapshot:
// a matcher for each list the filter sets, by the record it tests.
type compiledFilter struct {
	from, to int32 // inclusive day numbers
	reports  []listMatcher[reportRec]
	policies []listMatcher[policyRec]
	failures []listMatcher[failureRec]
}

// listMatcher tests one list of a Filter against one kind of record.
type listMatcher[R any] struct {
	m   *matcher
	sym func(*R) sym
}

func matchAll[R any](ms []listMatcher[R], s *store, r *R) bool {
	for _, lm := range ms {
		if !lm.m.match(s, lm.sym(r)) {
			return false
		}
	}
	return true
}

func compileFilter(f Filter) *compiledFilter {
	c := &compiledFilter{from: -1 << 31, to: 1<<31 - 1}
	for _, l := range FilterLists {
		m := newMatcher(*l.Get(&f), l.norm)
		switch {
		case m == nil:
		case l.onReport != nil:
			c.reports = append(c.reports, listMatcher[reportRec]{m, l.onReport})
		case l.onPolicy != nil:
			c.policies = append(c.policies, listMatcher[policyRec]{m, l.onPolicy})
		case l.onFailure != nil:
			c.failures = append(c.failures, listMatcher[failureRec]{m, l.onFailure})
		}
	}
	if !f.From.IsZero() {
		c.from = dayNumber(calendarDay(f.From))
	}
	if !f.To.IsZero() {
		c.to = dayNumber(calendarDay(f.To))
	}
	return c
}

func (c *compiledFilter) report(s *store, r *reportRec) bool {
	day := r.day()
	return day >= c.from && day <= c.to && matchAll(c.reports, s, r)
}

func (c *compiledFilter) policy(s *store, p *policyRec) bool { return matchAll(c.policies, s, p) }

func (c *compiledFilter) failure(s *store, f *failureRec) bool { return matchAll(c.failures, s, f) }
