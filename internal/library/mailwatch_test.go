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

// TestMailWatcher watches a real Dovecot mailbox: a wrong password is said
// once however often it is tried again, the reports that arrived meanwhile
// are all read once the password is right, and a new message is read when
// IDLE says so (the poll is an hour, so only IDLE can bring it).
func TestMailWatcher(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	for i := range 5 {
		report := reportJSON("Google Inc.", fmt.Sprintf("watch-%d", i), "example.com", 1+i, 10, 1)
		s.Deliver(t, dovecottest.AttachmentMail("Report", "application/tlsrpt+json", "report.json", report), false)
	}
	dir := t.TempDir()
	pw := write(t, filepath.Join(dir, "pw"), []byte("wrong\n"))
	tries := filepath.Join(dir, "tries")
	l := open(t, t.TempDir())
	u, err := mailbox.ParseURL(fmt.Sprintf("imaps://%s@localhost:%d/INBOX", dovecottest.User, s.IMAPSPort))
	if err != nil {
		t.Fatal(err)
	}
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
	if m, _ := l.MailboxOf(u); m.State.LastUID != 6 || m.Checked.IsZero() || !strings.Contains(m.Outcome, "1 new report") {
		t.Errorf("mailbox kept as %+v", m)
	}
}
