package library

import (
	"context"
	"os"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// BenchmarkImportCorpus imports the folder named by BENCH_DIR (a corpusgen
// corpus, as `make bench` makes) into a new library, as the `import`
// command and the window opening a folder do; profile it with
// -cpuprofile beside analysis's BenchmarkLoadCorpus, which is `summary`.
// Skipped without BENCH_DIR.
func BenchmarkImportCorpus(b *testing.B) {
	dir := testgen.BenchDir(b)
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
