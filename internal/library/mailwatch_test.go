package library

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox/dovecottest"
)

// waitFor polls cond until it holds or a minute has passed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for %s", what)
		}
	}
}

// mailboxToWatch starts a Dovecot holding n reports (ids prefix-0…), a
// library and a password file that holds the wrong password.
func mailboxToWatch(t *testing.T, prefix string, n int) (*dovecottest.Server, *Library, mailbox.URL, string) {
	s := dovecottest.Start(t, dovecottest.Options{})
	for i := range n {
		report := reportJSON("Google Inc.", fmt.Sprintf("%s-%d", prefix, i), "example.com", 1+i, 10, 1)
		s.Deliver(t, dovecottest.AttachmentMail("Report", "application/tlsrpt+json", "report.json", report), false)
	}
	pw := write(t, filepath.Join(t.TempDir(), "pw"), []byte("wrong\n"))
	u, err := mailbox.ParseURL(fmt.Sprintf("imaps://%s@localhost:%d/INBOX", dovecottest.User, s.IMAPSPort))
	if err != nil {
		t.Fatal(err)
	}
	return s, open(t, t.TempDir()), u, pw
}

// TestMailWatcher watches a real Dovecot mailbox: a wrong password is said
// once however often it is tried again, the reports that arrived meanwhile
// are all read once the password is right, and a new message is read when
// IDLE says so (the poll is an hour, so only IDLE can bring it).
func TestMailWatcher(t *testing.T) {
	s, l, u, pw := mailboxToWatch(t, "watch", 5)
	tries := filepath.Join(t.TempDir(), "tries")
	if err := l.AddMailboxWatch(u, mailbox.Options{PasswordCommand: "echo . >> " + tries + "; cat " + pw, CAFile: s.CAFile}); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var problems []error
	var window = analysis.New() // fed by one read at a time, as the window's loader does
	ready := func(_ mailbox.URL, read MailRead) {
		go func() {
			mu.Lock()
			defer mu.Unlock()
			if err := read(context.Background(), window, nil); err != nil {
				t.Logf("read: %v", err)
			}
		}()
	}
	w := NewMailWatcher(l, ready, func(_ mailbox.URL, err error) {
		mu.Lock()
		defer mu.Unlock()
		problems = append(problems, err)
	}, nil)
	w.firstRetry, w.poll = 10*time.Millisecond, time.Hour
	defer w.Close()
	w.Add(u)

	triesMade := func() int { b, _ := os.ReadFile(tries); return strings.Count(string(b), ".") }
	waitFor(t, "three logins with the wrong password", func() bool { return triesMade() >= 3 })
	mu.Lock()
	if len(problems) != 1 || problems[0] == nil || !strings.Contains(problems[0].Error(), "Authentication failed") {
		t.Errorf("after %d failed logins the problems said are %v; want the server's words once", triesMade(), problems)
	}
	mu.Unlock()
	if m, _ := l.MailboxOf(u); !strings.Contains(m.Outcome, "Authentication failed") {
		t.Errorf("outcome kept for the list: %q", m.Outcome)
	}

	write(t, pw, []byte(dovecottest.Password+"\n"))
	waitFor(t, "the five reports", func() bool { return stats(t, l).Reports == 5 })
	waitFor(t, "the problem to be over", func() bool { mu.Lock(); defer mu.Unlock(); return len(problems) > 1 })
	mu.Lock()
	if len(problems) != 2 || problems[1] != nil {
		t.Errorf("after the right password the problems said are %v; want the failure, then nil once", problems)
	}
	mu.Unlock()

	s.Deliver(t, dovecottest.AttachmentMail("Report", "application/tlsrpt+json", "report.json",
		reportJSON("Google Inc.", "watch-new", "example.com", 9, 10, 1)), false)
	waitFor(t, "the report delivered while IDLE", func() bool { return stats(t, l).Reports == 6 })
	w.Close()
	if got := window.Result(analysis.Filter{}); got.Reports != 6 || got.Duplicates != 0 {
		t.Errorf("the window's analysis holds %d reports, %d duplicates; want 6 and none", got.Reports, got.Duplicates)
	}
	// The last check may be one IDLE woke after the new message was read,
	// which found nothing new: the outcome is a read's, not the failure's.
	if m, _ := l.MailboxOf(u); m.State.LastUID != 6 || m.Checked.IsZero() || !strings.Contains(m.Outcome, "new report") || strings.Contains(m.Outcome, "failed") {
		t.Errorf("mailbox kept as %+v", m)
	}
}

// TestMailWatcherCheckNow: with retries and polls an hour apart, CheckNow
// tries a failed login again at once (the password was corrected since)
// and has a watcher waiting in IDLE read again.
func TestMailWatcherCheckNow(t *testing.T) {
	s, l, u, pw := mailboxToWatch(t, "check", 3)
	if err := l.AddMailboxWatch(u, mailbox.Options{PasswordCommand: "cat " + pw, CAFile: s.CAFile}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	reads := 0
	ready := func(_ mailbox.URL, read MailRead) {
		go func() {
			mu.Lock()
			defer mu.Unlock()
			if read(context.Background(), analysis.New(), nil) == nil {
				reads++
			}
		}()
	}
	w := NewMailWatcher(l, ready, func(mailbox.URL, error) {}, nil)
	w.firstRetry, w.poll = time.Hour, time.Hour
	defer w.Close()
	w.Add(u)
	checked := func() string { m, _ := l.MailboxOf(u); return m.Outcome }
	waitFor(t, "the failed login", func() bool { return strings.Contains(checked(), "Authentication failed") })

	write(t, pw, []byte(dovecottest.Password+"\n"))
	w.CheckNow()
	waitFor(t, "the three reports after Check now", func() bool { return stats(t, l).Reports == 3 })
	read := func() int { mu.Lock(); defer mu.Unlock(); return reads }
	waitFor(t, "the first read to end", func() bool { return read() == 1 })

	w.CheckNow()
	waitFor(t, "a second read while IDLE, after Check now", func() bool { return read() == 2 })
	if m, _ := l.MailboxOf(u); m.Outcome != "0 new messages, 0 new reports" || m.State.LastUID != 3 {
		t.Errorf("after the second check the mailbox is kept as %+v", m)
	}
}
