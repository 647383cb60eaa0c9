package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// mailState is the window's side of the watched IMAP mailboxes.
type mailState struct {
	watcher *library.MailWatcher
	// kept is what the library remembers of each watched mailbox, by URL;
	// read off the UI goroutine by afterChange, used on it.
	kept map[string]library.Mailbox
	// closing ends a password question when the window goes away.
	closing chan struct{}

	mu sync.Mutex // guards what follows: the watcher's goroutines use it
	// problems is the problem last said of each mailbox, by URL.
	problems map[string]string
	// secrets are the passwords given in this run where no keyring keeps
	// them ("ask at each start"), by prompt: in memory only.
	secrets map[string]string
}

// startMail starts watching lib's mailboxes (watchMailbox adds them).
func (v *libraryView) startMail(lib *library.Library) {
	v.mail.closing = make(chan struct{})
	v.mail.problems, v.mail.secrets = map[string]string{}, map[string]string{}
	v.mail.watcher = library.NewMailWatcher(lib, v.mailReady, v.mailProblem, v.askSecret)
}

func (v *libraryView) closeMail() {
	if v.mail.watcher == nil {
		return
	}
	close(v.mail.closing)
	v.mail.watcher.Close()
}

// watchMailbox watches p if it is a mailbox's URL, and says whether it was.
func (v *libraryView) watchMailbox(p string) bool {
	if !mailbox.IsURL(p) {
		return false
	}
	u, err := mailbox.ParseURL(p)
	if err != nil {
		v.hooks.tell("Watched mailbox " + p + ": " + err.Error())
		return true
	}
	v.mail.watcher.Add(u)
	return true
}

// unwatch stops watching a folder or a mailbox.
func (v *libraryView) unwatch(p string) {
	if u, err := mailbox.ParseURL(p); err == nil {
		if v.mail.watcher != nil {
			v.mail.watcher.Remove(u)
		}
		return
	}
	if v.watcher != nil {
		v.watcher.Remove(p)
	}
}

// mailboxesOf reads what the library remembers of the mailboxes among
// watches; it runs off the UI goroutine.
func (v *libraryView) mailboxesOf(watches []string) map[string]library.Mailbox {
	out := map[string]library.Mailbox{}
	for _, p := range watches {
		if u, err := mailbox.ParseURL(p); err == nil {
			if m, err := v.lib.MailboxOf(u); err == nil {
				out[p] = m
			}
		}
	}
	return out
}

// mailboxCheck is a watched mailbox's line in the list: when it was last
// read and what that found, or the problem that stops it.
func mailboxCheck(m library.Mailbox, problem string) string {
	if m.Checked.IsZero() && problem == "" {
		return "Not read yet."
	}
	if problem == "" {
		return "Last checked " + textfmt.Moment(m.Checked) + ": " + m.Outcome
	}
	// The problem in the window's words; the outcome kept is the same in
	// the command line's.
	return "Last checked " + textfmt.Moment(m.Checked) + ": failed: " + problem + " (tried again later and later)"
}

func (s *mailState) problem(url string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.problems[url]
}

// mailReady runs a watched mailbox's read as a load job, so that what
// arrived shows in the window; it runs on the watcher's goroutine.
func (v *libraryView) mailReady(u mailbox.URL, read library.MailRead) {
	v.bridge.do(func() {
		v.hooks.enqueue(loadJob{read: func(ctx context.Context, a *analysis.Analysis, onProgress func(source.Progress)) error {
			err := read(ctx, a, onProgress)
			v.afterChange()
			return err
		}, outcome: func(res *analysis.Result, cancelled bool) string {
			if cancelled {
				return "Checking mailbox " + u.String() + " cancelled; it is read again later."
			}
			return "Checked mailbox " + u.String() + "."
		}})
	})
}

// mailProblem says a mailbox's problem once, in the status bar and on
// stderr (the watcher calls it only when the words change), or that it
// works again.
func (v *libraryView) mailProblem(u mailbox.URL, err error) {
	words := ""
	if err != nil {
		words = mailErrorWords(err)
	}
	v.mail.mu.Lock()
	if err != nil {
		v.mail.problems[u.String()] = words
	} else {
		delete(v.mail.problems, u.String())
	}
	v.mail.mu.Unlock()
	v.afterChange()
	v.bridge.do(func() {
		if err != nil {
			v.hooks.tell("Mailbox " + u.String() + " cannot be read: " + strings.TrimRight(words, ".") + ". It is tried again later.")
		} else {
			v.hooks.tell("Mailbox " + u.String() + " can be read again.")
		}
	})
}

// askSecret asks for a password nothing else gives (no password command,
// nothing in the keyring), once per run: the answer is kept in memory.
// It runs on a watcher's or the load goroutine, never the UI's.
func (v *libraryView) askSecret(prompt string) (string, error) {
	v.mail.mu.Lock()
	s, ok := v.mail.secrets[prompt]
	v.mail.mu.Unlock()
	if ok {
		return s, nil
	}
	answer := make(chan string, 1)
	v.bridge.do(func() {
		entry := widget.NewPasswordEntry()
		body := container.NewVBox(widget.NewLabel(prompt), entry,
			widget.NewLabel("No password command and no OS keyring give it: it is kept in memory until the window closes."))
		d := dialog.NewCustomConfirm("Mailbox password", "Log in", "Cancel", body, func(ok bool) {
			if !ok {
				entry.SetText("")
			}
			answer <- entry.Text
		}, v.win)
		entry.OnSubmitted = func(string) { d.Confirm() }
		d.Resize(fyne.NewSize(560, 220))
		present(v.win.Canvas(), d)
		v.win.Canvas().Focus(entry)
	})
	select {
	case s = <-answer:
	case <-v.mail.closing:
		return "", errors.New("the window closed")
	}
	if s == "" {
		return "", errors.New("no password given")
	}
	v.keepSecret(prompt, s)
	return s, nil
}

func (v *libraryView) keepSecret(prompt, secret string) {
	v.mail.mu.Lock()
	defer v.mail.mu.Unlock()
	v.mail.secrets[prompt] = secret
}

// openMailbox reads a mailbox named on the command line, into the library
// too when the user keeps what they open.
func (v *libraryView) openMailbox(p string) {
	u, err := mailbox.ParseURL(p)
	if err != nil {
		v.hooks.tell(err.Error())
		return
	}
	opt := v.mailOpt
	opt.Prompt = v.askSecret
	v.hooks.enqueue(loadJob{read: func(ctx context.Context, a *analysis.Analysis, onProgress func(source.Progress)) error {
		var ms mailbox.Stats
		var err error
		if v.keeping() {
			_, ms, err = v.lib.ImportMailbox(ctx, a, u, opt, library.ImportOptions{OnProgress: onProgress})
			v.afterChange()
		} else {
			ms, err = library.ReadMailboxInto(ctx, a, u, opt)
		}
		v.bridge.do(func() {
			if err != nil && !errors.Is(err, context.Canceled) {
				v.hooks.tell("Mailbox " + u.String() + " cannot be read: " + err.Error())
				v.hooks.showError(err)
				return
			}
			v.hooks.tell(fmt.Sprintf("Mailbox %s read: %s, %s with report attachments.", u, textfmt.Counted(ms.Messages, "message", "messages"), textfmt.Count(ms.WithParts)))
		})
		return err
	}})
}
