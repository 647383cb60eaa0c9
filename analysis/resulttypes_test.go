package analysis

import (
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

func TestResultTypes(t *testing.T) {
	if n := len(standardResultTypes); n != 11 || len(report.StandardResultTypes) != n {
		t.Fatalf("%d explained result types, %d standard ones; RFC 8460 section 4.3 has 11", n, len(report.StandardResultTypes))
	}
	for i, rt := range report.StandardResultTypes {
		if standardResultTypes[i].Name != rt {
			t.Errorf("explanation %d is of %s, not %s", i, standardResultTypes[i].Name, rt)
		}
	}
	for _, name := range []string{"starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted",
		"validation-failure", "tlsa-invalid", "dnssec-invalid", "dane-required", "sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid"} {
		info := DescribeResultType(name)
		if !report.IsStandardResultType(name) || string(info.Name) != name || info.Title == "" || info.Meaning == "" || info.Fix(Site{}) == "" || strings.Contains(info.Title, "non-standard") {
			t.Errorf("%s: %+v", name, info)
		}
	}
	for _, name := range []string{"", "Testing", "STARTTLS-NOT-SUPPORTED", "certificate-expired "} {
		if report.IsStandardResultType(name) || !strings.Contains(DescribeResultType(name).Title, "non-standard") {
			t.Errorf("%q is treated as standard", name)
		}
	}
}
