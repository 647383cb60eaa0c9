package ui

import "github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"

// withoutMuted is fs without the findings muted (nil: none) says the user
// muted, in their order, and how many it left out: the headlines count
// the muted apart, and never as urgent.
func withoutMuted(fs []analysis.Finding, muted func(*analysis.Finding) bool) ([]analysis.Finding, int) {
	n := 0
	if muted != nil {
		for i := range fs {
			if muted(&fs[i]) {
				n++
			}
		}
	}
	if n == 0 {
		return fs, 0 // the usual case, and thousands of findings: no copy
	}
	out := make([]analysis.Finding, 0, len(fs)-n)
	for i := range fs {
		if !muted(&fs[i]) {
			out = append(out, fs[i])
		}
	}
	return out, n
}
