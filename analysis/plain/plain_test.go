package plain

import (
	"math"
	"testing"
)

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345", 1234567: "1,234,567",
		-1234: "-1,234", math.MaxInt64: "9,223,372,036,854,775,807", math.MinInt64: "-9,223,372,036,854,775,808",
	} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
	if got := Count(1000); got != "1,000" { // an int, not only int64
		t.Errorf("Count(int 1000) = %q", got)
	}
}

// The Append forms write after what the buffer holds, as a finding's
// sentence is written (analysis' words), and leave it whole.
func TestAppendCounted(t *testing.T) {
	b := []byte("seen in ")
	b = AppendCounted(b, int64(-1234567), "day", "days")
	b = append(b, ", "...)
	b = AppendCounted(b, 1, "report", "reports")
	if got, want := string(b), "seen in -1,234,567 days, 1 report"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCounted(t *testing.T) {
	for got, want := range map[string]string{
		Counted(1, "file", "files"):            "1 file",
		Counted(0, "file", "files"):            "0 files",
		Counted(int64(12345), "file", "files"): "12,345 files",
		Plural(2, "exists", "exist"):           "exist",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestRate(t *testing.T) {
	for _, c := range []struct {
		ok, failed int64
		want       string
	}{
		{0, 0, "–"}, {5, 0, "100%"}, {0, 5, "0%"}, {1, 1, "50.0%"}, {2, 1, "66.7%"},
		{998, 2, "99.8%"}, {9999, 1, ">99.9%"}, {1, 9999, "<0.1%"},
		{9994, 6, "99.9%"}, // 99.94 rounds down as usual
		{5326, 303, "94.6%"},
		{math.MaxInt64, 1, ">99.9%"},
	} {
		if got := Rate(c.ok, c.failed); got != c.want {
			t.Errorf("Rate(%d, %d) = %q, want %q", c.ok, c.failed, got, c.want)
		}
	}
}

func TestField(t *testing.T) {
	for got, want := range map[string]string{Field(""): NotReported, Field("  "): NotReported, Field("mx.a"): "mx.a"} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestMaxAge(t *testing.T) {
	for seconds, want := range map[int64]string{
		-1:       "–",
		0:        "0 seconds",
		1:        "1 second",
		86400:    "1 day",
		604800:   "7 days",
		31557600: "8,766 hours", // a year of 365.25 days is no whole number of days
		7200:     "2 hours",
		90061:    "90,061 seconds",
	} {
		if got := MaxAge(seconds); got != want {
			t.Errorf("MaxAge(%d) = %q, want %q", seconds, got, want)
		}
	}
}
