package library

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestKillDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports thousands of reports several times")
	}
	const total = 4000
	src := t.TempDir()
	for i := range total {
		write(t, filepath.Join(src, fmt.Sprintf("%02d", i%50), fmt.Sprintf("r%05d.json", i)),
			reportJSON("Google Inc.", fmt.Sprintf("kill-%05d", i), "example.com", 1+i%28, int(i%7), int(i%3)))
	}
	lib := t.TempDir()
	// Kill points: before anything is committed, after the first batch,
	// and at moments in between, each time on what the last run left.
	for run, kill := range []struct {
		afterCommits int
		delay        time.Duration
	}{{0, 20 * time.Millisecond}, {1, 0}, {0, 150 * time.Millisecond}, {3, 30 * time.Millisecond}, {0, 400 * time.Millisecond}} {
		before := 0
		if _, err := os.Stat(filepath.Join(lib, FileName)); err == nil {
			l := open(t, lib)
			before = stats(t, l).Reports
			l.Close()
		}
		committed, commits, finished := killChild(t, kill.afterCommits, kill.delay, "KILL_CHILD_LIB="+lib, "KILL_CHILD_SRC="+src)

		l := open(t, lib)
		got := stats(t, l).Reports
		res := loaded(t, l)
		l.Close()
		t.Logf("run %d: killed after %d commits (%d reports committed; finished %v); library holds %d, had %d",
			run, commits, committed, finished, got, before)
		if got < before+committed || got > total {
			t.Errorf("run %d: the library holds %d reports, want at least %d+%d and at most %d", run, got, before, committed, total)
		}
		if res.Reports != got || len(res.Errors) != 0 || res.Duplicates != 0 {
			t.Errorf("run %d: read back %d reports (%d errors, %d duplicates), the index says %d", run, res.Reports, len(res.Errors), res.Duplicates, got)
		}
	}
	// Importing the same files again completes the library exactly.
	l := open(t, lib)
	importPaths(t, l, src)
	res := loaded(t, l)
	if res.Reports != total || res.Duplicates != 0 || len(res.Errors) != 0 || stats(t, l).Originals != total {
		t.Errorf("after the last import: %d reports, %d duplicates, %d errors; want %d", res.Reports, res.Duplicates, len(res.Errors), total)
	}
	var ok int64
	for i := range total {
		ok += int64(i % 7)
	}
	if res.SuccessfulSessions != ok {
		t.Errorf("successful sessions %d, want %d", res.SuccessfulSessions, ok)
	}
}
