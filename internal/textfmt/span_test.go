package textfmt

import (
	"testing"
	"time"
)

// A report starting 0001-01-01 (Go's zero time) prints its dates, not "–"
// (issue 22 point 8).
func TestSpanFromYearOne(t *testing.T) {
	start := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		end  time.Time
		want string
	}{
		{time.Date(1, 1, 1, 23, 59, 59, 0, time.UTC), "0001-01-01"},
		{time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), "0001-01-01 – 9999-12-31"},
	} {
		if got := Span(start, tc.end); got != tc.want {
			t.Errorf("Span(%v, %v) = %q, want %q", start, tc.end, got, tc.want)
		}
	}
	if got := Span(time.Time{}, time.Time{}); got != "–" {
		t.Errorf("Span of no range = %q, want –", got)
	}
}
