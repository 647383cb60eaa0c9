package source

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// decodeBytes writes data to a file called name and decodes it as the
// loader would.
func decodeBytes(t testing.TB, name string, data []byte) (string, []item, error) {
	t.Helper()
	p := testgen.WriteFile(t, t.TempDir(), name, data)
	items, err := decodeFile(p, true)
	return p, items, err
}

// wantReports checks that items hold exactly the report-ids ids, in order,
// and no errors.
func wantReports(t testing.TB, items []item, ids ...string) {
	t.Helper()
	var got []string
	for _, r := range reportsOf(items) {
		got = append(got, r.ReportID)
	}
	if strings.Join(got, ",") != strings.Join(ids, ",") {
		t.Errorf("reports %q, want %q", got, ids)
	}
	if errs := errorsOf(items); len(errs) != 0 {
		t.Errorf("unexpected errors %q", errs)
	}
}

// ---- gzip -----------------------------------------------------------------

func TestGzipVariants(t *testing.T) {
	js := testgen.SampleReport("gz")
	gz := func(h gzip.Header, data []byte) []byte {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Header = h
		zw.Write(data)
		zw.Close()
		return buf.Bytes()
	}
	mtime := time.Date(2024, 6, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"plain", testgen.Gzip(js)},
		{"trailing CRLF after the stream", append(testgen.Gzip(js), '\r', '\n')},
		{"trailing LF", append(testgen.Gzip(js), '\n')},
		{"trailing zero padding", append(testgen.Gzip(js), make([]byte, 512)...)},
		{"FNAME", gz(gzip.Header{Name: "google.com!example.com!1717200000!1717286399!001.json"}, js)},
		{"FCOMMENT", gz(gzip.Header{Comment: "made by a reporter"}, js)},
		{"FEXTRA", gz(gzip.Header{Extra: []byte("AB\x04\x00data")}, js)},
		{"all flags and mtime", gz(gzip.Header{Name: "rpt01.json.1", Comment: "c", Extra: []byte("xy\x00\x00"), ModTime: mtime}, js)},
		{"OS 0 (FAT, Microsoft)", gz(gzip.Header{OS: 0}, js)},
		{"OS 3 (Unix)", gz(gzip.Header{OS: 3, ModTime: mtime}, js)},
		{"OS 255 (unknown)", gz(gzip.Header{OS: 255}, js)},
		{"gzip in gzip", testgen.Gzip(testgen.Gzip(js))},
		{"BOM and CRLF JSON", testgen.Gzip(append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(js, []byte(","), []byte(",\r\n"))...))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, name := range []string{"r.json.gz", "r.gz", "no-extension", "google.com!example.com!1!2!001.json.gz"} {
				_, items, err := decodeBytes(t, name, tc.data)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				wantReports(t, items, "gz")
			}
		})
	}
}

// TestGzipMultipleMembers: RFC 1952 says a gzip file is a series of
// members whose contents are concatenated (what `cat a.gz b.gz` and
// gzip -d do). Reading only the first member silently drops the rest.
func TestGzipMultipleMembers(t *testing.T) {
	js := testgen.SampleReport("two-members")
	half := len(js) / 2
	data := append(testgen.Gzip(js[:half]), testgen.Gzip(js[half:])...)
	_, items, err := decodeBytes(t, "r.json.gz", data)
	if err != nil {
		t.Fatal(err)
	}
	wantReports(t, items, "two-members")
}

func TestGzipBroken(t *testing.T) {
	good := testgen.Gzip(testgen.SampleReport("x"))
	badCRC := bytes.Clone(good)
	badCRC[len(badCRC)-8] ^= 0xff
	badSize := bytes.Clone(good)
	badSize[len(badSize)-1] ^= 0xff
	badMethod := bytes.Clone(good)
	badMethod[2] = 7
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"magic only", []byte{0x1f, 0x8b}, "truncated"},
		{"header only", good[:10], "truncated"},
		{"cut in the middle", good[:len(good)/2], "truncated"},
		{"no trailer", good[:len(good)-8], "truncated"},
		{"checksum wrong", badCRC, "checksum"},
		{"size wrong", badSize, "gzip"},
		{"unknown method", badMethod, "gzip"},
		{"not a report inside", testgen.Gzip([]byte("just some text\n")), "not a TLS-RPT report"},
		{"DMARC XML inside", testgen.Gzip([]byte("<?xml version=\"1.0\"?><feedback></feedback>")), "DMARC"},
		{"empty inside", testgen.Gzip(nil), "not a TLS-RPT report"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, items, err := decodeBytes(t, "broken.json.gz", tc.data)
			msgs := errorsOf(items)
			if err != nil {
				msgs = append(msgs, err.Error())
			}
			if len(msgs) != 1 || !strings.Contains(msgs[0], tc.want) || len(reportsOf(items)) != 0 {
				t.Errorf("errors %q, want one containing %q", msgs, tc.want)
			}
		})
	}
}

// TestGzipBomb: 1 GiB of zeros in about 1 MiB of gzip is refused as a
// bomb after inflating at most the report limit.
func TestGzipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and inflates a 1 GiB gzip stream")
	}
	bomb := testgen.GzipBomb(t)
	if st, err := os.Stat(bomb); err != nil || st.Size() > 2<<20 {
		t.Fatalf("bomb file: %v %v", st, err)
	}
	items, err := decodeFile(bomb, true)
	if err == nil || !testgen.ContainsAll(err.Error(), "gzip bomb", "64 MiB") || len(items) != 0 {
		t.Fatalf("error %v, items %d; want a gzip bomb error", err, len(items))
	}
	// The same bomb inside a zip and attached to an email.
	raw, err := os.ReadFile(bomb)
	if err != nil {
		t.Fatal(err)
	}
	_, items, err = decodeBytes(t, "bombs.zip", testgen.Zip(t, testgen.Member("bomb.json.gz", raw)))
	if err != nil || len(items) != 1 || items[0].err == nil || !strings.Contains(items[0].err.Error(), "gzip bomb") || items[0].source != filepath.Join(filepath.Dir(items[0].source), "bombs.zip:bomb.json.gz") {
		t.Errorf("bomb in zip: %v %q", err, errorsOf(items))
	}
	msg := testgen.ReportEmail("application/tlsrpt+gzip", "base64", "bomb.json.gz", testgen.Wrap76(base64.StdEncoding.EncodeToString(raw)))
	items = (&decoder{}).email("bomb.eml", []byte(msg), 1)
	if len(items) != 1 || items[0].err == nil || !testgen.ContainsAll(items[0].err.Error(), "gzip bomb", "bomb.json.gz") {
		t.Errorf("bomb in email: %q", errorsOf(items))
	}
}

// ---- zip --------------------------------------------------------------------

func TestZipMembers(t *testing.T) {
	data := testgen.Zip(t,
		testgen.Member("reports/", nil),
		testgen.Member("reports/a.json", testgen.SampleReport("zip-a")),
		testgen.Member("reports/google.com!example.com!1!2!001.json.gz", testgen.Gzip(testgen.SampleReport("zip-b"))),
		testgen.Member("README.txt", []byte("These are the TLS reports of June.\n")),
		testgen.Member("__MACOSX/reports/._a.json", []byte("\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")),
		testgen.Member("reports/._b.json", []byte("\x00\x05\x16\x07resource fork")),
		testgen.Member("reports/broken.json", []byte(`{"organization-name":"Broken"`)),
		testgen.Member("reports/inner.zip", testgen.Zip(t, testgen.Member("c.json", testgen.SampleReport("zip-c")))),
		testgen.Member("noext", testgen.SampleReport("zip-d")), // sniffed by content
	)
	p, items, err := decodeBytes(t, "reports.zip", data)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range reportsOf(items) {
		ids = append(ids, r.ReportID)
	}
	if strings.Join(ids, ",") != "zip-a,zip-b,zip-c,zip-d" {
		t.Errorf("reports %q", ids)
	}
	errs := errorsOf(items)
	if len(errs) != 1 || !strings.HasPrefix(errs[0], p+":reports/broken.json: ") || !strings.Contains(errs[0], "truncated") {
		t.Errorf("errors %q, want one for %s:reports/broken.json", errs, p)
	}
	for _, it := range items {
		if it.report != nil && !strings.HasPrefix(it.source, p+":reports/") && it.source != p+":noext" {
			t.Errorf("report source %q does not name archive:member", it.source)
		}
	}
}

// TestZipCorruptMember: a member whose bytes are damaged gives an error
// naming archive:member; the other members still load.
func TestZipCorruptMember(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range []struct {
		name   string
		method uint16
		data   []byte
	}{
		{"good1.json", zip.Deflate, testgen.SampleReport("good1")},
		{"damaged.json", zip.Store, testgen.SampleReport("damaged")},
		{"good2.json", zip.Deflate, testgen.SampleReport("good2")},
	} {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: m.method})
		w.Write(m.data)
	}
	// An unsupported compression method (LZMA, 14).
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "lzma.json", Method: 14, CompressedSize64: 3, UncompressedSize64: 3})
	w.Write([]byte("abc"))
	zw.Close()
	data := buf.Bytes()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	off, _ := zr.File[1].DataOffset()
	data[off+20] ^= 0x55 // breaks the CRC of the stored member

	p, items, err := decodeBytes(t, "mixed.zip", data)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range reportsOf(items) {
		ids = append(ids, r.ReportID)
	}
	if strings.Join(ids, ",") != "good1,good2" {
		t.Errorf("reports %q, want good1,good2", ids)
	}
	errs := errorsOf(items)
	if len(errs) != 2 || !strings.HasPrefix(errs[0], p+":damaged.json: ") || !strings.HasPrefix(errs[1], p+":lzma.json: ") {
		t.Errorf("errors %q, want damaged.json and lzma.json", errs)
	}
}

func TestZipBroken(t *testing.T) {
	good := testgen.Zip(t, testgen.Member("a.json", testgen.SampleReport("a")))
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated archive", good[:len(good)-30], "not a valid zip archive"},
		{"local header only", good[:40], "not a valid zip archive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, items, err := decodeBytes(t, "broken.zip", tc.data)
			if err != nil || len(items) != 1 || items[0].err == nil || items[0].source != p || !strings.Contains(items[0].err.Error(), tc.want) {
				t.Errorf("err %v, items %q; want one error for %s containing %q", err, errorsOf(items), p, tc.want)
			}
		})
	}
}

// TestZipWithoutReports: an archive in which nothing is a report, and
// nothing failed as one, is an error naming what it holds.
func TestZipWithoutReports(t *testing.T) {
	dmarc := []byte(`<?xml version="1.0" encoding="UTF-8" ?>` + "\n<feedback>\n  <report_metadata><org_name>google.com</org_name></report_metadata>\n</feedback>\n")
	readme := testgen.Member("README.txt", []byte("These are the reports of June.\n"))
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", testgen.Zip(t), "empty zip archive"},
		{"folders and resource forks only", testgen.Zip(t, testgen.Member("reports/", nil), testgen.Member("__MACOSX/._r.json", []byte("\x00\x05\x16\x07"))), "empty zip archive"},
		{"a DMARC report, as Google sends it", testgen.Zip(t, testgen.Member("google.com!example.com!1717200000!1717286399.xml", dmarc)), "zip holds a DMARC aggregate report (XML), not a TLS-RPT report"},
		{"two DMARC reports", testgen.Zip(t, testgen.Member("a.xml", dmarc), testgen.Member("b.xml", dmarc)), "zip holds 2 DMARC aggregate reports (XML), not a TLS-RPT report"},
		{"a DMARC report and a README", testgen.Zip(t, testgen.Member("a.xml", dmarc), readme), "zip holds no TLS-RPT report, only a DMARC aggregate report (XML), README.txt"},
		{"other XML", testgen.Zip(t, testgen.Member("pom.xml", []byte("<project></project>"))), "zip holds no TLS-RPT report, only an XML document"},
		{"text files", testgen.Zip(t, readme, testgen.Member("docs/NOTES", []byte("x")), testgen.Member("LICENSE", []byte("MIT")), testgen.Member("AUTHORS", []byte("Bob"))), "zip holds no TLS-RPT report, only README.txt, NOTES, LICENSE and 1 more"},
		{"an email without a report", testgen.Zip(t, testgen.Member("cron.txt", []byte("From: root@host\r\nSubject: Cron\r\n\r\nall fine\r\n"))), "zip holds no TLS-RPT report, only cron.txt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, items, err := decodeBytes(t, "in.zip", tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if errs := errorsOf(items); len(items) != 1 || len(errs) != 1 || errs[0] != p+": "+tc.want {
				t.Errorf("errors %q, want exactly %q", errs, p+": "+tc.want)
			}
		})
	}
}

// TestZipInZipWithoutReports: a zip inside a zip that holds no report is
// named the same way, as archive:member.
func TestZipInZipWithoutReports(t *testing.T) {
	dmarc := []byte(`<?xml version="1.0"?><feedback></feedback>`)
	for _, tc := range []struct {
		name  string
		inner []byte
		want  string
	}{
		{"DMARC", testgen.Zip(t, testgen.Member("r.xml", dmarc)), "zip holds a DMARC aggregate report (XML), not a TLS-RPT report"},
		{"empty", testgen.Zip(t), "empty zip archive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, items, err := decodeBytes(t, "outer.zip", testgen.Zip(t, testgen.Member("inner.zip", tc.inner), testgen.Member("README", []byte("hi"))))
			if err != nil {
				t.Fatal(err)
			}
			if errs := errorsOf(items); len(errs) != 1 || errs[0] != p+":inner.zip: "+tc.want {
				t.Errorf("errors %q, want %q", errs, p+":inner.zip: "+tc.want)
			}
		})
	}
}

// rawDeflateZeros returns a raw deflate stream of size zero bytes and its
// CRC-32, taken from a cheap gzip bomb.
func rawDeflateZeros(t testing.TB, size int64) ([]byte, uint32) {
	var gz []byte
	if size == 1<<30 {
		var err error
		if gz, err = os.ReadFile(testgen.GzipBomb(t)); err != nil {
			t.Fatal(err)
		}
	} else {
		gz = testgen.ZeroGzip(t, size)
	}
	return gz[10 : len(gz)-8], binary.LittleEndian.Uint32(gz[len(gz)-8:])
}

func TestZipBomb(t *testing.T) {
	raw, crc := rawDeflateZeros(t, 1<<30)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "bomb.json", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(raw)), UncompressedSize64: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	w, _ = zw.Create("ok.json")
	w.Write(testgen.SampleReport("beside-the-bomb"))
	// A member that lies: it declares 100 bytes and holds 64 MiB of zeros.
	liar, liarCRC := rawDeflateZeros(t, 64<<20)
	w, _ = zw.CreateRaw(&zip.FileHeader{Name: "liar.json", Method: zip.Deflate, CRC32: liarCRC,
		CompressedSize64: uint64(len(liar)), UncompressedSize64: 100})
	w.Write(liar)
	zw.Close()

	p, items, err := decodeBytes(t, "bomb.zip", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	wantIDs := reportsOf(items)
	if len(wantIDs) != 1 || wantIDs[0].ReportID != "beside-the-bomb" {
		t.Errorf("reports %v, want the one beside the bomb", wantIDs)
	}
	errs := errorsOf(items)
	if len(errs) != 2 || !testgen.ContainsAll(errs[0], p+":bomb.json: ", "1024 MiB", "64 MiB") || !strings.HasPrefix(errs[1], p+":liar.json: ") {
		t.Errorf("errors %q", errs)
	}
}

func TestZipTooManyMembers(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a zip of 100,000 members")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range 100_000 {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("%d.json", i), Method: zip.Store})
		w.Write([]byte("{}"))
	}
	zw.Close()
	p, items, err := decodeBytes(t, "many.zip", buf.Bytes())
	if err != nil || len(items) != 1 || items[0].source != p || items[0].err == nil || !testgen.ContainsAll(items[0].err.Error(), "100000 members", "10000") {
		t.Errorf("err %v items %q; want one error for the archive naming 100000 and the limit", err, errorsOf(items))
	}
}

// TestZipInflationBudget: MaxArchiveBytes bounds what one archive may
// inflate to, but bytes inflated by gzip members and nested archives are
// not counted. 20 gzip members of 60 MiB of zeros (each under the
// per-report limit) make a 20 KB zip inflate 1.2 GiB; 10,000 of them would
// keep a worker busy for minutes. Expected: the archive-level error once
// 1 GiB has been inflated (the check runs before each member, so the
// archives here go more than one member beyond the budget).
func TestZipInflationBudget(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("inflates more than 2 GiB")
	}
	member := testgen.ZeroGzip(t, 60<<20)
	t.Run("gzip members", func(t *testing.T) {
		var members []testgen.ZipMember
		for i := range 20 {
			members = append(members, testgen.Member(fmt.Sprintf("m%02d.json.gz", i), member))
		}
		p, items, err := decodeBytes(t, "budget.zip", testgen.Zip(t, members...))
		if err != nil {
			t.Fatal(err)
		}
		if !budgetError(items, p) {
			t.Errorf("no error for the archive after inflating 20×60 MiB; errors %d: %.200q", len(errorsOf(items)), errorsOf(items))
		}
	})
	t.Run("nested archives", func(t *testing.T) {
		raw, crc := rawDeflateZeros(t, 60<<20)
		var inner bytes.Buffer
		zw := zip.NewWriter(&inner)
		for i := range 5 {
			w, _ := zw.CreateRaw(&zip.FileHeader{Name: fmt.Sprintf("z%d.json", i), Method: zip.Deflate, CRC32: crc,
				CompressedSize64: uint64(len(raw)), UncompressedSize64: 60 << 20})
			w.Write(raw)
		}
		zw.Close()
		outer := testgen.Zip(t, testgen.Member("a.zip", inner.Bytes()), testgen.Member("b.zip", inner.Bytes()), testgen.Member("c.zip", inner.Bytes()), testgen.Member("d.zip", inner.Bytes()))
		p, items, err := decodeBytes(t, "nested.zip", outer)
		if err != nil {
			t.Fatal(err)
		}
		if !budgetError(items, p) {
			t.Errorf("no error for the archive after inflating 4×5×60 MiB; errors %d: %.200q", len(errorsOf(items)), errorsOf(items))
		}
	})
}

func budgetError(items []item, source string) bool {
	for _, it := range items {
		if it.err != nil && strings.HasPrefix(it.source, source) && strings.Contains(it.err.Error(), "1024 MiB") {
			return true
		}
	}
	return false
}

// TestZipNonReportMembers: members that are not reports (a README, notes)
// are skipped silently whatever their first line looks like.
func TestZipNonReportMembers(t *testing.T) {
	data := testgen.Zip(t,
		testgen.Member("a.json", testgen.SampleReport("a")),
		testgen.Member("README.txt", []byte("Note: these are the reports of June.\nAsk Bob.\n")),
		testgen.Member("NOTES", []byte("Subject: TLS\n\nnothing here\n")),
		testgen.Member("LICENSE", []byte("MIT License\n\nCopyright (c) 2024\n")),
	)
	_, items, err := decodeBytes(t, "withreadme.zip", data)
	if err != nil {
		t.Fatal(err)
	}
	wantReports(t, items, "a")
}

// ---- email -----------------------------------------------------------------

func qp(t testing.TB, data []byte) string {
	var buf bytes.Buffer
	w := quotedprintable.NewWriter(&buf)
	w.Write(data)
	w.Close()
	return buf.String()
}

func TestEmailVariants(t *testing.T) {
	js := testgen.SampleReport("mail")
	gz := testgen.Gzip(js)
	b64 := base64.StdEncoding.EncodeToString(gz)
	const gzName = "google.com!example.com!1717200000!1717286399!001.json.gz"
	inner := testgen.ReportEmail("application/tlsrpt+gzip", "base64", gzName, testgen.Wrap76(b64))
	for _, tc := range []struct {
		name, msg string
	}{
		{"tlsrpt+gzip base64 wrapped", testgen.ReportEmail("application/tlsrpt+gzip", "base64", gzName, testgen.Wrap76(b64))},
		{"tlsrpt+gzip base64 unwrapped", testgen.ReportEmail("application/tlsrpt+gzip", "base64", gzName, b64)},
		{"tlsrpt+gzip base64 without padding", testgen.ReportEmail("application/tlsrpt+gzip", "base64", gzName, strings.TrimRight(b64, "="))},
		{"tlsrpt+gzip base64 LF only", strings.ReplaceAll(testgen.ReportEmail("application/tlsrpt+gzip", "base64", gzName, testgen.Wrap76(b64)), "\r\n", "\n")},
		{"tlsrpt+gzip base64 upper-case encoding name", testgen.ReportEmail("application/tlsrpt+gzip", "BASE64", gzName, testgen.Wrap76(b64))},
		{"tlsrpt+gzip without a name", testgen.ReportEmail("application/tlsrpt+gzip", "base64", "", testgen.Wrap76(b64))},
		{"tlsrpt+gzip holding plain JSON", testgen.ReportEmail("application/tlsrpt+gzip", "base64", gzName, testgen.Wrap76(base64.StdEncoding.EncodeToString(js)))},
		{"tlsrpt+json 7bit", testgen.ReportEmail("application/tlsrpt+json", "7bit", "report.json", string(js))},
		{"tlsrpt+json no encoding header", testgen.ReportEmail("application/tlsrpt+json", "", "", string(js))},
		{"tlsrpt+json quoted-printable", testgen.ReportEmail("application/tlsrpt+json", "quoted-printable", "report.json", qp(t, js))},
		{"tlsrpt+json base64", testgen.ReportEmail("application/tlsrpt+json", "base64", "report.json", testgen.Wrap76(base64.StdEncoding.EncodeToString(js)))},
		{"application/tlsrpt (stalwart)", testgen.ReportEmail("application/tlsrpt", "", "report.json", string(js))},
		{"octet-stream named .json.gz", testgen.ReportEmail("application/octet-stream", "base64", gzName, testgen.Wrap76(b64))},
		{"octet-stream without a name", testgen.ReportEmail("application/octet-stream", "base64", "", testgen.Wrap76(b64))},
		{"application/gzip", testgen.ReportEmail("application/gzip", "base64", "report.gz", testgen.Wrap76(b64))},
		{"application/json", testgen.ReportEmail("application/json", "7bit", "", string(js))},
		{"application/zip", testgen.ReportEmail("application/zip", "base64", "r.zip", testgen.Wrap76(base64.StdEncoding.EncodeToString(testgen.Zip(t, testgen.Member("r.json", js)))))},
		{"text/plain named .json", testgen.ReportEmail("text/plain", "7bit", "report.json", string(js))},
		{"media type parameters and case", testgen.ReportEmail("Application/TLSRPT+GZIP; charset=binary", "base64", gzName, testgen.Wrap76(b64))},
		{"nested multipart/mixed", "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=OUTER\r\n\r\n--OUTER\r\nContent-Type: text/plain\r\n\r\nforwarding\r\n--OUTER\r\n" +
			strings.SplitN(inner, "MIME-Version: 1.0\r\n", 2)[1] + "\r\n--OUTER--\r\n"},
		{"forwarded as message/rfc822", "From: me@example.com\r\nSubject: Fwd: report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=FWD\r\n\r\n--FWD\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--FWD\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"report.eml\"\r\n\r\n" +
			inner + "\r\n--FWD--\r\n"},
		{"eml attachment as octet-stream", "From: me@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=FWD\r\n\r\n--FWD\r\nContent-Type: application/octet-stream; name=\"report.eml\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			testgen.Wrap76(base64.StdEncoding.EncodeToString([]byte(inner))) + "\r\n--FWD--\r\n"},
		{"single-part message", "From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: application/tlsrpt+gzip\r\nContent-Transfer-Encoding: base64\r\n\r\n" + testgen.Wrap76(b64)},
		{"empty text part after the attachment", strings.Replace(testgen.ReportEmail("application/tlsrpt+gzip", "base64", gzName, testgen.Wrap76(b64)), "--BOUNDARY--", "--BOUNDARY\r\nContent-Type: text/plain\r\n\r\n\r\n--BOUNDARY--", 1)},
		{"missing closing boundary", strings.TrimSuffix(testgen.ReportEmail("application/tlsrpt+gzip", "base64", gzName, testgen.Wrap76(b64)), "\r\n--BOUNDARY--\r\n") + "\r\n"},
		{"gateway banner and envelope line", "From MAILER-DAEMON Sun Jun  2 12:00:00 2024\r\nX-Gateway: scanned\r\n" + strings.Replace(testgen.ReportEmail("application/tlsrpt+gzip", "base64", gzName, testgen.Wrap76(b64)), "This is an aggregate", "[EXTERNAL EMAIL] Be careful.\r\nThis is an aggregate", 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, items, err := decodeBytes(t, "report.eml", []byte(tc.msg))
			if err != nil {
				t.Fatal(err)
			}
			wantReports(t, items, "mail")
		})
	}
}

func TestEmailTwoReports(t *testing.T) {
	a := base64.StdEncoding.EncodeToString(testgen.Gzip(testgen.SampleReport("first")))
	b := testgen.SampleReport("second")
	msg := testgen.ReportEmail("application/tlsrpt+gzip", "base64", "a.json.gz", testgen.Wrap76(a))
	msg = strings.Replace(msg, "--BOUNDARY--", "--BOUNDARY\r\nContent-Type: application/tlsrpt+json\r\n\r\n"+string(b)+"\r\n--BOUNDARY--", 1)
	_, items, err := decodeBytes(t, "two.eml", []byte(msg))
	if err != nil {
		t.Fatal(err)
	}
	wantReports(t, items, "first", "second")
}

func TestEmailErrors(t *testing.T) {
	gz := testgen.Gzip(testgen.SampleReport("x"))
	for _, tc := range []struct {
		name, msg string
		want      []string
	}{
		{"no report (cron mail)", "From: root@host\r\nSubject: Cron <root@host> run-parts\r\n\r\nall fine\r\n", []string{"no TLS-RPT report in this email"}},
		{"only a text part", strings.Replace(testgen.ReportEmail("text/plain", "7bit", "", "hello"), "tlsrpt", "x", -1), []string{"no TLS-RPT report in this email"}},
		{"headers only", "From: a@example.com\r\nSubject: x\r\n", []string{"no TLS-RPT report"}},
		{"broken base64", testgen.ReportEmail("application/tlsrpt+gzip", "base64", "r.json.gz", "H4sI!!!notbase64***"), []string{`"r.json.gz"`, "base64"}},
		{"truncated gzip attachment", testgen.ReportEmail("application/tlsrpt+gzip", "base64", "r.json.gz", base64.StdEncoding.EncodeToString(gz[:len(gz)/2])), []string{`"r.json.gz"`, "truncated"}},
		{"invalid report attached", testgen.ReportEmail("application/tlsrpt+json", "7bit", "r.json", `{"organization-name":"x"}`), []string{`"r.json"`, "date-range is missing"}},
		{"multipart without boundary", "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=tlsrpt\r\n\r\n--X\r\n\r\nx\r\n--X--\r\n", []string{"MIME"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, items, err := decodeBytes(t, "bad.eml", []byte(tc.msg))
			if err != nil {
				t.Fatal(err)
			}
			errs := errorsOf(items)
			if len(errs) != 1 || !strings.HasPrefix(errs[0], p+": ") || !testgen.ContainsAll(errs[0], tc.want...) {
				t.Errorf("errors %q, want one for %s containing %q", errs, p, tc.want)
			}
		})
	}
}

// TestEmailWithoutReports: an email whose attachments hold no report is an
// error naming them, or what the zip attached holds.
func TestEmailWithoutReports(t *testing.T) {
	dmarc := []byte(`<?xml version="1.0"?>` + "\n<feedback><report_metadata/></feedback>\n")
	const zipName = "google.com!example.com!1717200000!1717286399.zip"
	b64 := func(data []byte) string { return testgen.Wrap76(base64.StdEncoding.EncodeToString(data)) }
	for _, tc := range []struct {
		name, msg, want string
	}{
		{"a DMARC zip, as Google sends it", testgen.ReportEmail("application/zip", "base64", zipName, b64(testgen.Zip(t, testgen.Member("google.com!example.com!1717200000!1717286399.xml", dmarc)))),
			`: attachment "` + zipName + `": zip holds a DMARC aggregate report (XML), not a TLS-RPT report`},
		{"an empty zip", testgen.ReportEmail("application/octet-stream", "base64", "reports.zip", b64(testgen.Zip(t))), `: attachment "reports.zip": empty zip archive`},
		{"a zip in a zip", testgen.ReportEmail("application/zip", "base64", "outer.zip", b64(testgen.Zip(t, testgen.Member("inner.zip", testgen.Zip(t, testgen.Member("r.xml", dmarc)))))),
			`:inner.zip: attachment "outer.zip": zip holds a DMARC aggregate report (XML), not a TLS-RPT report`},
		{"a PDF", testgen.ReportEmail("application/pdf", "base64", "invoice.pdf", b64([]byte("%PDF-1.4\n"))), `: no TLS-RPT report in this email, only "invoice.pdf"`},
		{"no attachment", "From: root@host\r\nSubject: Cron\r\n\r\nall fine\r\n", ": no TLS-RPT report in this email, and no attachment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, items, err := decodeBytes(t, "mail.eml", []byte(tc.msg))
			if err != nil {
				t.Fatal(err)
			}
			if errs := errorsOf(items); len(items) != 1 || len(errs) != 1 || errs[0] != p+tc.want {
				t.Errorf("errors %q, want %q", errs, p+tc.want)
			}
		})
	}
}

func TestEmailTooManyParts(t *testing.T) {
	var b strings.Builder
	b.WriteString("From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "--B\r\nContent-Type: text/plain\r\n\r\npart %d\r\n", i)
	}
	b.WriteString("--B--\r\n")
	p, items, err := decodeBytes(t, "parts.eml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	errs := errorsOf(items)
	if len(errs) != 1 || !strings.HasPrefix(errs[0], p+": ") || !testgen.ContainsAll(errs[0], "MIME parts", "1000") {
		t.Errorf("errors %q, want one naming the MIME part limit", errs)
	}
	// A report before the flood is kept.
	msg := testgen.ReportEmail("application/tlsrpt+json", "7bit", "", string(testgen.SampleReport("early")))
	msg = strings.Replace(msg, "--BOUNDARY--", strings.Repeat("--BOUNDARY\r\nContent-Type: text/plain\r\n\r\nx\r\n", 2000)+"--BOUNDARY--", 1)
	_, items, _ = decodeBytes(t, "early.eml", []byte(msg))
	if rs := reportsOf(items); len(rs) != 1 || len(errorsOf(items)) != 1 {
		t.Errorf("reports %d errors %q; want the early report and the part-limit error", len(rs), errorsOf(items))
	}
}

// TestEmailNestingBounded: attachments that are emails holding emails
// must stop at the nesting limit. Today every email attachment restarts
// the depth count (decoder.attachment calls content with depth 1) and
// email() resets the MIME part count, so nesting is unbounded and the
// work is quadratic in the size: 1,000 levels are 40 KB, 20,000 levels
// (800 KB) take tens of seconds, 100,000 levels (4 MB) hours.
func TestEmailNestingBounded(t *testing.T) {
	const levels = 1000
	var b strings.Builder
	for range levels {
		b.WriteString("Content-Type: application/octet-stream\n\n")
	}
	b.Write(testgen.SampleReport("deep"))
	items := (&decoder{}).content("deep.eml", "deep.eml", []byte(b.String()), 0)
	if len(reportsOf(items)) != 0 {
		t.Errorf("a report nested %d emails deep was read; the nesting limit is %d", levels, maxNesting)
	}
	if errs := errorsOf(items); len(errs) != 1 || !strings.Contains(errs[0], "nested too deeply") {
		t.Errorf("errors %q, want one saying the input is nested too deeply", errs)
	}
}

// ---- mbox ------------------------------------------------------------------

func ordinaryMessage(subject string) string {
	return "From: friend@example.org\r\nSubject: " + subject + "\r\n\r\nHello!\r\n\r\nFrom the team,\r\nBob\r\n"
}

func TestMbox(t *testing.T) {
	box := testgen.MboxMessage(testgen.ReportMessage("m1")) + testgen.MboxMessage(ordinaryMessage("lunch")) + testgen.MboxMessage(testgen.ReportMessage("m2")) +
		testgen.MboxMessage(ordinaryMessage("news")) + testgen.MboxMessage(testgen.ReportMessage("m3"))
	for _, name := range []string{"Inbox.mbox", "Inbox", "Inbox.MBOX"} {
		p, items, err := decodeBytes(t, name, []byte(box))
		if err != nil {
			t.Fatal(err)
		}
		var ids, warnings []string
		for _, it := range items {
			switch {
			case it.report != nil:
				ids = append(ids, it.report.ReportID)
				if !strings.HasPrefix(it.source, p+":message ") {
					t.Errorf("source %q", it.source)
				}
			case it.warning != "":
				warnings = append(warnings, it.source+": "+it.warning)
			}
		}
		if strings.Join(ids, ",") != "m1,m2,m3" || len(errorsOf(items)) != 0 {
			t.Errorf("%s: reports %q errors %q", name, ids, errorsOf(items))
		}
		if len(warnings) != 1 || !testgen.ContainsAll(warnings[0], p+": ", "2 of 5 messages") {
			t.Errorf("%s: warnings %q, want \"2 of 5 messages\"", name, warnings)
		}
	}
	// Sources name the message number, counting ordinary messages too.
	items := (&decoder{}).mbox("box", bufio.NewReader(strings.NewReader(box)), 0)
	if rs := reportsOf(items); len(rs) != 3 || items[2].source != "box:message 5" {
		t.Errorf("third report from %q, want box:message 5", items[2].source)
	}
}

func TestMboxErrors(t *testing.T) {
	bad := testgen.MboxMessage(testgen.ReportEmail("application/tlsrpt+json", "7bit", "r.json", `{"truncated":`))
	box := testgen.MboxMessage(testgen.ReportMessage("ok1")) + bad + testgen.MboxMessage(testgen.ReportMessage("ok2"))
	p, items, err := decodeBytes(t, "box.mbox", []byte(box))
	if err != nil {
		t.Fatal(err)
	}
	if rs := reportsOf(items); len(rs) != 2 {
		t.Errorf("%d reports, want 2", len(rs))
	}
	if errs := errorsOf(items); len(errs) != 1 || !strings.HasPrefix(errs[0], p+":message 2: ") {
		t.Errorf("errors %q, want one for message 2", errs)
	}
	// A file called .mbox that is not a mailbox.
	_, items, err = decodeBytes(t, "notreally.mbox", []byte("hello\n"))
	if msgs := append(errorsOf(items), fmt.Sprint(err)); len(reportsOf(items)) != 0 || (err == nil && len(errorsOf(items)) == 0) {
		t.Errorf("not a mailbox: %q", msgs)
	}
}

// TestMboxWithoutReports: a mailbox in which no message holds a report is
// an error; in a mailbox with reports, messages holding other things
// (ordinary mail, DMARC reports zipped or gzipped) are only counted.
func TestMboxWithoutReports(t *testing.T) {
	dmarcZip := testgen.ReportEmail("application/zip", "base64", "google.com!example.com!1717200000!1717286399.zip",
		base64.StdEncoding.EncodeToString(testgen.Zip(t, testgen.Member("google.com!example.com!1717200000!1717286399.xml", []byte("<?xml version=\"1.0\"?><feedback></feedback>")))))
	dmarcGz := testgen.ReportEmail("application/gzip", "base64", "example.com!x!1!2.xml.gz", base64.StdEncoding.EncodeToString(testgen.Gzip([]byte("<feedback></feedback>"))))
	for _, tc := range []struct {
		name, box, want string
	}{
		{"ordinary mail", testgen.MboxMessage(ordinaryMessage("a")) + testgen.MboxMessage(ordinaryMessage("b")), "mailbox holds 2 messages, none with a TLS-RPT report"},
		{"one ordinary message", testgen.MboxMessage(ordinaryMessage("a")), "mailbox holds 1 message, without a TLS-RPT report"},
		{"DMARC reports", testgen.MboxMessage(dmarcZip) + testgen.MboxMessage(dmarcGz) + testgen.MboxMessage(ordinaryMessage("b")), "mailbox holds 3 messages, none with a TLS-RPT report"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, items, err := decodeBytes(t, "plain.mbox", []byte(tc.box))
			if err != nil {
				t.Fatal(err)
			}
			if errs := errorsOf(items); len(items) != 1 || len(errs) != 1 || errs[0] != p+": "+tc.want {
				t.Errorf("items %q, want the one error %q", errs, p+": "+tc.want)
			}
		})
	}

	box := testgen.MboxMessage(testgen.ReportMessage("r1")) + testgen.MboxMessage(dmarcZip) + testgen.MboxMessage(dmarcGz) + testgen.MboxMessage(testgen.ReportMessage("r2"))
	p, items, err := decodeBytes(t, "mixed.mbox", []byte(box))
	if err != nil {
		t.Fatal(err)
	}
	var warnings []string
	for _, it := range items {
		if it.warning != "" {
			warnings = append(warnings, it.source+": "+it.warning)
		}
	}
	wantReports(t, items, "r1", "r2")
	if want := p + ": 2 of 4 messages have no TLS-RPT report and were skipped"; len(warnings) != 1 || warnings[0] != want {
		t.Errorf("warnings %q, want %q", warnings, want)
	}
}

// TestMboxrdEscaping: a body line ">From " is an escaped "From " and does
// not start a new message; the escape is removed (mboxrd), which matters
// inside a quoted-printable report where a soft line break precedes it.
func TestMboxrdEscaping(t *testing.T) {
	js := string(testgen.SampleReport("escaped"))
	js = strings.Replace(js, `"Google Inc."`, "\"Google=\n>From Inc.\"", 1)
	msg := "From: noreply@google.com\nSubject: report\nMIME-Version: 1.0\nContent-Type: application/tlsrpt+json\nContent-Transfer-Encoding: quoted-printable\n\n" + js + "\n"
	body := "From: friend@example.org\nSubject: quoting\n\nHello\n>From the archives\n>>From deeper\n"
	const envelope = "From MAILER-DAEMON Sun Jun  2 12:00:00 2024\n"
	box := envelope + msg + envelope + body
	p, items, err := decodeBytes(t, "rd.mbox", []byte(box))
	if err != nil {
		t.Fatal(err)
	}
	rs := reportsOf(items)
	if len(rs) != 1 || rs[0].OrganizationName != "GoogleFrom Inc." {
		t.Fatalf("reports %+v errors %q", rs, errorsOf(items))
	}
	var warning string
	for _, it := range items {
		if it.warning != "" {
			warning = it.warning
		}
	}
	if !strings.Contains(warning, "1 of 2 messages") {
		t.Errorf("warning %q for %s, want 1 of 2 messages", warning, p)
	}
}

// TestMboxLargeMessage: one message above the 64 MiB limit is refused by
// itself; the messages around it load.
func TestMboxLargeMessage(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 65 MiB mailbox")
	}
	p := filepath.Join(t.TempDir(), "large.mbox")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(testgen.MboxMessage(testgen.ReportMessage("before")))
	w.WriteString(testgen.MboxMessage("From: a@example.com\nContent-Type: text/plain\n"))
	line := strings.Repeat("x", 1023) + "\n"
	for range 65 << 10 {
		w.WriteString(line)
	}
	w.WriteString(testgen.MboxMessage(testgen.ReportMessage("after")))
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	items := decodeOne(t, p)
	var ids []string
	for _, r := range reportsOf(items) {
		ids = append(ids, r.ReportID)
	}
	errs := errorsOf(items)
	if strings.Join(ids, ",") != "before,after" || len(errs) != 1 || !testgen.ContainsAll(errs[0], p+":message 2: ", "64 MiB") {
		t.Errorf("reports %q errors %q", ids, errs)
	}
}

// TestMboxInsideContainers: a mailbox inside a zip (Google Takeout
// exports mail as .mbox files in a .zip) or gzipped (.mbox.gz) must be read
// message by message. Today content() hands a mailbox to email() as one
// message, so only the first message counts and the rest are lost.
func TestMboxInsideContainers(t *testing.T) {
	box := testgen.MboxMessage(testgen.ReportMessage("t1")) + testgen.MboxMessage(ordinaryMessage("x")) + testgen.MboxMessage(testgen.ReportMessage("t2")) + testgen.MboxMessage(testgen.ReportMessage("t3"))
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"Takeout.zip", testgen.Zip(t, testgen.Member("Takeout/Mail/All mail Including Spam and Trash.mbox", []byte(box)))},
		{"Inbox.mbox.gz", testgen.Gzip([]byte(box))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, items, err := decodeBytes(t, tc.name, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, r := range reportsOf(items) {
				ids = append(ids, r.ReportID)
			}
			if strings.Join(ids, ",") != "t1,t2,t3" || len(errorsOf(items)) != 0 {
				t.Errorf("reports %q errors %q; want t1,t2,t3", ids, errorsOf(items))
			}
		})
	}
}

// TestEnvelopeLineEml: a single message saved with its "From " line and
// named .eml is one email, not a mailbox.
func TestEnvelopeLineEml(t *testing.T) {
	msg := testgen.MboxMessage(testgen.ReportMessage("env"))
	p, items, err := decodeBytes(t, "saved.eml", []byte(msg))
	if err != nil {
		t.Fatal(err)
	}
	wantReports(t, items, "env")
	if items[0].source != p {
		t.Errorf("source %q, want %q", items[0].source, p)
	}
}

// ---- sniffing ---------------------------------------------------------------

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want format
	}{
		{"", formatUnknown},
		{"  \r\n", formatUnknown},
		{`{"a":1}`, formatJSON},
		{"\xef\xbb\xbf{", formatJSON},
		{" \n\t{", formatJSON},
		{"[1]", formatJSON},
		{"\x1f\x8b\x08", formatGzip},
		{"PK\x03\x04", formatZip},
		{"PK\x05\x06", formatZip},
		{"From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n", formatMbox},
		{"Received: from x\r\n", formatEmail},
		{"Return-Path: <a@b>\n", formatEmail},
		{"<?xml version=\"1.0\"?>", formatXML},
		{"H4sIAAAAAAAAA6tWKkktLlGyUlAqS8wpTgVSRgA=", formatBase64},
		{"hello world", formatUnknown},
		{"\x00\x00\x00\x00", formatUnknown},
		{"From: a@b\n", formatEmail},
		{"Fromage: yes\n", formatEmail},
		{"\xff\xfe{\x00", formatWideText},
		{"{\x00\"\x00", formatWideText},
		{"\x00\x00\x00{", formatWideText},
		{"a\x00b\x00", formatUnknown},
	} {
		if got := sniff([]byte(tc.in)); got != tc.want {
			t.Errorf("sniff(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
	// The .b64 sample: base64 → gzip → JSON.
	b64 := testgen.ReadReal(t, "mail-tls-rpt_report.json.gz.b64")
	if sniff(b64) != formatBase64 {
		t.Error("the .b64 sample is not sniffed as base64")
	}
	raw, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(b64), "\n", ""))
	if err != nil || sniff(raw) != formatGzip {
		t.Errorf("the .b64 sample does not hold gzip: %v", err)
	}
}
