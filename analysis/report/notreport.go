package report

import (
	"bytes"
	"errors"
)

// notReport marks an error saying that an input holds something other than
// a TLS-RPT report (a DMARC report, ordinary mail, an empty archive), as
// opposed to a report that is damaged. A mailbox skips messages that hold
// only such things: mail folders that collect TLS-RPT reports hold other
// mail too.
type notReport struct{ error }

func (e notReport) Unwrap() error { return e.error }

// NotAReport marks err as saying that the input is something other than a
// TLS-RPT report, not a damaged one.
func NotAReport(err error) error { return notReport{err} }

// IsNotAReport tells whether err, or an error it wraps, was marked by
// NotAReport.
func IsNotAReport(err error) bool {
	var n notReport
	return errors.As(err, &n)
}

// DMARCNoun names a DMARC aggregate report (RFC 7489, appendix C): Google
// sends them as .zip files holding one .xml, and mail folders that collect
// TLS-RPT reports often hold them too.
const DMARCNoun = "a DMARC aggregate report (XML)"

// XMLNoun names an XML document for a user.
func XMLNoun(data []byte) string {
	if bytes.Contains(data[:min(len(data), 4096)], []byte("<feedback")) {
		return DMARCNoun
	}
	return "an XML document"
}
