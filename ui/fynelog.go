package ui

import (
	"bytes"
	"io"
	"sync"
)

// fyneNoise are the errors Fyne logs that say nothing wrong with this
// program or the user's files, by reason and cause ("" for any), each with
// why it is harmless:
//   - "Getting favorite locations": a file dialog found that the desktop
//     defines no Videos (or Music, Pictures…) folder; it offers the others.
//   - "Preferences load error:" with "EOF": Fyne found its preferences
//     file empty (a write cut short by a kill, or caught halfway while it
//     watches the file) and goes on with the values it holds: the folders
//     the dialogs start in and the notification switch, all kept again at
//     their next change.
var fyneNoise = []struct{ reason, cause string }{
	{"Fyne error:  Getting favorite locations", ""},
	{"Fyne error:  Preferences load error:", "  Cause: EOF\n"},
}

// QuietLog is the standard logger's output for the window: w without
// Fyne's harmless errors. Set before the app is made, which reads its
// preferences.
func QuietLog(w io.Writer) io.Writer { return &quietLog{w: w, noise: -1} }

// quietLog passes the standard logger's lines on to w, leaving out Fyne's
// harmless errors: a user who starts the window from a terminal reads
// there what became of their files, and these lines read as failures.
// Fyne writes an error as a line of its reason, then "  Cause:" and
// "  At:" lines, each its own write; a reason is held until its cause
// tells whether it is noise.
type quietLog struct {
	mu       sync.Mutex
	w        io.Writer
	held     []byte // a noise reason whose cause is still to come
	noise    int    // the fyneNoise entry held, or being left out; -1 for none
	skipping bool   // within a left-out error's lines
}

func (q *quietLog) Write(p []byte) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.held != nil {
		held := q.held
		q.held = nil
		if cause := fyneNoise[q.noise].cause; bytes.Contains(p, []byte("  Cause: ")) && (cause == "" || bytes.HasSuffix(p, []byte(cause))) {
			q.skipping = true
			return len(p), nil
		}
		if _, err := q.w.Write(held); err != nil {
			return 0, err
		}
	}
	if q.skipping && bytes.Contains(p, []byte("  At: ")) {
		return len(p), nil
	}
	q.skipping = false
	for i, n := range fyneNoise {
		if bytes.Contains(p, []byte(n.reason)) {
			q.held, q.noise = bytes.Clone(p), i
			return len(p), nil
		}
	}
	return q.w.Write(p)
}
