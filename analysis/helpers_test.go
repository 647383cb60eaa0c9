package analysis

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// realDir holds the real-world samples (see ../testdata/real/SOURCES.md).
const realDir = "../testdata/real"

// obj is a JSON object under construction.
type obj = testgen.Obj

// report builds a report that starts on day (YYYY-MM-DD) and ends the same
// day at 23:59:59Z, the way Google and Microsoft write them.
func report(org, id, day string, policies ...obj) obj {
	contact := "tlsrpt@" + strings.ToLower(strings.ReplaceAll(org, " ", "")) + ".example"
	return testgen.Report(org, id, contact, day+"T00:00:00Z", day+"T23:59:59Z", policies...)
}

// policy builds a policies[] entry.
var policy = testgen.Policy

// stsPolicy is policy with an MTA-STS policy-string and mx-host list.
func stsPolicy(domain, mode string, mx []string, ok, failed int64, details ...obj) obj {
	return testgen.STSPolicy(domain, mode, mx, "604800", ok, failed, details...)
}

// detail builds a failure-details entry; empty strings are left out, as
// Microsoft and Mail.ru do.
func detail(resultType, sendingIP, mx, receivingIP string, n int64) obj {
	return testgen.Detail(resultType, n, obj{"sending-mta-ip": sendingIP, "receiving-mx-hostname": mx, "receiving-ip": receivingIP})
}

// mustJSON is v as report JSON.
func mustJSON(_ testing.TB, v any) []byte { return testgen.JSON(v) }

func gzipBytes(_ testing.TB, data []byte) []byte { return testgen.Gzip(data) }

// zipMember is one file of a zip built by zipBytes. A name ending in "/"
// is a directory.
type zipMember struct {
	name string
	data []byte
}

func zipBytes(t testing.TB, members ...zipMember) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
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

func readReal(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(realDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// realSampleNames lists the data files of ../testdata/real (not SOURCES.md).
func realSampleNames(t testing.TB) []string {
	t.Helper()
	ents, err := os.ReadDir(realDir)
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

// loadPaths runs a Loader and returns the result; Load itself must not fail.
func loadPaths(t testing.TB, workers int, paths ...string) *Result {
	t.Helper()
	a := New()
	if err := (&Loader{Workers: workers}).Load(t.Context(), a, paths); err != nil {
		t.Fatalf("Load(%q): %v", paths, err)
	}
	return a.Result(Filter{})
}

// decodeOne decodes a file as the loader does and returns its outcomes,
// failing the test if the file as a whole could not be read.
func decodeOne(t testing.TB, path string) []item {
	t.Helper()
	items, err := decodeFile(path, true)
	if err != nil {
		t.Fatalf("decodeFile(%s): %v", path, err)
	}
	return items
}

func reportsOf(items []item) []*Report {
	var rs []*Report
	for _, it := range items {
		if it.report != nil && it.err == nil {
			rs = append(rs, it.report)
		}
	}
	return rs
}

func errorsOf(items []item) []string {
	var es []string
	for _, it := range items {
		if it.err != nil {
			es = append(es, it.source+": "+it.err.Error())
		}
	}
	return es
}

func totals(r *Report) (ok, failed int64) {
	for _, p := range r.Policies {
		ok += p.Successful
		failed += p.Failed
	}
	return ok, failed
}

// errorFor returns the error recorded for source, or "".
func errorFor(res *Result, source string) string {
	for _, e := range res.Errors {
		if e.Source == source {
			return e.Error
		}
	}
	return ""
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// writeZeroGzip writes a gzip file holding size zero bytes, in about
// size/1000 bytes.
func writeZeroGzip(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = testgen.GzipZeros(f, size)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// zeroGzip returns the bytes of a gzip file holding size zero bytes.
func zeroGzip(t testing.TB, size int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := testgen.GzipZeros(&buf, size); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sharedBomb is a 1 GiB-of-zeros gzip file (about 1 MiB), built once per
// test binary in a temporary folder that TestMain removes.
var sharedBomb struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func gzipBombPath(t testing.TB) string {
	t.Helper()
	sharedBomb.once.Do(func() {
		sharedBomb.dir, sharedBomb.err = os.MkdirTemp("", "tlsrpt-bomb-")
		if sharedBomb.err == nil {
			sharedBomb.path = filepath.Join(sharedBomb.dir, "bomb.json.gz")
			sharedBomb.err = writeZeroGzip(sharedBomb.path, 1<<30)
		}
	})
	if sharedBomb.err != nil {
		t.Fatal(sharedBomb.err)
	}
	return sharedBomb.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedBomb.dir != "" {
		os.RemoveAll(sharedBomb.dir)
	}
	os.Exit(code)
}
