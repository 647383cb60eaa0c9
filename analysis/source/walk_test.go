//go:build unix

package source

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

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
