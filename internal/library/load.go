package library

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/ordered"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// original is one stored input on its way to being decoded.
type original struct {
	id     int64
	source string
	data   []byte
	dec    *source.Decoded
}

// Load decodes every original in the library and adds to a the reports
// the library keeps: not those removed, nor the copies of a report kept
// from another original. The originals are read again with today's
// parser, which is what keeping them is for. onProgress, if set, is
// called after every original.
func (l *Library) Load(ctx context.Context, a *analysis.Analysis, onProgress func(source.Progress)) error {
	// A read transaction gives one consistent view while another process
	// imports.
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return l.damaged(err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return l.damaged(err)
	}
	defer tx.Rollback()
	kept, total, err := keptReports(ctx, tx)
	if err != nil {
		return l.damaged(err)
	}
	// In the order they arrived, which is the table's own order.
	rows, err := tx.QueryContext(ctx, `SELECT o.hash, f.path, o.name, o.data FROM originals o
		LEFT JOIN folders f ON f.id = o.folder ORDER BY o.id`)
	if err != nil {
		return l.damaged(err)
	}
	defer rows.Close()
	done := 0
	ordered.Run(ctx, 0, func(emit func(original) bool) {
		for rows.Next() {
			var o original
			var dir sql.NullString
			if err = rows.Scan(&o.id, &dir, &o.source, &o.data); err != nil {
				return
			}
			if dir.Valid {
				o.source = filepath.Join(dir.String, o.source)
			}
			if !emit(o) {
				return
			}
		}
		err = rows.Err()
	}, func(o original) original {
		o.dec = source.DecodeBytes(o.source, o.data)
		o.data = nil
		o.dec.Keep(func(r source.DecodedReport) bool { return kept[decodedRowID(r, o.id, o.source)] == o.id })
		return o
	}, func(o original) {
		a.AddDecoded(o.dec)
		done++
		if onProgress != nil {
			onProgress(source.Progress{Done: done, Found: total})
		}
	})
	if err != nil {
		return l.damaged(err)
	}
	return ctx.Err()
}

// keptReports maps each report the library keeps to the original it is
// read from, and counts the originals.
func keptReports(ctx context.Context, tx *sql.Tx) (map[int64]int64, int, error) {
	var total, n int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM originals), (SELECT count(*) FROM reports)`).Scan(&total, &n); err != nil {
		return nil, 0, err
	}
	kept := make(map[int64]int64, n)
	rows, err := tx.QueryContext(ctx, `SELECT id, original FROM reports`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, orig int64
		if err := rows.Scan(&id, &orig); err != nil {
			return nil, 0, err
		}
		kept[id] = orig
	}
	return kept, total, rows.Err()
}

// Key names a report to remove, as the report list shows it.
type Key struct {
	Organization, ReportID string
	// Source tells apart reports without a report-id.
	Source string
}

// Remove deletes reports from the library, and the originals no report
// is read from any more. It returns how many reports it removed.
func (l *Library) Remove(keys []Key) (int, error) {
	removed := 0
	err := l.tx(context.Background(), func(tx *sql.Tx) error {
		for _, k := range keys {
			q, args := `DELETE FROM reports WHERE id = ?`, []any{reportRowID(k.Organization, k.ReportID, 0, "")}
			if k.ReportID == "" {
				// The source names the original's folder and file, and the
				// member inside it.
				q, args = `DELETE FROM reports WHERE organization = ?1 AND report_id IS NULL AND id IN (
					SELECT r.id FROM reports r JOIN originals o ON o.hash = r.original LEFT JOIN folders f ON f.id = o.folder
					WHERE coalesce(f.path || ?3 || o.name, o.name) || coalesce(r.member, '') = ?2)`,
					[]any{k.Organization, k.Source, string(filepath.Separator)}
			}
			n, err := execCount(tx, q, args...)
			if err != nil {
				return err
			}
			removed += n
		}
		return dropOrphans(tx)
	})
	if err != nil {
		return 0, l.damaged(err)
	}
	return removed, l.shrink(false)
}

// dropOrphans deletes the originals no report is read from.
func dropOrphans(tx *sql.Tx) error {
	_, err := tx.Exec(`DELETE FROM originals WHERE NOT EXISTS (SELECT 1 FROM reports WHERE original = originals.hash)`)
	return err
}

// likePrefix is a LIKE pattern for every path below dir.
func likePrefix(dir string, sep byte) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(strings.TrimSuffix(dir, string(sep))+string(sep)) + "%"
}
