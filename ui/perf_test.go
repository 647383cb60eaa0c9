package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/storage"
)

// BenchmarkUIWorkDuringLoad measures how long the UI goroutine is busy at a
// time while a corpus loads: every widget change passes through the bridge,
// so timing each call there is timing the UI thread's work. It reports the
// longest call as max-ui-ms (the target is under 100 ms) and is a
// measurement, not a pass/fail test. BENCH_DIR reuses a corpus from
// "make bench"; otherwise BENCH_N reports (default 2,000) are generated.
func BenchmarkUIWorkDuringLoad(b *testing.B) {
	dir := os.Getenv("BENCH_DIR")
	if dir == "" {
		dir = benchCorpus(b)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		b.Fatal(err)
	}
	var longest time.Duration
	var calls int
	for b.Loop() {
		m := newTestWindow(b)
		var mu sync.Mutex
		m.bridge.do = func(f func()) {
			mu.Lock()
			defer mu.Unlock()
			start := time.Now()
			f()
			longest = max(longest, time.Since(start))
			calls++
		}
		drop(m, storage.NewFileURI(abs))
		if m.loads.analysis.Snapshot().Reports() == 0 {
			b.Fatal("nothing loaded from " + abs)
		}
	}
	b.ReportMetric(float64(longest.Microseconds())/1000, "max-ui-ms")
	b.ReportMetric(float64(calls)/float64(b.N), "ui-calls/op")
	b.Log("longest UI call " + longest.String() + " over " + strconv.Itoa(calls) + " calls")
}

// benchCorpus generates BENCH_N reports (default 2,000) for a benchmark.
func benchCorpus(b *testing.B) string {
	n := os.Getenv("BENCH_N")
	if n == "" {
		n = "2000"
	}
	dir := b.TempDir()
	gen := exec.Command("go", "run", "../internal/tools/corpusgen", "-n", n, "-o", dir)
	if out, err := gen.CombinedOutput(); err != nil {
		b.Fatalf("corpusgen: %v\n%s", err, out)
	}
	return dir
}
