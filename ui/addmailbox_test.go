package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
