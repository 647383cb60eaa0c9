package analysis

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/ordered"
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
	path     string
	explicit bool  // named by the user rather than found in a folder
	err      error // set when the path could not even be listed
}

type fileResult struct {
	path  string
	items []item
	err   error
}

// Load reads every path into a. Folders are walked recursively for files
// that look like reports; a file named explicitly is always tried. Problems
// with single inputs are recorded in a and never stop the others. Load
// returns ctx.Err() if it was cancelled; what was read until then stays in a.
func (l *Loader) Load(ctx context.Context, a *Analysis, paths []string) error {
	var found, listed atomic.Int64
	var walking atomic.Bool
	walking.Store(true)
	status := func() Progress { return Progress{Found: int(found.Load()), Walking: walking.Load()} }
	done := 0
	ordered.Run(ctx, l.Workers, func(emit func(job) bool) {
		defer walking.Store(false)
		for _, p := range paths {
			if !walkPath(ctx, p, func(j job) bool {
				found.Add(1)
				return emit(j)
			}, func(n int) { listed.Add(int64(n)) }) {
				return
			}
		}
	}, func(j job) fileResult {
		r := fileResult{path: j.path, err: j.err}
		if j.err == nil && ctx.Err() == nil {
			r.items, r.err = decodeFile(j.path, j.explicit)
		}
		return r
	}, func(r fileResult) {
		if n := int(listed.Load()) - done; n > 0 {
			a.recs.reserve(n)
		}
		a.addFileResult(r)
		for _, it := range r.items {
			if it.report != nil {
				reports.Put(it.report)
			}
		}
		done++
		if l.OnProgress != nil {
			p := status()
			p.Done = done
			l.OnProgress(p)
		}
	})
	if l.OnProgress != nil && ctx.Err() == nil {
		p := status()
		p.Done, p.Walking = done, false
		l.OnProgress(p)
	}
	return ctx.Err()
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
// it. It returns false when emitting was cancelled. If listed is not nil it
// is told, as each folder is listed, how many report files are in it.
func walkPath(ctx context.Context, p string, emit func(job) bool, listed func(n int)) bool {
	info, err := os.Stat(p)
	if err != nil {
		return emit(job{path: p, err: plainError(err)})
	}
	if !info.IsDir() {
		return emit(job{path: p, explicit: true})
	}
	emitted := 0
	var others []string // files not named like reports, for when nothing is
	w := folderWalk{ctx: ctx, emit: func(j job) bool {
		emitted++
		return emit(j)
	}, other: func(name string) {
		if len(others) < 4 {
			others = append(others, name)
		}
	}, listed: listed}
	if !w.walk(filepath.Clean(p), p) {
		return false
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

// dirEntry is what folderWalk keeps of a folder entry.
type dirEntry struct {
	name string
	typ  fs.FileMode
}

// folderWalk emits the report files below a folder and names the other
// files to other.
type folderWalk struct {
	ctx    context.Context
	emit   func(job) bool
	other  func(name string)
	listed func(n int) // may be nil
}

// walk emits the report files below dir in lexical order, the order of
// filepath.WalkDir, with the same paths (shown names dir in a message about
// it). It sorts names rather than fs.DirEntry values through an interface
// and joins paths without cleaning them again: in a folder of 20,000
// reports filepath.WalkDir cost a tenth of loading it.
func (w *folderWalk) walk(dir, shown string) bool {
	list, err := readFolder(dir)
	if err != nil {
		// Like filepath.WalkDir, a folder that cannot be read in full is
		// reported and none of it is read.
		return w.emit(job{path: shown, err: plainError(err)})
	}
	slices.SortFunc(list, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
	if w.listed != nil {
		n := 0
		for _, e := range list {
			if !e.typ.IsDir() && hasReportExtension(e.name) {
				n++
			}
		}
		w.listed(n)
	}
	for i, e := range list {
		if w.ctx.Err() != nil {
			return false
		}
		// The walk lasts as long as the load: names already emitted are let
		// go, so that the folder's names (20 MB for 200,000 files) shrink
		// while the records of the reports grow.
		list[i] = dirEntry{}
		path := joinName(dir, e.name)
		switch {
		case e.typ.IsDir():
			if !w.walk(path, path) {
				return false
			}
			continue
		case !hasReportExtension(e.name):
			w.other(e.name)
			continue
		case e.typ&fs.ModeSymlink != 0:
			// Links to files are followed; links to folders are not, which
			// also makes symlink loops harmless.
			if target, err := os.Stat(path); err == nil && target.IsDir() {
				continue
			}
		case !e.typ.IsRegular():
			continue // a FIFO would block the reader
		}
		if !w.emit(job{path: path}) {
			return false
		}
	}
	return true
}

// joinName is filepath.Join(dir, name) for a clean dir and a name read from
// it, which has no separator and is not "." or "..".
func joinName(dir, name string) string {
	switch {
	case dir == ".":
		return name
	case strings.HasSuffix(dir, string(filepath.Separator)): // "/" or `C:\`
		return dir + name
	}
	return dir + string(filepath.Separator) + name
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
