package library

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
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

const realDir = "../../testdata/real"

// reportJSON is a minimal valid report: one sts policy for domain with ok
// successful and failed failed sessions, on 2026-11-DAY.
func reportJSON(org, id, domain string, day, ok, failed int) []byte {
	return fmt.Appendf(nil, `{"organization-name":%q,"date-range":{"start-datetime":"2026-11-%02dT00:00:00Z",`+
		`"end-datetime":"2026-11-%02dT23:59:59Z"},"contact-info":"x@example.org","report-id":%q,"policies":[`+
		`{"policy":{"policy-type":"sts","policy-domain":%q},"summary":{"total-successful-session-count":%d,`+
		`"total-failure-session-count":%d}}]}`, org, day, day, id, domain, ok, failed)
}

// email wraps a report in a message as reporters send it.
func email(report []byte) []byte {
	return append([]byte("From: tlsrpt@example.org\r\nSubject: Report\r\nContent-Type: application/tlsrpt+json\r\n\r\n"), report...)
}

// mboxMessage is one message of a mailbox, with its envelope line.
func mboxMessage(report []byte) []byte {
	return append(append([]byte("From tlsrpt@example.org Mon Nov  2 00:00:00 2026\n"), email(report)...), '\n')
}

func zipOf(t *testing.T, members map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range members {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func write(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func open(t *testing.T, dir string) *Library {
	t.Helper()
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func importPaths(t *testing.T, l *Library, paths ...string) (ImportStats, *analysis.Result) {
	t.Helper()
	a := analysis.New()
	s, err := l.Import(context.Background(), a, paths, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s, a.Result(analysis.Filter{})
}

// loaded is what the library shows when read back.
func loaded(t *testing.T, l *Library) *analysis.Result {
	t.Helper()
	a := analysis.New()
	if err := l.Load(context.Background(), a, nil); err != nil {
		t.Fatal(err)
	}
	return a.Result(analysis.Filter{})
}

func ids(res *analysis.Result) map[string]bool {
	m := make(map[string]bool)
	for _, r := range res.ReportList {
		m[r.OrganizationName+"/"+r.ReportID] = true
	}
	return m
}

func stats(t *testing.T, l *Library) Stats {
	t.Helper()
	s, err := l.Stats()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestMain runs the child a test started (killChild), or the tests.
func TestMain(m *testing.M) {
	if lib := os.Getenv("KILL_CHILD_LIB"); lib != "" {
		childImport(lib, 300, 50*time.Millisecond, func(l *Library, opt ImportOptions) error {
			_, err := l.Import(context.Background(), analysis.New(), []string{os.Getenv("KILL_CHILD_SRC")}, opt)
			return err
		})
	}
	if lib := os.Getenv("KILL_CHILD_MAILBOX_LIB"); lib != "" {
		childImport(lib, 50, 20*time.Millisecond, importChildMailbox)
	}
	os.Exit(m.Run())
}

// childImport is a child's life: it opens the library in lib, runs an
// import in batches of files or time small enough to be killed between,
// printing "committed N" after every batch that is in the library for good
// and "done" at the end, and exits.
func childImport(lib string, files int, every time.Duration, run func(*Library, ImportOptions) error) {
	batchFiles, batchTime = files, every
	l, err := Open(lib)
	if err == nil {
		err = run(l, ImportOptions{OnCommit: func(s ImportStats) { fmt.Printf("committed %d\n", s.New) }})
	}
	if err != nil {
		fmt.Println("import:", err)
		os.Exit(3)
	}
	fmt.Println("done")
	os.Exit(0)
}

// killChild starts this test binary again as a child (TestMain; env says
// which and on what) and kills it with SIGKILL delay after its commit
// number afterCommits or, when that is 0, delay after it started. It
// returns the count of the last commit the child announced, how many it
// announced, and whether it finished before the kill.
func killChild(t *testing.T, afterCommits int, delay time.Duration, env ...string) (committed, commits int, finished bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	kill := func() { cmd.Process.Signal(syscall.SIGKILL) }
	if afterCommits == 0 {
		time.AfterFunc(delay, kill)
	}
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		line := lines.Text()
		if n, ok := strings.CutPrefix(line, "committed "); ok {
			committed, _ = strconv.Atoi(n)
			if commits++; commits == afterCommits {
				time.Sleep(delay)
				kill()
			}
		} else if line == "done" {
			finished = true
		} else {
			t.Errorf("child says %q", line)
		}
	}
	io.Copy(io.Discard, out)
	cmd.Wait()
	return committed, commits, finished
}
