package library

import (
	"context"
	"database/sql"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// original is one stored input on its way to being decoded.
type original struct {
	sum, data []byte
	source    string
	dec       *analysis.Decoded
}

// Load decodes every original in the library, in the order they arrived,
// and adds to a the reports the library keeps: not those removed, nor the
// copies of a report kept from another original. The originals are read
// again with today's parser, which is what keeping them is for.
// onProgress, if set, is called after every original.
func (l *Library) Load(ctx context.Context, a *analysis.Analysis, onProgress func(analysis.Progress)) error {
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
	rows, err := tx.QueryContext(ctx, `SELECT sha256, source, data FROM originals ORDER BY rowid`)
	if err != nil {
		return l.damaged(err)
	}
	defer rows.Close()
	done := 0
	ordered(ctx, func(emit func(original) bool) {
		for rows.Next() {
			var o original
			if err = rows.Scan(&o.sum, &o.source, &o.data); err != nil || !emit(o) {
				return
			}
		}
		err = rows.Err()
	}, func(o original) original {
		o.dec = analysis.DecodeBytes(o.source, o.data)
		o.data = nil
		sum := string(o.sum)
		o.dec.Keep(func(r analysis.DecodedReport) bool { return kept[reportKey(r, sum)] == sum })
		return o
	}, func(o original) {
		a.AddDecoded(o.dec)
		done++
		if onProgress != nil {
			onProgress(analysis.Progress{Done: done, Found: total})
		}
	})
	if err != nil {
		return l.damaged(err)
	}
	return ctx.Err()
}

// keptReports maps each report the library keeps to the original it is
// read from, and counts the originals.
func keptReports(ctx context.Context, tx *sql.Tx) (map[string]string, int, error) {
	var total, n int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM originals), (SELECT count(*) FROM reports)`).Scan(&total, &n); err != nil {
		return nil, 0, err
	}
	kept := make(map[string]string, n)
	rows, err := tx.QueryContext(ctx, `SELECT organization, coalesce(report_id, ''), source, original FROM reports`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var org, id, source string
		var sum []byte
		if err := rows.Scan(&org, &id, &source, &sum); err != nil {
			return nil, 0, err
		}
		kept[key(org, id, source, string(sum))] = string(sum)
	}
	return kept, total, rows.Err()
}

// key identifies a report in the library: by organization-name and
// report-id (RFC 8460 section 4.1), or, without an id, by where it is in
// which original.
func key(org, id, source, sum string) string {
	if id != "" {
		return org + "\x00" + id
	}
	return "\x01" + sum + "\x00" + source
}

func reportKey(r analysis.DecodedReport, sum string) string {
	return key(r.Report.OrganizationName, r.Report.ReportID, r.Source, sum)
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
			q, args := `DELETE FROM reports WHERE organization = ? AND report_id = ?`, []any{k.Organization, k.ReportID}
			if k.ReportID == "" {
				q, args = `DELETE FROM reports WHERE organization = ? AND report_id IS NULL AND source = ?`, []any{k.Organization, k.Source}
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
	_, err := tx.Exec(`DELETE FROM originals WHERE NOT EXISTS (SELECT 1 FROM reports WHERE original = originals.sha256)`)
	return err
}

// likePrefix is a LIKE pattern for every path below dir.
func likePrefix(dir string, sep byte) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(strings.TrimSuffix(dir, string(sep))+string(sep)) + "%"
}
