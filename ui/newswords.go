package ui

import (
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// newsWords is what the what's-new banner says of n.
func newsWords(n library.News) string {
	text := "New since you last looked: " + textfmt.Counted(n.Reports, "report", "reports") + " arrived"
	names := func(domains []string) string {
		shown := make([]string, len(domains))
		for i, d := range domains {
			shown[i] = textfmt.Domain(d)
		}
		return strings.Join(shown, ", ")
	}
	if len(n.FailingDomains) > 0 {
		text += "; failing for the first time: " + names(n.FailingDomains)
	}
	if len(n.PastFailing) > 0 {
		// Old reports imported now: their failures are history, not news.
		text += "; failures of " + textfmt.Span(n.PastFrom, n.PastTo) + ", long over, newly imported for " + names(n.PastFailing)
	}
	return text + "."
}
