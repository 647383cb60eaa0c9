package analysis

import (
	"context"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// BenchmarkFindingsCorpus computes the findings of the corpus in BENCH_DIR
// (as `make bench` makes it; the diverse one has thousands), the part of
// summary that issue 23 found at 15 % of its CPU. Profile it with
// -cpuprofile. Skipped without BENCH_DIR.
func BenchmarkFindingsCorpus(b *testing.B) {
	dir := testgen.BenchDir(b)
	a := New()
	if err := (&Loader{}).Load(context.Background(), a, []string{dir}); err != nil {
		b.Fatal(err)
	}
	snap := a.Snapshot()
	b.ReportAllocs()
	for b.Loop() {
		if fs := snap.Findings(Filter{}); len(fs) == 0 {
			b.Fatal("no findings")
		}
	}
}
