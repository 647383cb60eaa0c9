package library

import (
	"path/filepath"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
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
