package library

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
)

// Watches lists the watched folders, mailbox files and IMAP mailboxes
// (their canonical URLs), sorted.
func (l *Library) Watches() ([]string, error) {
	rows, err := l.db.Query(`SELECT path FROM watches ORDER BY path`)
	if err != nil {
		return nil, l.damaged(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, l.damaged(err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// AddWatch remembers a folder (or a mailbox file) to watch.
func (l *Library) AddWatch(path string) (string, error) {
	path, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(path); err != nil {
		return "", err
	}
	err = l.tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO watches (path, added) VALUES (?, ?) ON CONFLICT DO NOTHING`, path, l.now().UnixMilli())
		return err
	})
	if err != nil {
		return "", l.damaged(err)
	}
	return path, nil
}

// RemoveWatch stops watching path. Its reports stay in the library unless
// dropReports is set; then the reports read from files below it go too.
func (l *Library) RemoveWatch(path string, dropReports bool) error {
	pattern := likePrefix(path, filepath.Separator)
	err := l.tx(context.Background(), func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM watches WHERE path = ?`, path); err != nil {
			return err
		}
		if dropReports {
			if _, err := tx.Exec(`DELETE FROM reports WHERE original IN (SELECT original FROM files
				WHERE (path = ?1 OR path LIKE ?2 ESCAPE '\') AND original IS NOT NULL)`, path, pattern); err != nil {
				return err
			}
			if err := dropOrphans(tx); err != nil {
				return err
			}
			// Forget the files too, so that watching the folder again
			// reads them again.
			if _, err := tx.Exec(`DELETE FROM files WHERE path = ?1 OR path LIKE ?2 ESCAPE '\'`, path, pattern); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return l.damaged(err)
	}
	if dropReports {
		return l.shrink(false)
	}
	return nil
}

// Changed lists the report files below paths (searched as Import searches
// them) that are new or differ in size or time from when they were last
// imported: what arrived in a watched folder while the app was closed.
func (l *Library) Changed(ctx context.Context, paths []string) ([]string, error) {
	type seen struct{ size, mtime int64 }
	known := make(map[string]seen)
	rows, err := l.db.QueryContext(ctx, `SELECT path, size, mtime FROM files`)
	if err != nil {
		return nil, l.damaged(err)
	}
	for rows.Next() {
		var p string
		var s seen
		if err := rows.Scan(&p, &s.size, &s.mtime); err != nil {
			rows.Close()
			return nil, l.damaged(err)
		}
		known[p] = s
	}
	rows.Close()
	var out []string
	source.Walk(ctx, paths, func(path string, err error) bool {
		if err != nil {
			return true // gone or unreadable: nothing to import
		}
		info, err := os.Stat(path)
		if err != nil || info.IsDir() {
			return true
		}
		if k, ok := known[path]; !ok || k.size != info.Size() || k.mtime != info.ModTime().UnixNano() {
			out = append(out, path)
		}
		return true
	})
	return out, ctx.Err()
}

// AddMailboxWatch remembers mailbox u to watch, logged in to as opt says
// (how, never the secret).
func (l *Library) AddMailboxWatch(u mailbox.URL, opt mailbox.Options) error {
	err := l.tx(context.Background(), func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO watches (path, added) VALUES (?, ?) ON CONFLICT DO NOTHING`, u.String(), l.now().UnixMilli()); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT INTO mailboxes (url, password_command, ca_file, auth) VALUES (?1, ?2, ?3, ?4)
			ON CONFLICT (url) DO UPDATE SET password_command = ?2, ca_file = ?3, auth = ?4`, u.String(), opt.PasswordCommand, opt.CAFile, opt.Auth)
		return err
	})
	if err != nil {
		return l.damaged(err)
	}
	return nil
}
