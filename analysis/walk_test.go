//go:build unix

package analysis

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// TestWalkOrderAndPaths: a folder walk emits report files in lexical order
// with the paths filepath.WalkDir gives, however the folder was named,
// skipping other names, FIFOs and links to folders.
func TestWalkOrderAndPaths(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.json", "a.JSON.GZ", "notes.txt", "sub/z.zip", "sub/deeper/m.eml", "sub/a.mbox", "Z.json"} {
		writeFile(t, dir, name, []byte("{}"))
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
		// folder, 6 at the top (the link to a folder and the FIFO are told
		// apart only when they come up), 2 in sub, 1 in deeper.
		if listed != 9 {
			t.Errorf("root %q: %d listed, want 9", root, listed)
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
