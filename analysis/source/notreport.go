package source

import (
	"fmt"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// holdsNoReport is the error for a container that held things, none of them
// a report and none failing as one: kind is "zip" or "folder", held names
// each thing (a noun from xmlNoun or a member's name).
func holdsNoReport(kind string, held []string) error {
	dmarc := 0
	for _, h := range held {
		if h == report.DMARCNoun {
			dmarc++
		}
	}
	switch {
	case dmarc == 1 && len(held) == 1:
		return report.NotAReport(fmt.Errorf("%s holds %s, not a TLS-RPT report", kind, report.DMARCNoun))
	case dmarc == len(held):
		return report.NotAReport(fmt.Errorf("%s holds %d DMARC aggregate reports (XML), not a TLS-RPT report", kind, dmarc))
	}
	shown := held[:min(len(held), 3)]
	more := ""
	if n := len(held) - len(shown); n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	return report.NotAReport(fmt.Errorf("%s holds no TLS-RPT report, only %s%s", kind, strings.Join(shown, ", "), more))
}
