package analysis

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// benchSnapshot adds n generated reports to an Analysis in memory (no
// files, no parsing): four organizations, 200 domains of which a third
// publish both DANE and MTA-STS, a year of days, and up to four failure
// details per policy.
func benchSnapshot(n int) *Snapshot {
	rng := rand.New(rand.NewPCG(uint64(n), 8460))
	orgs := []string{"Google Inc.", "Microsoft Corporation", "Mail.ru", "Example Reporter"}
	results := []string{"certificate-expired", "starttls-not-supported", "validation-failure", "certificate-host-mismatch"}
	first := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	a := New()
	for i := range n {
		d := rng.IntN(200)
		domain := fmt.Sprintf("d%03d.example", d)
		start := first.AddDate(0, 0, rng.IntN(365))
		r := &report.Report{OrganizationName: orgs[i%len(orgs)], ReportID: fmt.Sprintf("bench-%d", i), Start: start, End: start.Add(24*time.Hour - time.Second)}
		types := []report.PolicyType{report.PolicySTS}
		if d%3 == 0 {
			types = append(types, report.PolicyTLSA)
		}
		for _, typ := range types {
			p := report.PolicyResult{Policy: report.Policy{Type: typ, Domain: domain, MXHosts: []string{"mx1." + domain}}, Successful: rng.Int64N(5000)}
			for j := range rng.IntN(5) {
				fd := report.FailureDetail{ResultType: results[rng.IntN(len(results))], SendingMTAIP: fmt.Sprintf("209.85.%d.%d", j, rng.IntN(250)),
					ReceivingMXHostname: "mx1." + domain, ReceivingIP: fmt.Sprintf("198.51.100.%d", d%250), FailedSessions: 1 + rng.Int64N(20)}
				p.FailureDetails = append(p.FailureDetails, fd)
				p.Failed += fd.FailedSessions
			}
			r.Policies = append(r.Policies, p)
		}
		a.Add("bench.json", r)
	}
	return a.Snapshot()
}

// BenchmarkFilter measures Snapshot.Result, which every view and every
// change of filter runs, with no filter and with a domain filter. Issue 11
// aims at 100 ms for 20,000 reports and 1 s for 200,000; the 200,000 case
// takes a few seconds to set up and runs only with TLSRPT_BENCH_LARGE=1.
func BenchmarkFilter(b *testing.B) {
	sizes := []int{20_000}
	if os.Getenv("TLSRPT_BENCH_LARGE") != "" {
		sizes = append(sizes, 200_000)
	}
	for _, n := range sizes {
		snap := benchSnapshot(n)
		for _, bc := range []struct {
			name string
			f    Filter
		}{
			{"none", Filter{}},
			{"domain", Filter{Domains: []string{"D042.example"}}},
			{"period", Filter{From: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}},
			{"result", Filter{ResultTypes: []string{"certificate-expired"}}},
		} {
			b.Run(fmt.Sprintf("%dk/%s", n/1000, bc.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if res := snap.Result(bc.f); res.LoadedReports != n {
						b.Fatalf("loaded %d, want %d", res.LoadedReports, n)
					}
				}
			})
		}
	}
}
