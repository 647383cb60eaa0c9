package analysis

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Progress tells how far a Load has come. Found grows while folders are
// still being walked; Walking is false once Found is final.
type Progress struct {
	Done, Found int
	Walking     bool
}

// Loader reads report files, folders, archives and mailboxes into an
// Analysis, decoding files in parallel and adding them in input order so the
// outcome (which of two duplicates is kept, the order of errors) does not
// depend on scheduling.
type Loader struct {
	// Workers is the number of files decoded at once; 0 means GOMAXPROCS.
	Workers int
	// OnProgress, if set, is called after every file, from one goroutine
	// (not the caller's), never concurrently.
	OnProgress func(Progress)
}

type job struct {
	index    int
	path     string
	explicit bool  // named by the user rather than found in a folder
	err      error // set when the path could not even be listed
}

type fileResult struct {
	index int
	path  string
	items []item
	err   error
}

// Load reads every path into a. Folders are walked recursively for files
// that look like reports; a file named explicitly is always tried. Problems
// with single inputs are recorded in a and never stop the others. Load
// returns ctx.Err() if it was cancelled; what was read until then stays in a.
func (l *Loader) Load(ctx context.Context, a *Analysis, paths []string) error {
	workers := l.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var found atomic.Int64
	var walking atomic.Bool
	walking.Store(true)
	jobs := make(chan job, 4*workers)
	go func() {
		defer close(jobs)
		defer walking.Store(false)
		n := 0
		emit := func(j job) bool {
			j.index = n
			n++
			found.Add(1)
			select {
			case jobs <- j:
				return true
			case <-ctx.Done():
				return false
			}
		}
		for _, p := range paths {
			if !walkPath(ctx, p, emit) {
				return
			}
		}
	}()

	results := make(chan fileResult, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r := fileResult{index: j.index, path: j.path, err: j.err}
				if j.err == nil && ctx.Err() == nil {
					r.items, r.err = decodeFile(j.path, j.explicit)
				}
				select {
				case results <- r:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	// The merge runs on a goroutine of its own: Load's caller may be locked
	// to its OS thread (Fyne locks the main goroutine during init), and
	// waking a locked goroutine for every file costs a thread switch each,
	// which doubled the time of a 20,000-report summary.
	merged := make(chan struct{})
	go func() {
		defer close(merged)
		l.merge(ctx, a, results, func() Progress {
			return Progress{Found: int(found.Load()), Walking: walking.Load()}
		})
	}()
	<-merged
	return ctx.Err()
}

// merge adds results to a in input order, whatever order they finish in.
func (l *Loader) merge(ctx context.Context, a *Analysis, results <-chan fileResult, status func() Progress) {
	pending := make(map[int]fileResult)
	next := 0
	for r := range results {
		if ctx.Err() != nil {
			continue // drain so workers can finish
		}
		pending[r.index] = r
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			a.addFileResult(r)
			if l.OnProgress != nil {
				p := status()
				p.Done = next
				l.OnProgress(p)
			}
		}
	}
	if l.OnProgress != nil && ctx.Err() == nil {
		p := status()
		p.Done, p.Walking = next, false
		l.OnProgress(p)
	}
}

func (a *Analysis) addFileResult(r fileResult) {
	a.AddFile()
	if r.err != nil {
		a.AddError(r.path, r.err)
		return
	}
	for _, it := range r.items {
		switch {
		case it.err != nil:
			a.AddError(it.source, it.err)
		case it.warning != "":
			a.AddWarning(it.source, it.warning)
		default:
			// A duplicate's oddities are those of a report not counted.
			if a.Add(it.source, it.report) {
				for _, w := range it.warnings {
					a.AddWarning(it.source, w)
				}
			}
		}
	}
}

// reportExtensions are the names a folder walk picks up.
var reportExtensions = []string{".json", ".gz", ".zip", ".eml", ".mbox"}

// ReportExtensions lists the file name extensions a folder walk reads (in
// any case), for file dialogs to offer the same.
func ReportExtensions() []string { return slices.Clone(reportExtensions) }

func hasReportExtension(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range reportExtensions {
		if ext == e {
			return true
		}
	}
	return false
}

// walkPath emits a job for p or, for a folder, for every report file below
// it. It returns false when emitting was cancelled.
func walkPath(ctx context.Context, p string, emit func(job) bool) bool {
	info, err := os.Stat(p)
	if err != nil {
		return emit(job{path: p, err: plainError(err)})
	}
	if !info.IsDir() {
		return emit(job{path: p, explicit: true})
	}
	// A trailing separator makes WalkDir follow a root that is a symlink.
	root := strings.TrimSuffix(p, string(filepath.Separator)) + string(filepath.Separator)
	emitted := 0
	var others []string // files not named like reports, for when nothing is
	emitOne := func(j job) bool {
		emitted++
		return emit(j)
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			if path == root {
				path = p
			}
			if !emitOne(job{path: path, err: plainError(err)}) {
				return ctx.Err()
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !hasReportExtension(d.Name()) {
			if !d.IsDir() && len(others) < 4 {
				others = append(others, d.Name())
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// Links to files are followed; links to folders are not, which
			// also makes symlink loops harmless.
			if target, err := os.Stat(path); err == nil && target.IsDir() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		if !emitOne(job{path: path}) {
			return ctx.Err()
		}
		return nil
	})
	if err != nil {
		return !errors.Is(err, ctx.Err())
	}
	if emitted == 0 {
		// A folder the user named that gives nothing to read would pass in
		// silence.
		return emit(job{path: p, err: folderWithoutReports(others)})
	}
	return true
}

func folderWithoutReports(others []string) error {
	if len(others) == 0 {
		return notReport{errors.New("folder holds no files")}
	}
	names := strings.Join(others[:min(len(others), 3)], ", ")
	if len(others) > 3 {
		names += "…"
	}
	return notReport{fmt.Errorf("folder holds no %s file, only %s", strings.Join(reportExtensions, " "), names)}
}

// plainError drops the path from an *fs.PathError: the source column
// already names the file.
func plainError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
