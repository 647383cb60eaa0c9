package ui

import (
	"context"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2/storage"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
)

// BenchmarkOpenLibrary measures what a launch on a library costs: from
// opening it until the overview and every chart are drawn (the bridge has
// no work left), reported as open-ms (the target is at most 1,500 ms for
// 20,000 reports). BENCH_LIBRARY names a library made by "make bench";
// otherwise BENCH_N reports (default 2,000) are generated and imported.
func BenchmarkOpenLibrary(b *testing.B) {
	dir := os.Getenv("BENCH_LIBRARY")
	if dir == "" {
		corpus := benchCorpus(b)
		dir = b.TempDir()
		lib, err := library.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := lib.Import(context.Background(), analysis.New(), []string{corpus}, library.ImportOptions{}); err != nil {
			b.Fatal(err)
		}
		lib.Close()
	}
	var total time.Duration
	for b.Loop() {
		m := newTestWindow(b)
		start := time.Now()
		lib, err := library.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		act(m, func() { m.library.use(lib) })
		total += time.Since(start)
		if m.result.Reports == 0 || m.overview.reports.value.Text == "0" {
			b.Fatal("the window shows no report from " + dir)
		}
		act(m, m.library.close)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "open-ms")
}

// BenchmarkOpenFolder measures opening a folder of reports in a window on a
// new library, as a user dropping it does (the reports are imported into
// the library as they are read): from the drop until the overview and every
// chart are drawn, reported as open-ms (issue 15: at most 1,500 ms for
// 20,000 reports). BENCH_DIR reuses a corpus from "make bench"; otherwise
// BENCH_N reports (default 2,000) are generated.
func BenchmarkOpenFolder(b *testing.B) {
	abs := benchCorpus(b)
	var total time.Duration
	for b.Loop() {
		m := newTestWindow(b)
		lib, err := library.Open(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		act(m, func() { m.library.use(lib) })
		start := time.Now()
		drop(m, storage.NewFileURI(abs))
		total += time.Since(start)
		if m.result.Reports == 0 || m.overview.reports.value.Text == "0" {
			b.Fatal("the window shows no report from " + abs)
		}
		act(m, m.library.close)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "open-ms")
}
