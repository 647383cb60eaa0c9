package library

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNoLibrary says that a folder holds no library: a command that only
// reads one (summary, check, metrics) must not create it where a typo put
// it.
var ErrNoLibrary = errors.New("no library")

// checkFolder refuses a folder that holds other files and no library: a
// -library pointing at a folder of reports would otherwise drop the
// database among them. An empty or new folder, or a library's own (the
// database and SQLite's files beside it), is fine.
func checkFolder(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	var other string
	for _, e := range ents {
		if e.Name() == FileName {
			return nil
		}
		if other == "" && !strings.HasPrefix(e.Name(), FileName+"-") {
			other = e.Name()
		}
	}
	if other != "" {
		return fmt.Errorf("%s is not a library: it holds other files (%s among them) and no %s; name a new or empty folder, or a library's own", dir, other, FileName)
	}
	return nil
}

// OpenExisting opens the library in dir only if there is one, or returns
// an error that wraps ErrNoLibrary.
func OpenExisting(dir string) (*Library, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := checkFolder(dir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w in %s: import or the window create one, this command only reads it", ErrNoLibrary, dir)
	}
	l, err := Open(dir)
	var e *sqlite.Error
	if errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_READONLY {
		// On a read-only folder or disk SQLite cannot make the files
		// beside it that a writer needs; a reader needs none.
		if ro, roErr := openReadOnly(dir); roErr == nil {
			return ro, nil
		}
	}
	return l, err
}

// openReadOnly opens the library in dir without ever writing to it, if it
// is one of the current schema, on a folder where no writer can be: SQLite
// reads a database in write-ahead-log mode only beside its -shm file, which
// it cannot create there, unless told that the file cannot change
// (immutable). It cannot: a writer's log could not be created beside it
// either. A log that is there (from a writer killed before the folder was
// made read-only) holds commits the file lacks, so then it is not opened.
func openReadOnly(dir string) (*Library, error) {
	path := filepath.Join(dir, FileName)
	if _, err := os.Lstat(path + "-wal"); err == nil {
		return nil, errors.New("a write-ahead log is beside it")
	}
	db, err := sql.Open("sqlite", dataSource(path)+"&mode=ro&immutable=1")
	if err != nil {
		return nil, err
	}
	l := &Library{dir: dir, path: path, db: db, now: time.Now}
	var appID, version int
	err = db.QueryRow(`SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version)`).Scan(&appID, &version)
	if err == nil && (appID != applicationID || version != schemaVersion) {
		err = fmt.Errorf("not a library of schema %d", schemaVersion)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return l, nil
}
