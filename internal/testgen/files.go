package testgen

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// RealDir is the folder of the real-world samples (testdata/real, see its
// SOURCES.md), found from this file so that every package's tests share it.
func RealDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "real")
}

// ReadReal returns the bytes of the real sample name.
func ReadReal(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(RealDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RealSampleNames lists the data files of RealDir (not SOURCES.md).
func RealSampleNames(t testing.TB) []string {
	t.Helper()
	ents, err := os.ReadDir(RealDir())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		if e.Type().IsRegular() && e.Name() != "SOURCES.md" {
			names = append(names, e.Name())
		}
	}
	return names
}

// WriteFile writes data to dir/name, making the folders it needs, and
// returns the path.
func WriteFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// ZipMember is one file of a zip built by Zip. A name ending in "/" is a
// directory.
type ZipMember struct {
	Name string
	Data []byte
}

// Member is a ZipMember, for short literals.
func Member(name string, data []byte) ZipMember { return ZipMember{name, data} }

// Zip is a deflated zip archive of members, in order.
func Zip(t testing.TB, members ...ZipMember) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.Name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(m.Data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ContainsAll tells whether s contains every one of subs.
func ContainsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// ZeroGzip returns the bytes of a gzip file holding size zero bytes.
func ZeroGzip(t testing.TB, size int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := GzipZeros(&buf, size); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sharedBomb is a 1 GiB-of-zeros gzip file (about 1 MiB), built once per
// test binary in a temporary folder that RemoveGzipBomb removes.
var sharedBomb struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// GzipBomb returns the path of a gzip file that inflates to 1 GiB of zeros.
// A package whose tests call it removes it in TestMain with RemoveGzipBomb.
func GzipBomb(t testing.TB) string {
	t.Helper()
	sharedBomb.once.Do(func() {
		sharedBomb.dir, sharedBomb.err = os.MkdirTemp("", "tlsrpt-bomb-")
		if sharedBomb.err != nil {
			return
		}
		sharedBomb.path = filepath.Join(sharedBomb.dir, "bomb.json.gz")
		f, err := os.Create(sharedBomb.path)
		if err == nil {
			err = GzipZeros(f, 1<<30)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		sharedBomb.err = err
	})
	if sharedBomb.err != nil {
		t.Fatal(sharedBomb.err)
	}
	return sharedBomb.path
}

// RemoveGzipBomb removes what GzipBomb made, if it made anything.
func RemoveGzipBomb() {
	if sharedBomb.dir != "" {
		os.RemoveAll(sharedBomb.dir)
	}
}
