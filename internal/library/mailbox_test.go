package library

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox/dovecottest"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// TestMigrateFromVersion1: a library written by the version before
// mailboxes (testdata/library-v1.db, made by that version's import and
// library -watch) opens, keeps its reports and watches, and takes mailbox
// state.
func TestMigrateFromVersion1(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", "library-v1.db"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, FileName), data)
	l := open(t, dir)
	st := stats(t, l)
	if st.Reports != 2 || len(st.Watches) != 1 || !strings.HasSuffix(st.Watches[0], "testdata/real") {
		t.Errorf("after the upgrade: %d reports, watches %q; the old library had 2 and one folder", st.Reports, st.Watches)
	}
	if res := loaded(t, l); res.Reports != 2 || len(res.Errors) != 0 {
		t.Errorf("read back %d reports, %d errors", res.Reports, len(res.Errors))
	}
	u, err := mailbox.ParseURL("imaps://me@mail.example.com/INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if err := l.AddMailboxWatch(u, mailbox.Options{PasswordCommand: "pass show mail", CAFile: "/etc/ca.pem"}); err != nil {
		t.Fatal(err)
	}
	when := time.UnixMilli(1765100000000)
	if err := l.SetMailboxOutcome(u, when, "3 new reports"); err != nil {
		t.Fatal(err)
	}
	m, err := l.MailboxOf(u)
	if err != nil || m.PasswordCommand != "pass show mail" || m.CAFile != "/etc/ca.pem" || !m.Checked.Equal(when) || m.Outcome != "3 new reports" {
		t.Errorf("mailbox read back as %+v, %v", m, err)
	}
	l.Close()
	db, err := sql.Open("sqlite", filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != 2 {
		t.Errorf("schema version after the upgrade = %d, %v; want 2", version, err)
	}
}

// importChildMailbox is the import of TestKillDuringMailboxImport's child:
// the mailbox $KILL_CHILD_URL.
func importChildMailbox(l *Library, opt ImportOptions) error {
	u, err := mailbox.ParseURL(os.Getenv("KILL_CHILD_URL"))
	if err != nil {
		return err
	}
	mopt := mailbox.Options{PasswordCommand: "cat " + os.Getenv("KILL_CHILD_PW"), CAFile: os.Getenv("KILL_CHILD_CA"), Limit: source.MaxReportBytes}
	_, _, err = l.ImportMailbox(context.Background(), analysis.New(), u, mopt, opt)
	return err
}

// TestKillDuringMailboxImport kills an import of a real Dovecot mailbox at
// moments between commits: nothing committed is lost, the next import
// downloads only what no commit kept (Dovecot's out= bytes of each
// session, against a whole read's), and the last completes the library
// exactly, each report once.
func TestKillDuringMailboxImport(t *testing.T) {
	if testing.Short() {
		t.Skip("delivers and imports hundreds of messages several times")
	}
	s := dovecottest.Start(t, dovecottest.Options{})
	const total = 600
	for i := range total {
		report := reportJSON("Google Inc.", fmt.Sprintf("mbox-kill-%04d", i), "example.com", 1+i%28, i%7, i%3)
		s.Deliver(t, dovecottest.AttachmentMail("Report "+strconv.Itoa(i), "application/tlsrpt+json", "report.json", report), false)
	}
	pw := write(t, filepath.Join(t.TempDir(), "pw"), []byte(dovecottest.Password+"\n"))
	url := fmt.Sprintf("imaps://%s@localhost:%d/INBOX", dovecottest.User, s.IMAPSPort)
	u, _ := mailbox.ParseURL(url)
	opt := mailbox.Options{PasswordCommand: "cat " + pw, CAFile: s.CAFile, Limit: source.MaxReportBytes}
	// What reading the whole mailbox costs, in a session of its own.
	if _, err := ReadMailboxInto(context.Background(), analysis.New(), u, opt); err != nil {
		t.Fatal(err)
	}
	whole := s.Sessions(t, 1)[0].Out
	// A session that starts after the first k of the total messages sends
	// at most their share of the whole, and a little for the login and
	// the mailbox's status.
	most := func(k int) int64 { return whole*int64(total-k)/total + whole/20 }
	lib := t.TempDir()
	for run, afterCommits := range []int{1, 3, 6} {
		before := 0
		if _, err := os.Stat(filepath.Join(lib, FileName)); err == nil {
			l := open(t, lib)
			before = stats(t, l).Reports
			m, err := l.MailboxOf(u)
			l.Close()
			// One report a message, in UID order: the state saved is
			// the number of messages whose reports are kept.
			if err != nil || m.State.LastUID != uint32(before) {
				t.Errorf("run %d: after the kill the library holds %d reports and says it read through UID %d (%v)", run, before, m.State.LastUID, err)
			}
		}
		committed, commits, finished := killChild(t, afterCommits, 0, "KILL_CHILD_MAILBOX_LIB="+lib, "KILL_CHILD_URL="+url, "KILL_CHILD_PW="+pw, "KILL_CHILD_CA="+s.CAFile)
		l := open(t, lib)
		got := stats(t, l).Reports
		l.Close()
		sent := s.Sessions(t, run+2)[run+1].Out
		t.Logf("run %d: killed after %d commits (%d reports committed; finished %v); library holds %d, had %d; Dovecot sent %d bytes (a whole read %d)", run, commits, committed, finished, got, before, sent, whole)
		if got < before+committed || got > total {
			t.Errorf("run %d: the library holds %d reports, want at least %d+%d and at most %d", run, got, before, committed, total)
		}
		if sent > most(before) {
			t.Errorf("run %d: Dovecot sent %d bytes to an import resuming after %d of %d messages; a whole read is %d, so want at most %d", run, sent, before, total, whole, most(before))
		}
	}
	l := open(t, lib)
	before := stats(t, l).Reports
	if _, _, err := l.ImportMailbox(context.Background(), analysis.New(), u, opt, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	last := s.Sessions(t, 5)[4].Out
	t.Logf("last import, after %d of %d messages: Dovecot sent %d bytes (a whole read %d)", before, total, last, whole)
	if before < total/2 || last > most(before) {
		t.Errorf("the last import resumed after %d of %d messages and Dovecot sent it %d bytes; want at least half kept by the kills, and at most %d of a whole read's %d bytes", before, total, last, most(before), whole)
	}
	res := loaded(t, l)
	if res.Reports != total || res.Duplicates != 0 || len(res.Errors) != 0 {
		t.Errorf("after the last import: %d reports, %d duplicates, %d errors; want %d", res.Reports, res.Duplicates, len(res.Errors), total)
	}
	var ok int64
	for i := range total {
		ok += int64(i % 7)
	}
	if res.SuccessfulSessions != ok {
		t.Errorf("successful sessions %d, want %d", res.SuccessfulSessions, ok)
	}
	m, err := l.MailboxOf(u)
	if err != nil || m.State.LastUID != total {
		t.Errorf("state after the last import %+v, %v; want last UID %d", m.State, err, total)
	}
	_, ms, err := l.ImportMailbox(context.Background(), analysis.New(), u, opt, ImportOptions{})
	if err != nil || ms.Messages != 0 {
		t.Errorf("an import after the complete one read %d messages (%v), want 0", ms.Messages, err)
	}
}
