package source

import (
	"bufio"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// Some mail clients write mailboxes without escaping body lines that start
// with "From "; such a line must not split the message in two.
func TestMboxUnescapedFromInBody(t *testing.T) {
	const envelope = "From MAILER-DAEMON Sun Jun  2 12:00:00 2024\n"
	box := envelope + strings.ReplaceAll(ordinaryMessage("lunch"), "\r\n", "\n") + "\n" +
		envelope + testgen.ReportMessage("m1") + "\n"
	items := (&decoder{}).mbox("box", bufio.NewReader(strings.NewReader(box)), 0)
	var reports, warnings []string
	for _, it := range items {
		switch {
		case it.err != nil:
			t.Errorf("unexpected error %s: %v", it.source, it.err)
		case it.report != nil:
			reports = append(reports, it.report.ReportID)
		default:
			warnings = append(warnings, it.warning)
		}
	}
	if len(reports) != 1 || reports[0] != "m1" {
		t.Errorf("reports %v, want [m1]", reports)
	}
	if len(warnings) != 1 || warnings[0] != "1 of 2 messages have no TLS-RPT report and were skipped" {
		t.Errorf("warnings %q", warnings)
	}
}
