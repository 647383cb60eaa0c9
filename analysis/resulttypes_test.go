package analysis

import (
	"strings"
	"testing"
)

func TestResultTypes(t *testing.T) {
	if n := len(standardResultTypes); n != 11 {
		t.Fatalf("%d standard result types, RFC 8460 section 4.3 has 11", n)
	}
	for _, name := range []string{"starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted",
		"validation-failure", "tlsa-invalid", "dnssec-invalid", "dane-required", "sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid"} {
		info := DescribeResultType(name)
		if !IsStandardResultType(name) || string(info.Name) != name || info.Title == "" || info.Meaning == "" || info.Fix(Site{}) == "" || strings.Contains(info.Title, "non-standard") {
			t.Errorf("%s: %+v", name, info)
		}
	}
	for _, name := range []string{"", "Testing", "STARTTLS-NOT-SUPPORTED", "certificate-expired "} {
		if IsStandardResultType(name) || !strings.Contains(DescribeResultType(name).Title, "non-standard") {
			t.Errorf("%q is treated as standard", name)
		}
	}
}
