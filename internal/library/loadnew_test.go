package library

import (
	"crypto/sha256"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// A window's library notices what another process imported and reads just
// that: neither what it read before nor what it imported itself, which
// its own import added already.
func TestLoadNewReadsWhatAnotherProcessImported(t *testing.T) {
	dir, in := t.TempDir(), t.TempDir()
	window, cron := open(t, dir), open(t, dir) // two connections, as two processes have
	importPaths(t, window, write(t, filepath.Join(in, "first.json"), reportJSON("Org A", "a1", "example.org", 1, 10, 0)))

	a := analysis.New()
	through, err := window.LoadThrough(t.Context(), a, nil)
	if err != nil || through == 0 {
		t.Fatalf("LoadThrough: %d, %v", through, err)
	}
	if n, others, err := window.Arrived(t.Context(), through); n != through || others || err != nil {
		t.Errorf("Arrived right after LoadThrough %d: %d, %v, %v", through, n, others, err)
	}
	// cron imports two files, the window one itself (into a, as its
	// import does), then cron one more.
	importPaths(t, cron, write(t, filepath.Join(in, "cron1.json"), reportJSON("Org B", "b1", "example.org", 2, 10, 1)),
		write(t, filepath.Join(in, "cron2.json"), reportJSON("Org B", "b2", "example.org", 3, 10, 2)))
	if _, err := window.Import(t.Context(), a, []string{write(t, filepath.Join(in, "own.json"), reportJSON("Org C", "c1", "example.org", 2, 5, 0))}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	importPaths(t, cron, write(t, filepath.Join(in, "cron3.json"), reportJSON("Org B", "b3", "example.org", 4, 10, 3)))
	// The newest original as SQLite numbers it, not as the code under
	// test reads it.
	var newest int64
	if err := window.db.QueryRow(`SELECT max(rowid) FROM originals`).Scan(&newest); err != nil || newest <= through {
		t.Fatalf("newest original %d after the imports, was %d (%v)", newest, through, err)
	}
	if n, others, err := window.Arrived(t.Context(), through); n != newest || !others || err != nil {
		t.Errorf("Arrived: %d, %v, %v; want %d and cron's", n, others, err, newest)
	}

	got, n, err := window.LoadNew(t.Context(), a, through)
	if err != nil || got != newest || n != 3 {
		t.Errorf("LoadNew: through %d, %d originals, %v; want %d and cron's 3", got, n, err, newest)
	}
	res := a.Result(analysis.Filter{})
	// first (10/0), own (5/0), cron's three (30/6): each report once.
	if res.Reports != 5 || res.Duplicates != 0 || res.SuccessfulSessions != 45 || res.FailedSessions != 6 {
		t.Errorf("%d reports, %d duplicates, %d/%d sessions; want 5, 0, 45/6", res.Reports, res.Duplicates, res.SuccessfulSessions, res.FailedSessions)
	}
	if again, n, err := window.LoadNew(t.Context(), a, got); again != got || n != 0 || err != nil {
		t.Errorf("LoadNew with nothing new: through %d, %d originals, %v", again, n, err)
	}
	// What the window imports itself is never another process's.
	importPaths(t, window, write(t, filepath.Join(in, "own2.json"), reportJSON("Org C", "c2", "example.org", 3, 5, 0)))
	if n, others, err := window.Arrived(t.Context(), got); n <= got || others || err != nil {
		t.Errorf("Arrived after the window's own import: %d, %v, %v", n, others, err)
	}
}

// The window's poller asks Arrived every few seconds while the window's
// own import may hold a batch open for a long time (a mailbox read waits
// on its server between messages): Arrived and LoadNew answer without
// waiting for that batch, and once it commits it is the window's own.
func TestArrivedWhileTheWindowsImportHoldsABatch(t *testing.T) {
	defer func(d time.Duration) { batchTime = d }(batchTime)
	batchTime = time.Hour // the batch ends when the test says so
	dir, in := t.TempDir(), t.TempDir()
	window, cron := open(t, dir), open(t, dir)
	importPaths(t, cron, write(t, filepath.Join(in, "cron.json"), reportJSON("Org B", "b1", "example.org", 2, 10, 1)))
	a := analysis.New()
	through, err := window.LoadThrough(t.Context(), a, nil)
	if err != nil || through == 0 {
		t.Fatalf("LoadThrough: %d, %v", through, err)
	}

	im, err := window.newImport(t.Context(), a, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	opened, release, finished := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		data := reportJSON("Org C", "c1", "example.org", 3, 5, 0)
		in := input{path: "own.json", data: data, sum: sha256.Sum256(data), dec: source.DecodeBytes("own.json", data)}
		if im.analyse(&in) {
			im.keep(in)
		}
		close(opened)
		<-release
		_, err := im.finish(t.Context())
		finished <- err
	}()
	releaseOnce := sync.OnceFunc(func() { close(release) })
	defer releaseOnce() // a failed test still ends the batch
	<-opened
	if im.tx == nil || im.err != nil {
		t.Fatalf("the import holds no batch open (%v)", im.err)
	}

	type answer struct {
		newest, loaded int64
		others         bool
		originals      int
		err, loadErr   error
	}
	answered := make(chan answer, 1)
	go func() {
		var r answer
		r.newest, r.others, r.err = window.Arrived(t.Context(), through)
		r.loaded, r.originals, r.loadErr = window.LoadNew(t.Context(), analysis.New(), through)
		answered <- r
	}()
	var r answer
	select {
	case r = <-answered:
	case <-time.After(time.Minute):
		// Only a wait for the batch, which the test ends after this, gets here.
		t.Fatal("Arrived or LoadNew waits for the import batch to end")
	}
	// The open batch is not in the library yet: nothing has arrived.
	if r.newest != through || r.others || r.err != nil {
		t.Errorf("Arrived while the batch is open: %d, %v, %v; want %d, nothing from others", r.newest, r.others, r.err, through)
	}
	if r.loaded != through || r.originals != 0 || r.loadErr != nil {
		t.Errorf("LoadNew while the batch is open: through %d, %d originals, %v; want %d, 0", r.loaded, r.originals, r.loadErr, through)
	}

	releaseOnce()
	if err := <-finished; err != nil {
		t.Fatal(err)
	}
	var newest int64
	if err := window.db.QueryRow(`SELECT max(rowid) FROM originals`).Scan(&newest); err != nil || newest <= through {
		t.Fatalf("newest original %d after the batch, was %d (%v)", newest, through, err)
	}
	if n, others, err := window.Arrived(t.Context(), through); n != newest || others || err != nil {
		t.Errorf("Arrived after the batch: %d, %v, %v; want %d, the window's own", n, others, err, newest)
	}
}
