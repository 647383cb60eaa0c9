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

// What a report store looks like, in one place: the names a folder walk
// reads.
//   - Files named like reports: reportExtensions, in any case.
//   - A Maildir (maildir(5): a folder holding cur/, new/ and tmp/): every
//     file in cur/ and new/ is one message, whatever its name; tmp/ holds
//     messages still being delivered and is skipped; the Maildir's own files
//     beside them (dovecot-uidlist, indexes, maildirfolder) are not reports.
//   - A mail client's mailbox file without an extension, known by the index
//     beside it (Thunderbird's Inbox and Inbox.msf): read as a mailbox; the
//     .msf index is not a report.
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

// mailIndexExt is the extension of Thunderbird's (Mork) mailbox index.
const mailIndexExt = ".msf"

// entryKind is what a folder walk makes of one folder entry.
type entryKind int

const (
	entryOther   entryKind = iota // a file not like a report: named when nothing is read
	entryIgnored                  // part of a mail store, not a report
	entryReport                   // read
	entryFolder                   // walked
	entrySkipped                  // a folder not walked: a Maildir's tmp/
)

// folderKind is what a folder is to the walk.
type folderKind struct {
	maildir  bool            // holds cur/ and new/
	messages bool            // a Maildir's cur/ or new/: every file is a message
	indexes  map[string]bool // the names of mailbox indexes (.msf) in it, when any
}

// kindOf classifies the entries of one folder.
func kindOf(list []dirEntry, messages bool) folderKind {
	k := folderKind{messages: messages}
	var cur, fresh bool
	for _, e := range list {
		switch {
		case e.typ.IsDir() && e.name == "cur":
			cur = true
		case e.typ.IsDir() && e.name == "new":
			fresh = true
		case strings.EqualFold(filepath.Ext(e.name), mailIndexExt):
			if k.indexes == nil {
				k.indexes = map[string]bool{}
			}
			k.indexes[e.name] = true
		}
	}
	k.maildir = cur && fresh
	return k
}

// entry classifies e, a member of a folder of kind k.
func (k folderKind) entry(e dirEntry) entryKind {
	switch {
	case e.typ.IsDir() && k.maildir && e.name == "tmp":
		return entrySkipped
	case e.typ.IsDir():
		return entryFolder
	case k.messages:
		if strings.HasPrefix(e.name, ".") {
			return entryIgnored
		}
		return entryReport
	case hasReportExtension(e.name):
		return entryReport
	case k.indexes[e.name+mailIndexExt]:
		return entryReport // a mailbox beside its index
	case k.maildir || strings.EqualFold(filepath.Ext(e.name), mailIndexExt):
		return entryIgnored
	}
	return entryOther
}

// DropOrdinaryMail is the one rule for mail: of a message (a Maildir's
// file, a mailbox file's message, a part an IMAP server sent) it drops what
// holds no TLS-RPT report (a DMARC report, a photo under a report-like
// name), as opposed to a report that is damaged: mail folders that collect
// reports hold other mail too. It reports whether anything is left.
func (d *Decoded) DropOrdinaryMail() bool {
	d.items = withoutOrdinaryMail(d.items)
	return len(d.items) > 0
}

func withoutOrdinaryMail(items []item) []item {
	return slices.DeleteFunc(items, func(it item) bool { return report.IsNotAReport(it.err) })
}

// isMaildirPart tells whether dir is a Maildir's cur/ or new/, named by
// itself: its files are messages too.
func isMaildirPart(dir string) bool {
	base := filepath.Base(dir)
	if base != "cur" && base != "new" {
		return false
	}
	parent := filepath.Dir(dir)
	for _, sibling := range []string{"cur", "new", "tmp"} {
		if sibling == base {
			continue
		}
		if info, err := os.Stat(filepath.Join(parent, sibling)); err != nil || !info.IsDir() {
			return false
		}
	}
	return true
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
		return emit(job{path: p, explicit: true, message: isMaildirPart(filepath.Dir(p))})
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
	clean := filepath.Clean(p)
	if !w.walk(clean, p, isMaildirPart(clean)) {
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
// it); messages is set for a Maildir's cur/ and new/. It sorts names rather than fs.DirEntry values through an interface
// and joins paths without cleaning them again: in a folder of 20,000
// reports filepath.WalkDir cost a tenth of loading it.
func (w *folderWalk) walk(dir, shown string, messages bool) bool {
	list, err := readFolder(dir)
	if err != nil {
		// Like filepath.WalkDir, a folder that cannot be read in full is
		// reported and none of it is read.
		return w.emit(job{path: shown, err: plainError(err)})
	}
	slices.SortFunc(list, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
	kind := kindOf(list, messages)
	if w.listed != nil {
		n := 0
		for _, e := range list {
			if kind.entry(e) == entryReport {
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
		switch kind.entry(e) {
		case entryFolder:
			if !w.walk(path, path, kind.maildir && (e.name == "cur" || e.name == "new")) {
				return false
			}
			continue
		case entryOther:
			w.other(e.name)
			continue
		case entryIgnored, entrySkipped:
			continue
		}
		switch {
		case e.typ&fs.ModeSymlink != 0:
			// Links to files are followed; links to folders are not, which
			// also makes symlink loops harmless; nor are links to FIFOs,
			// whose opening blocked the walk for good (a *.json link to one).
			if target, err := os.Stat(path); err == nil && !target.Mode().IsRegular() {
				continue
			}
		case !e.typ.IsRegular():
			continue // a FIFO would block the reader
		}
		if !w.emit(job{path: path, message: kind.messages}) {
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
