package ui

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// arrivalPoll is how often the window looks whether another process (an
// import from cron, another window) added reports to its library: one
// look at the last row of a table, cheap enough to do all day.
const arrivalPoll = 5 * time.Second

// arrivals follows what other processes add to the library. Its fields
// are read and written from the poller and the load goroutine.
type arrivals struct {
	// through is the newest original the window's analysis holds; ready
	// is set once the library was read, before which nothing is news.
	through atomic.Int64
	ready   atomic.Bool
	// queued is set while a job reading the new originals waits or runs.
	queued atomic.Bool
	stop   chan struct{}
}

// watchArrivals starts looking for what other processes add to lib.
func (v *libraryView) watchArrivals(lib *library.Library) {
	stop := make(chan struct{})
	v.arrivals.stop = stop
	go func() {
		tick := time.NewTicker(arrivalPoll)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				v.checkArrivals(lib)
			}
		}
	}()
}

func (v *libraryView) stopArrivals() {
	if v.arrivals.stop != nil {
		close(v.arrivals.stop)
		v.arrivals.stop = nil
	}
}

// checkArrivals reads what another process added to lib since the window
// last read it, as it reads what a watched folder brings: shown, in
// what's new, and notified. It runs off the UI goroutine.
func (v *libraryView) checkArrivals(lib *library.Library) {
	if !v.arrivals.ready.Load() || v.arrivals.queued.Load() {
		return
	}
	after := v.arrivals.through.Load()
	newest, others, err := lib.Arrived(context.Background(), after)
	switch {
	case err != nil || newest <= after:
		return
	case !others:
		// What is new is the window's own import, which it shows already.
		v.arrivals.through.CompareAndSwap(after, newest)
		return
	}
	if !v.arrivals.queued.CompareAndSwap(false, true) {
		return
	}
	var read, added int // written by the job, read by its outcome after it
	v.bridge.do(func() {
		v.hooks.enqueue(loadJob{unasked: true, doing: "Reading what another program added to the library…",
			read: func(ctx context.Context, a *analysis.Analysis, _ func(source.Progress)) error {
				defer v.arrivals.queued.Store(false)
				before := a.Counts().Reports
				through, n, err := lib.LoadNew(ctx, a, v.arrivals.through.Load())
				if err == nil {
					v.arrivals.through.Store(through)
				}
				read, added = n, a.Counts().Reports-before
				v.afterChange()
				return err
			},
			outcome: func(res *analysis.Result, _ bool) string {
				return arrivalsNote(read, added, res.LoadedReports)
			}})
	})
}

// arrivalsNote says what the window read of what another program added
// to the library: the reports new to the window, from how many of the
// library's files, and the reports it shows in all, so that the status
// line never holds a count of the window's own reading alone.
func arrivalsNote(files, added, all int) string {
	return "Another program added " + textfmt.Counted(added, "report", "reports") + " to the library (" +
		textfmt.Counted(files, "file", "files") + " read); " + textfmt.Counted(all, "report", "reports") + " in all"
}
