package analysis

import (
	"math"
	"slices"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// Analysis collects reports as per-report records (see records.go). Add
// reports with Add, record unreadable inputs with AddError, and take an
// immutable Snapshot to compute results from. An Analysis is not safe for
// concurrent use; Loader feeds it from one goroutine, and a Snapshot may be
// read on another while it does.
type Analysis struct {
	files, duplicates int
	errors            []SourceError
	warnings          []SourceWarning
	seen              reportIndex
	recs              store
	orders            *orderCache
}

// New returns an empty Analysis.
func New() *Analysis {
	return &Analysis{seen: newReportIndex(), recs: newStore(), orders: &orderCache{}}
}

// SourceError says why an input could not be read. Source is the file path,
// with ":member" for a member of an archive or mailbox.
type SourceError struct {
	Source string `json:"source"`
	Error  string `json:"error"`
}

// SourceWarning is something odd about an input that was still counted.
type SourceWarning struct {
	Source  string `json:"source"`
	Warning string `json:"warning"`
}

// InputCounts are how much an Analysis has read: a caller that keeps the
// counts from before a load tells what that load read from what is shown
// in all.
type InputCounts struct{ Files, Reports, Duplicates, Errors, Warnings int }

// Counts is what a has read so far; Reports counts each report once.
func (a *Analysis) Counts() InputCounts {
	return InputCounts{Files: a.files, Reports: len(a.recs.reports), Duplicates: a.duplicates, Errors: len(a.errors), Warnings: len(a.warnings)}
}

// AddFile counts one input file; Loader calls it for every file it reads.
func (a *Analysis) AddFile() { a.files++ }

// AddError records an input that could not be read.
func (a *Analysis) AddError(source string, err error) {
	a.errors = append(a.errors, SourceError{Source: source, Error: err.Error()})
}

// AddWarning records something odd about an input that was still read.
func (a *Analysis) AddWarning(source, warning string) {
	a.warnings = append(a.warnings, SourceWarning{Source: source, Warning: warning})
}

// Add keeps a report unless one with the same organization and report-id
// was already added; it reports whether the report was new.
func (a *Analysis) Add(source string, r *report.Report) bool {
	if r.ReportID != "" {
		st := &a.recs
		dup := a.seen.add(reportKey{r.OrganizationName, r.ReportID}, uint32(len(st.reports)), func(i uint32) bool {
			rec := &st.reports[i]
			return st.str(rec.org) == r.OrganizationName && st.id(rec) == r.ReportID
		})
		if dup {
			a.duplicates++
			return false
		}
	}
	a.recs.add(source, r)
	return true
}

// Result is Snapshot().Result(f), for callers done adding.
func (a *Analysis) Result(f Filter) *Result { return a.Snapshot().Result(f) }

// AddCounts adds two non-negative session counts, stopping at the int64
// maximum instead of wrapping around: a hostile report may claim
// 9,223,372,036,854,775,807 sessions, and totals must not turn negative.
func AddCounts(x, y int64) int64 {
	if y > 0 && x > math.MaxInt64-y {
		return math.MaxInt64
	}
	return x + y
}

func addTo[K comparable](m map[K]int64, k K, n int64) { m[k] = AddCounts(m[k], n) }

func derefSorted[K comparable, V any](m map[K]*V, compare func(x, y *V) int) []V {
	ptrs := make([]*V, 0, len(m))
	for _, v := range m {
		ptrs = append(ptrs, v)
	}
	slices.SortFunc(ptrs, compare)
	out := make([]V, len(ptrs))
	for i, p := range ptrs {
		out[i] = *p
	}
	return out
}
