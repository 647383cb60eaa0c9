package library

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// reopened is l opened again with params added to its data source, on one
// connection that stays open.
func reopened(t *testing.T, l *Library, params string) {
	t.Helper()
	db, err := sql.Open("sqlite", dataSource(l.path)+params)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	l.db.Close()
	l.db = db
}

// bigReport writes a report of about 300 KB, larger than a small limit,
// and returns its path.
func bigReport(t *testing.T) string {
	t.Helper()
	doc := append([]byte(strings.Repeat(" \n", 150<<10)), reportJSON("Google Inc.", "w1", "example.com", 1, 3, 0)...)
	return write(t, filepath.Join(t.TempDir(), "r.json"), doc)
}

// importFails imports the report at path into l and returns the error.
func importFails(t *testing.T, l *Library, path string) error {
	t.Helper()
	_, err := l.Import(context.Background(), analysis.New(), []string{path}, ImportOptions{})
	if err == nil {
		t.Fatal("the import succeeded")
	}
	return err
}

// inWordsFor checks that err, what the library returned, is SQLite's
// code (the condition meant) said in words: a WriteError naming the
// database, saying words, without SQLite's own message or its number.
func inWordsFor(t *testing.T, err error, code int, words ...string) {
	t.Helper()
	var w *WriteError
	var e *sqlite.Error
	if !errors.As(err, &w) || !errors.As(err, &e) {
		t.Fatalf("%q is not in words", err)
	}
	if e.Code()&0xff != code {
		t.Fatalf("SQLite said %q, not the code %d meant", e, code)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "library "+w.Path+": ") || filepath.Base(w.Path) != FileName {
		t.Errorf("%q does not name the library's file", msg)
	}
	for _, s := range words {
		if !strings.Contains(msg, s) {
			t.Errorf("%q does not say %q", msg, s)
		}
	}
	sqliteSays, _, _ := strings.Cut(e.Error(), " (")
	if strings.Contains(msg, sqliteSays) || strings.Contains(msg, fmt.Sprintf("(%d)", e.Code())) {
		t.Errorf("%q shows SQLite's %q", msg, e)
	}
}

// Each of SQLite's codes for the machine's faults, made to happen on a
// real library (CI runs as root, so no folder is read-only to it, and it
// has no small disk to fill), reaches the caller in words (issue 22 point
// 9): the words the command line prints and the window shows.
func TestSQLiteConditionsInWords(t *testing.T) {
	t.Run("read-only", func(t *testing.T) {
		l := open(t, t.TempDir())
		reopened(t, l, "&mode=ro")
		err := importFails(t, l, bigReport(t))
		inWordsFor(t, err, sqlite3.SQLITE_READONLY, "cannot be written", "read-only", "choose another library folder with -library DIR")
		// Opening a library meets it too, where nothing was to be kept:
		// the caller says what became of what was read.
		if strings.Contains(err.Error(), "kept") {
			t.Errorf("%q says what was kept", err)
		}
	})
	t.Run("full", func(t *testing.T) {
		l := open(t, t.TempDir())
		var pages int
		if err := l.db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
			t.Fatal(err)
		}
		// The database may not grow: as a full disk, in SQLite's terms.
		reopened(t, l, fmt.Sprintf("&_pragma=max_page_count(%d)", pages))
		inWordsFor(t, importFails(t, l, bigReport(t)), sqlite3.SQLITE_FULL, "disk holding it is full", "free some space", "What was kept before stays")
	})
	t.Run("locked", func(t *testing.T) {
		l := open(t, t.TempDir())
		// Another program's library holds the write lock; this one waits
		// no time, where the library waits 30 seconds.
		tx, err := open(t, l.dir).db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		reopened(t, l, "")
		if _, err := l.db.Exec(`PRAGMA busy_timeout = 0`); err != nil {
			t.Fatal(err)
		}
		inWordsFor(t, importFails(t, l, bigReport(t)), sqlite3.SQLITE_BUSY, "another program has held it locked", "close that program and try again")
	})
	t.Run("too big", func(t *testing.T) {
		l := open(t, t.TempDir())
		reopened(t, l, "")
		// SQLite's length limit, lowered on the one connection: the file
		// is larger than a blob may be.
		conn, err := l.db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sqlite.Limit(conn, sqlite3.SQLITE_LIMIT_LENGTH, 100_000); err != nil {
			t.Fatal(err)
		}
		conn.Close()
		inWordsFor(t, importFails(t, l, bigReport(t)), sqlite3.SQLITE_TOOBIG, "larger than the 1,000,000,000 bytes", "open the other files again without it", "summary FILE")
	})
}
