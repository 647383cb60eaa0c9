package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// TestEveryPlantIsFound loads the planted corpus and checks that each plant
// gives exactly the finding it was planted for, with numbers worked out from
// plants(), and nothing else.
func TestEveryPlantIsFound(t *testing.T) {
	dir := t.TempDir()
	n, err := generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	// 8 plants over 20 days, 6 of them from 2 reporters and 2 from 3.
	if files, _ := filepath.Glob(filepath.Join(dir, "*.json")); n != 20*(6*2+2*3) || len(files) != n {
		t.Fatalf("%d reports, %d files", n, len(files))
	}
	a := analysis.New()
	if err := (&analysis.Loader{}).Load(t.Context(), a, []string{dir}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range a.Snapshot().Findings(analysis.Filter{}) {
		got = append(got, fmt.Sprintf("%s %s %s %s %s..%s %d", f.Severity, f.Kind, f.PolicyDomain, f.Subject, f.FirstSeen, f.LastSeen, f.FailedSessions))
	}
	want := []string{
		"critical certificate-problem shop.example mx1.shop.example 2026-11-12..2026-11-20 720",     // 40 × 2 reporters × 9 days
		"critical dane-mismatch dane.example mx.dane.example 2026-11-10..2026-11-20 264",            // 12 × 2 × 11
		"critical mx-not-in-policy shop.example backup.shop-mail.example 2026-11-15..2026-11-20 72", // 6 × 2 × 6
		"warning starttls-missing news.example mail.news.example 2026-11-05..2026-11-20 1200",       // 25 × 3 × 16
		"warning enforce-readiness news.example  2026-11-01..2026-11-20 1200",                       // the same sessions would fail
		"info policy-changed dane.example  2026-11-10..2026-11-20 264",                              // the new records' reports
		"info policy-fetch-failing fetch.example  2026-11-07..2026-11-08 36",                        // 9 × 2 × 2
		"info sender-side solo.example Mail.ru 2026-11-16..2026-11-18 12",                           // 4 × 1 × 3
		"info certificate-problem blip.example mx.blip.example 2026-11-04..2026-11-04 6",            // 3 × 2 × 1, a blip
		"info enforce-readiness ready.example  2026-11-01..2026-11-20 0",                            // 20 clean days
		"info policy-changed moved.example  2026-11-10..2026-11-20 0",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", join(got), join(want))
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if _, err := generate(a); err != nil {
		t.Fatal(err)
	}
	if _, err := generate(b); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(a, "*.json"))
	for _, p := range names {
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, filepath.Base(p)))
		if err != nil || string(x) != string(y) {
			t.Fatalf("%s differs between runs", filepath.Base(p))
		}
	}
}

func join(lines []string) string {
	s := ""
	for _, l := range lines {
		s += "  " + l + "\n"
	}
	return s
}
