package ui

import "github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"

// withoutMuted is fs without the findings muted (nil: none) says the user
// muted, in their order, and how many it left out: the headlines count
// the muted apart, and never as urgent.
func withoutMuted(fs []analysis.Finding, muted func(*analysis.Finding) bool) ([]analysis.Finding, int) {
	if muted == nil {
		return fs, 0
	}
	var out []analysis.Finding
	for i := range fs {
		if !muted(&fs[i]) {
			out = append(out, fs[i])
		}
	}
	return out, len(fs) - len(out)
}
