package library

import (
	"context"
	"database/sql"
)

// Meta returns the value a command kept under key in the library, and
// whether there was one. Keys belong to the commands that write them
// (news_seen_until, check_reported); the library only stores them.
func (l *Library) Meta(key string) (string, bool, error) {
	var v string
	err := l.db.QueryRow(`SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, l.damaged(err)
	}
	return v, true, nil
}

// SetMeta keeps value under key, replacing what was there.
func (l *Library) SetMeta(key, value string) error {
	err := l.tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`, key, value)
		return err
	})
	if err != nil {
		return l.damaged(err)
	}
	return nil
}
