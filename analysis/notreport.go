package analysis

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// notReport marks an error saying that an input holds something other than
// a TLS-RPT report (a DMARC report, ordinary mail, an empty archive), as
// opposed to a report that is damaged. A mailbox skips messages that hold
// only such things: mail folders that collect TLS-RPT reports hold other
// mail too.
type notReport struct{ error }

func (e notReport) Unwrap() error { return e.error }

func isNotReport(err error) bool {
	var n notReport
	return errors.As(err, &n)
}

// dmarcNoun names a DMARC aggregate report (RFC 7489, appendix C): Google
// sends them as .zip files holding one .xml, and mail folders that collect
// TLS-RPT reports often hold them too.
const dmarcNoun = "a DMARC aggregate report (XML)"

// xmlNoun names an XML document for a user.
func xmlNoun(data []byte) string {
	if bytes.Contains(data[:min(len(data), 4096)], []byte("<feedback")) {
		return dmarcNoun
	}
	return "an XML document"
}

// holdsNoReport is the error for a container that held things, none of them
// a report and none failing as one: kind is "zip" or "folder", held names
// each thing (a noun from xmlNoun or a member's name).
func holdsNoReport(kind string, held []string) error {
	dmarc := 0
	for _, h := range held {
		if h == dmarcNoun {
			dmarc++
		}
	}
	switch {
	case dmarc == 1 && len(held) == 1:
		return notReport{fmt.Errorf("%s holds %s, not a TLS-RPT report", kind, dmarcNoun)}
	case dmarc == len(held):
		return notReport{fmt.Errorf("%s holds %d DMARC aggregate reports (XML), not a TLS-RPT report", kind, dmarc)}
	}
	shown := held[:min(len(held), 3)]
	more := ""
	if n := len(held) - len(shown); n > 0 {
		more = fmt.Sprintf(" and %d more", n)
	}
	return notReport{fmt.Errorf("%s holds no TLS-RPT report, only %s%s", kind, strings.Join(shown, ", "), more)}
}
