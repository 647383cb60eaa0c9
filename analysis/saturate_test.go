package analysis

import (
	"math"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// Two reports at the int64 maximum must give a maximal total and a success
// rate between 0 and 1, never a wrapped negative number.
func TestTotalsSaturate(t *testing.T) {
	a := New()
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, id := range []string{"1", "2"} {
		a.Add("x", &report.Report{OrganizationName: "Org", ReportID: id, Start: day, End: day.Add(24 * time.Hour),
			Policies: []report.PolicyResult{{Policy: report.Policy{Type: report.PolicySTS, Domain: "example.com"}, Successful: math.MaxInt64, Failed: math.MaxInt64}}})
	}
	r := a.Result(Filter{})
	// Successful and failed sessions each saturate at the maximum, as the
	// policy row's do: the top line must not say 0 successful beside a
	// policy at 50% (issue 22 point 8).
	if r.TotalSessions() != math.MaxInt64 || r.FailedSessions != math.MaxInt64 || r.SuccessfulSessions != math.MaxInt64 {
		t.Errorf("total %d failed %d successful %d, want %d each", r.TotalSessions(), r.FailedSessions, r.SuccessfulSessions, int64(math.MaxInt64))
	}
	if rate := r.SuccessRate(); rate != r.Policies[0].SuccessRate() {
		t.Errorf("success rate %v, policy row %v", rate, r.Policies[0].SuccessRate())
	}
	if rate := r.SuccessRate(); rate < 0 || rate > 1 {
		t.Errorf("success rate %v outside [0, 1]", rate)
	}
	if rate := r.Policies[0].SuccessRate(); rate != 0.5 {
		t.Errorf("policy success rate %v, want 0.5", rate)
	}
}

// A report that ends at the next midnight covers the day before it, so the
// span's last day is the same for Google's 23:59:59 and Mail.ru's 00:00:00.
func TestSpanEndsAtMidnight(t *testing.T) {
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, end := range []time.Time{day.Add(24*time.Hour - time.Second), day.Add(24 * time.Hour)} {
		a := New()
		a.Add("x", &report.Report{OrganizationName: "Org", ReportID: "1", Start: day, End: end})
		first, last := a.Result(Filter{}).Span()
		if !first.Equal(day) || last.Format(time.DateOnly) != "2024-03-01" {
			t.Errorf("end %v: span %v – %v, want 2024-03-01 both", end, first, last)
		}
	}
}
