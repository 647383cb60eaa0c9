package analysis

import "strings"

// Key names a finding across loads and runs: the same problem, on the
// same policy and subject, since the same day, at the same severity. A
// finding whose severity rises, or a problem that comes back after it was
// over, has a new key. check -new and the window's notifications both tell
// only of keys they have not told of before.
func (f *Finding) Key() string {
	return strings.Join([]string{string(f.Kind), string(f.Severity), string(f.PolicyType), f.PolicyDomain, f.Subject, f.FirstSeen}, "\x1f")
}
