// Package library keeps the reports a user opened on this computer: the
// original bytes as received, in one SQLite database (library.db) inside
// the library folder, so that the next launch, "summary -library" and a
// later version of the parser all read them again. It decodes with the
// analysis package and knows nothing of windows.
//
// The database is an ordinary SQLite 3 file that sqlite3 opens; its schema
// is versioned with PRAGMA user_version and marked as this program's with
// PRAGMA application_id, so a foreign or damaged file at the library path
// is named as such and never written to. SQLite's write-ahead log makes
// every import batch atomic (a kill at any moment loses at most the batch
// being written) and lets several processes share the library: a window
// and a mail server's "import -" pipe may write at the same time.
package library

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	// Pure Go SQLite: no cgo, so CGO_ENABLED=0 tests and the Windows
	// cross-build keep working.
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the database inside the library folder.
const FileName = "library.db"

const (
	// applicationID marks the database as a TLS-RPT Analyzer library
	// ("TLSR"), as PRAGMA application_id is meant to.
	applicationID = 0x544c5352
	// schemaVersion is PRAGMA user_version of the current schema: 2 added
	// mailboxes (see migrations).
	schemaVersion = 2
)

// schema is version 1. originals holds each input file once, content-
// addressed: its hash is the first 8 bytes of its SHA-256. reports names every
// report kept and the original it is read from; its id is the first 8 bytes
// of the SHA-256 of organization-name NUL report-id, which makes a report
// the library has twice impossible. Deriving them from content spares the
// wide indexes (on SHA-256, on organization and report-id) that would
// otherwise double the space small reports take. files remembers what a watched folder's files held, so a file is
// only read again when it changed.
const schema = `
CREATE TABLE folders (
	id   INTEGER PRIMARY KEY,
	path TEXT NOT NULL UNIQUE
);
CREATE TABLE originals (
	id       INTEGER PRIMARY KEY,      -- in the order they arrived
	hash     INTEGER NOT NULL UNIQUE,  -- the first 8 bytes of sha256, big-endian, signed
	sha256   BLOB NOT NULL,
	folder   INTEGER,              -- folders.id of where it was read from; NULL for standard input
	name     TEXT NOT NULL,        -- its file name there, or "standard input"
	received INTEGER NOT NULL,     -- Unix milliseconds
	data     BLOB NOT NULL         -- the file, email or mailbox exactly as received
);
CREATE TABLE reports (
	id              INTEGER PRIMARY KEY,  -- first 8 bytes of sha256(organization NUL report_id), see key.go
	organization    TEXT NOT NULL,
	report_id       TEXT,                 -- NULL when the report has none
	original        INTEGER NOT NULL,     -- originals.hash
	member          TEXT,                 -- ":MEMBER" inside an archive or mailbox; NULL for the whole original
	start_time      INTEGER NOT NULL,     -- Unix seconds, UTC
	end_time        INTEGER NOT NULL,
	failing_domains TEXT NOT NULL,        -- policy domains with failed sessions, space-separated
	imported        INTEGER NOT NULL,     -- Unix milliseconds
	unattended      INTEGER NOT NULL      -- 1 when it arrived unasked: a watched folder, the import command
);
CREATE INDEX reports_original ON reports (original);
CREATE TABLE files (
	path     TEXT PRIMARY KEY,
	size     INTEGER NOT NULL,
	mtime    INTEGER NOT NULL,  -- Unix nanoseconds
	original INTEGER            -- originals.hash; NULL when the file held no report
) WITHOUT ROWID;
CREATE TABLE watches (
	path  TEXT PRIMARY KEY,
	added INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
` + mailboxesTable

// mailboxesTable remembers, per IMAP mailbox (its canonical URL), where the
// last read ended (RFC 3501 section 2.3.1.1: UIDs below last_uid were read
// while uidvalidity holds), how it is logged in to (never the secret itself:
// a command that prints it, or the keyring), and the outcome of the last
// check, for the window's list.
const mailboxesTable = `
CREATE TABLE mailboxes (
	url              TEXT PRIMARY KEY,
	uidvalidity      INTEGER NOT NULL DEFAULT 0,
	last_uid         INTEGER NOT NULL DEFAULT 0,
	password_command TEXT NOT NULL DEFAULT '',
	ca_file          TEXT NOT NULL DEFAULT '',
	auth             TEXT NOT NULL DEFAULT '',
	checked          INTEGER NOT NULL DEFAULT 0,  -- Unix milliseconds of the last check; 0 before the first
	outcome          TEXT NOT NULL DEFAULT ''     -- what the last check found, in words
) WITHOUT ROWID;
`

// migrations[v] upgrades schema version v to v+1.
var migrations = map[int]string{1: mailboxesTable}

// Library is an open library. Its methods are safe for concurrent use;
// writes from one process run one at a time, and SQLite serialises them
// with other processes.
type Library struct {
	dir  string
	path string
	db   *sql.DB
	// write serialises this process's write transactions, so that they
	// queue here instead of spinning on SQLite's busy handler.
	write sync.Mutex
	now   func() time.Time
	// own are the originals this Library wrote, as ranges of their ids:
	// LoadNew leaves them to the import that wrote them. Guarded by ownMu,
	// not write: write is held for a whole import batch (a mailbox read
	// waiting on its server), and the window's arrivals poll must not
	// wait for it. A batch commits and is added to own under ownMu, so
	// whoever reads own after SQLite showed it a batch finds it there.
	ownMu sync.Mutex
	own   []idRange
}

// DamagedError says that the file at the library path is not a library
// this program can use. The file is left as it is.
type DamagedError struct {
	Path   string
	Reason string
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("%s is not a TLS-RPT Analyzer library (%s); it was left untouched. "+
		"Move it away, or choose another library folder with -library DIR", e.Path, e.Reason)
}

// DefaultDir is the library the window and the command line use when no
// -library is given: the user's data folder ($XDG_DATA_HOME or
// ~/.local/share on Linux and BSD, Application Support on macOS,
// %AppData% on Windows), in tlsrpt-analyzer/library.
func DefaultDir() (string, error) {
	var base string
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "android":
		d, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		base = d
	default:
		if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
			base = d
		} else {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", err
			}
			base = filepath.Join(home, ".local", "share")
		}
	}
	return filepath.Join(base, "tlsrpt-analyzer", "library"), nil
}

// Open opens the library in dir, creating the folder (0700) and the
// database (0600) when they do not exist; a folder of other files is
// refused (checkFolder).
func Open(dir string) (*Library, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		return nil, &DamagedError{Path: dir, Reason: "it is a file, not a folder"}
	}
	if err := checkFolder(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot create the library folder: %w", err)
	}
	path := filepath.Join(dir, FileName)
	if err := checkOrCreate(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dataSource(path))
	if err != nil {
		return nil, err
	}
	// Each connection keeps its page cache (an import's fills the 32 MB)
	// while it waits in the pool: closed when idle, a window holding
	// 20,000 reports gives back 25 MiB (issue 23). Opening one again costs
	// a millisecond.
	db.SetConnMaxIdleTime(connMaxIdle)
	l := &Library{dir: dir, path: path, db: db, now: time.Now}
	// Processes opening a new library at once meet SQLite's locks where
	// its busy timeout does not wait (switching the file to the
	// write-ahead log, reading a log another process is setting up); they
	// try again until one has finished.
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		err = l.prepare()
		if err == nil {
			return l, nil
		}
		if !isBusy(err) || time.Since(start) > busyWait {
			db.Close()
			return nil, err
		}
	}
}

// dataSource is how the database at path is opened. synchronous=FULL
// makes a committed import survive a power cut, not only a killed
// process. A 32 MB page cache holds an import batch without spilling it,
// and temp_store keeps the statement journals of many-row inserts in
// memory: on disk they wrote every page three times more. _txlock=immediate
// takes the write lock when a transaction starts, so two writers wait for
// each other instead of failing on a lock upgrade.
func dataSource(path string) string {
	return "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=busy_timeout(30000)&_pragma=synchronous(FULL)&_pragma=foreign_keys(OFF)&_pragma=cache_size(-32768)&_pragma=temp_store(MEMORY)&_txlock=immediate"
}

// connMaxIdle is how long a connection waits in the pool before it is
// closed.
const connMaxIdle = 2 * time.Second

// busyWait bounds how long Open waits for another process's lock, as
// the busy timeout does for statements.
const busyWait = 30 * time.Second

// isBusy tells whether err is SQLite's SQLITE_BUSY: another connection
// holds the lock.
func isBusy(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_BUSY // and its extended codes
}

// sqliteHeader starts every SQLite 3 database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// checkOrCreate makes sure path is an SQLite database or creates an empty
// one, readable by the user only (SQLite gives its -wal and -shm files the
// same mode). Anything else there is refused before SQLite touches it.
func checkOrCreate(path string) error {
	// Opening a named pipe or a device waits or reads for ever.
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return &DamagedError{Path: path, Reason: "it is " + fileKind(info.Mode()) + ", not a file"}
	}
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if errors.Is(err, os.ErrNotExist) {
		f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			return f.Close()
		}
		if !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("cannot create the library: %w", err)
		}
		// Another process created it meanwhile: check it as any other.
		f, err = os.OpenFile(path, os.O_RDONLY, 0)
	}
	if err != nil {
		return fmt.Errorf("cannot open the library: %w", err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	switch {
	case n == 0 && errors.Is(err, io.EOF):
		return nil // created and never written, as after a kill during the first open
	case err != nil && !errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("cannot read the library: %w", err)
	case !bytes.Equal(head[:n], sqliteHeader):
		return &DamagedError{Path: path, Reason: "it is not an SQLite database"}
	}
	return nil
}

// prepare checks that the database is ours and creates or upgrades the
// schema. A database of another program is refused without a write.
func (l *Library) prepare() error {
	ctx := context.Background()
	var appID, version, tables int
	err := l.db.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)`).Scan(&appID, &version, &tables)
	if err != nil {
		return l.damaged(err)
	}
	switch {
	case appID == 0 && version == 0 && tables == 0:
		// A new library. Incremental auto-vacuum must be chosen before the
		// first table; it lets Remove give space back.
		if _, err := l.db.ExecContext(ctx, `PRAGMA auto_vacuum = INCREMENTAL`); err != nil {
			return l.damaged(err)
		}
		created := false
		err := l.tx(ctx, func(tx *sql.Tx) error {
			// Another process may have created the library since the check
			// above: the immediate transaction makes the two wait for each
			// other, and the later one finds the tables.
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&tables); err != nil || tables > 0 {
				return err
			}
			created = true
			if _, err := tx.ExecContext(ctx, schema); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d; PRAGMA user_version = %d`, applicationID, schemaVersion))
			return err
		})
		if err != nil {
			return l.damaged(err)
		}
		if !created {
			return l.prepare() // check what the other process made
		}
	case appID != applicationID:
		return &DamagedError{Path: l.path, Reason: "it is an SQLite database of another program"}
	case version > schemaVersion:
		return fmt.Errorf("%s was written by a newer version of TLS-RPT Analyzer (library schema %d; this version reads up to %d); it was left untouched", l.path, version, schemaVersion)
	case version < 1:
		return &DamagedError{Path: l.path, Reason: fmt.Sprintf("unknown schema version %d", version)}
	}
	if version > 0 && version < schemaVersion {
		if err := l.migrate(ctx); err != nil {
			return l.damaged(err)
		}
	}
	// The write-ahead log lets readers go on while another process
	// imports; it is a property of the file, set once.
	var mode string
	if err := l.db.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode); err != nil {
		return l.damaged(err)
	}
	// Keep the log from staying at its largest size after a big import.
	if _, err := l.db.ExecContext(ctx, `PRAGMA journal_size_limit = 4194304`); err != nil {
		return l.damaged(err)
	}
	return nil
}

// migrate upgrades an older library to schemaVersion, each step in one
// transaction with its version, so a kill leaves one version or the next.
func (l *Library) migrate(ctx context.Context) error {
	return l.tx(ctx, func(tx *sql.Tx) error {
		var version int
		// Read inside the write lock: another process may have upgraded it.
		if err := tx.QueryRowContext(ctx, `SELECT user_version FROM pragma_user_version`).Scan(&version); err != nil {
			return err
		}
		for ; version < schemaVersion; version++ {
			if _, err := tx.ExecContext(ctx, migrations[version]); err != nil {
				return fmt.Errorf("upgrading the library from schema %d: %w", version, err)
			}
		}
		_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion))
		return err
	})
}

// damaged turns SQLite's words for a broken file into a DamagedError,
// and its codes for the machine's faults into words (WriteError).
func (l *Library) damaged(err error) error {
	msg := err.Error()
	for _, s := range []string{"not a database", "malformed", "corrupt"} {
		if strings.Contains(msg, s) {
			return &DamagedError{Path: l.path, Reason: "the database is damaged: " + msg}
		}
	}
	if w := l.inWords(err); w != nil {
		return w
	}
	return fmt.Errorf("library %s: %w", l.path, err)
}

// tx runs f in one write transaction.
func (l *Library) tx(ctx context.Context, f func(*sql.Tx) error) error {
	l.write.Lock()
	defer l.write.Unlock()
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Close closes the database.
func (l *Library) Close() error { return l.db.Close() }

// Dir is the library folder.
func (l *Library) Dir() string { return l.dir }

// Path is the database file.
func (l *Library) Path() string { return l.path }

// Stats is what the library holds and what it costs on disk.
type Stats struct {
	Reports   int
	Originals int
	// OriginalBytes is the size of the originals as received; DiskBytes
	// what the database files take (library.db and its -wal and -shm).
	OriginalBytes, DiskBytes int64
	Watches                  []string
}

// Stats counts the reports and measures the files.
func (l *Library) Stats() (Stats, error) {
	var s Stats
	err := l.db.QueryRow(`SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM originals),
		(SELECT coalesce(sum(length(data)), 0) FROM originals)`).Scan(&s.Reports, &s.Originals, &s.OriginalBytes)
	if err != nil {
		return s, l.damaged(err)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if info, err := os.Stat(l.path + suffix); err == nil {
			s.DiskBytes += info.Size()
		}
	}
	s.Watches, err = l.Watches()
	return s, err
}

// Forget empties the library: every report, original, watched folder,
// mailbox state and what's-new mark. The file shrinks back to almost nothing.
func (l *Library) Forget() error {
	err := l.tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`DELETE FROM reports; DELETE FROM originals; DELETE FROM folders; DELETE FROM files; DELETE FROM watches; DELETE FROM meta; DELETE FROM mailboxes;`)
		return err
	})
	if err != nil {
		return l.damaged(err)
	}
	return l.shrink(true)
}

// shrink gives the space of deleted rows back to the file system: all of
// it with VACUUM (after Forget), or the free pages otherwise.
func (l *Library) shrink(full bool) error {
	l.write.Lock()
	defer l.write.Unlock()
	q := `PRAGMA incremental_vacuum`
	if full {
		q = `VACUUM`
	}
	if _, err := l.db.Exec(q); err != nil {
		return l.damaged(err)
	}
	_, err := l.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}
