package ui

import (
	"context"
	"errors"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

const (
	// progressInterval keeps the progress bar lively without flooding the
	// UI goroutine when thousands of small files load.
	progressInterval = 50 * time.Millisecond
	// snapshotInterval shows partial results during a long load; taking a
	// snapshot copies every row, so not too often.
	snapshotInterval = time.Second
)

// loadJob is one batch of paths; cleanup runs once they have been read.
type loadJob struct {
	paths   []string
	cleanup func()
	// read, when set, reads instead of the loader: the library's jobs.
	read func(ctx context.Context, a *analysis.Analysis, onProgress func(analysis.Progress)) error
}

// enqueue loads a job after the ones already waiting: an Analysis must be
// fed by one goroutine at a time.
func (m *mainWindow) enqueue(job loadJob) {
	m.queue = append(m.queue, job)
	if !m.loading {
		m.startNext()
	}
}

func (m *mainWindow) startNext() {
	if len(m.queue) == 0 {
		return
	}
	job := m.queue[0]
	m.queue = m.queue[1:]
	ctx, cancel := context.WithCancel(context.Background())
	m.loading, m.cancel = true, cancel
	m.progress.Max, m.progress.Value = 1, 0
	m.progress.TextFormatter = func() string { return "Reading files…" }
	m.progress.Refresh()
	m.setStatus("Loading…")
	gen, a := m.gen, m.analysis
	m.bridge.spawn(func() { m.runLoad(ctx, gen, a, job) })
}

// runLoad is the background side of a load: it alone touches a until it
// hands the final snapshot to the UI goroutine.
func (m *mainWindow) runLoad(ctx context.Context, gen int, a *analysis.Analysis, job loadJob) {
	var lastProgress time.Time
	lastSnapshot := time.Now()
	l := analysis.Loader{OnProgress: func(p analysis.Progress) {
		now := time.Now()
		if now.Sub(lastProgress) >= progressInterval {
			lastProgress = now
			m.bridge.do(func() { m.showProgress(gen, p) })
		}
		if now.Sub(lastSnapshot) >= snapshotInterval {
			lastSnapshot = now
			res := a.Result()
			m.bridge.do(func() { m.showPartial(gen, res) })
		}
	}}
	var err error
	if job.read != nil {
		err = job.read(ctx, a, l.OnProgress)
	} else {
		err = l.Load(ctx, a, job.paths)
	}
	if job.cleanup != nil {
		job.cleanup()
	}
	res := a.Result()
	m.bridge.do(func() { m.loadDone(gen, res, err) })
}

func (m *mainWindow) showProgress(gen int, p analysis.Progress) {
	if gen != m.gen || !m.loading {
		return
	}
	total := textfmt.Count(p.Found)
	if p.Walking {
		total += "+" // folders are still being searched
	}
	m.progress.Max = float64(max(p.Found, 1))
	m.progress.Value = float64(p.Done)
	m.progress.TextFormatter = func() string { return textfmt.Count(p.Done) + " / " + total + " files" }
	m.progress.Refresh()
}

func (m *mainWindow) showPartial(gen int, res *analysis.Result) {
	if gen != m.gen || !m.loading {
		return
	}
	m.applyResult(res)
}

func (m *mainWindow) loadDone(gen int, res *analysis.Result, err error) {
	if gen != m.gen {
		return
	}
	m.cancel() // releases the context
	m.loading, m.cancel = false, nil
	m.applyResult(res)
	m.setStatus(loadSummary(res, errors.Is(err, context.Canceled)))
	m.startNext()
}

// cancelLoading stops the running load and drops waiting ones; what was read
// so far stays.
func (m *mainWindow) cancelLoading() {
	m.queue = nil
	if m.cancel != nil {
		m.cancel()
	}
}

// clearAll starts over with nothing loaded.
func (m *mainWindow) clearAll() {
	m.cancelLoading()
	m.gen++
	m.loading, m.cancel = false, nil
	m.analysis = analysis.New()
	m.applyResult(m.analysis.Result())
	m.setStatus("")
}

func loadSummary(res *analysis.Result, cancelled bool) string {
	s := textfmt.Counted(res.Files, "file", "files") + " read: " + textfmt.Counted(res.Reports, "report", "reports")
	if res.Duplicates > 0 {
		s += ", " + textfmt.Counted(res.Duplicates, "duplicate", "duplicates") + " counted once"
	}
	if n := len(res.Errors); n > 0 {
		s += ", " + textfmt.Counted(n, "problem", "problems") + " (see Reports)"
	}
	if cancelled {
		s = "Loading cancelled. " + s
	}
	return s
}
