package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/storage"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// BenchmarkUIWorkDuringLoad measures how long the UI goroutine is busy at a
// time while a corpus loads: every widget change passes through the bridge,
// so timing each call there is timing the UI thread's work. It reports the
// longest call as max-ui-ms (the target is under 100 ms) and is a
// measurement, not a pass/fail test. BENCH_DIR reuses a corpus from
// "make bench"; otherwise BENCH_N reports (default 2,000) are generated.
func BenchmarkUIWorkDuringLoad(b *testing.B) {
	abs := benchCorpus(b)
	var ui uiTimer
	for b.Loop() {
		m := newTestWindow(b)
		ui.watch(m)
		drop(m, storage.NewFileURI(abs))
		if m.loads.analysis.Snapshot().Reports() == 0 {
			b.Fatal("nothing loaded from " + abs)
		}
	}
	ui.report(b)
}

// BenchmarkUIWorkWhileFiltering measures, as BenchmarkUIWorkDuringLoad
// does, how long the UI goroutine is busy at a time while filters are
// applied to a loaded corpus (a domain, a reporter, a month, a result type,
// and back to everything) and, under each, the Reports, Failures and
// Overview tabs are shown.
func BenchmarkUIWorkWhileFiltering(b *testing.B) {
	abs := benchCorpus(b)
	m := newTestWindow(b)
	drop(m, storage.NewFileURI(abs))
	res := m.result
	if len(res.Domains) == 0 || len(res.Organizations) == 0 || len(res.ResultTypes) == 0 {
		b.Fatal("the corpus has no domains, reporters or failures")
	}
	first := res.Days[0].Day
	filters := []analysis.Filter{
		{Domains: []string{res.Domains[0].Domain}},
		{Organizations: []string{res.Organizations[0].Name}},
		{From: first, To: first.AddDate(0, 1, -1)},
		{ResultTypes: []string{res.ResultTypes[0].Name}},
		{},
	}
	var ui uiTimer
	ui.watch(m)
	for b.Loop() {
		for _, f := range filters {
			act(m, func() { m.filtering.set(f) })
			// The tabs that list rows compute them when shown.
			for _, v := range []view{reportsView, failuresView, overviewView} {
				look(m, v)
			}
		}
	}
	ui.report(b)
}

// benchCorpus is BENCH_DIR, a corpus from "make bench", or else BENCH_N
// reports (default 2,000) generated for the benchmark.
func benchCorpus(b *testing.B) string {
	dir := os.Getenv("BENCH_DIR")
	if dir == "" {
		n := os.Getenv("BENCH_N")
		if n == "" {
			n = "2000"
		}
		dir = b.TempDir()
		gen := exec.Command("go", "run", "../internal/tools/corpusgen", "-n", n, "-o", dir)
		if out, err := gen.CombinedOutput(); err != nil {
			b.Fatalf("corpusgen: %v\n%s", err, out)
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		b.Fatal(err)
	}
	return abs
}

// uiTimer times every call through a window's bridge: every widget change
// passes through it, so timing each call there is timing the UI thread's
// work. It keeps the longest wall time and, where the system tells it, the
// longest CPU time of the thread: on a busy machine the wall time also
// counts the time the thread waited for a CPU.
type uiTimer struct {
	mu           sync.Mutex
	longest, cpu time.Duration
	calls        int
	cpuUnknown   bool
}

func (u *uiTimer) watch(m *mainWindow) {
	m.bridge.do = func(f func()) {
		u.mu.Lock()
		defer u.mu.Unlock()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		cpu0, ok0 := threadCPU()
		start := time.Now()
		f()
		u.longest = max(u.longest, time.Since(start))
		cpu1, ok1 := threadCPU()
		u.cpu = max(u.cpu, cpu1-cpu0)
		u.cpuUnknown = u.cpuUnknown || !ok0 || !ok1
		u.calls++
	}
}

func (u *uiTimer) report(b *testing.B) {
	b.ReportMetric(float64(u.longest.Microseconds())/1000, "max-ui-ms")
	if !u.cpuUnknown {
		b.ReportMetric(float64(u.cpu.Microseconds())/1000, "max-ui-cpu-ms")
	}
	b.ReportMetric(float64(u.calls)/float64(b.N), "ui-calls/op")
	b.Log("longest UI call " + u.longest.String() + " (CPU " + u.cpu.String() + ") over " + strconv.Itoa(u.calls) + " calls")
}
