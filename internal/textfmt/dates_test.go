package textfmt

import (
	"testing"
	"time"
)

func TestSpan(t *testing.T) {
	first := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		last time.Duration // after first
		want string
	}{
		{24*time.Hour - time.Second, "2024-03-01"},
		{7*24*time.Hour - time.Second, "2024-03-01 – 2024-03-07"},
		{24 * time.Hour, "2024-03-01"}, // the next midnight ends the day
		{7 * 24 * time.Hour, "2024-03-01 – 2024-03-07"},
	} {
		if got := Span(first, first.Add(c.last)); got != c.want {
			t.Errorf("Span(first, first+%v) = %q, want %q", c.last, got, c.want)
		}
	}
	if got := Day(time.Time{}); got != "–" {
		t.Errorf("Day(zero) = %q", got)
	}
	// A time in another zone is shown on its UTC day.
	if got := Day(time.Date(2024, 3, 1, 23, 0, 0, 0, time.FixedZone("", -2*3600))); got != "2024-03-02" {
		t.Errorf("Day of 23:00 at UTC-2 = %q, want 2024-03-02", got)
	}
}

func TestSpanLength(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for days, want := range map[int]string{0: "1 day", 1: "1 day", 7: "7 days", 90: "90 days", 91: "2 months", 730: "24 months", 731: "2 years", 3650: "10 years"} {
		if got := SpanLength(start, start.AddDate(0, 0, days)); got != want {
			t.Errorf("SpanLength over %d days = %q, want %q", days, got, want)
		}
	}
}
