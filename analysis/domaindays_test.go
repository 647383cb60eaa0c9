package analysis

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// The per-day figures of each domain, against a count kept while the
// reports were made: each report lists a domain under sts, or under sts
// and tlsa with the same sessions (as Microsoft does), counted once.
func TestDomainDaysCountOnce(t *testing.T) {
	type key struct {
		domain, day string
	}
	want := map[key][2]int64{}
	rng := rand.New(rand.NewPCG(24, 1))
	a := New()
	domains := []string{"a.example", "b.example", "c.example"}
	for i := range 200 {
		day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(45)).Format(DayFormat)
		d := domains[rng.IntN(len(domains))]
		ok, failed := rng.Int64N(50), rng.Int64N(3)
		pols := []report.PolicyResult{pol(report.PolicySTS, d, ok, failed)}
		if rng.IntN(2) == 0 {
			pols = append(pols, pol(report.PolicyTLSA, d, ok, failed))
		}
		a.Add("gen.json", dayReport(t, fmt.Sprintf("Org %d", i%4), fmt.Sprint(i), day, pols...))
		w := want[key{d, day}]
		want[key{d, day}] = [2]int64{w[0] + ok, w[1] + failed}
	}
	res := a.Result(Filter{})
	got := map[key][2]int64{}
	for _, d := range res.Domains {
		for _, day := range d.Days {
			got[key{d.Domain, day.Day.Format(DayFormat)}] = [2]int64{day.Successful, day.Failed}
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d domain days, want %d", len(got), len(want))
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s on %s: %v, want %v", k.domain, k.day, got[k], w)
		}
	}
	// The strip is the last 30 days, ending on the newest report's day.
	first, last := res.StripSpan()
	_, newest := res.Span()
	if last.Format(DayFormat) != newest.Format(DayFormat) || last.Sub(first) != 29*24*time.Hour {
		t.Errorf("strip %s to %s, want the 30 days to %s", first, last, newest)
	}
	for _, row := range res.DomainRows() {
		if len(row.Strip) != StripDays {
			t.Fatalf("%s: strip of %d days", row.Domain, len(row.Strip))
		}
		for _, day := range row.Strip {
			if w := want[key{row.Domain, day.Day.Format(DayFormat)}]; w != [2]int64{day.Successful, day.Failed} {
				t.Errorf("%s strip on %s: %d/%d, want %v", row.Domain, day.Day.Format(DayFormat), day.Successful, day.Failed, w)
			}
		}
	}
}

// Domains come worst first: a critical finding above failures above none,
// and a domain's both policy types in one row.
func TestDomainRowsWorstFirst(t *testing.T) {
	a := New()
	a.Add("1.json", dayReport(t, "Org", "1", "2026-04-01", pol(report.PolicySTS, "clean.example", 10, 0), pol(report.PolicyTLSA, "clean.example", 10, 0)))
	a.Add("2.json", dayReport(t, "Org", "2", "2026-04-02", pol(report.PolicySTS, "few.example", 100, 1)))
	res := a.Result(Filter{})
	res.AllFindings = []Finding{{Severity: SeverityCritical, PolicyType: report.PolicyTLSA, PolicyDomain: "clean.example"}}
	rows := res.DomainRows()
	if len(rows) != 2 || rows[0].Domain != "clean.example" || rows[0].Health != HealthCritical || rows[1].Health != HealthFailures {
		t.Fatalf("rows %+v", rows)
	}
	if !rows[0].DANE || rows[0].STS == nil || rows[0].Successful != 10 {
		t.Errorf("clean.example: DANE %v, sts %v, %d successful; want both types and 10 sessions once", rows[0].DANE, rows[0].STS, rows[0].Successful)
	}
	if rows[1].DANE || rows[1].LastDay.Format(DayFormat) != "2026-04-02" {
		t.Errorf("few.example: DANE %v, last day %s", rows[1].DANE, rows[1].LastDay)
	}
}

// A filtered period is the strip, however far it lies from the newest report.
func TestStripSpanFollowsFilter(t *testing.T) {
	a := New()
	for i := range 60 {
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(DayFormat)
		a.Add("r.json", dayReport(t, "Org", fmt.Sprint(i), day, pol(report.PolicySTS, "d.example", 1, 0)))
	}
	from, to := utcDay(t, "2026-01-05"), utcDay(t, "2026-01-11")
	first, last := a.Result(Filter{From: from, To: to}).StripSpan()
	if !first.Equal(from) || !last.Equal(to) {
		t.Errorf("strip %s to %s, want %s to %s", first, last, from, to)
	}
}

// A To in the future ends the strip on the newest report's day, so the
// days with data stay in it (trial: To 2026-12-31 emptied every strip).
func TestStripSpanFutureTo(t *testing.T) {
	a := New()
	for i := range 10 {
		day := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(DayFormat)
		a.Add("r.json", dayReport(t, "Org", fmt.Sprint(i), day, pol(report.PolicySTS, "d.example", 10, int64(i%2))))
	}
	for _, f := range []Filter{{To: utcDay(t, "2026-12-31")}, {From: utcDay(t, "2026-08-01"), To: utcDay(t, "2026-12-31")}} {
		res := a.Result(f)
		first, last := res.StripSpan()
		// Newest report 2026-09-10; 30 days back, or from 08-01 (41 days).
		wantFirst := map[bool]string{false: "2026-08-12", true: "2026-08-01"}[!f.From.IsZero()]
		if last.Format(DayFormat) != "2026-09-10" || first.Format(DayFormat) != wantFirst {
			t.Errorf("%v: strip %s to %s, want %s to 2026-09-10", f, first.Format(DayFormat), last.Format(DayFormat), wantFirst)
		}
		var failing int
		for _, d := range res.DomainRows()[0].Strip {
			if d.Failed > 0 {
				failing++
			}
		}
		if failing != 5 {
			t.Errorf("%v: %d failing days in the strip, want 5", f, failing)
		}
	}
}

// Health follows the numbers (trial: "Warning" at 100% and 0 failed, from a
// testing policy with only 10 days of reports; "Some failures" at 0%): no
// session succeeded is failing whatever the findings say, and no failed
// session gets no failure word whatever finding warns.
func TestDomainHealthFollowsTheNumbers(t *testing.T) {
	a := New()
	a.Add("1.json", dayReport(t, "Org", "1", "2026-04-01",
		pol(report.PolicySTS, "zero.example", 0, 50),    // 0%, only an info finding
		pol(report.PolicySTS, "young.example", 100, 0),  // 100%, a warning finding
		pol(report.PolicySTS, "warned.example", 90, 10), // 90%, a warning finding
		pol(report.PolicySTS, "few.example", 99, 1),     // 99%, no finding
		pol(report.PolicySTS, "fine.example", 10, 0)))
	res := a.Result(Filter{})
	// Health judges every finding (AllFindings), whatever the filter shows.
	res.AllFindings = []Finding{
		{Severity: SeverityWarning, PolicyType: report.PolicySTS, PolicyDomain: "warned.example"},
		{Severity: SeverityWarning, PolicyType: report.PolicySTS, PolicyDomain: "young.example", Kind: KindEnforceReadiness},
		{Severity: SeverityInfo, PolicyType: report.PolicySTS, PolicyDomain: "zero.example", Kind: KindSenderSide},
	}
	var got []string
	for _, r := range res.DomainRows() {
		got = append(got, fmt.Sprintf("%s %d", r.Domain, r.Health))
	}
	want := []string{
		fmt.Sprintf("zero.example %d", HealthCritical), fmt.Sprintf("warned.example %d", HealthWarning),
		fmt.Sprintf("young.example %d", HealthAttention), fmt.Sprintf("few.example %d", HealthFailures),
		fmt.Sprintf("fine.example %d", HealthOK),
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows %q, want %q", got, want)
	}
}
