package library

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// The child process of TestKillDuringImport: it imports the folder
// $KILL_CHILD_SRC into $KILL_CHILD_LIB and prints "committed N" after
// every batch that is in the library for good.
func TestMain(m *testing.M) {
	if lib := os.Getenv("KILL_CHILD_MAILBOX_LIB"); lib != "" {
		killChildMailbox(lib)
	}
	if lib := os.Getenv("KILL_CHILD_LIB"); lib != "" {
		// Small batches: many commits to be killed between.
		batchFiles, batchTime = 300, 50*time.Millisecond
		l, err := Open(lib)
		if err != nil {
			fmt.Println("open:", err)
			os.Exit(3)
		}
		_, err = l.Import(context.Background(), analysis.New(), []string{os.Getenv("KILL_CHILD_SRC")}, ImportOptions{
			OnCommit: func(s ImportStats) { fmt.Printf("committed %d\n", s.New) },
		})
		if err != nil {
			fmt.Println("import:", err)
			os.Exit(3)
		}
		fmt.Println("done")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

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
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "KILL_CHILD_LIB="+lib, "KILL_CHILD_SRC="+src)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		committed, commits, finished := 0, 0, false
		lines := bufio.NewScanner(out)
		if kill.afterCommits == 0 {
			time.AfterFunc(kill.delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
		}
		for lines.Scan() {
			line := lines.Text()
			if n, ok := strings.CutPrefix(line, "committed "); ok {
				committed, _ = strconv.Atoi(n)
				commits++
				if commits == kill.afterCommits {
					time.Sleep(kill.delay)
					cmd.Process.Signal(syscall.SIGKILL)
				}
			} else if line == "done" {
				finished = true
			} else {
				t.Errorf("run %d: child says %q", run, line)
			}
		}
		cmd.Wait()

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
