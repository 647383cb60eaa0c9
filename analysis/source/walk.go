package source

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

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
		return report.NotAReport(errors.New("folder holds no files"))
	}
	names := strings.Join(others[:min(len(others), 3)], ", ")
	if len(others) > 3 {
		names += "…"
	}
	return report.NotAReport(fmt.Errorf("folder holds no %s file, only %s", strings.Join(reportExtensions, " "), names))
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
