package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// Issue 11: each session counts once. Per report and policy domain the
// policies of one type add up and the largest type stands, for sessions and
// for failed sessions separately; successful is the difference. Expected
// numbers below are worked out by hand in the comments.

// wantTotals is what every session total of a result should be.
type wantTotals struct {
	ok, failed int64
	orgs       []OrgTotal    // any order
	days       []DayTotal    // oldest first
	domains    []DomainTotal // any order
	policies   []PolicyTotal // any order; only Type, Domain, Reports, Successful, Failed, SharedReports
	rows       map[string][2]int64
}

func checkTotals(t *testing.T, res *Result, want wantTotals) {
	t.Helper()
	if res.SuccessfulSessions != want.ok || res.FailedSessions != want.failed {
		t.Errorf("sessions %d successful, %d failed; want %d, %d", res.SuccessfulSessions, res.FailedSessions, want.ok, want.failed)
	}
	if !sameItems(res.Organizations, want.orgs, func(x, y OrgTotal) bool { return x == y }) {
		t.Errorf("organizations %+v\nwant %+v", res.Organizations, want.orgs)
	}
	if !slices.EqualFunc(res.Days, want.days, func(x, y DayTotal) bool {
		return x.Day.Equal(y.Day) && x.Successful == y.Successful && x.Failed == y.Failed
	}) {
		t.Errorf("days %+v\nwant %+v", res.Days, want.days)
	}
	if !sameItems(res.Domains, want.domains, func(x, y DomainTotal) bool {
		return x.Domain == y.Domain && slices.Equal(x.Types, y.Types) && x.Reports == y.Reports && x.Successful == y.Successful &&
			x.Failed == y.Failed && x.SharedReports == y.SharedReports
	}) {
		t.Errorf("domains %+v\nwant %+v", res.Domains, want.domains)
	}
	if !sameItems(res.Policies, want.policies, func(x, y PolicyTotal) bool {
		return x.Type == y.Type && x.Domain == y.Domain && x.Reports == y.Reports && x.Successful == y.Successful &&
			x.Failed == y.Failed && x.SharedReports == y.SharedReports
	}) {
		t.Errorf("policies (reports, successful/failed, shared reports):\n got  %s\n want %s", policyCounts(res.Policies), policyCounts(want.policies))
	}
	rows := map[string][2]int64{}
	for _, r := range res.ReportList {
		rows[r.ReportID] = [2]int64{r.Successful, r.Failed}
	}
	if len(rows) != len(want.rows) || len(res.ReportList) != len(want.rows) {
		t.Errorf("report list %v, want %v", rows, want.rows)
	}
	for id, w := range want.rows {
		if rows[id] != w {
			t.Errorf("report %s: %d successful, %d failed; want %d, %d", id, rows[id][0], rows[id][1], w[0], w[1])
		}
	}
	// summary.json states the same numbers, read as a script would.
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(res.Summary()); err != nil {
		t.Fatal(err)
	}
	// json.Number keeps every digit of counts near the int64 maximum.
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	var s map[string]any
	if err := dec.Decode(&s); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(s["successful_sessions"], "/", s["failed_sessions"]) != fmt.Sprint(want.ok, "/", want.failed) {
		t.Errorf("summary.json sessions %v/%v, want %d/%d", s["successful_sessions"], s["failed_sessions"], want.ok, want.failed)
	}
	var wantLists [4][]string
	for _, o := range want.orgs {
		wantLists[0] = append(wantLists[0], fmt.Sprintf("%s %d/%d", o.Name, o.Successful, o.Failed))
	}
	for _, d := range want.days {
		wantLists[1] = append(wantLists[1], fmt.Sprintf("%s %d/%d", d.Day.Format(time.DateOnly), d.Successful, d.Failed))
	}
	for _, d := range want.domains {
		wantLists[2] = append(wantLists[2], fmt.Sprintf("%s %d/%d", d.Domain, d.Successful, d.Failed))
	}
	for _, p := range want.policies {
		wantLists[3] = append(wantLists[3], fmt.Sprintf("%s %s %d/%d", p.Type, p.Domain, p.Successful, p.Failed))
	}
	for i, list := range []struct{ name, key string }{
		{"organizations", "organization_name"}, {"days", "date"}, {"domains", "policy_domain"}, {"policies", "policy_type"},
	} {
		var got []string
		for _, e := range s[list.name].([]any) {
			m := e.(map[string]any)
			name := fmt.Sprint(m[list.key])
			if list.name == "policies" {
				name += " " + fmt.Sprint(m["policy_domain"])
			}
			got = append(got, fmt.Sprintf("%s %v/%v", name, m["successful_sessions"], m["failed_sessions"]))
		}
		if !sameItems(got, wantLists[i], func(x, y string) bool { return x == y }) {
			t.Errorf("summary.json %s %q, want %q", list.name, got, wantLists[i])
		}
	}
}

func policyCounts(ps []PolicyTotal) string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s: %d, %d/%d, %d", p.Label(), p.Reports, p.Successful, p.Failed, p.SharedReports))
	}
	slices.Sort(out)
	return strings.Join(out, "; ")
}

// sameItems tells whether got and want hold the same items in any order.
func sameItems[T any](got, want []T, eq func(x, y T) bool) bool {
	if len(got) != len(want) {
		return false
	}
	used := make([]bool, len(got))
	for _, w := range want {
		i := slices.IndexFunc(got, func(g T) bool { return eq(g, w) })
		for i >= 0 && used[i] {
			j := slices.IndexFunc(got[i+1:], func(g T) bool { return eq(g, w) })
			if j < 0 {
				i = -1
			} else {
				i += 1 + j
			}
		}
		if i < 0 {
			return false
		}
		used[i] = true
	}
	return true
}

func utcDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The real Microsoft reports that list one domain's sessions under both
// tlsa and sts: sebastka-tlsrpt (karlsen.fr, 4 and 4), dmarc-report-viewer
// (random.net, 2 and 2) and tlsrpt-rs's email (krvtz.net, 2 and 2). No
// other real sample lists one domain under two types (stalwart's rpt03
// does, but is rejected for a missing failure count).
func TestCountOnceRealMicrosoft(t *testing.T) {
	files := []string{"sebastka-tlsrpt_microsoft-tlsa-sts.json", "dmarc-report-viewer_microsoft.json", "tlsrpt-rs_microsoft1.eml"}
	var paths []string
	for _, f := range files {
		paths = append(paths, filepath.Join(testgen.RealDir(), f))
	}
	t.Run("karlsen.fr alone", func(t *testing.T) {
		res := loadPaths(t, 1, paths[0])
		// tlsa 4/0 and sts 4/0: sessions max(4, 4) = 4, not 8.
		checkTotals(t, res, wantTotals{ok: 4, failed: 0,
			orgs:    []OrgTotal{{"Microsoft Corporation", 1, 4, 0}},
			days:    []DayTotal{{utcDay(t, "2026-08-18"), 4, 0}},
			domains: []DomainTotal{{Domain: "karlsen.fr", Types: []report.PolicyType{report.PolicySTS, report.PolicyTLSA}, Reports: 1, Successful: 4, SharedReports: 1}},
			policies: []PolicyTotal{{Type: report.PolicySTS, Domain: "karlsen.fr", Reports: 1, Successful: 4, SharedReports: 1},
				{Type: report.PolicyTLSA, Domain: "karlsen.fr", Reports: 1, Successful: 4, SharedReports: 1}},
			rows: map[string][2]int64{"134316476496435051+karlsen.fr": {4, 0}}})
	})
	t.Run("all three", func(t *testing.T) {
		res := loadPaths(t, 1, paths...)
		// 4 + 2 + 2 = 8 sessions, all successful; each policy keeps its
		// own count.
		both := []report.PolicyType{report.PolicySTS, report.PolicyTLSA}
		var policies []PolicyTotal
		for _, d := range []struct {
			name string
			n    int64
		}{{"karlsen.fr", 4}, {"random.net", 2}, {"krvtz.net", 2}} {
			for _, typ := range both {
				policies = append(policies, PolicyTotal{Type: typ, Domain: d.name, Reports: 1, Successful: d.n, SharedReports: 1})
			}
		}
		checkTotals(t, res, wantTotals{ok: 8, failed: 0,
			orgs: []OrgTotal{{"Microsoft Corporation", 3, 8, 0}},
			days: []DayTotal{{utcDay(t, "2024-09-13"), 2, 0}, {utcDay(t, "2025-05-23"), 2, 0}, {utcDay(t, "2026-08-18"), 4, 0}},
			domains: []DomainTotal{
				{Domain: "karlsen.fr", Types: both, Reports: 1, Successful: 4, SharedReports: 1},
				{Domain: "random.net", Types: both, Reports: 1, Successful: 2, SharedReports: 1},
				{Domain: "krvtz.net", Types: both, Reports: 1, Successful: 2, SharedReports: 1}},
			policies: policies,
			rows: map[string][2]int64{"134316476496435051+karlsen.fr": {4, 0}, "133925885310113267+random.net": {2, 0},
				"133708152202987951+krvtz.net": {2, 0}}})
	})
}

func pol(typ report.PolicyType, domain string, ok, failed int64) report.PolicyResult {
	return report.PolicyResult{Policy: report.Policy{Type: typ, Domain: domain}, Successful: ok, Failed: failed}
}

func dayReport(t *testing.T, org, id, day string, pols ...report.PolicyResult) *report.Report {
	start := utcDay(t, day)
	return &report.Report{OrganizationName: org, ReportID: id, Start: start, End: start.Add(24*time.Hour - time.Second), Policies: pols}
}

// countOnceReports are four reports over two organizations and two days;
// the comments work out each report's sessions.
func countOnceReports(t *testing.T) []*report.Report {
	const ms, google = "Microsoft Corporation", "Google Inc."
	return []*report.Report{
		// b.example: sts 10 ok/5 failed (15 sessions), tlsa 14/1 (15):
		// sessions max(15, 15) = 15, failed max(5, 1) = 5, successful 10.
		dayReport(t, ms, "m1", "2026-03-01", pol(report.PolicySTS, "b.example", 10, 5), pol(report.PolicyTLSA, "b.example", 14, 1)),
		// a.example: two sts entries add up, 3/1 and 5/2: 11 sessions, 3
		// failed; tlsa 9/0: 9 sessions. max(11, 9) = 11, max(3, 0) = 3,
		// successful 8.
		dayReport(t, ms, "m2", "2026-03-01", pol(report.PolicySTS, "a.example", 3, 1), pol(report.PolicySTS, "a.example", 5, 2), pol(report.PolicyTLSA, "a.example", 9, 0)),
		// a.example: sts 7/0 (7), tlsa 2/3 (5): sessions 7, failed 3,
		// successful 4 (neither type's own 7 or 2). b.example, another
		// domain, adds its own: tlsa 5/5. Report: 4+5 = 9 successful,
		// 3+5 = 8 failed.
		dayReport(t, google, "g1", "2026-03-02", pol(report.PolicySTS, "a.example", 7, 0), pol(report.PolicyTLSA, "a.example", 2, 3), pol(report.PolicyTLSA, "b.example", 5, 5)),
		// c.example: no-policy-found is a type: 6/2 (8) against sts 3/0
		// (3): sessions 8, failed 2, successful 6. The domain-less
		// no-policy-found entries (Postfix) are one domain "": 4/1 + 2/0 =
		// 7 sessions, 1 failed, 6 successful. Report: 12 successful, 3 failed.
		dayReport(t, google, "g2", "2026-03-02", pol(report.PolicyNoPolicyFound, "c.example", 6, 2), pol(report.PolicySTS, "c.example", 3, 0),
			pol(report.PolicyNoPolicyFound, "", 4, 1), pol(report.PolicyNoPolicyFound, "", 2, 0)),
	}
}

func TestCountOnceGenerated(t *testing.T) {
	a := New()
	for _, r := range countOnceReports(t) {
		a.Add("gen.json", r)
	}
	both := []report.PolicyType{report.PolicySTS, report.PolicyTLSA}
	t.Run("no filter", func(t *testing.T) {
		checkTotals(t, a.Result(Filter{}), wantTotals{
			// 10+8+9+12 = 39 successful, 5+3+8+3 = 19 failed.
			ok: 39, failed: 19,
			// Microsoft m1+m2: 10+8, 5+3; Google g1+g2: 9+12, 8+3.
			orgs: []OrgTotal{{"Microsoft Corporation", 2, 18, 8}, {"Google Inc.", 2, 21, 11}},
			days: []DayTotal{{utcDay(t, "2026-03-01"), 18, 8}, {utcDay(t, "2026-03-02"), 21, 11}},
			domains: []DomainTotal{
				// m2 8/3 + g1 4/3; both reports list sts and tlsa.
				{Domain: "a.example", Types: both, Reports: 2, Successful: 12, Failed: 6, SharedReports: 2},
				// m1 10/5 + g1 5/5; only m1 lists two types.
				{Domain: "b.example", Types: both, Reports: 2, Successful: 15, Failed: 10, SharedReports: 1},
				{Domain: "c.example", Types: []report.PolicyType{report.PolicyNoPolicyFound, report.PolicySTS}, Reports: 1, Successful: 6, Failed: 2, SharedReports: 1},
				{Domain: "", Types: []report.PolicyType{report.PolicyNoPolicyFound}, Reports: 1, Successful: 6, Failed: 1},
			},
			// Policies keep their own counts; a report counts once for a
			// policy however many entries of its type it holds.
			policies: []PolicyTotal{
				{Type: report.PolicySTS, Domain: "a.example", Reports: 2, Successful: 3 + 5 + 7, Failed: 1 + 2, SharedReports: 2},
				{Type: report.PolicyTLSA, Domain: "a.example", Reports: 2, Successful: 9 + 2, Failed: 3, SharedReports: 2},
				{Type: report.PolicySTS, Domain: "b.example", Reports: 1, Successful: 10, Failed: 5, SharedReports: 1},
				{Type: report.PolicyTLSA, Domain: "b.example", Reports: 2, Successful: 14 + 5, Failed: 1 + 5, SharedReports: 1},
				{Type: report.PolicyNoPolicyFound, Domain: "c.example", Reports: 1, Successful: 6, Failed: 2, SharedReports: 1},
				{Type: report.PolicySTS, Domain: "c.example", Reports: 1, Successful: 3, SharedReports: 1},
				{Type: report.PolicyNoPolicyFound, Domain: "", Reports: 1, Successful: 4 + 2, Failed: 1},
			},
			rows: map[string][2]int64{"m1": {10, 5}, "m2": {8, 3}, "g1": {9, 8}, "g2": {12, 3}},
		})
	})
	t.Run("domain a.example", func(t *testing.T) {
		// Only a.example's policies count: m2 8/3 and g1 4/3; g1's
		// b.example entry is left out.
		checkTotals(t, a.Result(Filter{Domains: []string{"A.Example"}}), wantTotals{
			ok: 12, failed: 6,
			orgs:    []OrgTotal{{"Microsoft Corporation", 1, 8, 3}, {"Google Inc.", 1, 4, 3}},
			days:    []DayTotal{{utcDay(t, "2026-03-01"), 8, 3}, {utcDay(t, "2026-03-02"), 4, 3}},
			domains: []DomainTotal{{Domain: "a.example", Types: both, Reports: 2, Successful: 12, Failed: 6, SharedReports: 2}},
			policies: []PolicyTotal{
				{Type: report.PolicySTS, Domain: "a.example", Reports: 2, Successful: 15, Failed: 3, SharedReports: 2},
				{Type: report.PolicyTLSA, Domain: "a.example", Reports: 2, Successful: 11, Failed: 3, SharedReports: 2},
			},
			rows: map[string][2]int64{"m2": {8, 3}, "g1": {4, 3}},
		})
	})
}

// BUG (issue 11, found by this test, for the lead to fix in slice.go):
// PolicyTotal.Reports and SharedReports count policy entries, not reports.
// Report m2 lists sts a.example twice (and tlsa a.example once); the sts
// policy gets Reports 2 and SharedReports 2 from that one report.
func TestPolicyCountsEachReportOnce(t *testing.T) {
	a := New()
	a.Add("m2.json", countOnceReports(t)[1])
	for _, p := range a.Result(Filter{}).Policies {
		if p.Reports != 1 || p.SharedReports != 1 {
			t.Errorf("%s: Reports %d, SharedReports %d from one report; want 1, 1", p.Label(), p.Reports, p.SharedReports)
		}
	}
}

// Counts near the int64 maximum saturate instead of wrapping.
func TestCountOnceSaturates(t *testing.T) {
	const maxN = math.MaxInt64
	a := New()
	// s1: two sts entries, (max-1)/1 and 5/0: sessions (max-1)+1 = max,
	// plus 5 stays max; failed 1; successful (max-1)+5 saturates at max.
	a.Add("s1.json", dayReport(t, "Org", "s1", "2026-04-01", pol(report.PolicySTS, "d.example", maxN-1, 1), pol(report.PolicySTS, "d.example", 5, 0)))
	// s2: tlsa 3/max: sessions 3+max stays max, failed max; sts 0/0.
	// Sessions saturate, so successful is counted on its own: 3, not 0.
	a.Add("s2.json", dayReport(t, "Org", "s2", "2026-04-01", pol(report.PolicyTLSA, "d.example", 3, maxN), pol(report.PolicySTS, "d.example", 0, 0)))
	// Totals: successful max+3 stays max; failed 1+max stays max.
	checkTotals(t, a.Result(Filter{}), wantTotals{
		ok: maxN, failed: maxN,
		orgs:    []OrgTotal{{"Org", 2, maxN, maxN}},
		days:    []DayTotal{{utcDay(t, "2026-04-01"), maxN, maxN}},
		domains: []DomainTotal{{Domain: "d.example", Types: []report.PolicyType{report.PolicySTS, report.PolicyTLSA}, Reports: 2, Successful: maxN, Failed: maxN, SharedReports: 1}},
		policies: []PolicyTotal{
			// sts own counts: (max-1)+5+0 stays max; failed 1.
			{Type: report.PolicySTS, Domain: "d.example", Reports: 2, Successful: maxN, Failed: 1, SharedReports: 1},
			{Type: report.PolicyTLSA, Domain: "d.example", Reports: 1, Successful: 3, Failed: maxN, SharedReports: 1},
		},
		rows: map[string][2]int64{"s1": {maxN, 1}, "s2": {3, maxN}},
	})
}
