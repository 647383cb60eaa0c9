// Package gcpolicy is the one place the program tunes Go's collector, with
// what was measured for each setting. What stays live differs between the
// two programs: a command holds the records of the reports read so far,
// which hold no pointer and are cheap to mark, and exits once done; the
// window holds them too, for as long as it is open, beside Fyne's fonts and
// the GL driver's memory. A GOGC the user set stands in both.
package gcpolicy

import (
	"os"
	"runtime/debug"
	"runtime/metrics"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// WindowPercent is the window's heap goal: 1.5 times the live heap
// instead of 2 cut its peak at 200,000 reports from 693 to 585 MiB for
// about 5 % more CPU while loading (issue 15).
const WindowPercent = 50

// Headroom is how far the heap may grow between collections while a
// command loads reports. By default the collector lets it grow by as much
// as is live, but the garbage to collect comes from decoding the next few
// files, however many were read. At 200,000 reports the default doubled
// about 55 MB of records; 16 MiB of headroom took summary's peak from about
// 155 MiB to 124 MiB for 5 to 14 % more CPU time. 4 MiB took the peak of
// 20,000 diverse reports (8 MB of records, up to 22 MB live while the
// findings are drawn) from 58-62 MiB to 52-54 MiB for about 8 % more CPU
// time (issue 23); at 200,000 reports the live heap is past 80 MB, where
// both give the floor of 20 %. The setting stays after the load: the
// result computed then is built on top of the same records.
const Headroom = 4 << 20

// tuneEvery is how many files a command reads between two looks at the
// live heap.
const tuneEvery = 512

func userSet() bool { return os.Getenv("GOGC") != "" }

// Window sets the window's heap goal.
func Window() {
	if !userSet() {
		debug.SetGCPercent(WindowPercent)
	}
}

// Command returns a Loader's OnProgress for a command: every tuneEvery
// files it sets the collector's percentage from the live heap.
func Command() func(source.Progress) {
	if userSet() {
		return nil
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	return func(p source.Progress) {
		if p.Done%tuneEvery != 0 {
			return
		}
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			debug.SetGCPercent(percent(sample[0].Value.Uint64()))
		}
	}
}

// percent is the GOGC that gives a live heap Headroom to grow, between
// 20 (collections would come too often for the CPU they cost) and the
// default 100.
func percent(live uint64) int {
	return int(min(100, max(20, 100*Headroom/max(live, 1))))
}
