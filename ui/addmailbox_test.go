package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox/dovecottest"
)

// TestAddMailboxTestWords runs the Add mailbox dialog's Test against a
// real Dovecot: without its private CA the words name the certificate's
// subject and issuer and the window's CA file, not the command line's
// -ca; with the CA file chosen it connects and counts the messages.
func TestAddMailboxTestWords(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	sd := s.Seed(t, filepath.Join("..", "testdata", "real"))
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte(dovecottest.Password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	u, err := mailbox.ParseURL(fmt.Sprintf("imaps://%s@localhost:%d/INBOX", dovecottest.User, s.IMAPSPort))
	if err != nil {
		t.Fatal(err)
	}
	opt := mailbox.Options{PasswordCommand: "cat " + pw, Limit: 1 << 20}

	words, names, untrusted := surveyMailbox(u, opt)
	if !untrusted || names != nil {
		t.Errorf("without the CA: untrusted %v, mailboxes %v; want untrusted and none", untrusted, names)
	}
	for _, w := range []string{"Not connected", `"localhost", issued by "tlsrpt-analyzer test CA"`, "CA file", "Choose CA file…"} {
		if !strings.Contains(words, w) {
			t.Errorf("without the CA the words do not say %q: %s", w, words)
		}
	}
	if strings.Contains(words, "-ca") {
		t.Errorf("the window's words name the command line's flag: %s", words)
	}

	opt.CAFile = s.CAFile
	words, names, untrusted = surveyMailbox(u, opt)
	// Every sample email but the cron mail (SOURCES.md: "an ordinary cron
	// email with no TLSRPT part") carries a report, and the DMARC zip is a
	// part that may hold one; the ordinary mail and the photo are not.
	want := fmt.Sprintf("INBOX holds %d messages, %d with report attachments", sd.Total, len(sd.EML)-1+1)
	if untrusted || len(names) == 0 || !strings.Contains(words, "Connected to localhost") || !strings.Contains(words, want) {
		t.Errorf("with the CA file: untrusted %v, mailboxes %v, words %q; want them to say %q", untrusted, names, words, want)
	}
}

// TestAddMailboxDialogKeepsTheChosenCA goes through the dialog against a
// real Dovecot as a user would: Test without a CA file is refused naming
// the certificate, Choose CA file… (the file dialog's answer stubbed)
// tests again and connects, and Add and watch keeps the CA path with the
// mailbox, as the command line's -ca does.
func TestAddMailboxDialogKeepsTheChosenCA(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	s.Seed(t, filepath.Join("..", "testdata", "real"))
	dir := t.TempDir()
	m := windowOnLibrary(t, dir)
	chosen := 0
	m.library.hooks.chooseFile = func(_, _, pref string, then func(string)) {
		chosen++
		if pref != prefCAFolder {
			t.Errorf("the CA file dialog remembers its folder as %q", pref)
		}
		then(s.CAFile)
	}
	var f *mailboxForm
	var d *dialog.ConfirmDialog
	act(m, func() {
		f, d = m.library.addMailboxDialog(func() {})
		d.Show()
		f.server.SetText(fmt.Sprintf("localhost:%d", s.IMAPSPort))
		f.user.SetText(dovecottest.User)
		f.password.SetText(dovecottest.Password)
		test.Tap(f.test)
	})
	m.bridge.wait()
	if !f.untrusted || !strings.Contains(f.result.Text, `"localhost", issued by "tlsrpt-analyzer test CA"`) {
		t.Errorf("Test without the CA file says %q", f.result.Text)
	}
	act(m, func() { test.Tap(f.chooseCA) })
	m.bridge.wait()
	if chosen != 1 || f.ca.Text != s.CAFile || f.untrusted || !strings.Contains(f.result.Text, "Connected to localhost") {
		t.Errorf("after choosing the CA file (%d dialogs): field %q, words %q", chosen, f.ca.Text, f.result.Text)
	}
	act(m, d.Confirm)
	m.bridge.wait()
	u, _ := mailbox.ParseURL(fmt.Sprintf("imaps://%s@localhost:%d/INBOX", dovecottest.User, s.IMAPSPort))
	kept, err := m.library.lib.MailboxOf(u)
	if err != nil || kept.CAFile != s.CAFile {
		t.Errorf("the library keeps the mailbox with CA file %q (%v), want %q", kept.CAFile, err, s.CAFile)
	}
}

// TestRefusedLoginWaitsForAnotherPassword: a watched mailbox whose
// password (typed at the prompt, kept in memory) Dovecot refuses is said
// once, forgotten and not tried again; Watched sources offers Log in
// again…, whose password is tried at once and reads the mailbox.
func TestRefusedLoginWaitsForAnotherPassword(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	s.Seed(t, filepath.Join("..", "testdata", "real"))
	m := windowOnLibrary(t, t.TempDir())
	var said strings.Builder // written by tell, on the UI goroutine
	act(m, func() { m.outcomes = &said })
	v := m.library
	u, err := mailbox.ParseURL(fmt.Sprintf("imaps://%s@localhost:%d/INBOX", dovecottest.User, s.IMAPSPort))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.lib.AddMailboxWatch(u, mailbox.Options{CAFile: s.CAFile}); err != nil {
		t.Fatal(err)
	}
	v.keepSecret(mailbox.PromptFor(u), "not-the-password")
	act(m, func() { v.watchMailbox(u.String()) })
	refused := func() bool { _, r := v.mail.problem(u.String()); return r }
	for deadline := time.Now().Add(time.Minute); !refused(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no refused login said within a minute")
		}
	}
	m.bridge.wait()
	v.mail.mu.Lock()
	_, kept := v.mail.secrets[mailbox.PromptFor(u)]
	v.mail.mu.Unlock()
	if kept {
		t.Error("the refused password is still kept for the next try")
	}
	var got string
	act(m, func() { got = said.String() })
	if !strings.Contains(got, "Authentication failed") || !strings.Contains(got, "not tried again") || strings.Contains(got, "tried again later") {
		t.Errorf("the window said %q", got)
	}

	act(m, v.showWatches)
	watches := m.win.Canvas().Overlays().Top()
	if got := strings.Join(shownTexts(watches), " "); !strings.Contains(got, "not tried again until you log in again") {
		t.Errorf("Watched sources says %q", got)
	}
	act(m, func() { test.Tap(findButton(t, watches, "Log in again…")) })
	entry, ok := m.win.Canvas().Focused().(*dialogEntry)
	if !ok || !entry.Password {
		t.Fatalf("Log in again… focuses %T, not a password entry", m.win.Canvas().Focused())
	}
	act(m, func() {
		test.Type(entry, dovecottest.Password)
		entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	// The reports are kept before the watcher says the session read them,
	// which is when the refusal is cleared: wait for both.
	for deadline := time.Now().Add(time.Minute); libraryReports(t, v.lib.Dir()) == 0 || refused(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("a minute after the new password: %d reports kept, still waiting for a password %v", libraryReports(t, v.lib.Dir()), refused())
		}
	}
}
