package library

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// Timing of a Watcher. A file is handed over once it has been still for
// settle; a tentative import that found nothing in it (a half-written
// file) is tried again every retryEvery until the file has not changed for
// giveUp, and only then reported as broken. Together they keep a new file
// in the library within 5 seconds of being written.
const (
	settle     = time.Second
	tick       = 250 * time.Millisecond
	retryEvery = 2 * time.Second
	giveUp     = 30 * time.Second
	// goneCheck is how often a watched folder that disappeared is looked
	// for again.
	goneCheck = 2 * time.Second
)

// Watcher watches folders and mailbox files for new or changed report
// files and hands them to ready, which imports them. ready runs on the
// watcher's goroutine; tentative is false once a file has had its time to
// be written completely and should be imported whatever it holds.
type Watcher struct {
	lib      *Library
	fsw      *fsnotify.Watcher
	ready    func(paths []string, tentative bool)
	onGone   func(root string)
	onFailed func(err error)
	stop     chan struct{}
	done     chan struct{}
	// check (one signal buffered) asks run to look at every root now.
	check chan struct{}

	mu      sync.Mutex
	roots   map[string]bool // watched path -> it is there now
	pending map[string]*pendingFile
}

type pendingFile struct {
	lastEvent   time.Time
	size, mtime int64
	retrying    bool      // a tentative import left it out
	retryAt     time.Time // not before then
}

// NewWatcher starts a watcher over nothing; Add gives it folders. onGone,
// if set, is told when a watched folder disappears (its reports stay);
// onFailed, if set, what a CheckNow could not do (read the library, watch
// a folder that came back), which a person who asked must be told.
func NewWatcher(lib *Library, ready func(paths []string, tentative bool), onGone func(root string), onFailed func(err error)) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{lib: lib, fsw: fsw, ready: ready, onGone: onGone, onFailed: onFailed, stop: make(chan struct{}), done: make(chan struct{}), check: make(chan struct{}, 1),
		roots: make(map[string]bool), pending: make(map[string]*pendingFile)}
	go w.run()
	return w, nil
}

// Close stops watching.
func (w *Watcher) Close() {
	close(w.stop)
	<-w.done
	w.fsw.Close()
}

// Add watches root (a folder, with its subfolders, or a mailbox file) and
// hands over at once the files in it that the library has not read in
// their present state: what arrived while the app was closed.
func (w *Watcher) Add(root string) error {
	root = filepath.Clean(root)
	w.mu.Lock()
	w.roots[root] = false
	w.mu.Unlock()
	return w.attach(root)
}

// Remove stops watching root.
func (w *Watcher) Remove(root string) {
	root = filepath.Clean(root)
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.roots, root)
	for _, p := range w.fsw.WatchList() {
		if p == root || isBelow(p, root) || p == filepath.Dir(root) && !w.watchedDirLocked(p) {
			w.fsw.Remove(p)
		}
	}
	for p := range w.pending {
		if w.rootOfLocked(p) == "" {
			delete(w.pending, p)
		}
	}
}

// Retry takes back files a tentative import left out.
func (w *Watcher) Retry(paths []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			continue
		}
		if w.pending[p] != nil {
			continue // it changed again meanwhile: it will be handed over anyway
		}
		w.pending[p] = &pendingFile{lastEvent: now.Add(-settle), size: info.Size(), mtime: info.ModTime().UnixNano(),
			retrying: true, retryAt: now.Add(retryEvery)}
	}
}

// CheckNow looks at every watched root for what changed without an
// event saying so (a network share's, written by another machine, or
// events lost to an overflowed queue) and hands it over, as Add does for
// what arrived while the app was closed; a root that came back is watched
// again.
func (w *Watcher) CheckNow() {
	select {
	case w.check <- struct{}{}:
	default:
	}
}

func (w *Watcher) checkNow() {
	w.mu.Lock()
	var roots []string
	for r, there := range w.roots {
		if there {
			roots = append(roots, r)
		}
	}
	w.mu.Unlock()
	// Those that came back are looked at as they are attached again.
	err := w.lookForGone()
	slices.Sort(roots)
	if err = errors.Join(err, w.handChanged(roots)); err != nil && w.onFailed != nil {
		w.onFailed(err)
	}
}

// handChanged hands over the files below roots that the library has not
// read in their present state.
func (w *Watcher) handChanged(roots []string) error {
	changed, err := w.lib.Changed(context.Background(), roots)
	if err == nil && len(changed) > 0 {
		w.ready(changed, true)
	}
	return err
}

// attach adds fsnotify watches for root and imports what changed in it.
func (w *Watcher) attach(root string) error {
	info, err := os.Stat(root)
	if err != nil {
		return err
	}
	if info.IsDir() {
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				err = w.fsw.Add(p)
			}
			return err
		})
	} else {
		// A mailbox file is watched through its folder: mail programs
		// often replace the file rather than write to it.
		err = w.fsw.Add(filepath.Dir(root))
	}
	if err != nil {
		return err
	}
	w.mu.Lock()
	w.roots[root] = true
	w.mu.Unlock()
	return w.handChanged([]string{root})
}

func (w *Watcher) run() {
	defer close(w.done)
	t := time.NewTicker(tick)
	defer t.Stop()
	lastGoneCheck := time.Now()
	for {
		select {
		case <-w.stop:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			w.event(ev)
		case <-w.fsw.Errors:
			// An overflowed queue loses events; the next look at each
			// root (after a folder reappears, or at the next start)
			// catches up, as the library compares sizes and times.
		case <-w.check:
			w.checkNow()
		case now := <-t.C:
			w.handOver(now)
			if now.Sub(lastGoneCheck) >= goneCheck {
				lastGoneCheck = now
				// A folder that cannot be watched again is tried at
				// the next look; a CheckNow says why.
				w.lookForGone()
			}
		}
	}
}

func (w *Watcher) event(ev fsnotify.Event) {
	path := filepath.Clean(ev.Name)
	w.mu.Lock()
	root := w.rootOfLocked(path)
	_, isRoot := w.roots[path]
	w.mu.Unlock()
	if isRoot && ev.Has(fsnotify.Remove|fsnotify.Rename) {
		if info, err := os.Stat(path); err != nil || (info.IsDir() && ev.Has(fsnotify.Remove)) {
			w.gone(path)
			return
		}
	}
	if root == "" || ev.Has(fsnotify.Remove|fsnotify.Rename) && !ev.Has(fsnotify.Create) {
		return
	}
	info, err := os.Stat(path)
	if err != nil {
		return
	}
	if info.IsDir() {
		// A folder created or moved in: watch it and take its files.
		w.fsw.Add(path)
		filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() && p != path {
				w.fsw.Add(p)
			} else if err == nil && wantFile(p, root) {
				w.touch(p)
			}
			return nil
		})
		return
	}
	if wantFile(path, root) {
		w.touch(path)
	}
}

func (w *Watcher) touch(path string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	pf := w.pending[path]
	if pf == nil {
		pf = &pendingFile{}
		w.pending[path] = pf
	}
	pf.lastEvent = time.Now()
	pf.retryAt = time.Time{}
}

// handOver passes on the files that have been still for settle, or whose
// retry is due.
func (w *Watcher) handOver(now time.Time) {
	var tentative, final []string
	w.mu.Lock()
	for p, pf := range w.pending {
		if now.Sub(pf.lastEvent) < settle || now.Before(pf.retryAt) {
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			delete(w.pending, p) // gone before it was read
			continue
		}
		size, mtime := info.Size(), info.ModTime().UnixNano()
		if size != pf.size || mtime != pf.mtime {
			// Still changing (or first look): wait for it to be still.
			pf.size, pf.mtime, pf.lastEvent, pf.retryAt = size, mtime, now, time.Time{}
			continue
		}
		delete(w.pending, p)
		if !pf.retrying || now.Sub(info.ModTime()) < giveUp {
			tentative = append(tentative, p)
		} else {
			final = append(final, p)
		}
	}
	w.mu.Unlock()
	slices.Sort(tentative)
	slices.Sort(final)
	if len(tentative) > 0 {
		w.ready(tentative, true)
	}
	if len(final) > 0 {
		w.ready(final, false)
	}
}

func (w *Watcher) gone(root string) {
	w.mu.Lock()
	was := w.roots[root]
	if _, ok := w.roots[root]; ok {
		w.roots[root] = false
	}
	w.mu.Unlock()
	if was && w.onGone != nil {
		w.onGone(root)
	}
}

// lookForGone attaches again the roots that came back.
func (w *Watcher) lookForGone() error {
	w.mu.Lock()
	var back []string
	for r, there := range w.roots {
		if !there {
			if _, err := os.Stat(r); err == nil {
				back = append(back, r)
			}
		}
	}
	w.mu.Unlock()
	var errs []error
	for _, r := range back {
		if err := w.attach(r); err != nil {
			errs = append(errs, fmt.Errorf("watched folder %s came back: %w", r, err))
		}
	}
	return errors.Join(errs...)
}

// rootOfLocked is the watched root path is in, or "".
func (w *Watcher) rootOfLocked(path string) string {
	for r := range w.roots {
		if path == r || isBelow(path, r) {
			return r
		}
	}
	return ""
}

// watchedDirLocked tells whether dir is a watched folder or below one.
func (w *Watcher) watchedDirLocked(dir string) bool {
	r := w.rootOfLocked(dir)
	if r == "" {
		return false
	}
	info, err := os.Stat(r)
	return err == nil && info.IsDir()
}

// wantFile tells whether path is a file to import: any name for a watched
// mailbox file, the names a folder walk reads otherwise.
func wantFile(path, root string) bool {
	if path == root {
		return true
	}
	ext := strings.ToLower(filepath.Ext(path))
	return slices.Contains(source.ReportExtensions(), ext)
}

func isBelow(path, dir string) bool {
	return strings.HasPrefix(path, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}
