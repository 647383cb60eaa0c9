package library

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// MailRead is the work a MailWatcher hands over when a mailbox may hold
// something new: it reads into a, the window's Analysis, on the window's
// load goroutine, and keeps what it read in the library.
type MailRead func(ctx context.Context, a *analysis.Analysis, onProgress func(source.Progress)) error

// MailWatcher reads watched IMAP mailboxes while the app runs: once at
// start, then whenever the server says the mailbox changed (IDLE, RFC
// 2177) or every MailboxPoll where it does not offer IDLE. A failure (the
// server down, a wrong password, an expired certificate) is said once,
// through onProblem, with the server's words, and tried again later and
// later (backoff), never lost: the mailbox's state moves only once what
// was read is kept, so what arrived meanwhile is read on the next success.
type MailWatcher struct {
	lib *Library
	// ready hands a read over; the watcher waits until it ran, or until
	// MailboxPoll has passed without it running (the window dropped it).
	ready func(u mailbox.URL, read MailRead)
	// onProblem says a new problem with u (err) or that u works again
	// (err nil, after a problem).
	onProblem func(u mailbox.URL, err error)
	// prompt, if set, asks for a secret nothing else gives.
	prompt func(string) (string, error)
	// firstRetry and poll are variables so a test need not wait minutes.
	firstRetry, poll time.Duration

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	mu     sync.Mutex
	boxes  map[string]*watchedBox
}

// watchedBox is one mailbox's loop: cancel ends it, now (one signal
// buffered) asks it to read at once.
type watchedBox struct {
	cancel context.CancelFunc
	now    chan struct{}
}

// maxRetry bounds the backoff: a server down for a day is tried every half hour.
const maxRetry = 30 * time.Minute

// NewMailWatcher starts a watcher over no mailbox; Add gives it some.
func NewMailWatcher(lib *Library, ready func(mailbox.URL, MailRead), onProblem func(mailbox.URL, error), prompt func(string) (string, error)) *MailWatcher {
	w := &MailWatcher{lib: lib, ready: ready, onProblem: onProblem, prompt: prompt, firstRetry: 30 * time.Second, poll: MailboxPoll,
		boxes: make(map[string]*watchedBox)}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	return w
}

// Add watches u, logged in to as the library remembers.
func (w *MailWatcher) Add(u mailbox.URL) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, ok := w.boxes[u.String()]; ok || w.ctx.Err() != nil {
		return
	}
	ctx, cancel := context.WithCancel(w.ctx)
	b := &watchedBox{cancel: cancel, now: make(chan struct{}, 1)}
	w.boxes[u.String()] = b
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		w.watch(ctx, u, b.now)
	}()
}

// Remove stops watching u.
func (w *MailWatcher) Remove(u mailbox.URL) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if b, ok := w.boxes[u.String()]; ok {
		b.cancel()
		delete(w.boxes, u.String())
	}
}

// CheckNow has every mailbox read at once: one waiting for news reads
// now, one waiting to try again after a failure (a password since
// corrected) tries now, with its backoff started over; one reading now
// is done already.
func (w *MailWatcher) CheckNow() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, b := range w.boxes {
		select {
		case b.now <- struct{}{}:
		default:
		}
	}
}

// Close stops watching every mailbox and waits for their connections to end.
func (w *MailWatcher) Close() {
	w.cancel()
	w.wg.Wait()
}

// watch is one mailbox's loop: connect, read, wait for news, read...;
// after a failure, wait and connect again.
func (w *MailWatcher) watch(ctx context.Context, u mailbox.URL, now chan struct{}) {
	said := "" // the problem last said, so each is said once
	retry := w.firstRetry
	for ctx.Err() == nil {
		err := w.session(ctx, u, now, func() {
			// Connected and read: the next failure is news again.
			if said != "" {
				said = ""
				w.onProblem(u, nil)
			}
			retry = w.firstRetry
		})
		if ctx.Err() != nil {
			return
		}
		w.lib.SetMailboxOutcome(u, time.Now(), "failed: "+err.Error())
		if err.Error() != said {
			said = err.Error()
			w.onProblem(u, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(retry):
			retry = min(retry*2, maxRetry)
		case <-now:
			retry = w.firstRetry
		}
	}
}

// session logs in to u and reads it until the connection fails; ok is
// called after each read that worked.
func (w *MailWatcher) session(ctx context.Context, u mailbox.URL, now chan struct{}, ok func()) error {
	m, err := w.lib.MailboxOf(u)
	if err != nil {
		return err
	}
	opt := m.Options()
	opt.Prompt = w.prompt
	s, err := mailbox.Open(ctx, u, opt)
	if err != nil {
		return err
	}
	defer s.Close()
	for {
		// A check asked for before this read is answered by it.
		select {
		case <-now:
		default:
		}
		// ReadMailbox keeps when it read and what it found.
		if err := w.handOver(ctx, u, s); err != nil {
			return err
		}
		ok()
		if err := s.Wait(w.poll, now); err != nil {
			return err
		}
	}
}

// handOver gives the window a read of s and waits for it. A read the
// window dropped (its queue cancelled) is given up after poll, safely:
// the read claims the session first, and a read that lost the claim does
// nothing.
func (w *MailWatcher) handOver(ctx context.Context, u mailbox.URL, s *mailbox.Session) error {
	const waiting, running, abandoned = 0, 1, 2
	var claim atomic.Int32
	done := make(chan error, 1)
	w.ready(u, func(rctx context.Context, a *analysis.Analysis, onProgress func(source.Progress)) error {
		if !claim.CompareAndSwap(waiting, running) {
			return nil
		}
		_, _, err := w.lib.ReadMailbox(rctx, a, s, ImportOptions{Unattended: true, OnProgress: onProgress})
		done <- err
		return err
	})
	timeout := time.NewTimer(w.poll)
	defer timeout.Stop()
	select {
	case err := <-done:
		return err
	case <-timeout.C:
	case <-ctx.Done():
	}
	if claim.CompareAndSwap(waiting, abandoned) {
		return ctx.Err()
	}
	return <-done
}
