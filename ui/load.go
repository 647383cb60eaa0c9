package ui

import (
	"context"
	"errors"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

const (
	// progressInterval keeps the progress bar moving. Every change redraws
	// the whole window, which costs as much CPU as reading a thousand
	// reports when the GL driver renders in software (Mesa's llvmpipe):
	// at 50 ms, drawing took half of the CPU of opening 200,000 reports.
	progressInterval = 250 * time.Millisecond
	// snapshotInterval offers partial results during a long load; the
	// filtering shows only as many as partialPace allows.
	snapshotInterval = time.Second
)

// loadJob is one batch of paths; cleanup runs once they have been read.
type loadJob struct {
	paths   []string
	cleanup func()
	// read, when set, reads instead of the loader: the library's jobs.
	read func(ctx context.Context, a *analysis.Analysis, onProgress func(source.Progress)) error
	// outcome, when set, says what became of the job instead of
	// loadSummary: the library's reads count reports, not files.
	outcome func(res *analysis.Result, cancelled bool) string
	// doing, when set, is what the status line says while the job runs
	// instead of "Loading…".
	doing string
	// unasked marks a watched folder's import: its news is notified.
	unasked bool
}

// loader feeds one Analysis from a queue of jobs, one job at a time (an
// Analysis must be fed by one goroutine at a time) and off the UI
// goroutine. Its methods are called, and its hooks run, on the UI goroutine.
type loader struct {
	bridge   *bridge
	hooks    loadHooks
	analysis *analysis.Analysis // owned by the running job while running
	queue    []loadJob          // jobs waiting behind the running one
	running  bool
	cancel   context.CancelFunc                                // stops the running job
	gen      int                                               // bumped by reset, so late news from an abandoned job is ignored
	outcome  func(res *analysis.Result, cancelled bool) string // of the running or last job
	unasked  bool                                              // of the running or last job
}

// loadHooks tell the window what the loader is doing.
type loadHooks struct {
	started  func(doing string)
	progress func(source.Progress)
	partial  func(*analysis.Snapshot)                      // the reports so far, during a long job
	done     func(snap *analysis.Snapshot, cancelled bool) // after every job
	// library tells whether a library is open, whose findings are judged
	// as of the clock (analysis.Snapshot.JudgeAsOf).
	library func() bool
}

func newLoader(b *bridge, hooks loadHooks) *loader {
	return &loader{bridge: b, hooks: hooks, analysis: analysis.New()}
}

// enqueue runs job after the ones already waiting.
func (l *loader) enqueue(job loadJob) {
	l.queue = append(l.queue, job)
	if !l.running {
		l.startNext()
	}
}

func (l *loader) startNext() {
	if len(l.queue) == 0 {
		return
	}
	job := l.queue[0]
	l.queue = l.queue[1:]
	ctx, cancel := context.WithCancel(context.Background())
	l.running, l.cancel = true, cancel
	l.outcome, l.unasked = job.outcome, job.unasked
	// What the analysis held before the job, written by the job's goroutine
	// before it reads and read by the outcome after it finished.
	before := new(analysis.InputCounts)
	if l.outcome == nil {
		l.outcome = func(res *analysis.Result, cancelled bool) string { return loadSummary(res, *before, cancelled) }
	}
	gen, a := l.gen, l.analysis
	doing := job.doing
	if doing == "" {
		doing = "Loading…"
	}
	l.hooks.started(doing)
	library := l.hooks.library != nil && l.hooks.library()
	l.bridge.spawn(func() {
		*before = a.Counts()
		l.run(ctx, gen, a, job, library)
	})
}

// run is the background side of a job: it alone touches a until it hands
// the final snapshot to the UI goroutine.
func (l *loader) run(ctx context.Context, gen int, a *analysis.Analysis, job loadJob, library bool) {
	snapshot := func() *analysis.Snapshot {
		snap := a.Snapshot()
		snap.JudgeAsOf(library, time.Time{})
		return snap
	}
	var lastProgress time.Time
	lastSnapshot := time.Now()
	ld := analysis.Loader{OnProgress: func(p source.Progress) {
		now := time.Now()
		if now.Sub(lastProgress) >= progressInterval {
			lastProgress = now
			l.bridge.do(func() {
				if l.current(gen) {
					l.hooks.progress(p)
				}
			})
		}
		if now.Sub(lastSnapshot) >= snapshotInterval {
			lastSnapshot = now
			snap := snapshot()
			l.bridge.do(func() {
				if l.current(gen) {
					l.hooks.partial(snap)
				}
			})
		}
	}}
	var err error
	if job.read != nil {
		err = job.read(ctx, a, ld.OnProgress)
	} else {
		err = ld.Load(ctx, a, job.paths)
	}
	if job.cleanup != nil {
		job.cleanup()
	}
	snap := snapshot()
	l.bridge.do(func() { l.finish(gen, snap, err) })
}

// current says whether news from the job started in generation gen is
// still wanted.
func (l *loader) current(gen int) bool { return gen == l.gen && l.running }

func (l *loader) finish(gen int, snap *analysis.Snapshot, err error) {
	if gen != l.gen {
		return
	}
	l.cancel() // releases the context
	l.running, l.cancel = false, nil
	l.hooks.done(snap, errors.Is(err, context.Canceled))
	l.startNext()
}

// cancelAll stops the running job and drops the waiting ones; what was
// read so far stays.
func (l *loader) cancelAll() {
	l.queue = nil
	if l.cancel != nil {
		l.cancel()
	}
}

// reset abandons every job and starts a new, empty Analysis.
func (l *loader) reset() {
	l.cancelAll()
	l.gen++
	l.running, l.cancel = false, nil
	l.analysis = analysis.New()
}

// loadSummary says what a job read: its own files and reports, counted
// from before (the analysis before the job), and the reports shown in all
// when there were some before. Totals alone said "7 files read" for the
// one file a watched folder brought.
func loadSummary(res *analysis.Result, before analysis.InputCounts, cancelled bool) string {
	s := textfmt.Counted(res.Files-before.Files, "file", "files") + " read: " + textfmt.Counted(res.LoadedReports-before.Reports, "report", "reports")
	if n := res.Duplicates - before.Duplicates; n > 0 {
		s += ", " + textfmt.Counted(n, "duplicate", "duplicates") + " counted once"
	}
	s += problemsNote(len(res.Errors)-before.Errors, len(res.Warnings)-before.Warnings)
	if before.Reports > 0 {
		s += "; " + textfmt.Counted(res.LoadedReports, "report", "reports") + " in all"
	}
	if cancelled {
		s = "Loading cancelled. " + s
	}
	return s
}

// problemsNote is what a load's outcome says of the inputs it could not
// read or read with a warning, in the Reports tab's words.
func problemsNote(errors, warnings int) string {
	if s := textfmt.InputProblems(errors, warnings); s != "" {
		return ", " + s + " (see Reports)"
	}
	return ""
}
