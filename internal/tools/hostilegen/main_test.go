package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// digest hashes every file below dir by name, size and content, and every
// symlink by target; the sparse file by size alone.
func digest(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := make(map[string]string)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			out[rel] = "-> " + target
			return err
		case d.IsDir():
			return nil
		case !info.Mode().IsRegular() || info.Size() > 100<<20:
			out[rel] = fmt.Sprint(info.Mode().Type(), info.Size())
			return nil
		}
		data, err := os.ReadFile(p)
		out[rel] = fmt.Sprintf("%x", sha256.Sum256(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	var listing bytes.Buffer
	g := &gen{dir: dir, port: 58460, w: &listing}
	if err := g.generate(); err != nil {
		t.Fatal(err)
	}
	if g.valid != mailboxMessages+2 {
		t.Errorf("valid = %d, want %d", g.valid, mailboxMessages+2)
	}

	// The valid reports load, every one of them, with no error.
	a := analysis.New()
	var l analysis.Loader
	valid := []string{"mailbox-10000-reports.mbox", "newline\nname!with!bang.json", "terminal-escapes.json"}
	for i := range valid {
		valid[i] = filepath.Join(dir, valid[i])
	}
	if err := l.Load(context.Background(), a, valid); err != nil {
		t.Fatal(err)
	}
	res := a.Result(analysis.Filter{})
	if res.Reports != g.valid || res.Duplicates != 0 || len(res.Errors) != 0 || len(res.Warnings) != 0 {
		t.Errorf("valid files: %d reports, %d duplicates, errors %v, warnings %v; want %d reports and nothing else",
			res.Reports, res.Duplicates, res.Errors, res.Warnings, g.valid)
	}

	// Sizes the hostile files promise.
	for name, want := range map[string]int64{"sparse-300MB.json": sparseBytes} {
		if info, err := os.Stat(filepath.Join(dir, name)); err != nil || info.Size() != want {
			t.Errorf("%s: %v, size %v, want %d", name, err, info, want)
		}
	}
	if info, err := os.Stat(filepath.Join(dir, "bomb-1GiB-of-zeros.json.gz")); err != nil || info.Size() > 2<<20 {
		t.Errorf("gzip bomb: %v, %v; want at most 2 MiB", err, info)
	}

	if testing.Short() {
		return
	}
	// Byte-identical on a second run, into the same folder too.
	first := digest(t, dir)
	again := t.TempDir()
	for _, d := range []string{again, dir} {
		g := &gen{dir: d, port: 58460, w: io.Discard}
		if err := g.generate(); err != nil {
			t.Fatal(err)
		}
		second := digest(t, d)
		if len(second) != len(first) {
			t.Errorf("run 2 into %s wrote %d files, run 1 %d", d, len(second), len(first))
		}
		for name, h := range first {
			if second[name] != h {
				t.Errorf("%q differs between runs", name)
			}
		}
	}
}
