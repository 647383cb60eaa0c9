package library

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/ordered"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// maxOriginalBytes bounds one file kept in the library: SQLite keeps no
// string, blob or row larger than SQLITE_MAX_LENGTH (1,000,000,000 bytes),
// and a larger file failed the whole batch it was in with "string or blob
// too big". The margin is for the rest of its row (the hash, the name).
// A file that large is nothing a reporter sends.
const (
	sqliteMaxBytes     = 1_000_000_000
	sqliteMaxBytesText = "1,000,000,000"
	maxOriginalBytes   = sqliteMaxBytes - 64<<10
)

// Batches of an import are committed when this many files or this much
// time has gone into them: one transaction per file would spend the time
// in fsync, one for everything would lose everything to a kill. Each batch
// rewrites most pages of the reports table and its indexes, as report ids
// are hashes spread over all of it, so batches are as long as the time
// allows (5,000 files made the writes of 200,000 reports 2.5 times
// larger); the count only bounds what one transaction holds on a fast
// machine. They are variables so that the kill test can make batches small.
var (
	batchFiles = 50000
	batchTime  = time.Second
)

// ImportOptions tunes an import.
type ImportOptions struct {
	// Tentative leaves out files in which no report was found, without
	// recording them or an error: a watched folder's file may still be
	// being written. They are listed in ImportStats.Retry.
	Tentative bool
	// Remember records each file's size and time, so that a watched
	// folder's file is read again only when it changed, and a file that
	// changed (a mailbox that grew) replaces what it held before.
	Remember bool
	// Unattended marks the reports as having arrived without the user
	// opening them (a watched folder, the import command): they are news
	// until seen.
	Unattended bool
	// OnProgress, if set, is called after every file from the importing
	// goroutine.
	OnProgress func(source.Progress)
	// OnCommit, if set, is called after every committed batch with the
	// totals so far: what it counts is in the library for good. It runs on
	// the goroutine that writes the library, not the one that calls
	// OnProgress.
	OnCommit func(ImportStats)
}

// ImportStats counts what an import did.
type ImportStats struct {
	Files int // inputs read
	New   int // reports added to the library
	Known int // reports the library already had
	// Retry lists the files a tentative import left out.
	Retry []string
}

// input is one file read for an import, or data from standard input.
type input struct {
	path  string
	file  bool // a file on disk, remembered in the files table
	size  int64
	mtime int64
	data  []byte
	sum   [sha256.Size]byte
	dec   *source.Decoded
	// reports are dec's, listed once for both goroutines.
	reports []source.DecodedReport
	err     error
}

// Import reads paths (files, or folders searched as analysis.Loader
// searches them), adds every report found to a, and keeps in the library
// each original that holds a report the library did not have yet. Problems
// with single inputs are recorded in a and never stop the others. The
// returned error is ctx's or the library's; what was committed until then
// stays.
func (l *Library) Import(ctx context.Context, a *analysis.Analysis, paths []string, opt ImportOptions) (ImportStats, error) {
	im, err := l.newImport(ctx, a, opt)
	if err != nil {
		return ImportStats{}, err
	}
	// The library is written on a goroutine of its own, so that files are
	// read and decoded while a batch is committed: waiting for the commits
	// (fsync, the checkpoint) took a third of an import's time. The queue
	// holds about as many small files as are read while a batch is
	// committed, and never much more than queueBytes of files: a folder of
	// large mailboxes must not all wait in memory for a slow disk.
	queue := make(chan []input, 32)
	stored := make(chan struct{})
	var queued budget
	queued.cond.L = &queued.mu
	go func() {
		defer close(stored)
		for chunk := range queue {
			n := 0
			for _, in := range chunk {
				im.keep(in)
				n += len(in.data)
			}
			queued.give(n)
		}
	}()
	// Written by the walk, read where the inputs are added.
	var found atomic.Int64
	var walking atomic.Bool
	walking.Store(true)
	chunk := make([]input, 0, 256)
	chunkBytes := 0
	var retry []string
	done := 0
	ordered.Run(im.ctx, 0, func(emit func(input) bool) {
		source.Walk(im.ctx, paths, func(path string, err error) bool {
			found.Add(1)
			return emit(input{path: path, err: err})
		})
		walking.Store(false)
	}, readInput, func(in input) {
		if im.ctx.Err() != nil {
			return // cancelled
		}
		if !im.analyse(&in) {
			retry = append(retry, in.path)
			return
		}
		done++
		chunk, chunkBytes = append(chunk, in), chunkBytes+len(in.data)
		if len(chunk) == cap(chunk) || chunkBytes >= queueBytes/8 {
			queued.take(chunkBytes)
			queue <- chunk
			chunk, chunkBytes = make([]input, 0, 256), 0
		}
		if opt.OnProgress != nil {
			opt.OnProgress(source.Progress{Done: done, Found: int(found.Load()), Walking: walking.Load()})
		}
	})
	queued.take(chunkBytes)
	queue <- chunk
	close(queue)
	<-stored
	im.stats.Retry = retry
	return im.finish(ctx)
}

// ImportData is Import for one input held in memory, such as standard
// input: name names it in messages and in the library.
func (l *Library) ImportData(ctx context.Context, a *analysis.Analysis, name string, data []byte, opt ImportOptions) (ImportStats, error) {
	im, err := l.newImport(ctx, a, opt)
	if err != nil {
		return ImportStats{}, err
	}
	in := input{path: name, data: data, sum: sha256.Sum256(data), dec: source.DecodeBytes(name, data)}
	if im.analyse(&in) {
		im.keep(in)
	}
	return im.finish(ctx)
}

// queueBytes bounds the files an import holds waiting to be written.
const queueBytes = 32 << 20

// budget counts bytes held, making takers wait while more than its limit
// (queueBytes) would be: at least one chunk always goes, however large.
type budget struct {
	mu   sync.Mutex
	cond sync.Cond
	used int
}

func (b *budget) take(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.used > 0 && b.used+n > queueBytes {
		b.cond.Wait()
	}
	b.used += n
}

func (b *budget) give(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	b.cond.Broadcast()
}

// readInput reads and decodes one file; it runs on a worker.
func readInput(in input) input {
	if in.err != nil {
		return in
	}
	if abs, err := filepath.Abs(in.path); err == nil {
		in.path = abs // the library names where a report came from wherever it is run
	}
	in.file = true
	// A socket cannot be opened. A named pipe can, and waits for a
	// writer: the folder walk passes over them, so one here was named by
	// the user ("import /tmp/fifo", "import <(zcat r.json.gz)"), who writes
	// to it; it is read as a device is, below.
	if info, err := os.Stat(in.path); err == nil && info.Mode()&os.ModeSocket != 0 {
		in.err = notAFile(info.Mode())
		return in
	}
	f, err := source.OpenFile(in.path)
	if err != nil {
		in.err = err
		return in
	}
	defer f.Close()
	info, err := f.Stat()
	switch {
	case err != nil:
		in.err = err
	case info.IsDir():
		in.err = errors.New("is a folder")
	case !info.Mode().IsRegular():
		// A device or a pipe has no size: it is read as standard input
		// is, under the same limits, never past them.
		if in.data, in.err = ReadStream(f); in.err == nil {
			in.sum = sha256.Sum256(in.data)
			in.dec = source.DecodeBytes(in.path, in.data)
		}
		in.file = false // nothing to remember of its size and time
		return in
	case info.Size() > maxOriginalBytes:
		in.err = fmt.Errorf("file is %d MiB, larger than the %d MiB (%s bytes) the library keeps of one file", info.Size()>>20, maxOriginalBytes>>20, sqliteMaxBytesText)
	case info.Size() > source.MaxReportBytes:
		// Only an archive or a mailbox may be that large: decoding the
		// first bytes says so without reading the rest.
		container, err := source.StartsContainer(f)
		switch {
		case err != nil:
			in.err = err
		case !container:
			in.err = fmt.Errorf("file is %d MiB, larger than the %d MiB limit for one report", info.Size()>>20, source.MaxReportBytes>>20)
		default:
			_, in.err = f.Seek(0, io.SeekStart)
		}
	}
	if in.err != nil {
		return in
	}
	in.size, in.mtime = info.Size(), info.ModTime().UnixNano()
	if in.data, in.err = readSized(f, in.size); in.err != nil {
		return in
	}
	in.sum = sha256.Sum256(in.data)
	in.dec = source.DecodeBytes(in.path, in.data)
	return in
}

// readSized reads all of f, whose size fstat gave, up to what the library
// keeps of one file.
func readSized(f io.Reader, size int64) ([]byte, error) {
	data, err := source.ReadSized(f, size, maxOriginalBytes, nil)
	if errors.Is(err, source.ErrTooLarge) {
		return nil, errors.New("file grew past the size the library keeps while it was read")
	}
	return data, err
}

// importer adds inputs to an Analysis and to the library, one batch
// transaction at a time.
type importer struct {
	l *Library
	// before is the newest original's id when the batch began: the batch
	// writes those after it (the write lock keeps every other writer out).
	before int64
	// ctx is the caller's, with a cancel of its own for the end.
	ctx   context.Context
	stop  context.CancelFunc
	a     *analysis.Analysis
	opt   ImportOptions
	stats ImportStats
	// previous is the original each remembered file held when last
	// imported: a file that changed (a mailbox that grew) replaces it.
	previous map[string]int64
	folders  map[string]int64 // folders.id by path
	// conn is the connection every batch runs on: PRAGMA data_version
	// tells on it whether another connection, of this process or another,
	// committed since the batch before.
	conn  *sql.Conn
	tx    *sql.Tx
	stmts map[string]*sql.Stmt // of tx, by query
	// known holds the ids of the reports in the library as of version, the
	// data_version of the last batch; it is read again only when that
	// changed: reading it for every batch made an import's time grow with
	// the square of its size.
	known   map[int64]bool
	version int64
	// Rows to insert, queued. Reports are written sorted by id (see
	// sortedRun): ids are hashes, and written as they came each report
	// went to a random page of the table, and the cache missed.
	reportRows   []reportRow
	originalRows []any // originalColumns values each
	queuedBytes  int
	args         []any // of one statement of reports, reused
	started      time.Time
	inBatch      int
	err          error
	// withBatch, if set, writes in each batch's transaction before it
	// commits: what it writes is kept exactly when the batch is.
	withBatch func() error
}

func (l *Library) newImport(ctx context.Context, a *analysis.Analysis, opt ImportOptions) (*importer, error) {
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return nil, l.damaged(err)
	}
	im := &importer{l: l, a: a, opt: opt, previous: make(map[string]int64), folders: make(map[string]int64), conn: conn}
	im.ctx, im.stop = context.WithCancel(ctx)
	if err := im.readPrevious(); err != nil {
		im.stop()
		conn.Close()
		return nil, l.damaged(err)
	}
	return im, nil
}

func (im *importer) readPrevious() error {
	if !im.opt.Remember {
		return nil
	}
	rows, err := im.conn.QueryContext(im.ctx, `SELECT path, original FROM files WHERE original IS NOT NULL`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var path string
		var id int64
		if err := rows.Scan(&path, &id); err != nil {
			return err
		}
		im.previous[path] = id
	}
	return rows.Err()
}

// analyse adds in to the Analysis, and tells whether it goes on to the
// library: a tentative import leaves out files without a report.
func (im *importer) analyse(in *input) bool {
	if in.dec != nil {
		in.reports = in.dec.Reports()
	}
	if im.opt.Tentative && in.file && len(in.reports) == 0 {
		return false
	}
	addInput(im.a, in)
	return true
}

// addInput adds to a what in decoded, or why it could not be read.
func addInput(a *analysis.Analysis, in *input) {
	if in.dec == nil {
		a.AddFile()
		a.AddError(in.path, plainError(in.err))
	} else {
		a.AddDecoded(in.dec)
	}
}

// keep counts in and stores its reports; it runs on the goroutine that
// writes the library.
func (im *importer) keep(in input) {
	if im.err != nil || im.ctx.Err() != nil {
		return
	}
	im.stats.Files++
	if in.dec == nil {
		return
	}
	// A failed write ends the writing, not the reading: the window goes on
	// showing what it reads (and says the library could not keep it).
	if err := im.store(in, in.reports); err != nil {
		im.err = im.l.damaged(err)
	}
}

// store keeps in's reports that the library lacks, and in itself if any.
func (im *importer) store(in input, reports []source.DecodedReport) error {
	if im.tx == nil {
		if err := im.begin(); err != nil {
			return err
		}
	}
	now := im.l.now().UnixMilli()
	orig := originalID(in.sum)
	prev := im.previous[in.path]
	if prev == orig {
		prev = 0
	}
	if prev != 0 {
		// Moving reports to the file's new content needs the rows written.
		if err := im.flush(); err != nil {
			return err
		}
	}
	used := 0
	for _, r := range reports {
		var added, moved bool
		var err error
		if prev != 0 {
			added, moved, err = im.addReport(r, in.path, orig, prev, now)
		} else {
			added = im.queueReport(r, in.path, orig, now)
		}
		if err != nil {
			return err
		}
		if added {
			im.stats.New++
		} else {
			im.stats.Known++
		}
		if added || moved {
			used++
		}
	}
	if prev != 0 {
		if _, err := im.exec(`DELETE FROM originals WHERE hash = ?1
			AND NOT EXISTS (SELECT 1 FROM reports WHERE original = ?1)`, prev); err != nil {
			return err
		}
	}
	if used > 0 {
		if err := im.addOriginal(in, orig, now); err != nil {
			return err
		}
	}
	if in.file && im.opt.Remember {
		var o any
		if len(reports) > 0 {
			o = orig
			im.previous[in.path] = orig
		}
		if _, err := im.exec(`INSERT OR REPLACE INTO files (path, size, mtime, original) VALUES (?, ?, ?, ?)`,
			in.path, in.size, in.mtime, o); err != nil {
			return err
		}
	}
	im.inBatch++
	if im.inBatch >= batchFiles || time.Since(im.started) >= batchTime {
		return im.commit()
	}
	if len(im.originalRows) >= rowsPerInsert*originalColumns || im.queuedBytes >= maxQueuedBytes {
		return im.flushOriginals()
	}
	if len(im.reportRows) >= sortedRun {
		return im.flushReports()
	}
	return nil
}

// begin starts a batch: the write lock, a transaction, and the ids of the
// reports the library has, which no other writer can change until commit.
// PRAGMA data_version changes on a connection when another connection
// committed, and never for its own commits, so the ids are read again only
// when another writer (Remove, a second import, another process) was in
// between.
func (im *importer) begin() error {
	im.l.write.Lock()
	tx, err := im.conn.BeginTx(im.ctx, nil)
	if err != nil {
		im.l.write.Unlock()
		return err
	}
	im.tx, im.started, im.inBatch = tx, time.Now(), 0
	im.stmts = make(map[string]*sql.Stmt)
	if err := tx.QueryRow(newestOriginal).Scan(&im.before); err != nil {
		return err
	}
	var version int64
	if err := tx.QueryRow(`PRAGMA data_version`).Scan(&version); err != nil {
		return err
	}
	if im.known != nil && version == im.version {
		return nil
	}
	im.version = version
	if im.known == nil {
		im.known = make(map[int64]bool)
	}
	clear(im.known)
	rows, err := tx.Query(`SELECT id FROM reports`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		im.known[id] = true
	}
	return rows.Err()
}

// Rows are written many to a statement: one statement per report cost
// more than all else an import does.
//
// Reports are written sorted, in runs of sortedRun and what is left at the
// end of a batch. A run sweeps the reports table once in id order, over
// pages the cache holds; shorter runs cost more (with 4,096, SQLite's CPU
// rose by a third at 200,000 reports), and a whole batch sorted at once left
// all of its writing until after the batch's last file was read.
const (
	sortedRun       = 16384
	rowsPerInsert   = 100
	reportColumns   = 10
	originalColumns = 6
	maxQueuedBytes  = 8 << 20
)

// queueReport queues r for writing unless the library has it, and reports
// whether it was new.
func (im *importer) queueReport(r source.DecodedReport, source string, orig, now int64) bool {
	m := member(r, source)
	org, rid := r.Report.OrganizationName, r.Report.ReportID
	id := reportRowID(org, rid, orig, m)
	if im.known[id] {
		return false
	}
	im.known[id] = true
	im.reportRows = append(im.reportRows, reportRow{id: id, original: orig, start: r.Report.Start.Unix(), end: r.Report.End.Unix(), imported: now,
		organization: org, reportID: rid, member: m, failing: failingDomains(r.Report)})
	return true
}

// reportRow is one row of reports, queued. Its values are boxed for a
// statement only when it is written: boxed for the whole batch, they took
// as much memory again.
type reportRow struct {
	id, original, start, end, imported      int64
	organization, reportID, member, failing string
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// flush writes the queued rows.
func (im *importer) flush() error {
	if err := im.flushOriginals(); err != nil {
		return err
	}
	return im.flushReports()
}

// flushReports writes the queued reports in the order of their ids.
func (im *importer) flushReports() error {
	slices.SortFunc(im.reportRows, func(a, b reportRow) int { return cmp.Compare(a.id, b.id) })
	for rows := range slices.Chunk(im.reportRows, rowsPerInsert) {
		im.args = im.args[:0]
		for _, r := range rows {
			im.args = append(im.args, r.id, r.organization, nullIfEmpty(r.reportID), r.original, nullIfEmpty(r.member),
				r.start, r.end, r.failing, r.imported, im.opt.Unattended)
		}
		if err := im.insertRows(`INSERT INTO reports (id, organization, report_id, original, member, start_time, end_time,
		failing_domains, imported, unattended) VALUES `, reportColumns, im.args); err != nil {
			return err
		}
	}
	clear(im.args)
	im.reportRows = im.reportRows[:0]
	return nil
}

// flushOriginals writes the queued originals, in the order they came.
func (im *importer) flushOriginals() error {
	err := im.insertRows(`INSERT INTO originals (hash, sha256, folder, name, received, data) VALUES `,
		originalColumns, im.originalRows)
	clear(im.originalRows) // let the files' bytes go
	im.originalRows, im.queuedBytes = im.originalRows[:0], 0
	return err
}

func (im *importer) insertRows(head string, columns int, values []any) error {
	row := "(?" + strings.Repeat(", ?", columns-1) + ")"
	for len(values) > 0 {
		n := min(len(values)/columns, rowsPerInsert)
		q := head + strings.Repeat(row+", ", n-1) + row + " ON CONFLICT DO NOTHING"
		if _, err := im.exec(q, values[:n*columns]...); err != nil {
			return err
		}
		values = values[n*columns:]
	}
	return nil
}

// addOriginal queues in for keeping under its hash id, named by its folder and file name.
func (im *importer) addOriginal(in input, id, now int64) error {
	var folder any
	name := in.path
	if in.file {
		dir := filepath.Dir(in.path)
		name = filepath.Base(in.path)
		f, ok := im.folders[dir]
		if !ok {
			if _, err := im.exec(`INSERT INTO folders (path) VALUES (?) ON CONFLICT DO NOTHING`, dir); err != nil {
				return err
			}
			if err := im.tx.QueryRow(`SELECT id FROM folders WHERE path = ?`, dir).Scan(&f); err != nil {
				return err
			}
			im.folders[dir] = f
		}
		folder = f
	}
	im.originalRows = append(im.originalRows, id, in.sum[:], folder, name, now, in.data)
	im.queuedBytes += len(in.data)
	return nil
}

// addReport inserts one report unless the library has it, and reports
// whether it did. A report the library has from prev, the earlier content
// of the same file (a mailbox that grew), moves to the new content orig,
// so that the earlier one can go.
func (im *importer) addReport(r source.DecodedReport, source string, orig, prev, now int64) (added, moved bool, err error) {
	m := member(r, source)
	org, rid := r.Report.OrganizationName, r.Report.ReportID
	id := reportRowID(org, rid, orig, m)
	memberArg, ridArg := nullIfEmpty(m), nullIfEmpty(rid)
	im.known[id] = true
	if prev != 0 {
		old := id
		if rid == "" {
			old = reportRowID(org, rid, prev, m)
		}
		n, err := im.exec(`UPDATE reports SET id = ?, original = ?, member = ? WHERE id = ? AND original = ?`,
			id, orig, memberArg, old, prev)
		if err != nil || n > 0 {
			return false, n > 0, err
		}
	}
	n, err := im.exec(`INSERT INTO reports (id, organization, report_id, original, member, start_time, end_time,
		failing_domains, imported, unattended) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		id, org, ridArg, orig, memberArg, r.Report.Start.Unix(), r.Report.End.Unix(), failingDomains(r.Report), now, im.opt.Unattended)
	return n > 0, false, err
}

// exec runs q in the batch's transaction, prepared once per batch: parsing
// the same statements again for every file took as long as running them.
func (im *importer) exec(q string, args ...any) (int, error) {
	st, ok := im.stmts[q]
	if !ok {
		var err error
		if st, err = im.tx.Prepare(q); err != nil {
			return 0, err
		}
		im.stmts[q] = st
	}
	res, err := st.Exec(args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func execCount(tx *sql.Tx, q string, args ...any) (int, error) {
	res, err := tx.Exec(q, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// failingDomains lists, space-separated, the policy domains with failed
// sessions in r, for "what's new" to tell which started failing.
func failingDomains(r *report.Report) string {
	var ds []string
	for _, p := range r.Policies {
		if p.Failed > 0 {
			ds = append(ds, policyName(p.Policy.Type, p.Policy.Domain))
		}
	}
	slices.Sort(ds)
	return strings.Join(slices.Compact(ds), " ")
}

// policyName is the one word a policy is stored as: its domain, or its
// type when the reporter left the domain out.
func policyName(t report.PolicyType, domain string) string {
	if domain == "" {
		return "(" + string(t) + ")"
	}
	return domain
}

func (im *importer) commit() error {
	if im.tx == nil {
		return nil
	}
	err := im.flush()
	if err == nil && im.withBatch != nil {
		err = im.withBatch()
	}
	var after int64
	if err == nil {
		err = im.tx.QueryRow(newestOriginal).Scan(&after)
	}
	if err == nil {
		err = im.l.commitOwn(im.tx, im.before, after)
	} else {
		im.tx.Rollback()
	}
	im.tx = nil
	im.l.write.Unlock()
	if err == nil && im.opt.OnCommit != nil {
		im.opt.OnCommit(im.stats)
	}
	return err
}

// finish commits the last batch. A cancelled import (ctx is the
// caller's) keeps what it committed and drops the batch in progress.
func (im *importer) finish(ctx context.Context) (ImportStats, error) {
	defer im.conn.Close()
	defer im.stop()
	if im.err == nil && ctx.Err() != nil {
		im.err = ctx.Err()
	}
	if im.err != nil {
		if im.tx != nil {
			im.tx.Rollback()
			im.tx = nil
			im.l.write.Unlock()
		}
		return im.stats, im.err
	}
	if err := im.commit(); err != nil {
		return im.stats, im.l.damaged(err)
	}
	// Give the log's space back after a big import. It fails harmlessly
	// while another process reads the library.
	im.conn.ExecContext(im.ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return im.stats, nil
}

// plainError drops the path from an *os.PathError: the source names the
// file already.
func plainError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
