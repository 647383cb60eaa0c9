package library

import (
	"context"
	"os"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// BenchmarkImportCorpus imports the folder named by BENCH_DIR (a corpusgen
// corpus, as `make bench` makes) into a new library, as the `import`
// command and the window opening a folder do; profile it with
// -cpuprofile beside analysis's BenchmarkLoadCorpus, which is `summary`.
// Skipped without BENCH_DIR.
func BenchmarkImportCorpus(b *testing.B) {
	dir := os.Getenv("BENCH_DIR")
	if dir == "" {
		b.Skip("BENCH_DIR is not set")
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		lib := b.TempDir()
		l, err := Open(lib)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := l.Import(context.Background(), analysis.New(), []string{dir}, ImportOptions{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		l.Close()
		os.RemoveAll(lib)
		b.StartTimer()
	}
}
