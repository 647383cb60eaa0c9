package source

import "github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"

// HoldsNoReport tells whether d holds only things that are not TLS-RPT
// reports (a DMARC report, a photo under a report-like name), as opposed to
// a report that is damaged: a mailbox's part that readers skip, as a
// mailbox file skips its messages without a report.
func (d *Decoded) HoldsNoReport() bool {
	for _, it := range d.items {
		if it.report != nil || !report.IsNotAReport(it.err) {
			return false
		}
	}
	return len(d.items) > 0
}
