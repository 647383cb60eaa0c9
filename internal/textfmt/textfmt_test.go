package textfmt

import (
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

func TestLine(t *testing.T) {
	for in, want := range map[string]string{
		"mx.example.com":                       "mx.example.com",
		"evil\x00\n\tname\u202e.example\u200b": "evil name.example",
		"  two   spaces  ":                     "two spaces",
		"bad\xffutf8":                          "bad\ufffdutf8",
		"C1\u0085control":                      "C1 control",
	} {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResultType(t *testing.T) {
	for in, want := range map[string]string{
		"certificate-expired": "certificate-expired",
		"Testing":             "Testing (non-standard)",
		"":                    NotReported,
	} {
		if got := ResultType(in); got != want {
			t.Errorf("ResultType(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMode(t *testing.T) {
	for got, want := range map[string]string{
		Mode(analysis.PolicyTLSA, analysis.ModeUnknown): "–",
		Mode(analysis.PolicySTS, analysis.ModeUnknown):  "unknown",
		Mode(analysis.PolicySTS, analysis.ModeEnforce):  "enforce",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
