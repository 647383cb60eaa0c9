package analysis

import (
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// Key names a finding across loads and runs: the same problem, on the
// same policy and subject, since the same day, at the same severity. A
// finding whose severity rises, or a problem that comes back after it was
// over, has a new key. check -new and the window's notifications both tell
// only of keys they have not told of before.
func (f *Finding) Key() string {
	return strings.Join([]string{string(f.Kind), string(f.Severity), string(f.PolicyType), f.PolicyDomain, f.Subject, f.FirstSeen}, "\x1f")
}

// KeyFinding is the finding a Key names, with only the fields the key
// holds (kind, severity, policy, subject, first day); false when k is not
// a Key.
func KeyFinding(k string) (Finding, bool) {
	p := strings.Split(k, "\x1f")
	if len(p) != 6 {
		return Finding{}, false
	}
	return Finding{Kind: FindingKind(p[0]), Severity: Severity(p[1]), PolicyType: report.PolicyType(p[2]), PolicyDomain: p[3], Subject: p[4], FirstSeen: p[5]}, true
}
