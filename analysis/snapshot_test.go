package analysis

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// orderCase is a report to add and what the test knows of it.
type orderCase struct {
	r        *report.Report
	source   string
	failures []string // AdditionalInformation of each failure detail, unique
}

// orderCases are n reports made to tie: few start times (some a
// nanosecond apart), few organizations, report-ids often empty (never
// duplicates) and sometimes repeated (duplicates, dropped), failure
// details with few counts and result types. Later reports often sort
// before earlier ones.
func orderCases(n int, seed uint64) []orderCase {
	rng := rand.New(rand.NewPCG(seed, 1))
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	out := make([]orderCase, n)
	nf := 0
	for k := range out {
		start := base.Add(time.Duration(rng.IntN(5)) * 24 * time.Hour)
		if rng.IntN(4) == 0 {
			start = start.Add(time.Nanosecond)
		}
		id := ""
		if rng.IntN(3) > 0 {
			id = fmt.Sprintf("id%d", rng.IntN(n))
		}
		c := orderCase{source: fmt.Sprintf("file%d.json", k)}
		pr := report.PolicyResult{Policy: report.Policy{Type: report.PolicySTS, Domain: "example.com"}, Successful: 3}
		for range rng.IntN(3) {
			info := fmt.Sprintf("f%d", nf)
			nf++
			c.failures = append(c.failures, info)
			pr.FailureDetails = append(pr.FailureDetails, report.FailureDetail{
				ResultType:            []string{"certificate-expired", "starttls-not-supported"}[rng.IntN(2)],
				FailedSessions:        int64(1 + rng.IntN(3)),
				AdditionalInformation: info,
			})
			pr.Failed += pr.FailureDetails[len(pr.FailureDetails)-1].FailedSessions
		}
		c.r = &report.Report{
			OrganizationName: []string{"b.example", "a.example", "c.example"}[rng.IntN(3)],
			Start:            start, End: start.Add(24 * time.Hour),
			ReportID: id,
			Policies: []report.PolicyResult{pr},
		}
		out[k] = c
	}
	return out
}

// wantOrder is the documented order of the first n cases, computed
// without the analysis: reports by start, organization, report-id and then
// load order; failure details by most failed sessions, newest report,
// result type and then load order. Duplicates (same organization and
// non-empty report-id as an earlier report) are left out.
func wantOrder(cases []orderCase) (reports, failures []string) {
	type rep struct {
		c    *orderCase
		load int
	}
	type fail struct {
		fd   *report.FailureDetail
		r    *report.Report
		load int
	}
	seen := map[[2]string]bool{}
	var rs []rep
	var fs []fail
	for i := range cases {
		c := &cases[i]
		if key := [2]string{c.r.OrganizationName, c.r.ReportID}; c.r.ReportID != "" {
			if seen[key] {
				continue
			}
			seen[key] = true
		}
		rs = append(rs, rep{c, len(rs)})
		for j := range c.r.Policies[0].FailureDetails {
			fs = append(fs, fail{&c.r.Policies[0].FailureDetails[j], c.r, len(fs)})
		}
	}
	slices.SortFunc(rs, func(x, y rep) int {
		return cmp.Or(x.c.r.Start.Compare(y.c.r.Start), strings.Compare(x.c.r.OrganizationName, y.c.r.OrganizationName),
			strings.Compare(x.c.r.ReportID, y.c.r.ReportID), cmp.Compare(x.load, y.load))
	})
	slices.SortFunc(fs, func(x, y fail) int {
		return cmp.Or(cmp.Compare(y.fd.FailedSessions, x.fd.FailedSessions), y.r.Start.Compare(x.r.Start),
			strings.Compare(x.fd.ResultType, y.fd.ResultType), cmp.Compare(x.load, y.load))
	})
	for _, r := range rs {
		reports = append(reports, r.c.source)
	}
	for _, f := range fs {
		failures = append(failures, f.fd.AdditionalInformation)
	}
	return reports, failures
}

func checkOrder(s *Snapshot, cases []orderCase) error {
	res := s.Result(Filter{})
	var reports, failures []string
	for _, r := range res.ReportList {
		reports = append(reports, r.Source)
	}
	for _, f := range res.Failures {
		failures = append(failures, f.AdditionalInformation)
	}
	wantReports, wantFailures := wantOrder(cases)
	if !slices.Equal(reports, wantReports) {
		return fmt.Errorf("after %d reports: reports in order\n%v, want\n%v", len(cases), reports, wantReports)
	}
	if !slices.Equal(failures, wantFailures) {
		return fmt.Errorf("after %d reports: failure details in order\n%v, want\n%v", len(cases), failures, wantFailures)
	}
	return nil
}

// TestSnapshotOrderInSteps takes snapshots while reports are added in
// steps of several sizes. Each snapshot's order is made from the order an
// earlier or a later snapshot computed, on other goroutines while reports
// are still being added, and must equal a sort from scratch.
func TestSnapshotOrderInSteps(t *testing.T) {
	cases := orderCases(400, 1)
	for _, step := range []int{1, 7, 50, 400} {
		t.Run(fmt.Sprint("step ", step), func(t *testing.T) {
			a := New()
			var snaps []*Snapshot
			var ends []int
			errs := make(chan error, len(cases)+1)
			var wg sync.WaitGroup
			for added := 0; added < len(cases); {
				end := min(added+step, len(cases))
				for _, c := range cases[added:end] {
					a.Add(c.source, c.r)
				}
				added = end
				s := a.Snapshot()
				snaps, ends = append(snaps, s), append(ends, end)
				// Every other snapshot is ordered at once, as loading goes
				// on; the others are left for the end, in reverse.
				if len(snaps)%2 == 0 {
					wg.Go(func() { errs <- checkOrder(s, cases[:end]) })
				}
			}
			wg.Wait()
			for i := len(snaps) - 1; i >= 0; i-- {
				if i%2 == 0 {
					errs <- checkOrder(snaps[i], cases[:ends[i]])
				}
			}
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSnapshotSteps orders a snapshot that holds step reports more
// than one already ordered, as the window does while a folder loads: the
// time per step should follow the step and hardly the total. "scratch"
// sorts the same snapshot with no earlier order, as every snapshot did.
func BenchmarkSnapshotSteps(b *testing.B) {
	for _, total := range []int{20_000, 200_000} {
		cases := orderCases(total+10_000, 2)
		for _, step := range []int{100, 1_000, 10_000, -1} {
			name := fmt.Sprintf("total=%d/step=%d", total, step)
			if step < 0 {
				name, step = fmt.Sprintf("total=%d/scratch", total), 1_000
			}
			scratch := strings.HasSuffix(name, "scratch")
			b.Run(name, func(b *testing.B) {
				a := New()
				for _, c := range cases[:total] {
					a.Add(c.source, c.r)
				}
				base := a.Snapshot().order()
				for _, c := range cases[total : total+step] {
					a.Add(c.source, c.r)
				}
				full := a.Snapshot()
				for b.Loop() {
					cache := &orderCache{last: base}
					if scratch {
						cache.last = nil
					}
					s := &Snapshot{recs: full.recs, orders: cache}
					s.order()
				}
			})
		}
	}
}
