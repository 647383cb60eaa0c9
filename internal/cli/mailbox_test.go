package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox/dovecottest"
)

// mailboxArgs are the flags to log in to s with password.
func mailboxArgs(t *testing.T, s *dovecottest.Server, password string) []string {
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte(password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{"-password-command", "cat " + pw, "-ca", s.CAFile}
}

func imapsURL(s *dovecottest.Server) string {
	return fmt.Sprintf("imaps://%s@localhost:%d/INBOX", dovecottest.User, s.IMAPSPort)
}

// comparable is a summary without what names or counts the inputs: the
// mailbox's inputs are parts, the files' are emails (one of them a cron
// mail without a report, which the mailbox skips).
func comparable(t *testing.T, out string) map[string]any {
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"files", "errors", "warnings"} {
		delete(m, k)
	}
	return m
}

// TestMailboxSummaryEqualsFiles: summary of the Dovecot mailbox seeded with
// the real sample emails says what summary of the .eml files says.
func TestMailboxSummaryEqualsFiles(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	s.Seed(t, realDir)
	emls, _ := filepath.Glob(filepath.Join(realDir, "*.eml"))
	_, fromFiles, _ := run(t, summary, append([]string{"-json"}, emls...)...)
	code, fromBox, errOut := run(t, summary, append(append([]string{"-json"}, mailboxArgs(t, s, dovecottest.Password)...), imapsURL(s))...)
	if code != ExitOK {
		t.Fatalf("summary of the mailbox: exit %d\n%s", code, errOut)
	}
	want, got := comparable(t, fromFiles), comparable(t, fromBox)
	if want["reports"] == 0.0 {
		t.Fatal("the .eml files hold no report")
	}
	if !reflect.DeepEqual(got, want) {
		a, _ := json.MarshalIndent(got, "", " ")
		b, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("summary of the mailbox differs from that of the files:\n%s\nfiles:\n%s", a, b)
	}
}

// TestMailboxImport: import keeps the mailbox's reports, a second import
// downloads almost nothing (Dovecot's byte counts), a new UIDVALIDITY reads
// all again without counting a report twice, and no \Seen flag changes.
func TestMailboxImport(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	s.Seed(t, realDir)
	before := s.Flags(t)
	lib := t.TempDir()
	args := append(append([]string{"-library", lib}, mailboxArgs(t, s, dovecottest.Password)...), imapsURL(s))
	emls, _ := filepath.Glob(filepath.Join(realDir, "*.eml"))
	_, wantCounts := summaryOf(t, emls...)

	code, out, errOut := run(t, importCmd, args...)
	if code != ExitOK {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, fmt.Sprintf("%d reports new", wantCounts.Reports)) {
		t.Errorf("first import did not add the %d reports of the files:\n%s", wantCounts.Reports, out)
	}
	_, fromLib := summaryOf(t, "-library", lib)
	if fromLib.Reports != wantCounts.Reports || fromLib.Successful != wantCounts.Successful || fromLib.Failed != wantCounts.Failed {
		t.Errorf("library after import: %+v, the files: %+v", fromLib, wantCounts)
	}

	code, out, errOut = run(t, importCmd, args...)
	if code != ExitOK || !strings.Contains(out, "0 reports new") || !strings.Contains(out, ", 0 new,") {
		t.Errorf("second import: exit %d, want nothing new:\n%s%s", code, out, errOut)
	}
	sessions := s.Sessions(t, 2)
	t.Logf("Dovecot: first import out=%d bytes, second out=%d", sessions[0].Out, sessions[1].Out)
	if sessions[1].Out > 2000 {
		t.Errorf("second import: Dovecot sent %d bytes (first %d), want almost nothing", sessions[1].Out, sessions[0].Out)
	}

	s.RenumberUIDs(t)
	code, out, errOut = run(t, importCmd, args...)
	if code != ExitOK || !strings.Contains(out, "0 reports new") || !strings.Contains(out, fmt.Sprintf("%d already", wantCounts.Reports+wantCounts.Duplicates)) {
		t.Errorf("import after a new UIDVALIDITY: exit %d, want all read again and none new:\n%s%s", code, out, errOut)
	}
	if _, again := summaryOf(t, "-library", lib); again.Reports != wantCounts.Reports {
		t.Errorf("after a new UIDVALIDITY the library holds %d reports, want %d", again.Reports, wantCounts.Reports)
	}
	if after := s.Flags(t); !reflect.DeepEqual(after, before) {
		t.Errorf("Maildir flags changed:\nbefore %v\nafter  %v", before, after)
	}
}

// TestMailboxRefusals: what cannot be logged in to safely is said in
// words, and the command fails.
func TestMailboxRefusals(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	clear := dovecottest.Start(t, dovecottest.Options{NoTLS: true})
	good := mailboxArgs(t, s, dovecottest.Password)
	for _, c := range []struct {
		name  string
		args  []string
		words []string
	}{
		{"wrong password", append(mailboxArgs(t, s, "not-it"), imapsURL(s)), []string{"refused the login", "Authentication failed"}},
		{"untrusted certificate", append(good[:2:2], imapsURL(s)), []string{"is not trusted", "tlsrpt-analyzer test CA", "-ca FILE"}},
		{"no STARTTLS", append(good, fmt.Sprintf("imap://%s@127.0.0.1:%d/INBOX", dovecottest.User, clear.IMAPPort)), []string{"does not offer STARTTLS", "refused"}},
		{"password in the URL", append(good, fmt.Sprintf("imaps://%s:hunter2@localhost:%d/INBOX", dovecottest.User, s.IMAPSPort)), []string{"holds a password"}},
	} {
		for _, cmd := range []struct {
			name string
			f    func([]string, *bytes.Buffer, *bytes.Buffer) int
		}{{"summary", summary}, {"import", importCmd}} {
			args := c.args
			if cmd.name == "import" {
				args = append([]string{"-library", t.TempDir()}, args...)
			}
			code, _, errOut := run(t, cmd.f, args...)
			if code == ExitOK {
				t.Errorf("%s, %s: exit 0", c.name, cmd.name)
			}
			for _, w := range c.words {
				if !strings.Contains(errOut, w) {
					t.Errorf("%s, %s: stderr %q does not say %q", c.name, cmd.name, errOut, w)
				}
			}
			if strings.Contains(errOut, dovecottest.Password) || strings.Contains(errOut, "hunter2") {
				t.Errorf("%s, %s: stderr repeats the password: %q", c.name, cmd.name, errOut)
			}
		}
	}
	if logins := clear.Logins(); len(logins) != 0 {
		t.Errorf("a login reached the server without TLS: %q", logins)
	}
}

// TestMailboxAgreesWithItsMaildir: the mailbox read over IMAP and its own
// Maildir read from disk go by one rule for mail: the same reports, errors
// and warnings. Besides the real samples, one message's zip (a bundle of
// reports) holds a real TLS-RPT report beside the zip of a DMARC report,
// which is dropped as ordinary mail on both paths, not an error on one.
func TestMailboxAgreesWithItsMaildir(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	sd := s.Seed(t, realDir)
	rpt, err := os.ReadFile(filepath.Join(realDir, "sebastka-tlsrpt_google-sts.json"))
	if err != nil {
		t.Fatal(err)
	}
	var zb bytes.Buffer
	z := zip.NewWriter(&zb)
	for name, data := range map[string][]byte{
		"google.com!example.com!1765000000!1765086399.json": rpt,
		"google.com!example.com!1765000000!1765086399.zip":  sd.DMARCZip,
	} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	s.Deliver(t, dovecottest.AttachmentMail("Reports", "application/zip", "reports.zip", zb.Bytes()), false)

	_, fromDisk, _ := run(t, summary, "-json", s.Maildir)
	// The same messages as one mailbox file (mboxrd, RFC 4155).
	files, _ := filepath.Glob(filepath.Join(s.Maildir, "cur", "*"))
	var mbox bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		mbox.WriteString("From reports@example.org Mon Dec  7 09:00:00 2026\n")
		for _, line := range strings.SplitAfter(string(data), "\n") {
			if strings.HasPrefix(strings.TrimLeft(line, ">"), "From ") {
				mbox.WriteString(">")
			}
			mbox.WriteString(line)
		}
		mbox.WriteString("\n")
	}
	mboxPath := filepath.Join(t.TempDir(), "Inbox.mbox")
	if err := os.WriteFile(mboxPath, mbox.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	_, fromMbox, _ := run(t, summary, "-json", mboxPath)
	code, fromBox, errOut := run(t, summary, append(append([]string{"-json"}, mailboxArgs(t, s, dovecottest.Password)...), imapsURL(s))...)
	if code != ExitOK {
		t.Fatalf("summary of the mailbox: exit %d\n%s", code, errOut)
	}
	// The inputs differ (the Maildir's are messages, the mailbox's
	// parts), and so do the sources errors are named by.
	inputs := func(out string) (map[string]any, int) {
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		errs, _ := m["errors"].([]any)
		delete(m, "files")
		delete(m, "errors")
		return m, len(errs)
	}
	want, wantErrs := inputs(fromDisk)
	got, gotErrs := inputs(fromBox)
	if !reflect.DeepEqual(got, want) || gotErrs != wantErrs {
		t.Errorf("the mailbox (%d errors) and its Maildir (%d errors) differ:\n%s\nMaildir:\n%s", gotErrs, wantErrs, fromBox, fromDisk)
	}
	// A mailbox file warns of the messages it skipped; the rest agrees.
	got, gotErrs = inputs(fromMbox)
	delete(got, "warnings")
	delete(want, "warnings")
	if !reflect.DeepEqual(got, want) || gotErrs != wantErrs {
		t.Errorf("the mailbox file (%d errors) and the Maildir (%d errors) differ:\n%s\nMaildir:\n%s", gotErrs, wantErrs, fromMbox, fromDisk)
	}
}
