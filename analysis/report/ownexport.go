package report

import (
	"bytes"
	"errors"
)

// errOwnExport names what a user most often opens by mistake after an
// export: the summary.json this program wrote, among the reports.
var errOwnExport = NotAReport(errors.New("this is an export of this program (summary.json), not a report"))

// IsOwnExport tells whether err says the input is a summary.json this
// program wrote: a file to skip with a word, not an input that failed (an
// export written among the reports is read back with them).
func IsOwnExport(err error) bool { return errors.Is(err, errOwnExport) }

// ownExport tells whether data, which did not read as a report, is a
// summary.json of this program: its top-level members are the analysis'
// totals, which no RFC 8460 report has.
func ownExport(data []byte) bool {
	head := data[:min(len(data), 4096)]
	for _, member := range []string{`"loaded_reports"`, `"successful_sessions"`, `"failed_sessions"`} {
		if !bytes.Contains(head, []byte(member)) {
			return false
		}
	}
	return true
}
