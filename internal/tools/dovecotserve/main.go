// Command dovecotserve runs the tests' real Dovecot (package dovecottest:
// 127.0.0.1 only, a private CA, one user) seeded with the real samples, for
// scripts/nonetwork.sh. Once it listens it writes one line to the -ready
// file, "IMAPS_PORT CA_FILE PASSWORD_FILE USER EML_COUNT IMAP_PORT" (the
// last offers STARTTLS), and it serves until its standard input closes or
// it gets SIGTERM/SIGINT; then it stops Dovecot and removes its folder.
//
//	go run ./internal/tools/dovecotserve -ready FILE [-real testdata/real | -maildir DIR]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox/dovecottest"
)

// tb is just enough of testing.TB for dovecottest outside a test: failures
// end the program, cleanups run at the end. The methods dovecottest does not
// call are left to the nil embedded interface.
type tb struct {
	testing.TB
	dirs     []string
	cleanups []func()
}

func (t *tb) Helper() {}
func (t *tb) Logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "dovecotserve: "+format+"\n", args...)
}
func (t *tb) Fatal(args ...any)                 { t.fail(fmt.Sprint(args...)) }
func (t *tb) Fatalf(format string, args ...any) { t.fail(fmt.Sprintf(format, args...)) }
func (t *tb) Skipf(format string, args ...any)  { t.fail("cannot run: " + fmt.Sprintf(format, args...)) }
func (t *tb) Cleanup(f func())                  { t.cleanups = append(t.cleanups, f) }

func (t *tb) TempDir() string {
	dir, err := os.MkdirTemp("", "dovecotserve.")
	if err != nil {
		t.fail(err.Error())
	}
	t.dirs = append(t.dirs, dir)
	return dir
}

func (t *tb) done() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
	t.cleanups = nil
	for _, d := range t.dirs {
		os.RemoveAll(d)
	}
	t.dirs = nil
}

func (t *tb) fail(msg string) {
	fmt.Fprintln(os.Stderr, "dovecotserve:", msg)
	t.done()
	os.Exit(1)
}

func main() {
	ready := flag.String("ready", "", "write \"IMAPS_PORT CA_FILE PASSWORD_FILE USER EML_COUNT IMAP_PORT\" to this `file` once Dovecot listens")
	real := flag.String("real", "testdata/real", "deliver the .eml files of this `folder`")
	maildir := flag.String("maildir", "", "deliver the messages of this Maildir `folder` instead (mailcorpus writes one)")
	flag.Parse()
	if *ready == "" {
		fmt.Fprintln(os.Stderr, "dovecotserve: -ready FILE is required")
		os.Exit(2)
	}
	t := &tb{}
	s := dovecottest.Start(t, dovecottest.Options{})
	// The count is of the .eml files delivered, or of the Maildir's messages.
	count := 0
	if *maildir != "" {
		count = s.DeliverMaildir(t, *maildir)
	} else {
		count = len(s.Seed(t, *real).EML)
	}
	pw := filepath.Join(s.Dir, "password")
	if err := os.WriteFile(pw, []byte(dovecottest.Password+"\n"), 0o600); err != nil {
		t.fail(err.Error())
	}
	line := fmt.Sprintf("%d %s %s %s %d %d\n", s.IMAPSPort, s.CAFile, pw, dovecottest.User, count, s.IMAPPort)
	if err := os.WriteFile(*ready+".tmp", []byte(line), 0o644); err != nil {
		t.fail(err.Error())
	}
	if err := os.Rename(*ready+".tmp", *ready); err != nil {
		t.fail(err.Error())
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		io.Copy(io.Discard, os.Stdin)
		stop <- syscall.SIGHUP
	}()
	<-stop
	t.done()
}
