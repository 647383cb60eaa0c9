package source

import (
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// decodeOne decodes a file as the loader does and returns its outcomes,
// failing the test if the file as a whole could not be read.
func decodeOne(t testing.TB, path string) []item {
	t.Helper()
	items, err := decodeFile(path, true)
	if err != nil {
		t.Fatalf("decodeFile(%s): %v", path, err)
	}
	return items
}

func reportsOf(items []item) []*report.Report {
	var rs []*report.Report
	for _, it := range items {
		if it.report != nil && it.err == nil {
			rs = append(rs, it.report)
		}
	}
	return rs
}

func errorsOf(items []item) []string {
	var es []string
	for _, it := range items {
		if it.err != nil {
			es = append(es, it.source+": "+it.err.Error())
		}
	}
	return es
}

func totals(r *report.Report) (ok, failed int64) {
	for _, p := range r.Policies {
		ok += p.Successful
		failed += p.Failed
	}
	return ok, failed
}
