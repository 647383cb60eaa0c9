package analysis

import (
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// Removing a report leaves what loading every other file gives: the same
// totals, rows, findings and names.
func TestRemoveIsAsIfNeverAdded(t *testing.T) {
	names := testgen.RealSampleNames(t)
	var paths []string
	for _, n := range names {
		paths = append(paths, filepath.Join(testgen.RealDir(), n))
	}
	a := New()
	if err := (&Loader{}).Load(t.Context(), a, paths); err != nil {
		t.Fatal(err)
	}
	before := a.Snapshot()
	all := before.Result(Filter{})
	for _, gone := range []string{"sebastka-tlsrpt_synthetic-failures.json", "dmarc-report-viewer_no-policy.json"} {
		var r *ReportInfo
		for i := range all.ReportList {
			if filepath.Base(all.ReportList[i].Source) == gone {
				r = all.ReportList[i]
			}
		}
		if r == nil {
			t.Fatalf("%s is not among the reports", gone)
		}
		if !a.Remove(r.OrganizationName, r.ReportID, r.Source) {
			t.Fatalf("Remove(%q, %q) found nothing", r.OrganizationName, r.ReportID)
		}
		i := slices.Index(paths, filepath.Join(testgen.RealDir(), gone))
		paths = slices.Delete(paths, i, i+1)
	}
	b := New()
	if err := (&Loader{}).Load(t.Context(), b, paths); err != nil {
		t.Fatal(err)
	}
	for _, f := range []Filter{{}, {Domains: []string{"example.com"}}} {
		got, want := a.Result(f), b.Result(f)
		if f.IsZero() && got.Reports != all.Reports-2 {
			t.Errorf("filter %v: %d reports after removing 2 of %d", f, got.Reports, all.Reports)
		}
		got.Files = want.Files // two files fewer were read for want
		if !reflect.DeepEqual(got, want) {
			t.Errorf("filter %v: after Remove\n%+v\nwant, loaded without them,\n%+v", f, got, want)
		}
	}
	if got, want := a.Snapshot().Domains(), b.Snapshot().Domains(); !slices.Equal(got, want) {
		t.Errorf("domains %q, want %q", got, want)
	}
	if got := before.Result(Filter{}); !reflect.DeepEqual(got.ReportList, all.ReportList) {
		t.Error("a snapshot taken before Remove changed")
	}
	if a.Remove("nobody", "none", "") {
		t.Error("Remove of a report never added said it removed one")
	}
	// A removed report may come back, and is then no duplicate.
	if err := (&Loader{}).Load(t.Context(), a, []string{filepath.Join(testgen.RealDir(), "sebastka-tlsrpt_synthetic-failures.json")}); err != nil {
		t.Fatal(err)
	}
	if res := a.Result(Filter{}); res.Reports != all.Reports-1 || res.Duplicates != all.Duplicates {
		t.Errorf("read again: %d reports, %d duplicates; want %d and %d", res.Reports, res.Duplicates, all.Reports-1, all.Duplicates)
	}
}
