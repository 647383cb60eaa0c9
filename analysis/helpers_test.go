package analysis

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// realDir holds the real-world samples (see ../testdata/real/SOURCES.md).
const realDir = "../testdata/real"

// obj is a JSON object under construction; encoding/json writes its keys
// sorted, which reports are free to do.
type obj = map[string]any

// report builds a report that starts on day (YYYY-MM-DD) and ends the same
// day at 23:59:59Z, the way Google and Microsoft write them.
func report(org, id, day string, policies ...obj) obj {
	if policies == nil {
		policies = []obj{}
	}
	return obj{
		"organization-name": org,
		"date-range": obj{
			"start-datetime": day + "T00:00:00Z",
			"end-datetime":   day + "T23:59:59Z",
		},
		"contact-info": "tlsrpt@" + strings.ToLower(strings.ReplaceAll(org, " ", "")) + ".example",
		"report-id":    id,
		"policies":     policies,
	}
}

// policy builds a policies[] entry.
func policy(typ, domain string, ok, failed int64, details ...obj) obj {
	p := obj{
		"policy": obj{"policy-type": typ, "policy-domain": domain},
		"summary": obj{
			"total-successful-session-count": ok,
			"total-failure-session-count":    failed,
		},
	}
	if details != nil {
		p["failure-details"] = details
	}
	return p
}

// stsPolicy is policy with an MTA-STS policy-string and mx-host list.
func stsPolicy(domain, mode string, mx []string, ok, failed int64, details ...obj) obj {
	p := policy("sts", domain, ok, failed, details...)
	lines := []string{"version: STSv1", "mode: " + mode}
	for _, m := range mx {
		lines = append(lines, "mx: "+m)
	}
	lines = append(lines, "max_age: 604800")
	p["policy"].(obj)["policy-string"] = lines
	p["policy"].(obj)["mx-host"] = mx
	return p
}

// detail builds a failure-details entry; empty strings are left out, as
// Microsoft and Mail.ru do.
func detail(resultType, sendingIP, mx, receivingIP string, n int64) obj {
	d := obj{"result-type": resultType, "failed-session-count": n}
	for k, v := range map[string]string{"sending-mta-ip": sendingIP, "receiving-mx-hostname": mx, "receiving-ip": receivingIP} {
		if v != "" {
			d[k] = v
		}
	}
	return d
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

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

// writeZeroGzip writes a gzip file holding size zero bytes (a multiple of
// 1 MiB) without compressing all of them: deflate output for a run of
// zeros repeats once the window is full of zeros, so one flushed 1 MiB
// block is compressed and its bytes are repeated. The result is verified
// by inflating it, which is far cheaper than deflating a gigabyte.
func writeZeroGzip(path string, size int64) error {
	const chunk = 1 << 20
	if size%chunk != 0 || size < 4*chunk {
		return fmt.Errorf("writeZeroGzip: size %d must be a multiple of 1 MiB, at least 4 MiB", size)
	}
	zeros := make([]byte, chunk)
	var cur bytes.Buffer
	fw, _ := flate.NewWriter(&cur, flate.BestCompression)
	parts := make([][]byte, 3)
	for i := range parts {
		fw.Write(zeros)
		fw.Flush()
		parts[i] = bytes.Clone(cur.Bytes())
		cur.Reset()
	}
	fw.Close()
	tail := bytes.Clone(cur.Bytes())
	if !bytes.Equal(parts[1], parts[2]) {
		return errors.New("compress/flate output for repeated zero blocks is not periodic")
	}
	var out bytes.Buffer
	// Header: magic, deflate, no flags, mtime 0, XFL 2 (best), OS 255.
	out.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255})
	out.Write(parts[0])
	for i := int64(1); i < size/chunk; i++ {
		out.Write(parts[1])
	}
	out.Write(tail)
	crc := uint32(0)
	for i := int64(0); i < size/chunk; i++ {
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], crc)
	binary.LittleEndian.PutUint32(trailer[4:], uint32(size))
	out.Write(trailer[:])
	// Verify: the stream must inflate to exactly size bytes with a valid
	// checksum, or the bomb tests would test a corrupt file instead.
	zr, err := gzip.NewReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		return err
	}
	if n, err := io.Copy(io.Discard, zr); err != nil || n != size {
		return fmt.Errorf("generated gzip bomb inflates to %d bytes (%v), want %d", n, err, size)
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}

// zeroGzip returns the bytes of writeZeroGzip.
func zeroGzip(t testing.TB, size int64) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "z.gz")
	if err := writeZeroGzip(p, size); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
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
