package testgen

import (
	"os"
	"testing"
)

// BenchDir is the corpus folder that BENCH_DIR names (scripts/bench.sh
// makes it with corpusgen); a benchmark without one is skipped, so that
// `go test -bench .` runs without a corpus.
func BenchDir(tb testing.TB) string {
	dir := os.Getenv("BENCH_DIR")
	if dir == "" {
		tb.Skip("BENCH_DIR is not set")
	}
	return dir
}
