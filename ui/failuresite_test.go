package ui

import (
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// A result type's advice names the host its rows name when the filter
// names none (the trial saw "Check the certificate chain the MX hosts
// serves … -connect <MX host>:25" beside two rows that both named
// example.com), and general words, in grammar, when its rows name two.
func TestFailuresAdviceNamesTheRowsHost(t *testing.T) {
	at := func(mx, ip, sender string) testgen.Obj {
		return testgen.Obj{"receiving-mx-hostname": mx, "receiving-ip": ip, "sending-mta-ip": sender}
	}
	report := testgen.Report("Example Inc.", "site-1", "", "2024-01-09T00:00:00Z", "2024-01-09T23:59:59Z",
		testgen.STSPolicy("example.com", "enforce", []string{"example.com"}, "86400", 10, 7,
			testgen.Detail("validation-failure", 2, at("example.com", "173.212.201.10", "209.85.222.201")),
			testgen.Detail("validation-failure", 1, at("example.com", "173.212.201.10", "209.85.208.176")),
			testgen.Detail("certificate-expired", 3, at("mx1.example.com", "192.0.2.1", "209.85.222.201")),
			testgen.Detail("certificate-expired", 1, at("mx2.example.com", "192.0.2.2", "209.85.222.201"))))
	m := newTestWindow(t)
	drop(m, driverDrop(testgen.WriteFile(t, t.TempDir(), "r.json", testgen.JSON(report))))
	look(m, failuresView)
	for _, tc := range []struct{ resultType, want string }{
		{"validation-failure", "Check the certificate chain served by example.com (every intermediate, in order), the TLS versions and ciphers offered, " +
			"and the reporters' reason codes; openssl s_client -starttls smtp -connect example.com:25 shows what senders see."},
		{"certificate-expired", "Renew the certificate of the MX hosts, "},
	} {
		for _, c := range m.result.ResultTypes {
			if c.Name == tc.resultType {
				act(m, func() { m.failures.types.onSelect(&c) })
			}
		}
		if got := m.failures.explanation.String(); !strings.Contains(strings.Join(strings.Fields(got), " "), tc.want) {
			t.Errorf("%s: advice %q, want %q", tc.resultType, got, tc.want)
		}
	}
}
