//go:build unix

package library

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
	sqlite3 "modernc.org/sqlite/lib"
)

// A mailbox of 1,050,000,000 bytes (sparse: small on disk) is under the 1
// GiB the library once allowed and over SQLite's 1,000,000,000-byte blob
// limit: it made the whole batch fail with "string or blob too big (18)".
// Now it is refused, named, before it is read, and the report beside it is
// kept.
func TestFileOverSQLitesLimitCostsOnlyItself(t *testing.T) {
	dir := t.TempDir()
	good := write(t, filepath.Join(dir, "good.json"), reportJSON("Google Inc.", "g1", "example.com", 1, 3, 0))
	big := filepath.Join(dir, "big.mbox")
	write(t, big, mboxMessage(reportJSON("Google Inc.", "b1", "example.com", 2, 1, 0)))
	if err := os.Truncate(big, 1_050_000_000); err != nil {
		t.Fatal(err)
	}
	l := open(t, t.TempDir())
	a := analysis.New()
	s, err := l.Import(context.Background(), a, []string{good, big}, ImportOptions{})
	if err != nil || s.New != 1 {
		t.Fatalf("%+v, %v", s, err)
	}
	errs := a.Snapshot().Errors()
	if len(errs) != 1 || !strings.HasSuffix(errs[0].Source, "big.mbox") || !strings.Contains(errs[0].Error, "1,000,000,000 bytes") {
		t.Errorf("errors %+v", errs)
	}
	if res := loaded(t, l); res.Reports != 1 {
		t.Errorf("library holds %d reports, want the good one", res.Reports)
	}
}

// SQLite's own read-only refusal, from a real connection that may not
// write, is said in words without its code.
func TestSQLiteCodesInWords(t *testing.T) {
	l := open(t, t.TempDir())
	ro, err := sql.Open("sqlite", "file:"+l.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, err = ro.Exec(`INSERT INTO meta (key, value) VALUES ('a', 'b')`)
	if err == nil {
		t.Fatal("a read-only connection wrote")
	}
	var w *WriteError
	got := l.damaged(err)
	if !errors.As(got, &w) || !strings.Contains(got.Error(), "read-only") || strings.Contains(got.Error(), "(8)") {
		t.Errorf("%q from %q", got, err)
	}
}

// Named pipes, found through a link in a folder or at library.db, never
// wait for a writer (opening one waited for ever): the folder walk passes
// over a link to one as it passes over the pipe itself, and a pipe at
// library.db is refused.
func TestNamedPipesAreRefusedNotWaitedFor(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "in", "good.json"), reportJSON("Google Inc.", "g1", "example.com", 1, 3, 0))
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink(fifo, filepath.Join(dir, "in", "link.json")); err != nil {
		t.Fatal(err)
	}
	withinAMinute(t, "waiting on a named pipe", func() {
		l := open(t, t.TempDir())
		a := analysis.New()
		s, err := l.Import(context.Background(), a, []string{filepath.Join(dir, "in")}, ImportOptions{})
		if err != nil || s.New != 1 {
			t.Errorf("%+v, %v", s, err)
		}
		if errs := a.Snapshot().Errors(); len(errs) != 0 {
			t.Errorf("errors %+v", errs)
		}
		libDir := filepath.Join(dir, "lib")
		os.Mkdir(libDir, 0o700)
		if err := syscall.Mkfifo(filepath.Join(libDir, FileName), 0o600); err != nil {
			t.Error(err)
			return
		}
		var d *DamagedError
		if _, err := Open(libDir); !errors.As(err, &d) || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("library.db a FIFO: %v", err)
		}
	})
}

// withinAMinute runs f, failing the test with what if it has not ended
// a minute later: what it guards against is waiting for ever.
func withinAMinute(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal(what)
	}
}

// A device is read as standard input is: /dev/zero stops at the limit of
// one report instead of filling memory with the library's limit.
func TestDeviceIsStreamedUnderTheLimit(t *testing.T) {
	l := open(t, t.TempDir())
	a := analysis.New()
	if _, err := l.Import(context.Background(), a, []string{"/dev/zero"}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if errs := a.Snapshot().Errors(); len(errs) != 1 || !strings.Contains(errs[0].Error, "64 MiB limit for one report") {
		t.Errorf("errors %+v", errs)
	}
}

// zeros is an endless stream of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A mailbox on standard input past one report's limit is read when its
// "From " line comes after more blank bytes than a sniff looks at (it was
// cut at 64 MiB as if it were one report); anything else past the limit
// is still refused there.
func TestStreamedMailboxAfterLongBlankStart(t *testing.T) {
	box := append(bytes.Repeat([]byte(" \r\n"), 300), mboxMessage(reportJSON("Google Inc.", "s1", "example.com", 1, 2, 0))...)
	box = append(box, "From x@example.org Mon Nov  2 00:00:00 2026\nSubject: big\n\n"...)
	size := int64(source.MaxReportBytes + 1<<20)
	data, err := ReadStream(io.MultiReader(bytes.NewReader(box), io.LimitReader(zeros{}, size-int64(len(box)))))
	if err != nil || int64(len(data)) != size {
		t.Fatalf("read %d bytes, %v; want %d", len(data), err, size)
	}
	if rs := source.DecodeBytes("stdin", data).Reports(); len(rs) != 1 {
		t.Errorf("%d reports", len(rs))
	}
	if _, err := ReadStream(io.MultiReader(bytes.NewReader(bytes.Repeat([]byte(" \r\n"), 300)), zeros{})); err == nil || !strings.Contains(err.Error(), "64 MiB limit for one report") {
		t.Errorf("zeros after blanks: %v", err)
	}
}

// A FIFO or a pipe named on the command line ("import /tmp/fifo", "import
// <(zcat r.json.gz)") is imported as standard input is, under the same
// limits, to the end of what its writer wrote (it was refused as "a named
// pipe, not a file").
func TestNamedPipeOnCommandLineIsImported(t *testing.T) {
	doc := append(bytes.Repeat([]byte(" \n"), 100<<10), reportJSON("Google Inc.", "p1", "example.com", 1, 3, 0)...)
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, tc := range []struct {
		path  string
		write func() error
	}{
		{fifo, func() error { return os.WriteFile(fifo, doc, 0) }},
		{fmt.Sprintf("/dev/fd/%d", r.Fd()), func() error {
			defer w.Close()
			_, err := w.Write(doc)
			return err
		}},
	} {
		go func() {
			if err := tc.write(); err != nil {
				t.Error(err)
			}
		}()
		withinAMinute(t, tc.path+": still importing a minute after the writer closed", func() {
			l := open(t, t.TempDir())
			a := analysis.New()
			s, err := l.Import(context.Background(), a, []string{tc.path}, ImportOptions{})
			if err != nil || s.New != 1 || len(a.Snapshot().Errors()) != 0 {
				t.Errorf("%s: %+v, %v, errors %+v", tc.path, s, err, a.Snapshot().Errors())
			}
			if st := stats(t, l); st.Originals != 1 || st.OriginalBytes != int64(len(doc)) {
				t.Errorf("%s: the library keeps %d originals of %d bytes, want 1 of %d", tc.path, st.Originals, st.OriginalBytes, len(doc))
			}
		})
	}
}

// A disk that fails to write (here a file size limit, which SQLite meets
// as it meets EIO) is said in words, with the library's file.
func TestDiskErrorInWords(t *testing.T) {
	l := open(t, t.TempDir())
	p := bigReport(t)
	testgen.WithFileSizeLimit(t, 200<<10, func() {
		inWordsFor(t, importFails(t, l, p), sqlite3.SQLITE_IOERR, "disk holding it failed to read or write", "check the disk")
	})
}
