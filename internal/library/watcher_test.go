package library

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// watched runs a Watcher over a new library as the window does: what it
// hands over is imported, tentatively or not, and what a tentative import
// left out goes back to it.
type watched struct {
	lib    *Library
	w      *Watcher
	mu     sync.Mutex
	errors []analysis.SourceError
	gone   []string
	// files counts the files handed over.
	files int
	// failed gets what a CheckNow could not do.
	failed chan error
}

func (x *watched) handed() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.files
}

func newWatched(t *testing.T) *watched {
	t.Helper()
	x := &watched{lib: open(t, t.TempDir()), failed: make(chan error, 10)}
	w, err := NewWatcher(x.lib, func(paths []string, tentative bool) {
		// Counted before the import, so that what is in the library was
		// counted.
		x.mu.Lock()
		x.files += len(paths)
		x.mu.Unlock()
		a := analysis.New()
		s, err := x.lib.Import(context.Background(), a, paths, ImportOptions{Tentative: tentative, Remember: true, Unattended: true})
		if err != nil {
			t.Error(err)
		}
		x.mu.Lock()
		x.errors = append(x.errors, a.Result(analysis.Filter{}).Errors...)
		x.mu.Unlock()
		x.w.Retry(s.Retry)
	}, func(root string) {
		x.mu.Lock()
		x.gone = append(x.gone, root)
		x.mu.Unlock()
	}, func(err error) { x.failed <- err })
	if err != nil {
		t.Fatal(err)
	}
	x.w = w
	t.Cleanup(w.Close)
	return x
}

// waitForReports waits up to 5 s, the promise, for the library to hold n
// reports.
func (x *watched) waitForReports(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s := stats(t, x.lib)
		if s.Reports == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the library holds %d reports after 5 s, want %d", s.Reports, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (x *watched) problems() []analysis.SourceError {
	x.mu.Lock()
	defer x.mu.Unlock()
	return append([]analysis.SourceError(nil), x.errors...)
}

func TestWatchImportsWhatArrivedMeanwhileAndNewFiles(t *testing.T) {
	x := newWatched(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "before.json"), reportJSON("Google Inc.", "w0", "example.com", 1, 1, 0))
	write(t, filepath.Join(dir, "notes.txt"), []byte("not a report"))
	if _, err := x.lib.AddWatch(dir); err != nil {
		t.Fatal(err)
	}
	if err := x.w.Add(dir); err != nil {
		t.Fatal(err)
	}
	x.waitForReports(t, 1) // what was there before the watch began

	// A folder created with a report in it, as a mail client saves.
	write(t, filepath.Join(dir, "2026", "11", "new.json.gz"), gz(t, reportJSON("Google Inc.", "w1", "example.com", 2, 1, 0)))
	x.waitForReports(t, 2)

	// A file renamed into the folder from elsewhere.
	outside := write(t, filepath.Join(t.TempDir(), "moved.json"), reportJSON("Google Inc.", "w2", "example.com", 3, 1, 0))
	if err := os.Rename(outside, filepath.Join(dir, "moved.json")); err != nil {
		t.Fatal(err)
	}
	x.waitForReports(t, 3)
	if p := x.problems(); len(p) != 0 {
		t.Errorf("problems: %v", p)
	}
}

func TestWatchRetriesAHalfWrittenFile(t *testing.T) {
	x := newWatched(t)
	dir := t.TempDir()
	x.w.Add(dir)
	report := reportJSON("Google Inc.", "half", "example.com", 1, 1, 0)
	path := filepath.Join(dir, "slow.json")
	write(t, path, report[:len(report)/2])
	// Long enough for the watcher to try the first half.
	time.Sleep(settle + 2*tick + 500*time.Millisecond)
	if s := stats(t, x.lib); s.Reports != 0 {
		t.Fatalf("half a report was imported: %+v", s)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(report[len(report)/2:])
	f.Close()
	x.waitForReports(t, 1)
	if p := x.problems(); len(p) != 0 {
		t.Errorf("the half-written file was reported: %v", p)
	}
}

func TestWatchedFolderRemoved(t *testing.T) {
	x := newWatched(t)
	dir := filepath.Join(t.TempDir(), "inbox")
	write(t, filepath.Join(dir, "a.json"), reportJSON("Google Inc.", "a", "example.com", 1, 1, 0))
	root, _ := x.lib.AddWatch(dir)
	x.w.Add(root)
	x.waitForReports(t, 1)

	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		x.mu.Lock()
		gone := len(x.gone)
		x.mu.Unlock()
		if gone == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the watcher did not notice that the folder went")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if s := stats(t, x.lib); s.Reports != 1 {
		t.Errorf("the reports of a folder that went must stay: %+v", s)
	}
	// It comes back with a new report: watched again.
	write(t, filepath.Join(dir, "b.json"), reportJSON("Google Inc.", "b", "example.com", 2, 1, 0))
	x.waitForReports(t, 2)

	// No longer watched: its reports stay unless asked otherwise.
	if err := x.lib.RemoveWatch(root, false); err != nil {
		t.Fatal(err)
	}
	x.w.Remove(root)
	if s := stats(t, x.lib); s.Reports != 2 || len(s.Watches) != 0 {
		t.Errorf("after removing the watch: %+v", s)
	}
	x.lib.AddWatch(root)
	if err := x.lib.RemoveWatch(root, true); err != nil {
		t.Fatal(err)
	}
	if s := stats(t, x.lib); s.Reports != 0 || s.Originals != 0 {
		t.Errorf("after removing the watch with its reports: %+v", s)
	}
}

// TestWatchCheckNow: a file that arrives without an event (a network
// share's, written by another machine: here the folder's inotify watch is
// dropped underneath the watcher) is not seen until CheckNow, which hands
// it over; a file read already is not handed over again.
func TestWatchCheckNow(t *testing.T) {
	x := newWatched(t)
	dir := t.TempDir()
	write(t, filepath.Join(dir, "before.json"), reportJSON("Google Inc.", "c0", "example.com", 1, 1, 0))
	if err := x.w.Add(dir); err != nil {
		t.Fatal(err)
	}
	x.waitForReports(t, 1)
	if err := x.w.fsw.Remove(dir); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "unseen.json"), reportJSON("Google Inc.", "c1", "example.com", 2, 1, 0))
	// The premise, that unseen.json brought no event: a file written after
	// it in a folder still watched comes through the same inotify queue
	// after any event of unseen.json's, and is handed over no sooner.
	marker := t.TempDir()
	if err := x.w.Add(marker); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(marker, "after.json"), reportJSON("Google Inc.", "m1", "example.com", 3, 1, 0))
	x.waitForReports(t, 2)
	if n := x.handed(); n != 2 {
		t.Fatalf("%d files were handed over before CheckNow; the test's premise is before.json and after.json", n)
	}
	x.w.CheckNow()
	x.waitForReports(t, 3)
	if n := x.handed(); n != 3 {
		t.Errorf("%d files were handed over, want before.json, after.json and unseen.json once each", n)
	}
	select {
	case err := <-x.failed:
		t.Errorf("CheckNow failed: %v", err)
	default:
	}
}

// TestWatchCheckNowSaysWhatFailed: a Check now whose look at the library
// fails says so: a person asked for it, and would hear nothing otherwise.
func TestWatchCheckNowSaysWhatFailed(t *testing.T) {
	x := newWatched(t)
	if err := x.w.Add(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	// What the watcher compares files with is gone from the library.
	if _, err := x.lib.db.Exec(`DROP TABLE files`); err != nil {
		t.Fatal(err)
	}
	x.w.CheckNow()
	select {
	case err := <-x.failed:
		if err == nil || !strings.Contains(err.Error(), x.lib.Path()) || !strings.Contains(err.Error(), "no such table: files") {
			t.Errorf("CheckNow said %v; want the library %s and its missing table", err, x.lib.Path())
		}
	case <-time.After(5 * time.Second):
		// Only a CheckNow that says nothing gets here.
		t.Fatal("CheckNow said nothing of the library read that failed")
	}
}
