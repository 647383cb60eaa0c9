package report

import (
	"os"
	"path/filepath"
	"testing"
)

// A summary.json this program wrote (summary -json over the RFC 8460
// example, kept in testdata) reads back as what it is, not as a report
// whose date-range is missing.
func TestOwnExportIsNamed(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "summary-export.json"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = ParseReport(data)
	if err == nil || err.Error() != "this is an export of this program (summary.json), not a report" || !IsNotAReport(err) {
		t.Errorf("ParseReport(summary.json) = %v", err)
	}
	// A report missing its date-range is still said to be one.
	if _, _, err = ParseReport([]byte(`{"organization-name":"x","report-id":"1","policies":[]}`)); err == nil || err.Error() != "date-range is missing" {
		t.Errorf("a report without date-range: %v", err)
	}
}
