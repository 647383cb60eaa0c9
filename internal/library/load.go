package library

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
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
	_, err := l.LoadThrough(ctx, a, onProgress)
	return err
}

// LoadThrough is Load, and tells which originals it read: those up to the
// id it returns, for LoadNew to go on from.
func (l *Library) LoadThrough(ctx context.Context, a *analysis.Analysis, onProgress func(source.Progress)) (int64, error) {
	return l.load(ctx, a, 0, false, onProgress)
}

// LoadNew adds to a the reports kept from the originals after the id
// after that another process (an import from cron, another window) wrote;
// those this Library wrote its import added already. It returns the
// newest id it covered, to go on from next time, and how many originals it
// read.
func (l *Library) LoadNew(ctx context.Context, a *analysis.Analysis, after int64) (through int64, originals int, err error) {
	through, err = l.load(ctx, a, after, true, func(p source.Progress) { originals = p.Done })
	return through, originals, err
}

// Arrived tells whether another process wrote originals after the id
// after, which LoadNew would read, and the newest id: with none, a caller
// is up to date through it (what is after was its own import's).
func (l *Library) Arrived(ctx context.Context, after int64) (newest int64, others bool, err error) {
	// Held through the query, which is one look at an index: a batch of
	// this Library's committed between reading own and the query would be
	// taken for another process's.
	l.ownMu.Lock()
	defer l.ownMu.Unlock()
	q, args := afterButOwn(`SELECT (`+newestOriginal+`), EXISTS (SELECT 1 FROM originals o WHERE o.id > ?`, after, l.own)
	if err := l.db.QueryRowContext(ctx, q+`)`, args...).Scan(&newest, &others); err != nil {
		return 0, false, l.damaged(err)
	}
	return newest, others, nil
}

// ownRanges is a copy of own.
func (l *Library) ownRanges() []idRange {
	l.ownMu.Lock()
	defer l.ownMu.Unlock()
	return slices.Clone(l.own)
}

// commitOwn commits tx, a batch that wrote the originals after before
// through after, and records them as this Library's.
func (l *Library) commitOwn(tx *sql.Tx, before, after int64) error {
	l.ownMu.Lock()
	defer l.ownMu.Unlock()
	if err := tx.Commit(); err != nil {
		return err
	}
	switch n := len(l.own); {
	case after <= before:
	case n > 0 && l.own[n-1].hi == before:
		l.own[n-1].hi = after // batches one after another make one range
	default:
		l.own = append(l.own, idRange{before, after})
	}
	return nil
}

// afterButOwn is q, which ends in "WHERE o.id > ?", with what leaves out
// the originals in skip, and its arguments.
func afterButOwn(q string, after int64, skip []idRange) (string, []any) {
	args := []any{after}
	for _, r := range skip {
		if r.hi > after {
			q += ` AND NOT (o.id > ? AND o.id <= ?)`
			args = append(args, r.lo, r.hi)
		}
	}
	return q, args
}

// newestOriginal is the newest original's id, 0 in an empty library.
const newestOriginal = `SELECT coalesce(max(id), 0) FROM originals`

// idRange is the originals from lo+1 through hi.
type idRange struct{ lo, hi int64 }

// load adds the reports kept from the originals after the id after, but
// for this Library's own with skipOwn, and returns the newest id it
// covered.
func (l *Library) load(ctx context.Context, a *analysis.Analysis, after int64, skipOwn bool, onProgress func(source.Progress)) (int64, error) {
	// A read transaction gives one consistent view while another process
	// imports.
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return 0, l.damaged(err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, l.damaged(err)
	}
	defer tx.Rollback()
	var through int64
	if err := tx.QueryRowContext(ctx, newestOriginal).Scan(&through); err != nil {
		return 0, l.damaged(err)
	}
	if through <= after {
		return after, nil
	}
	// own is read after the transaction's first read fixed what it sees:
	// each batch it sees was added to own before (commitOwn).
	var skip []idRange
	if skipOwn {
		skip = l.ownRanges()
	}
	kept, total, err := keptReports(ctx, tx)
	if err != nil {
		return 0, l.damaged(err)
	}
	q, args := afterButOwn(`SELECT o.hash, f.path, o.name, o.data FROM originals o LEFT JOIN folders f ON f.id = o.folder WHERE o.id > ?`, after, skip)
	// In the order they arrived, which is the table's own order.
	rows, err := tx.QueryContext(ctx, q+` ORDER BY o.id`, args...)
	if err != nil {
		return 0, l.damaged(err)
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
		return 0, l.damaged(err)
	}
	return through, ctx.Err()
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
