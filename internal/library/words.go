package library

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// WriteError is a library that could not be read or written for a reason
// of the machine (a read-only folder, a full disk, a lock held too long),
// said in words with what to do. SQLite's own message and code (such as
// "attempt to write a readonly database (1544)") stay in Unwrap's error
// for whoever debugs, but are not what a user reads.
type WriteError struct {
	Path  string
	Words string
	err   error
}

func (e *WriteError) Error() string { return fmt.Sprintf("library %s: %s", e.Path, e.Words) }

func (e *WriteError) Unwrap() error { return e.err }

// sqliteWords says what SQLite's primary result code means for the user,
// or "" for codes that are not the machine's fault (bugs, damage).
func sqliteWords(code int) string {
	switch code & 0xff { // the primary code of an extended one
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		// Not what became of what was read: opening the library meets this
		// too, and the caller says it.
		return "it cannot be written (the folder or the file is read-only, or on a read-only disk); " +
			"make it writable, or choose another library folder with -library DIR"
	case sqlite3.SQLITE_FULL:
		return "the disk holding it is full; free some space and open the files again. What was kept before stays"
	case sqlite3.SQLITE_IOERR:
		return "the disk holding it failed to read or write (an input/output error); check the disk. What was kept before stays"
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return "another program has held it locked for more than 30 seconds; close that program and try again"
	case sqlite3.SQLITE_CANTOPEN:
		return "its file cannot be opened; check that the folder exists and is yours"
	case sqlite3.SQLITE_TOOBIG:
		return fmt.Sprintf("a file is larger than the %s bytes SQLite keeps in one piece, so nothing more was kept; "+
			"open the other files again without it, and read that one without the library (summary FILE)", sqliteMaxBytesText)
	}
	return ""
}

// inWords wraps err in a WriteError when SQLite's code says what the
// machine did wrong.
func (l *Library) inWords(err error) error {
	var e *sqlite.Error
	if errors.As(err, &e) {
		if w := sqliteWords(e.Code()); w != "" {
			return &WriteError{Path: l.path, Words: w, err: err}
		}
	}
	return nil
}
