package analysis

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// Every filter alone and in combination over a generated corpus, against
// the brute-force reference of reference_test.go.
func TestFilterAgainstReference(t *testing.T) {
	reports := genCorpus(rand.New(rand.NewPCG(11, 1)), 300)
	snap := analysisOf(reports).Snapshot()
	d, o, rt, mx, send, recv := filterDomains, filterOrgs, filterResults, filterMX, filterSend, filterRecv
	for name, f := range map[string]refFilter{
		"none":                  {},
		"domain":                {domains: d[:1]},
		"domain-trailing-dot":   {domains: d[1:2]},
		"domain-unicode-upper":  {domains: d[2:3]},
		"domain-punycode":       {domains: d[3:4]},
		"domains-two":           {domains: []spelled{d[0], d[3]}},
		"domain-nowhere":        {domains: d[4:5]},
		"org":                   {orgs: o[:1]},
		"orgs-two":              {orgs: o[1:3]},
		"org-nobody":            {orgs: o[3:4]},
		"from":                  {fromDay: "2028-02-01"},
		"to":                    {toDay: "2028-01-31"},
		"from-to-month":         {fromDay: "2028-02-01", toDay: "2028-02-29"},
		"on-one-day":            {fromDay: "2028-01-31", toDay: "2028-01-31"},
		"on-new-years-eve":      {fromDay: "2027-12-31", toDay: "2027-12-31"},
		"before-everything":     {toDay: "2027-12-30"},
		"after-everything":      {fromDay: "2028-03-02"},
		"result":                {results: rt[:1]},
		"result-upper":          {results: rt[2:3]},
		"result-none":           {results: rt[3:4]},
		"mx-any-case-dot":       {mx: mx[:1]},
		"mx-upper-dot":          {mx: mx[1:2]},
		"mx-none":               {mx: mx[2:3]},
		"sending-ipv6":          {send: send[:1]},
		"sending-ipv4":          {send: send[1:2]},
		"receiving-ipv6":        {recv: recv[:1]},
		"all-failure-parts":     {results: rt[:2], mx: mx[:1], send: send[:2], recv: recv},
		"domain-org-period":     {domains: d[:1], orgs: o[:2], fromDay: "2028-01-31", toDay: "2028-02-28"},
		"idn-and-result":        {domains: d[2:3], results: rt[2:3]},
		"everything":            {domains: d[:3], orgs: o[:3], fromDay: "2027-12-31", toDay: "2028-03-01", results: rt[:3], mx: mx[:2], send: send[:2], recv: recv},
		"report-and-nothing-in": {domains: d[:2], mx: mx[2:3]},
	} {
		t.Run(name, func(t *testing.T) {
			checkResult(t, name, snap.Result(f.filter(t)), refResult(reports, f))
		})
	}
}

// Spot checks by hand on the fixed reports of genCorpus, so that the
// reference itself is checked too.
func TestFilterFixedReports(t *testing.T) {
	reports := genCorpus(rand.New(rand.NewPCG(11, 1)), 0)
	snap := analysisOf(reports).Snapshot()
	ids := func(res *Result) string {
		var out []string
		for _, r := range res.ReportList {
			out = append(out, r.ReportID)
		}
		return strings.Join(out, ",")
	}
	day := func(s string) time.Time {
		d, err := ParseDay(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range []struct {
		name                string
		f                   Filter
		ids                 string
		ok, failed          int64
		failureRows, byType int
	}{
		// "late" starts at 23:59:59 on January 31 and ends at midnight:
		// it belongs to January 31 only.
		{"jan31", Filter{From: day("2028-01-31"), To: day("2028-01-31")}, "late", 20, 2, 1, 1},
		{"from-feb", Filter{From: day("2028-02-01")}, "idn,both", 30 + 14, 3 + 5, 3, 3},
		{"to-jan31", Filter{To: day("2028-01-31")}, "late", 20, 2, 1, 1},
		// Both spellings of bücher.example find the report that wrote it in
		// punycode.
		{"idn-unicode", Filter{Domains: []string{"Bücher.Example"}}, "idn", 30, 3, 1, 1},
		{"idn-punycode", Filter{Domains: []string{"XN--BCHER-KVA.EXAMPLE."}}, "idn", 30, 3, 1, 1},
		// "both": sts 10+4 ok, 5 failed (sessions 19) and tlsa 17/1
		// (sessions 18): sessions max(19, 18) = 19, failed max(5, 1) = 5,
		// successful 14.
		{"org-both", Filter{Organizations: []string{"microsoft corporation"}}, "both", 14, 5, 2, 2},
		// A failure filter keeps the session totals of all three reports:
		// 20+30+14 successful, 2+3+5 failed; of the rows only the
		// MX1.Example.COM. one (2 failed) is left.
		{"mx", Filter{MXHosts: []string{"mx1.example.com"}, ResultTypes: []string{"CERTIFICATE-EXPIRED"}}, "late,idn,both", 64, 10, 1, 1},
		// The IPv6 address written 2001:0DB8:0:0:0:0:0:25 in "late" and
		// 2001:db8::25 in "idn".
		{"ipv6", Filter{SendingIPs: []string{"2001:DB8::0:25"}}, "late,idn,both", 64, 10, 2, 2},
		{"nothing", Filter{Domains: []string{"nowhere.example"}}, "", 0, 0, 0, 0},
	} {
		res := snap.Result(tc.f)
		if got := ids(res); got != tc.ids || res.SuccessfulSessions != tc.ok || res.FailedSessions != tc.failed ||
			len(res.Failures) != tc.failureRows || len(res.ResultTypes) != tc.byType || res.LoadedReports != 3 {
			t.Errorf("%s: reports %q ok %d failed %d rows %d result types %d loaded %d; want %q %d %d %d %d 3",
				tc.name, got, res.SuccessfulSessions, res.FailedSessions, len(res.Failures), len(res.ResultTypes), res.LoadedReports,
				tc.ids, tc.ok, tc.failed, tc.failureRows, tc.byType)
		}
		if !res.Filter.From.Equal(tc.f.From) || !slices.Equal(res.Filter.Domains, tc.f.Domains) {
			t.Errorf("%s: result states filter %+v, want %+v", tc.name, res.Filter, tc.f)
		}
	}
}

// Failure-level filters never change a session total, whatever they keep.
func TestFailureFiltersKeepSessionTotals(t *testing.T) {
	reports := genCorpus(rand.New(rand.NewPCG(12, 2)), 200)
	snap := analysisOf(reports).Snapshot()
	base := snap.Result(Filter{Domains: []string{"example.com"}})
	for _, f := range []Filter{
		{Domains: []string{"example.com"}, ResultTypes: []string{"dnssec-invalid"}},
		{Domains: []string{"example.com"}, MXHosts: []string{"mx2.example.org"}},
		{Domains: []string{"example.com"}, SendingIPs: []string{"192.0.2.1"}, ReceivingIPs: []string{"2001:db8:1::7"}},
	} {
		res := snap.Result(f)
		same := res.Reports == base.Reports && res.SuccessfulSessions == base.SuccessfulSessions && res.FailedSessions == base.FailedSessions &&
			slices.Equal(res.Organizations, base.Organizations) && slices.Equal(res.Days, base.Days) && len(res.ReportList) == len(base.ReportList) &&
			slices.EqualFunc(res.Domains, base.Domains, func(x, y DomainTotal) bool {
				return x.Domain == y.Domain && x.Reports == y.Reports && x.Successful == y.Successful && x.Failed == y.Failed
			}) &&
			slices.EqualFunc(res.Policies, base.Policies, func(x, y PolicyTotal) bool {
				return x.Label() == y.Label() && x.Reports == y.Reports && x.Successful == y.Successful && x.Failed == y.Failed
			})
		if !same {
			t.Errorf("%s: session totals changed: %d reports %d/%d, want %d %d/%d", f, res.Reports, res.SuccessfulSessions, res.FailedSessions,
				base.Reports, base.SuccessfulSessions, base.FailedSessions)
		}
		if len(res.Failures) >= len(base.Failures) {
			t.Errorf("%s: %d failure rows, want fewer than the %d without it", f, len(res.Failures), len(base.Failures))
		}
	}
}

// Random filters over a random corpus: the reference and Result agree.
func TestFilterProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	reports := genCorpus(rng, 400)
	snap := analysisOf(reports).Snapshot()
	n := 500
	if testing.Short() || raceEnabled { // the reference is slow; the race detector makes it slower
		n = 50
	}
	for i := range n {
		f := randomFilter(rng)
		flt := f.filter(t)
		checkResult(t, flt.String(), snap.Result(flt), refResult(reports, f))
		if t.Failed() {
			t.Fatalf("stopped after filter #%d", i)
		}
	}
}

// A snapshot taken earlier does not see reports added later, and a result
// of it is the same after more Adds.
func TestSnapshotUnchangedByLaterAdds(t *testing.T) {
	reports := genCorpus(rand.New(rand.NewPCG(3, 3)), 50)
	a := analysisOf(reports[:30])
	snap := a.Snapshot()
	for i := range reports[30:] {
		a.Add("later.json", reports[30+i].toReport())
	}
	f := refFilter{domains: filterDomains[:1]}
	checkResult(t, "early snapshot", snap.Result(f.filter(t)), refResult(reports[:30], f))
	checkResult(t, "late snapshot", a.Result(f.filter(t)), refResult(reports, f))
}

func TestFilterValidate(t *testing.T) {
	d1 := time.Date(2028, 2, 1, 0, 0, 0, 0, time.UTC)
	d2 := d1.AddDate(0, 0, 1)
	for _, tc := range []struct {
		f  Filter
		ok bool
	}{
		{Filter{}, true},
		{Filter{From: d1, To: d1}, true},
		{Filter{From: d1, To: d2}, true},
		{Filter{From: d2}, true},
		{Filter{To: d1}, true},
		{Filter{From: d2, To: d1}, false},
	} {
		err := tc.f.Validate()
		if (err == nil) != tc.ok {
			t.Errorf("%+v: Validate() = %v", tc.f, err)
		}
		if err != nil && !testgen.ContainsAll(err.Error(), "2028-02-02", "2028-02-01") {
			t.Errorf("error %q does not name both days", err)
		}
	}
}

func TestParseDay(t *testing.T) {
	for _, s := range []string{"2028-02-29", " 2028-02-29 "} {
		if d, err := ParseDay(s); err != nil || !d.Equal(time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("ParseDay(%q) = %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"", "2027-02-29", "2028-13-01", "2028-1-5", "05/01/2028", "2028-02-29T00:00:00Z", "tomorrow"} {
		if d, err := ParseDay(s); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("ParseDay(%q) = %v, %v; want an error naming YYYY-MM-DD", s, d, err)
		}
	}
}

func TestFilterDescribed(t *testing.T) {
	d1 := time.Date(2028, 1, 31, 0, 0, 0, 0, time.UTC)
	d2 := time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		f    Filter
		want string
	}{
		{Filter{}, ""},
		{Filter{Domains: []string{"example.com", "bücher.example"}}, "domain example.com, bücher.example"},
		{Filter{From: d1, To: d1}, "on 2028-01-31"},
		{Filter{From: d1, To: d2}, "2028-01-31 to 2028-02-29"},
		{Filter{From: d1}, "from 2028-01-31"},
		{Filter{To: d2}, "until 2028-02-29"},
		{Filter{Organizations: []string{"Google Inc."}, ResultTypes: []string{"certificate-expired"}, MXHosts: []string{"mx1.example.com"},
			SendingIPs: []string{"192.0.2.1"}, ReceivingIPs: []string{"2001:db8::7"}},
			"reporter Google Inc.; result certificate-expired; MX host mx1.example.com; sending IP 192.0.2.1; receiving IP 2001:db8::7"},
		// Report-level parts come first whatever order they were set in.
		{Filter{ResultTypes: []string{"tlsa-invalid"}, To: d2, Domains: []string{"example.org"}}, "domain example.org; until 2028-02-29; result tlsa-invalid"},
	} {
		if got := tc.f.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
		if got := strings.Join(tc.f.Parts(), "; "); got != tc.want {
			t.Errorf("Parts() = %q, want %q", got, tc.want)
		}
		if tc.f.IsZero() != (tc.want == "") {
			t.Errorf("%q: IsZero() = %v", tc.want, tc.f.IsZero())
		}
	}
	f := Filter{Domains: []string{"a.example"}, ResultTypes: []string{"x"}}
	if !f.NarrowsReports() || !f.NarrowsFailures() || (Filter{MXHosts: []string{"m"}}).NarrowsReports() || (Filter{From: d1}).NarrowsFailures() {
		t.Errorf("NarrowsReports/NarrowsFailures disagree with the parts set")
	}
	j := Filter{From: d1, To: d2, Domains: []string{"example.com"}}.JSON()
	if j.From != "2028-01-31" || j.To != "2028-02-29" || !slices.Equal(j.Domains, []string{"example.com"}) {
		t.Errorf("JSON() = %+v", j)
	}
}

// Totals is Result without the rows: every total, breakdown and finding the
// same, for every kind of filter, over the real samples.
func TestTotalsIsResultWithoutRows(t *testing.T) {
	a := New()
	if err := (&Loader{}).Load(t.Context(), a, []string{testgen.RealDir()}); err != nil {
		t.Fatal(err)
	}
	snap := a.Snapshot()
	for _, f := range []Filter{{}, {Domains: []string{"company-y.example"}}, {Organizations: []string{"google inc."}},
		{ResultTypes: []string{"starttls-not-supported"}}, {From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}} {
		full, totals := snap.Result(f), snap.Totals(f)
		if totals.ReportList != nil || totals.Failures != nil || len(full.ReportList) == 0 && f.IsZero() {
			t.Errorf("%v: Totals kept %d reports and %d failure rows", f, len(totals.ReportList), len(totals.Failures))
		}
		jf, err1 := json.Marshal(full.Summary())
		jt, err2 := json.Marshal(totals.Summary())
		if err1 != nil || err2 != nil || string(jf) != string(jt) {
			t.Errorf("%v: summaries differ:\n%s\n%s", f, jf, jt)
		}
	}
}
