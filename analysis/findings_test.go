package analysis

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// snapshotOf parses reports and adds them to a new Analysis.
func snapshotOf(t *testing.T, reports ...obj) *Snapshot {
	t.Helper()
	a := New()
	for i, v := range reports {
		r, _, err := report.ParseReport(mustJSON(t, v))
		if err != nil {
			t.Fatalf("report %d: %v", i, err)
		}
		a.Add(fmt.Sprintf("r%d.json", i), r)
	}
	return a.Snapshot()
}

// day is the n-th day of October 2026, as reportObj() takes it.
func day(n int) string { return fmt.Sprintf("2026-10-%02d", n) }

func ofKind(fs []Finding, kind FindingKind) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Kind == kind {
			out = append(out, f)
		}
	}
	return out
}

func subjects(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Subject)
	}
	slices.Sort(out)
	return out
}

func tlsaPolicy(domain string, records []string, ok, failed int64, details ...obj) obj {
	p := policy("tlsa", domain, ok, failed, details...)
	p["policy"].(obj)["policy-string"] = records
	return p
}

func TestMatchMXPattern(t *testing.T) {
	for _, tc := range []struct {
		pattern, host string
		want          bool
	}{
		{"*.example.com", "mx.example.com", true},
		{"*.example.com", "MX.Example.COM.", true},
		{"*.example.com", "example.com", false},     // the wildcard needs a label
		{"*.example.com", "a.b.example.com", false}, // and matches one label only
		{"*.example.com", "mx.example.org", false},
		{"mx.example.com", "mx.example.com", true},
		{"mx.example.com.", "MX.EXAMPLE.COM", true},
		{"mx.example.com", "mx2.example.com", false},
		{"*.bücher.example", "mx.xn--bcher-kva.example", true},
		{"mx.xn--bcher-kva.example", "mx.bücher.example", true},
		{"", "", false},
		{"*.", "mx", false},
	} {
		if got := MatchMXPattern(tc.pattern, tc.host); got != tc.want {
			t.Errorf("MatchMXPattern(%q, %q) = %v, want %v", tc.pattern, tc.host, got, tc.want)
		}
	}
}

func TestFindingJSONFields(t *testing.T) {
	b, err := json.Marshal(Finding{Kind: KindStartTLSMissing, Reporters: []string{"Google Inc."}, Rows: Filter{Domains: []string{"x"}}})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := "advice failed_sessions first_seen kind last_seen policy_domain policy_type reporters reports severity subject title"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("JSON keys %q, want %q", got, want)
	}
}

func TestMXNotInPolicy(t *testing.T) {
	mx := []string{"*.example.com"}
	s := snapshotOf(t,
		reportObj("Google Inc.", "g1", day(1), stsPolicy("example.com", "enforce", mx, 100, 6,
			detail("certificate-expired", "192.0.2.1", "mx1.example.com", "", 1), // matches: never off-policy
			detail("validation-failure", "192.0.2.1", "mail.other.net", "", 2),
			detail("validation-failure", "192.0.2.1", "a.b.example.com", "", 3))),
		reportObj("Microsoft Corporation", "m1", day(2), stsPolicy("example.com", "enforce", mx, 50, 4,
			detail("validation-failure", "", "MAIL.other.net.", "", 4))),
	)
	all := s.Findings(Filter{})
	fs := ofKind(all, KindMXNotInPolicy)
	if got := subjects(fs); !slices.Equal(got, []string{"a.b.example.com", "mail.other.net"}) {
		t.Fatalf("off-policy hosts %q", got)
	}
	// Their validation failures are the mismatch itself, not a second finding.
	if got := ofKind(all, KindValidationFailure); len(got) != 0 {
		t.Errorf("validation-failure beside mx-not-in-policy: %+v", got)
	}
	for _, f := range fs {
		switch f.Subject {
		case "mail.other.net":
			// 2 + 4 sessions on two days from two reporters, still seen on the
			// newest day under enforce.
			if f.FailedSessions != 6 || f.Reports != 2 || f.FirstSeen != day(1) || f.LastSeen != day(2) ||
				!slices.Equal(f.Reporters, []string{"Google Inc.", "Microsoft Corporation"}) || f.Severity != SeverityCritical {
				t.Errorf("%+v", f)
			}
			if !strings.Contains(f.Advice, `"mx: mail.other.net"`) || !strings.Contains(f.Advice, "mta-sts.example.com/.well-known/mta-sts.txt") {
				t.Errorf("advice %q", f.Advice)
			}
			if !slices.Equal(f.Rows.MXHosts, []string{"mail.other.net"}) || !slices.Equal(f.Rows.Domains, []string{"example.com"}) {
				t.Errorf("rows %+v", f.Rows)
			}
		case "a.b.example.com":
			// Seen the day before the newest report: still current.
			if f.FailedSessions != 3 || f.Reports != 1 || f.LastSeen != day(1) || f.Severity != SeverityCritical ||
				!strings.Contains(f.Title, "on "+day(1)+" only, new in the newest reports") {
				t.Errorf("%+v", f)
			}
		}
	}
}

// googleDays has Google report example.com (testing, one MX) on days from..to
// with 100 successful sessions and the details of extra[d] on day d.
func googleDays(mode string, from, to int, extra map[int][]obj) []obj {
	var out []obj
	for d := from; d <= to; d++ {
		var failed int64
		for _, x := range extra[d] {
			failed += x["failed-session-count"].(int64)
		}
		out = append(out, reportObj("Google Inc.", "g"+day(d), day(d),
			stsPolicy("example.com", mode, []string{"mx1.example.com", "mx2.example.com"}, 100, failed, extra[d]...)))
	}
	return out
}

func TestOngoingAndBlip(t *testing.T) {
	s := snapshotOf(t, googleDays("enforce", 1, 6, map[int][]obj{
		2: {detail("starttls-not-supported", "192.0.2.1", "mx2.example.com", "", 5)}, // a blip
		4: {detail("certificate-expired", "192.0.2.1", "mx1.example.com", "", 7)},
		5: {detail("certificate-expired", "192.0.2.2", "mx1.example.com", "", 8)},
		6: {detail("certificate-expired", "192.0.2.3", "mx1.example.com", "", 9)},
	})...)
	fs := s.Findings(Filter{})
	if len(fs) != 2 {
		t.Fatalf("%d findings: %+v", len(fs), fs)
	}
	cert, blip := fs[0], fs[1]
	if cert.Kind != KindCertificateProblem || cert.Subject != "mx1.example.com" || cert.Severity != SeverityCritical ||
		cert.FailedSessions != 24 || cert.Reports != 3 || cert.FirstSeen != day(4) || cert.LastSeen != day(6) {
		t.Errorf("certificate: %+v", cert)
	}
	if !strings.Contains(cert.Title, "Certificate expired") || !strings.Contains(cert.Title, "since "+day(4)) || !strings.Contains(cert.Title, "still seen on "+day(6)) {
		t.Errorf("certificate title %q", cert.Title)
	}
	if blip.Kind != KindStartTLSMissing || blip.Subject != "mx2.example.com" || blip.Severity != SeverityInfo || blip.FailedSessions != 5 {
		t.Errorf("blip: %+v", blip)
	}
	// Days 3 to 6 came after it without it.
	if strings.Contains(blip.Title, "still") || strings.Contains(blip.Title, "since 2") || !strings.Contains(blip.Title, "on "+day(2)+" only, not seen since (4 days of later reports)") {
		t.Errorf("blip title %q", blip.Title)
	}
}

func TestNewOnTheLastDayIsNotOngoing(t *testing.T) {
	s := snapshotOf(t, googleDays("testing", 1, 3, map[int][]obj{
		3: {detail("certificate-not-trusted", "192.0.2.1", "", "198.51.100.7", 2)}, // no host: the IP is the subject
	})...)
	fs := ofKind(s.Findings(Filter{}), KindCertificateProblem)
	if len(fs) != 1 {
		t.Fatalf("%+v", fs)
	}
	f := fs[0]
	if f.Subject != "198.51.100.7" || f.Severity != SeverityWarning || strings.Contains(f.Title, "still") || !strings.Contains(f.Title, "new in the newest reports") ||
		!slices.Equal(f.Rows.ReceivingIPs, []string{"198.51.100.7"}) || f.Rows.MXHosts != nil {
		t.Errorf("%+v", f)
	}
}

func TestDANEMismatch(t *testing.T) {
	old := []string{"3 1 1 AAAA000000000000000000000000000000000000000000000000000000000000"}
	s := snapshotOf(t,
		reportObj("Microsoft Corporation", "m1", day(1), tlsaPolicy("example.com", old, 10, 0)),
		reportObj("Microsoft Corporation", "m2", day(2), tlsaPolicy("example.com", old, 4, 6,
			detail("validation-failure", "", "mx1.example.com", "", 2),
			detail("tlsa-invalid", "", "mx1.example.com", "", 4))),
		reportObj("Microsoft Corporation", "m3", day(3), tlsaPolicy("example.com", old, 3, 5,
			detail("tlsa-invalid", "", "mx1.example.com", "", 5))),
	)
	fs := s.Findings(Filter{})
	if len(fs) != 1 {
		t.Fatalf("%+v", fs)
	}
	f := fs[0]
	if f.Kind != KindDANEMismatch || f.PolicyType != report.PolicyTLSA || f.Subject != "mx1.example.com" || f.Severity != SeverityCritical ||
		f.FailedSessions != 11 || f.FirstSeen != day(2) || f.LastSeen != day(3) {
		t.Errorf("%+v", f)
	}
	if !strings.Contains(f.Advice, "rotated") || !strings.Contains(f.Advice, "_25._tcp.mx1.example.com") || !strings.Contains(f.Advice, day(2)) {
		t.Errorf("advice %q", f.Advice)
	}
	if !strings.Contains(f.Title, "tlsa-invalid 9, validation-failure 2") {
		t.Errorf("title %q", f.Title)
	}
}

func TestPolicyFetchFailing(t *testing.T) {
	fetch := func(n int64, reason string) obj {
		d := detail("sts-policy-fetch-error", "", "", "", n)
		d["failure-reason-code"] = reason
		return d
	}
	s := snapshotOf(t,
		reportObj("Mail.ru", "r1", day(1), policy("sts", "example.com", 0, 2, fetch(2, "bad https response code: 404"))),
		reportObj("Microsoft Corporation", "m1", day(1), policy("sts", "example.com", 0, 1, fetch(1, "timeout"))),
		reportObj("Mail.ru", "r2", day(3), policy("sts", "example.com", 0, 3, fetch(3, "bad https response code: 404"))),
	)
	fs := s.Findings(Filter{})
	if len(fs) != 1 {
		t.Fatalf("%+v", fs)
	}
	f := fs[0]
	if f.Kind != KindPolicyFetchFailing || f.Subject != "" || f.FailedSessions != 6 || f.Reports != 3 || len(f.Reporters) != 2 ||
		f.FirstSeen != day(1) || f.LastSeen != day(3) || f.Severity != SeverityWarning {
		t.Errorf("%+v", f)
	}
	for _, want := range []string{"2 reporters", "on " + day(1) + " and " + day(3)} {
		if !strings.Contains(f.Title, want) {
			t.Errorf("title %q lacks %q", f.Title, want)
		}
	}
	if !strings.Contains(f.Advice, "mta-sts.example.com") || !strings.Contains(f.Advice, "bad https response code: 404 5") {
		t.Errorf("advice %q", f.Advice)
	}
}

func TestPolicyChanged(t *testing.T) {
	before := []string{"mx1.example.com"}
	after := []string{"mx1.example.com", "mx2.example.com"}
	s := snapshotOf(t,
		reportObj("Google Inc.", "g1", day(1), stsPolicy("example.com", "testing", before, 10, 0)),
		reportObj("Google Inc.", "g2", day(2), stsPolicy("example.com", "testing", before, 10, 0)),
		reportObj("Google Inc.", "g3", day(3), stsPolicy("example.com", "enforce", after, 10, 0)),
		// A sender with the old policy in its cache: an overlap, not a change back.
		reportObj("Microsoft Corporation", "m3", day(4), stsPolicy("example.com", "testing", before, 10, 0)),
		reportObj("Google Inc.", "g5", day(5), stsPolicy("example.com", "enforce", after, 10, 0)),
	)
	fs := ofKind(s.Findings(Filter{}), KindPolicyChanged)
	if len(fs) != 1 {
		t.Fatalf("%+v", fs)
	}
	f := fs[0]
	if f.FirstSeen != day(3) || f.LastSeen != day(5) || f.Reports != 2 || f.Severity != SeverityInfo {
		t.Errorf("%+v", f)
	}
	for _, want := range []string{"changed on " + day(3), "mode testing → enforce", "mx added mx2.example.com", "still seen until " + day(4)} {
		if !strings.Contains(f.Title, want) {
			t.Errorf("title %q lacks %q", f.Title, want)
		}
	}
	// The new policy is enforce: no readiness finding for a past testing mode.
	if got := ofKind(s.Findings(Filter{}), KindEnforceReadiness); len(got) != 0 {
		t.Errorf("readiness after enforce: %+v", got)
	}
}

func TestPolicyNotChanged(t *testing.T) {
	// The same policy in another line order, case and mx-host rendering,
	// TLSA records in another order and case: nothing changed.
	shuffled := stsPolicy("example.com", "enforce", []string{"mx1.example.com", "mx2.example.com"}, 10, 0)
	shuffled["policy"].(obj)["policy-string"] = []string{"max_age: 604800", "mx: MX2.example.com", "mode: enforce", "mx: mx1.example.com.", "version: STSv1"}
	delete(shuffled["policy"].(obj), "mx-host")
	recs := []string{"3 1 1 AAAA", "3 1 1 BBBB"}
	s := snapshotOf(t,
		reportObj("Google Inc.", "g1", day(1), stsPolicy("example.com", "enforce", []string{"mx1.example.com", "mx2.example.com"}, 10, 0),
			tlsaPolicy("example.com", recs, 10, 0)),
		reportObj("Microsoft Corporation", "m2", day(2), shuffled, tlsaPolicy("example.com", []string{"3 1 1 bbbb", "3  1 1 aaaa"}, 10, 0)),
		// No policy-string (a fetch error) says nothing about the policy.
		reportObj("Mail.ru", "r3", day(3), policy("sts", "example.com", 0, 1, detail("sts-policy-fetch-error", "", "", "", 1))),
	)
	if got := ofKind(s.Findings(Filter{}), KindPolicyChanged); len(got) != 0 {
		t.Errorf("unchanged policy: %+v", got)
	}
}

func TestTLSAChanged(t *testing.T) {
	s := snapshotOf(t,
		reportObj("Microsoft Corporation", "m1", day(1), tlsaPolicy("example.com", []string{"3 1 1 aaaaaaaaaaaaaaaaaaaaaaaa"}, 10, 0)),
		reportObj("Microsoft Corporation", "m2", day(2), tlsaPolicy("example.com", []string{"3 1 1 bbbbbbbbbbbbbbbbbbbbbbbb"}, 10, 0)),
	)
	fs := s.Findings(Filter{})
	if len(fs) != 1 || fs[0].Kind != KindPolicyChanged || fs[0].FirstSeen != day(2) ||
		!strings.Contains(fs[0].Title, "TLSA records added 3 1 1 bbbbbbbbbbbb…; TLSA records removed 3 1 1 aaaaaaaaaaaa…") {
		t.Errorf("%+v", fs)
	}
}

func TestEnforceReadiness(t *testing.T) {
	// 14 days, no failure: ready.
	fs := ofKind(snapshotOf(t, googleDays("testing", 1, 14, nil)...).Findings(Filter{}), KindEnforceReadiness)
	if len(fs) != 1 || fs[0].Severity != SeverityInfo || !strings.Contains(fs[0].Title, "ready for MTA-STS enforce: no failure in 1,400 sessions over 14 days") ||
		fs[0].FirstSeen != day(1) || fs[0].LastSeen != day(14) || fs[0].Reports != 14 {
		t.Errorf("14 clean days: %+v", fs)
	}
	if !strings.Contains(fs[0].Advice, "mode: enforce") || !strings.Contains(fs[0].Advice, "_mta-sts.example.com TXT") {
		t.Errorf("advice %q", fs[0].Advice)
	}
	// 13 days: not enough.
	fs = ofKind(snapshotOf(t, googleDays("testing", 1, 13, nil)...).Findings(Filter{}), KindEnforceReadiness)
	if len(fs) != 1 || fs[0].Severity != SeverityWarning || !strings.Contains(fs[0].Title, "cover only 13 days (14 needed") {
		t.Errorf("13 clean days: %+v", fs)
	}
	// 20 days with one failure on the first: never ready.
	fs = ofKind(snapshotOf(t, googleDays("testing", 1, 20, map[int][]obj{
		1: {detail("certificate-host-mismatch", "192.0.2.1", "mx2.example.com", "", 3)},
	})...).Findings(Filter{}), KindEnforceReadiness)
	if len(fs) != 1 || fs[0].Severity != SeverityWarning || strings.Contains(fs[0].Title, "is ready") || fs[0].FailedSessions != 3 ||
		!strings.Contains(fs[0].Title, "3 of 2,003 sessions (0.1%) would have failed (certificate-host-mismatch on mx2.example.com 3)") {
		t.Errorf("failure: %+v", fs)
	}
	// A report covering a week counts its seven days.
	week := reportObj("Google Inc.", "w", day(1), stsPolicy("example.com", "testing", []string{"mx1.example.com"}, 10, 0))
	week["date-range"].(obj)["end-datetime"] = day(14) + "T00:00:00Z"
	fs = ofKind(snapshotOf(t, week).Findings(Filter{}), KindEnforceReadiness)
	if len(fs) != 1 || !strings.Contains(fs[0].Title, "cover only 13 days") {
		t.Errorf("week: %+v", fs)
	}
}

func TestSenderSide(t *testing.T) {
	var reports []obj
	for d := 1; d <= 3; d++ {
		reports = append(reports, reportObj("Google Inc.", "g"+day(d), day(d), stsPolicy("example.com", "enforce", []string{"mx1.example.com"}, 100, 0)))
	}
	reports = append(reports, reportObj("Mail.ru", "r2", day(2), stsPolicy("example.com", "enforce", []string{"mx1.example.com"}, 0, 4,
		detail("certificate-not-trusted", "192.0.2.9", "mx1.example.com", "", 4))))
	fs := snapshotOf(t, reports...).Findings(Filter{})
	if len(fs) != 1 {
		t.Fatalf("%+v", fs)
	}
	f := fs[0]
	if f.Kind != KindSenderSide || f.Severity != SeverityInfo || f.Subject != "Mail.ru" || f.FailedSessions != 4 ||
		!slices.Equal(f.Rows.Organizations, []string{"Mail.ru"}) || !slices.Equal(f.Rows.MXHosts, []string{"mx1.example.com"}) {
		t.Errorf("%+v", f)
	}
	if !strings.Contains(f.Title, "Only Mail.ru saw certificate not trusted on mx1.example.com") || !strings.Contains(f.Title, "from 192.0.2.9") ||
		!strings.Contains(f.Title, "Google Inc. delivered 100 sessions") {
		t.Errorf("title %q", f.Title)
	}
	// When Google sees it too, it is the host's problem.
	reports = append(reports, reportObj("Google Inc.", "g2b", day(2), stsPolicy("example.com", "enforce", []string{"mx1.example.com"}, 0, 1,
		detail("certificate-not-trusted", "192.0.2.1", "mx1.example.com", "", 1))))
	fs = snapshotOf(t, reports...).Findings(Filter{})
	if len(fs) != 1 || fs[0].Kind != KindCertificateProblem || fs[0].FailedSessions != 5 {
		t.Errorf("seen by two: %+v", fs)
	}
}

func TestFindingsFollowTheFilter(t *testing.T) {
	s := snapshotOf(t,
		reportObj("Google Inc.", "g1", day(1),
			stsPolicy("example.com", "enforce", []string{"mx1.example.com"}, 10, 2, detail("starttls-not-supported", "192.0.2.1", "mx1.example.com", "", 2)),
			stsPolicy("example.org", "enforce", []string{"mx1.example.org"}, 10, 3, detail("certificate-expired", "192.0.2.1", "mx1.example.org", "", 3))),
		reportObj("Google Inc.", "g2", day(5),
			stsPolicy("example.com", "enforce", []string{"mx1.example.com"}, 10, 4, detail("certificate-expired", "192.0.2.1", "mx1.example.com", "", 4))),
	)
	if fs := s.Findings(Filter{}); len(fs) != 3 {
		t.Errorf("all: %+v", fs)
	}
	if fs := s.Findings(Filter{Domains: []string{"EXAMPLE.ORG"}}); len(fs) != 1 || fs[0].PolicyDomain != "example.org" {
		t.Errorf("domain: %+v", fs)
	}
	if fs := s.Findings(Filter{From: time.Date(2026, 10, 2, 0, 0, 0, 0, time.UTC)}); len(fs) != 1 || fs[0].FailedSessions != 4 {
		t.Errorf("from: %+v", fs)
	}
	if fs := s.Findings(Filter{ResultTypes: []string{"starttls-not-supported"}}); len(fs) != 1 || fs[0].Kind != KindStartTLSMissing {
		t.Errorf("result type: %+v", fs)
	}
}

func TestFindingsOrder(t *testing.T) {
	s := snapshotOf(t, googleDays("enforce", 1, 3, map[int][]obj{
		1: {detail("starttls-not-supported", "192.0.2.1", "mx2.example.com", "", 50)}, // over: info
		2: {detail("certificate-expired", "192.0.2.1", "mx1.example.com", "", 1)},     // critical
		3: {detail("certificate-expired", "192.0.2.1", "mx1.example.com", "", 1), // critical
			detail("certificate-host-mismatch", "192.0.2.1", "mx2.example.com", "", 9)}, // critical, more sessions
	})...)
	var got []string
	for _, f := range s.Findings(Filter{}) {
		got = append(got, fmt.Sprintf("%s %s %d", f.Severity, f.Kind, f.FailedSessions))
	}
	want := []string{"critical certificate-problem 9", "critical certificate-problem 2", "info starttls-missing 50"}
	if !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
}

// TestFindingsOnRealSamples checks the findings of the real samples against
// what their files say (see ../testdata/real/SOURCES.md).
func TestFindingsOnRealSamples(t *testing.T) {
	a := New()
	if err := (&Loader{}).Load(t.Context(), a, []string{testgen.RealDir()}); err != nil {
		t.Fatal(err)
	}
	fs := a.Snapshot().Findings(Filter{})
	find := func(kind FindingKind, domain, subject string) *Finding {
		for i := range fs {
			if fs[i].Kind == kind && fs[i].PolicyDomain == domain && fs[i].Subject == subject {
				return &fs[i]
			}
		}
		t.Errorf("no %s finding for %s %q", kind, domain, subject)
		return &Finding{}
	}
	// The RFC 8460 example: testing mode, *.mail.company-y.example, 5,326
	// successful and 303 failed sessions: 100 certificate-expired on mx1,
	// 200 starttls-not-supported on mx2, 3 validation-failure on mx-backup.
	// Its hosts all match the wildcard: no mx-not-in-policy.
	// Its reports stopped in 2016, 3,814 days before the newest sample:
	// not ready, and history (info).
	if f := find(KindEnforceReadiness, "company-y.example", ""); f.Severity != SeverityInfo || f.FailedSessions != 303 ||
		!strings.Contains(f.Title, "303 of 5,629 sessions (5.4%)") || !strings.Contains(f.Title, "Over: its reports stopped on 2016-04-01, 3,814 days before 2026-09-10.") {
		t.Errorf("%+v", f)
	}
	// Its 2016 problems are over as of the newest sample (2026-09-10):
	// history, not a warning.
	if f := find(KindCertificateProblem, "company-y.example", "mx1.mail.company-y.example"); f.FailedSessions != 100 || f.FirstSeen != "2016-04-01" || f.Severity != SeverityInfo ||
		!strings.Contains(f.Title, "over: last reported 3,814 days before 2026-09-10") {
		t.Errorf("%+v", f)
	}
	if f := find(KindStartTLSMissing, "company-y.example", "mx2.mail.company-y.example"); f.FailedSessions != 200 {
		t.Errorf("%+v", f)
	}
	if f := find(KindValidationFailure, "company-y.example", "mx-backup.mail.company-y.example"); f.FailedSessions != 3 ||
		!strings.Contains(f.Title, "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED") {
		t.Errorf("%+v", f)
	}
	if got := ofKind(fs, KindMXNotInPolicy); len(got) != 0 {
		t.Errorf("mx-not-in-policy on the samples: %+v", got)
	}
	// karlsen.fr (sebastka samples): testing mode, no failure, Google on
	// 2026-08-18 and Microsoft's report ending 2026-08-27, two weeks before
	// the samples' newest report: not ready, and not too short either.
	if f := find(KindEnforceReadiness, "karlsen.fr", ""); f.Severity != SeverityInfo || !strings.Contains(f.Title, "but no reports since 2026-08-27") {
		t.Errorf("%+v", f)
	}
	// Mail.ru could not fetch krvtz.net's policy (tlsrpt-rs samples).
	if f := find(KindPolicyFetchFailing, "krvtz.net", ""); f.FailedSessions != 1 || !slices.Equal(f.Reporters, []string{"Mail.ru"}) {
		t.Errorf("%+v", f)
	}
	// No domain other than the anonymised example.com, whose samples come
	// from many owners, saw its policy change.
	for _, f := range ofKind(fs, KindPolicyChanged) {
		if f.PolicyDomain != "example.com" {
			t.Errorf("%+v", f)
		}
	}
	// Every finding has its fields.
	for _, f := range fs {
		if f.Title == "" || f.Advice == "" || f.FirstSeen == "" || f.LastSeen < f.FirstSeen || f.Reports == 0 || len(f.Reporters) == 0 || f.Severity.Rank() > 2 {
			t.Errorf("incomplete: %+v", f)
		}
	}
}

// BenchmarkFindings measures Snapshot.Findings alone, which Snapshot.Result
// runs for every view and filter, over BenchmarkFilter's 20,000 generated reports.
func BenchmarkFindings(b *testing.B) {
	snap := benchSnapshot(20_000)
	b.ReportAllocs()
	for b.Loop() {
		if fs := snap.Findings(Filter{}); len(fs) == 0 {
			b.Fatal("no findings")
		}
	}
}

func TestEnforceReadinessNamesAnIDNDomainAsPeopleReadIt(t *testing.T) {
	var reports []obj
	for d := 1; d <= 14; d++ {
		reports = append(reports, reportObj("Google Inc.", "g"+day(d), day(d),
			stsPolicy("xn--mnchen-3ya.example", "testing", []string{"mx1.xn--mnchen-3ya.example"}, 100, 0)))
	}
	fs := ofKind(snapshotOf(t, reports...).Findings(Filter{}), KindEnforceReadiness)
	if len(fs) != 1 {
		t.Fatalf("findings %+v, want one enforce-readiness", fs)
	}
	if !strings.HasPrefix(fs[0].Title, "münchen.example (xn--mnchen-3ya.example) is ready") {
		t.Errorf("title %q: want the domain in Unicode with its punycode beside", fs[0].Title)
	}
	// DNS names and the policy's URL stay as DNS spells them.
	if !strings.Contains(fs[0].Advice, "https://mta-sts.xn--mnchen-3ya.example/.well-known/mta-sts.txt") ||
		!strings.Contains(fs[0].Advice, "_mta-sts.xn--mnchen-3ya.example TXT") {
		t.Errorf("advice %q: want the punycode names", fs[0].Advice)
	}
}

// TestDANEAdviceWithoutHostName checks the advice when the reports name no
// MX host (issue 24): it must not write the words it uses for the host
// into the TLSA record's owner name ("_25._tcp.the MX hosts").
func TestDANEAdviceWithoutHostName(t *testing.T) {
	old := []string{"3 1 1 AAAA000000000000000000000000000000000000000000000000000000000000"}
	for _, tc := range []struct {
		name, ip, where string
	}{
		{"no host, no IP", "", "the MX hosts"},
		{"IP only", "192.0.2.25", "the MX host at 192.0.2.25"},
	} {
		s := snapshotOf(t, reportObj("Microsoft Corporation", "m1", day(5), tlsaPolicy("example.com", old, 1, 3,
			detail("tlsa-invalid", "", "", tc.ip, 3))))
		fs := ofKind(s.Findings(Filter{}), KindDANEMismatch)
		if len(fs) != 1 {
			t.Fatalf("%s: %+v", tc.name, fs)
		}
		want := "The usual cause is a certificate or key rotated on " + tc.where + " without new TLSA records at _25._tcp.<MX host>, first on 2026-10-05: " +
			"publish a TLSA record for the key now served (3 1 1 with its SHA-256) next to the old one, and from now on publish the next key's record at least two TTLs before each rotation." +
			" Senders that honour the policy do not deliver to it."
		if fs[0].Advice != want {
			t.Errorf("%s: advice\n%q, want\n%q", tc.name, fs[0].Advice, want)
		}
	}
}

// TestOneAdvicePerResultType checks that a finding's advice is the advice
// the result type's table entry gives for its host, which the Failures tab
// shows for a row: one text, not two.
func TestOneAdvicePerResultType(t *testing.T) {
	s := snapshotOf(t, reportObj("Google Inc.", "g1", day(3), policy("no-policy-found", "example.com", 5, 4,
		detail("starttls-not-supported", "", "mx2.example.com", "", 4))))
	fs := ofKind(s.Findings(Filter{}), KindStartTLSMissing)
	if len(fs) != 1 {
		t.Fatalf("%+v", fs)
	}
	fix := DescribeResultType("starttls-not-supported").Fix(Site{Host: "mx2.example.com", Domain: "example.com", Policy: report.PolicyNoPolicyFound})
	if fs[0].Advice != fix || !strings.HasPrefix(fix, "Enable STARTTLS with a valid certificate on mx2.example.com ") {
		t.Errorf("finding advice %q, the table's %q", fs[0].Advice, fix)
	}
	// Without a host, the same advice in general words.
	if got := DescribeResultType("starttls-not-supported").Fix(Site{}); !strings.HasPrefix(got, "Enable STARTTLS with a valid certificate on the MX hosts ") {
		t.Errorf("general advice %q", got)
	}
}
