// Package analysis is the model: it adds TLS-RPT reports to a record store,
// counts each session once, and answers with totals, slices and findings.
// It knows nothing about how the results are shown.
//
// A report flows through the layers below analysis and then up:
//
//	source   files, folders, gzip, zip, MIME, mbox, IMAP: bytes with their limits (analysis/source)
//	report   RFC 8460 JSON parsed and validated into a report.Report (analysis/report)
//	records  Analysis.Add interns the report into the store, dropping duplicates (records.go, dedupe.go)
//	snapshot Analysis.Snapshot freezes what was added so far (snapshot.go)
//	result   Snapshot.Result applies a Filter and totals it (result.go, slice.go, filter.go)
//	findings the rules judge the slice: what is wrong, where, since when (findings.go, silence.go)
//	words    the findings' facts written as titles and advice (findingwords.go); the advice
//	         for a result type is one table (resulttypes.go), which the Failures tab shows too
//
// and then out to the window (ui), the command line (internal/cli) and the
// exports (internal/charts, internal/export); the library that keeps the
// originals (internal/library) reads through source into an Analysis. None
// of them is imported here. A rule decides and a words function only
// writes, so a new finding adds a rule and its sentence, and no sentence
// hides a rule.
package analysis

// DayFormat writes a UTC day as data (ISO 8601, as in summary.json's days)
// and as the window and the command line show a date.
const DayFormat = "2006-01-02"
