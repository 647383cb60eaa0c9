package textfmt

import (
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

func TestMode(t *testing.T) {
	for got, want := range map[string]string{
		Mode(report.PolicyTLSA, report.ModeUnknown): "–",
		Mode(report.PolicySTS, report.ModeUnknown):  "unknown",
		Mode(report.PolicySTS, report.ModeEnforce):  "enforce",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// TestReportText: each case is a call and what it must return.
func TestReportText(t *testing.T) {
	for i, c := range [][2]string{
		{Line("mx.example.com"), "mx.example.com"},
		{Line("evil\x00\n\tname\u202e.example\u200b"), "evil name.example"}, // U+202E, U+200B dropped
		{Line("  two   spaces  "), "two spaces"},
		{Line("bad\xffutf8"), "bad\ufffdutf8"},
		{Line("C1\u0085control"), "C1 control"},
		{ResultType("certificate-expired"), "certificate-expired"},
		{ResultType("Testing"), "Testing (non-standard)"},
		{ResultType(""), NotReported},
	} {
		if c[0] != c[1] {
			t.Errorf("case %d: got %q, want %q", i, c[0], c[1])
		}
	}
}

func TestInputProblems(t *testing.T) {
	for _, c := range []struct {
		errors, warnings int
		want             string
	}{
		{0, 0, ""},
		{1, 0, "1 input could not be read"},
		{5, 1, "5 inputs could not be read, 1 warning"},
		{0, 2, "2 warnings"},
		{1200, 0, "1,200 inputs could not be read"},
	} {
		if got := InputProblems(c.errors, c.warnings); got != c.want {
			t.Errorf("InputProblems(%d, %d) = %q, want %q", c.errors, c.warnings, got, c.want)
		}
	}
}
