package textfmt_test

import (
	"math"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 12345: "12,345", 1234567: "1,234,567",
		-1234: "-1,234", math.MaxInt64: "9,223,372,036,854,775,807", math.MinInt64: "-9,223,372,036,854,775,808",
	} {
		if got := textfmt.Count(n); got != want {
			t.Errorf("textfmt.Count(%d) = %q, want %q", n, got, want)
		}
	}
	if got := textfmt.Count(1000); got != "1,000" { // an int, not only int64
		t.Errorf("textfmt.Count(int 1000) = %q", got)
	}
}

func TestCounted(t *testing.T) {
	for got, want := range map[string]string{
		textfmt.Counted(1, "file", "files"):            "1 file",
		textfmt.Counted(0, "file", "files"):            "0 files",
		textfmt.Counted(int64(12345), "file", "files"): "12,345 files",
		textfmt.Plural(2, "exists", "exist"):           "exist",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestRate(t *testing.T) {
	for rate, want := range map[float64]string{
		1:         "100.0%",
		0.9999999: "99.9%", // a failure is never hidden by rounding
		0.9454:    "94.5%",
		0.0000001: "<0.1%",
		0:         "0.0%",
	} {
		if got := textfmt.Rate(rate); got != want {
			t.Errorf("textfmt.Rate(%v) = %q, want %q", rate, got, want)
		}
	}
}

func TestFieldAndMode(t *testing.T) {
	for got, want := range map[string]string{
		textfmt.Field(""):     textfmt.NotReported,
		textfmt.Field("  "):   textfmt.NotReported,
		textfmt.Field("mx.a"): "mx.a",
		textfmt.Mode(analysis.PolicyTLSA, analysis.ModeUnknown): "–",
		textfmt.Mode(analysis.PolicySTS, analysis.ModeUnknown):  "unknown",
		textfmt.Mode(analysis.PolicySTS, analysis.ModeEnforce):  "enforce",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
