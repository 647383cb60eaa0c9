//go:build unix

package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// TestWalkOrderAndPaths: a folder walk emits report files in lexical order
// with the paths filepath.WalkDir gives, however the folder was named,
// skipping other names, FIFOs, links to FIFOs and links to folders.
func TestWalkOrderAndPaths(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.json", "a.JSON.GZ", "notes.txt", "sub/z.zip", "sub/deeper/m.eml", "sub/a.mbox", "Z.json"} {
		testgen.WriteFile(t, dir, name, []byte("{}"))
	}
	if err := os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "link-to-sub.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "b.json"), filepath.Join(dir, "link-to-b.json")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Opening a FIFO blocks until someone writes to it: a link to one hung
	// the walk for good.
	if err := os.Symlink(filepath.Join(dir, "fifo.json"), filepath.Join(dir, "link-to-fifo.json")); err != nil {
		t.Fatal(err)
	}
	// Written out by hand from the tree above: byte order, "Z" before "a".
	want := []string{"Z.json", "a.JSON.GZ", "b.json", "link-to-b.json", "sub/a.mbox", "sub/deeper/m.eml", "sub/z.zip"}
	t.Chdir(dir)
	for _, root := range []string{dir, dir + "/", ".", "./", "sub/..", filepath.Join(dir, "sub") + "/.."} {
		var got []string
		listed := 0
		walkPath(context.Background(), root, func(j job) bool {
			if j.err != nil {
				t.Fatalf("%s: %v", j.path, j.err)
			}
			got = append(got, j.path)
			return true
		}, func(n int) { listed += n })
		// What a Loader reserves room for: the names like reports in each
		// folder, 7 at the top (the link to a folder, the FIFO and the link
		// to it are told apart only when they come up), 2 in sub, 1 in
		// deeper.
		if listed != 10 {
			t.Errorf("root %q: %d listed, want 10", root, listed)
		}
		var expect []string
		for _, w := range want {
			expect = append(expect, filepath.Join(root, w)) // what filepath.WalkDir gives
		}
		if !slices.Equal(got, expect) {
			t.Errorf("root %q:\n got %q\nwant %q", root, got, expect)
		}
	}
}

// TestReadFolder: readFolder lists what os.ReadDir lists, with the same
// types, in a folder whose listing takes several reads of the kernel's
// records (3,000 names of 100 bytes and more) and holds every kind of entry.
func TestReadFolder(t *testing.T) {
	dir := t.TempDir()
	for i := range 3000 {
		testgen.WriteFile(t, dir, fmt.Sprintf("%04d-%s.json.gz", i, strings.Repeat("n", 100+i%40)), nil)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("sub", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := readFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var want []dirEntry
	for _, e := range ents {
		want = append(want, dirEntry{name: e.Name(), typ: e.Type()})
	}
	byName := func(a, b dirEntry) int { return strings.Compare(a.name, b.name) }
	slices.SortFunc(got, byName)
	if len(got) != len(want) {
		t.Fatalf("readFolder gave %d entries, os.ReadDir %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("entry %d: readFolder %+v, os.ReadDir %+v", i, got[i], want[i])
		}
	}
	if _, err := readFolder(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: %v", err)
	}
}

// readNamed reads path as "summary PATH" does while write feeds it from
// another goroutine, and fails the test if that does not end once the
// writer has written and closed. Errors of the whole file are items too.
func readNamed(t *testing.T, path string, write func()) []item {
	t.Helper()
	go write()
	done := make(chan []item)
	go func() {
		var items []item
		(&Reader{}).Read(context.Background(), []string{path}, func(d *Decoded, _ int) {
			if d.Err != nil {
				items = append(items, item{source: path, err: d.Err})
			}
			for _, it := range d.items {
				if it.report != nil {
					it.report = new(*it.report) // Read reuses the one it hands over
				}
				items = append(items, it)
			}
		})
		done <- items
	}()
	select {
	case items := <-done:
		return items
	case <-time.After(time.Minute):
		t.Fatalf("%s: still reading a minute after the writer closed", path)
		return nil
	}
}

// stored is data in a gzip stream that does not compress it.
func stored(data []byte) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.NoCompression)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// A FIFO or a pipe named on the command line ("summary /tmp/fifo",
// "summary <(zcat r.json.gz)", which names /dev/fd/N) is read to its end as
// a stream: larger than a pipe's 64 KiB buffer, it was cut at the first
// read that found the pipe short of a full buffer, and a zip, which needs
// to be read at offsets, could not be read from one at all.
func TestNamedPipeOnCommandLineIsStreamed(t *testing.T) {
	// Incompressible, and of no format by its first bytes.
	noise := make([]byte, 300<<10)
	rand.NewChaCha8([32]byte{}).Read(noise)
	copy(noise, "\x01\x02\x03\x04")
	padded := append(bytes.Repeat([]byte(" \n"), 150<<10), testgen.SampleReport("fifo-json")...)
	for _, tc := range []struct {
		name string
		data []byte
		id   string
	}{
		{"json", padded, "fifo-json"},
		{"gzip", stored(padded), "fifo-json"},
		{"zip", testgen.Zip(t, testgen.Member("noise.bin", noise), testgen.Member("r.json", testgen.SampleReport("fifo-zip"))), "fifo-zip"},
		{"mbox", []byte(testgen.MboxMessage(testgen.ReportMessage("fifo-mbox")) + testgen.MboxMessage("Subject: x\n\n"+string(bytes.Repeat([]byte("ordinary mail\n"), 20_000)))), "fifo-mbox"},
	} {
		if len(tc.data) <= 128<<10 {
			t.Fatalf("%s: %d bytes fit a pipe's buffer", tc.name, len(tc.data))
		}
		fifo := filepath.Join(t.TempDir(), "fifo")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		items := readNamed(t, fifo, func() {
			f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				t.Error(err)
				return
			}
			f.Write(tc.data)
			f.Close()
		})
		wantReports(t, items, tc.id)

		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		items = readNamed(t, fmt.Sprintf("/dev/fd/%d", r.Fd()), func() {
			w.Write(tc.data)
			w.Close()
		})
		r.Close()
		wantReports(t, items, tc.id)
	}
	// A writer that never ends costs one report's limit, then is cut off.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	items := readNamed(t, fmt.Sprintf("/dev/fd/%d", r.Fd()), func() {
		spaces := bytes.Repeat([]byte(" "), 64<<10)
		for {
			if _, err := w.Write(spaces); err != nil {
				return
			}
		}
	})
	if errs := errorsOf(items); len(errs) != 1 || !strings.HasSuffix(errs[0], ": file is larger than the 64 MiB limit for one report") {
		t.Errorf("endless spaces: %q", errs)
	}
	r.Close()
	w.Close()
}
