package analysis

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
)

// sampleReport is a small valid report with a distinct report-id.
func sampleReport(t testing.TB, id string) []byte {
	return mustJSON(t, report("Google Inc.", id, "2024-06-01",
		stsPolicy("example.com", "enforce", []string{"mx.example.com"}, 40, 2,
			detail("certificate-expired", "209.85.220.1", "mx.example.com", "192.0.2.25", 2))))
}

// decodeBytes writes data to a file called name and decodes it as the
// loader would.
func decodeBytes(t testing.TB, name string, data []byte) (string, []item, error) {
	t.Helper()
	p := writeFile(t, t.TempDir(), name, data)
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
	js := sampleReport(t, "gz")
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
		{"plain", gzipBytes(t, js)},
		{"trailing CRLF after the stream", append(gzipBytes(t, js), '\r', '\n')},
		{"trailing LF", append(gzipBytes(t, js), '\n')},
		{"trailing zero padding", append(gzipBytes(t, js), make([]byte, 512)...)},
		{"FNAME", gz(gzip.Header{Name: "google.com!example.com!1717200000!1717286399!001.json"}, js)},
		{"FCOMMENT", gz(gzip.Header{Comment: "made by a reporter"}, js)},
		{"FEXTRA", gz(gzip.Header{Extra: []byte("AB\x04\x00data")}, js)},
		{"all flags and mtime", gz(gzip.Header{Name: "rpt01.json.1", Comment: "c", Extra: []byte("xy\x00\x00"), ModTime: mtime}, js)},
		{"OS 0 (FAT, Microsoft)", gz(gzip.Header{OS: 0}, js)},
		{"OS 3 (Unix)", gz(gzip.Header{OS: 3, ModTime: mtime}, js)},
		{"OS 255 (unknown)", gz(gzip.Header{OS: 255}, js)},
		{"gzip in gzip", gzipBytes(t, gzipBytes(t, js))},
		{"BOM and CRLF JSON", gzipBytes(t, append([]byte("\xef\xbb\xbf"), bytes.ReplaceAll(js, []byte(","), []byte(",\r\n"))...))},
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
	js := sampleReport(t, "two-members")
	half := len(js) / 2
	data := append(gzipBytes(t, js[:half]), gzipBytes(t, js[half:])...)
	_, items, err := decodeBytes(t, "r.json.gz", data)
	if err != nil {
		t.Fatal(err)
	}
	wantReports(t, items, "two-members")
}

func TestGzipBroken(t *testing.T) {
	good := gzipBytes(t, sampleReport(t, "x"))
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
		{"not a report inside", gzipBytes(t, []byte("just some text\n")), "not a TLS-RPT report"},
		{"DMARC XML inside", gzipBytes(t, []byte("<?xml version=\"1.0\"?><feedback></feedback>")), "DMARC"},
		{"empty inside", gzipBytes(t, nil), "not a TLS-RPT report"},
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
	bomb := gzipBombPath(t)
	if st, err := os.Stat(bomb); err != nil || st.Size() > 2<<20 {
		t.Fatalf("bomb file: %v %v", st, err)
	}
	items, err := decodeFile(bomb, true)
	if err == nil || !containsAll(err.Error(), "gzip bomb", "64 MiB") || len(items) != 0 {
		t.Fatalf("error %v, items %d; want a gzip bomb error", err, len(items))
	}
	// The same bomb inside a zip and attached to an email.
	raw, err := os.ReadFile(bomb)
	if err != nil {
		t.Fatal(err)
	}
	_, items, err = decodeBytes(t, "bombs.zip", zipBytes(t, zipMember{"bomb.json.gz", raw}))
	if err != nil || len(items) != 1 || items[0].err == nil || !strings.Contains(items[0].err.Error(), "gzip bomb") || items[0].source != filepath.Join(filepath.Dir(items[0].source), "bombs.zip:bomb.json.gz") {
		t.Errorf("bomb in zip: %v %q", err, errorsOf(items))
	}
	msg := reportEmail("application/tlsrpt+gzip", "base64", "bomb.json.gz", wrap76(base64.StdEncoding.EncodeToString(raw)))
	items = (&decoder{}).email("bomb.eml", []byte(msg), 1)
	if len(items) != 1 || items[0].err == nil || !containsAll(items[0].err.Error(), "gzip bomb", "bomb.json.gz") {
		t.Errorf("bomb in email: %q", errorsOf(items))
	}
}

// ---- zip --------------------------------------------------------------------

func TestZipMembers(t *testing.T) {
	data := zipBytes(t,
		zipMember{"reports/", nil},
		zipMember{"reports/a.json", sampleReport(t, "zip-a")},
		zipMember{"reports/google.com!example.com!1!2!001.json.gz", gzipBytes(t, sampleReport(t, "zip-b"))},
		zipMember{"README.txt", []byte("These are the TLS reports of June.\n")},
		zipMember{"__MACOSX/reports/._a.json", []byte("\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")},
		zipMember{"reports/._b.json", []byte("\x00\x05\x16\x07resource fork")},
		zipMember{"reports/broken.json", []byte(`{"organization-name":"Broken"`)},
		zipMember{"reports/inner.zip", zipBytes(t, zipMember{"c.json", sampleReport(t, "zip-c")})},
		zipMember{"noext", sampleReport(t, "zip-d")}, // sniffed by content
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
		{"good1.json", zip.Deflate, sampleReport(t, "good1")},
		{"damaged.json", zip.Store, sampleReport(t, "damaged")},
		{"good2.json", zip.Deflate, sampleReport(t, "good2")},
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
	good := zipBytes(t, zipMember{"a.json", sampleReport(t, "a")})
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
	readme := zipMember{"README.txt", []byte("These are the reports of June.\n")}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", zipBytes(t), "empty zip archive"},
		{"folders and resource forks only", zipBytes(t, zipMember{"reports/", nil}, zipMember{"__MACOSX/._r.json", []byte("\x00\x05\x16\x07")}), "empty zip archive"},
		{"a DMARC report, as Google sends it", zipBytes(t, zipMember{"google.com!example.com!1717200000!1717286399.xml", dmarc}), "zip holds a DMARC aggregate report (XML), not a TLS-RPT report"},
		{"two DMARC reports", zipBytes(t, zipMember{"a.xml", dmarc}, zipMember{"b.xml", dmarc}), "zip holds 2 DMARC aggregate reports (XML), not a TLS-RPT report"},
		{"a DMARC report and a README", zipBytes(t, zipMember{"a.xml", dmarc}, readme), "zip holds no TLS-RPT report, only a DMARC aggregate report (XML), README.txt"},
		{"other XML", zipBytes(t, zipMember{"pom.xml", []byte("<project></project>")}), "zip holds no TLS-RPT report, only an XML document"},
		{"text files", zipBytes(t, readme, zipMember{"docs/NOTES", []byte("x")}, zipMember{"LICENSE", []byte("MIT")}, zipMember{"AUTHORS", []byte("Bob")}), "zip holds no TLS-RPT report, only README.txt, NOTES, LICENSE and 1 more"},
		{"an email without a report", zipBytes(t, zipMember{"cron.txt", []byte("From: root@host\r\nSubject: Cron\r\n\r\nall fine\r\n")}), "zip holds no TLS-RPT report, only cron.txt"},
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
		{"DMARC", zipBytes(t, zipMember{"r.xml", dmarc}), "zip holds a DMARC aggregate report (XML), not a TLS-RPT report"},
		{"empty", zipBytes(t), "empty zip archive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, items, err := decodeBytes(t, "outer.zip", zipBytes(t, zipMember{"inner.zip", tc.inner}, zipMember{"README", []byte("hi")}))
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
		if gz, err = os.ReadFile(gzipBombPath(t)); err != nil {
			t.Fatal(err)
		}
	} else {
		gz = zeroGzip(t, size)
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
	w.Write(sampleReport(t, "beside-the-bomb"))
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
	if len(errs) != 2 || !containsAll(errs[0], p+":bomb.json: ", "1024 MiB", "64 MiB") || !strings.HasPrefix(errs[1], p+":liar.json: ") {
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
	if err != nil || len(items) != 1 || items[0].source != p || items[0].err == nil || !containsAll(items[0].err.Error(), "100000 members", "10000") {
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
	member := zeroGzip(t, 60<<20)
	t.Run("gzip members", func(t *testing.T) {
		var members []zipMember
		for i := range 20 {
			members = append(members, zipMember{fmt.Sprintf("m%02d.json.gz", i), member})
		}
		p, items, err := decodeBytes(t, "budget.zip", zipBytes(t, members...))
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
		outer := zipBytes(t, zipMember{"a.zip", inner.Bytes()}, zipMember{"b.zip", inner.Bytes()}, zipMember{"c.zip", inner.Bytes()}, zipMember{"d.zip", inner.Bytes()})
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
	data := zipBytes(t,
		zipMember{"a.json", sampleReport(t, "a")},
		zipMember{"README.txt", []byte("Note: these are the reports of June.\nAsk Bob.\n")},
		zipMember{"NOTES", []byte("Subject: TLS\n\nnothing here\n")},
		zipMember{"LICENSE", []byte("MIT License\n\nCopyright (c) 2024\n")},
	)
	_, items, err := decodeBytes(t, "withreadme.zip", data)
	if err != nil {
		t.Fatal(err)
	}
	wantReports(t, items, "a")
}

// ---- email -----------------------------------------------------------------

// wrap76 breaks base64 text into CRLF-terminated lines of 76 characters.
func wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	b.WriteString(s + "\r\n")
	return b.String()
}

// reportEmail is a multipart/report TLS-RPT email whose report part has the
// given media type, transfer encoding, file name and (encoded) body.
func reportEmail(mediaType, cte, filename, body string) string {
	var part strings.Builder
	fmt.Fprintf(&part, "Content-Type: %s", mediaType)
	if filename != "" {
		fmt.Fprintf(&part, "; name=\"%s\"\r\nContent-Disposition: attachment;\r\n\tfilename=\"%s\"", filename, filename)
	}
	part.WriteString("\r\n")
	if cte != "" {
		fmt.Fprintf(&part, "Content-Transfer-Encoding: %s\r\n", cte)
	}
	return "From: noreply-smtp-tls-reporting@google.com\r\n" +
		"To: tlsrpt@example.com\r\n" +
		"Subject: Report Domain: example.com Submitter: google.com Report-ID: <x@google.com>\r\n" +
		"Date: Sun, 02 Jun 2024 12:00:00 +0000\r\n" +
		"TLS-Report-Domain: example.com\r\n" +
		"TLS-Report-Submitter: google.com\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=tlsrpt;\r\n\tboundary=\"BOUNDARY\"\r\n" +
		"\r\n" +
		"This is a multi-part message in MIME format.\r\n" +
		"--BOUNDARY\r\n" +
		"Content-Type: text/plain; charset=UTF-8\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n" +
		"\r\n" +
		"This is an aggregate TLS report from google.com=\r\n for example.com.\r\n" +
		"--BOUNDARY\r\n" +
		part.String() +
		"\r\n" +
		body +
		"\r\n--BOUNDARY--\r\n"
}

func qp(t testing.TB, data []byte) string {
	var buf bytes.Buffer
	w := quotedprintable.NewWriter(&buf)
	w.Write(data)
	w.Close()
	return buf.String()
}

func TestEmailVariants(t *testing.T) {
	js := sampleReport(t, "mail")
	gz := gzipBytes(t, js)
	b64 := base64.StdEncoding.EncodeToString(gz)
	const gzName = "google.com!example.com!1717200000!1717286399!001.json.gz"
	inner := reportEmail("application/tlsrpt+gzip", "base64", gzName, wrap76(b64))
	for _, tc := range []struct {
		name, msg string
	}{
		{"tlsrpt+gzip base64 wrapped", reportEmail("application/tlsrpt+gzip", "base64", gzName, wrap76(b64))},
		{"tlsrpt+gzip base64 unwrapped", reportEmail("application/tlsrpt+gzip", "base64", gzName, b64)},
		{"tlsrpt+gzip base64 without padding", reportEmail("application/tlsrpt+gzip", "base64", gzName, strings.TrimRight(b64, "="))},
		{"tlsrpt+gzip base64 LF only", strings.ReplaceAll(reportEmail("application/tlsrpt+gzip", "base64", gzName, wrap76(b64)), "\r\n", "\n")},
		{"tlsrpt+gzip base64 upper-case encoding name", reportEmail("application/tlsrpt+gzip", "BASE64", gzName, wrap76(b64))},
		{"tlsrpt+gzip without a name", reportEmail("application/tlsrpt+gzip", "base64", "", wrap76(b64))},
		{"tlsrpt+gzip holding plain JSON", reportEmail("application/tlsrpt+gzip", "base64", gzName, wrap76(base64.StdEncoding.EncodeToString(js)))},
		{"tlsrpt+json 7bit", reportEmail("application/tlsrpt+json", "7bit", "report.json", string(js))},
		{"tlsrpt+json no encoding header", reportEmail("application/tlsrpt+json", "", "", string(js))},
		{"tlsrpt+json quoted-printable", reportEmail("application/tlsrpt+json", "quoted-printable", "report.json", qp(t, js))},
		{"tlsrpt+json base64", reportEmail("application/tlsrpt+json", "base64", "report.json", wrap76(base64.StdEncoding.EncodeToString(js)))},
		{"application/tlsrpt (stalwart)", reportEmail("application/tlsrpt", "", "report.json", string(js))},
		{"octet-stream named .json.gz", reportEmail("application/octet-stream", "base64", gzName, wrap76(b64))},
		{"octet-stream without a name", reportEmail("application/octet-stream", "base64", "", wrap76(b64))},
		{"application/gzip", reportEmail("application/gzip", "base64", "report.gz", wrap76(b64))},
		{"application/json", reportEmail("application/json", "7bit", "", string(js))},
		{"application/zip", reportEmail("application/zip", "base64", "r.zip", wrap76(base64.StdEncoding.EncodeToString(zipBytes(t, zipMember{"r.json", js}))))},
		{"text/plain named .json", reportEmail("text/plain", "7bit", "report.json", string(js))},
		{"media type parameters and case", reportEmail("Application/TLSRPT+GZIP; charset=binary", "base64", gzName, wrap76(b64))},
		{"nested multipart/mixed", "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=OUTER\r\n\r\n--OUTER\r\nContent-Type: text/plain\r\n\r\nforwarding\r\n--OUTER\r\n" +
			strings.SplitN(inner, "MIME-Version: 1.0\r\n", 2)[1] + "\r\n--OUTER--\r\n"},
		{"forwarded as message/rfc822", "From: me@example.com\r\nSubject: Fwd: report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=FWD\r\n\r\n--FWD\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--FWD\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"report.eml\"\r\n\r\n" +
			inner + "\r\n--FWD--\r\n"},
		{"eml attachment as octet-stream", "From: me@example.com\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=FWD\r\n\r\n--FWD\r\nContent-Type: application/octet-stream; name=\"report.eml\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			wrap76(base64.StdEncoding.EncodeToString([]byte(inner))) + "\r\n--FWD--\r\n"},
		{"single-part message", "From: a@example.com\r\nMIME-Version: 1.0\r\nContent-Type: application/tlsrpt+gzip\r\nContent-Transfer-Encoding: base64\r\n\r\n" + wrap76(b64)},
		{"empty text part after the attachment", strings.Replace(reportEmail("application/tlsrpt+gzip", "base64", gzName, wrap76(b64)), "--BOUNDARY--", "--BOUNDARY\r\nContent-Type: text/plain\r\n\r\n\r\n--BOUNDARY--", 1)},
		{"missing closing boundary", strings.TrimSuffix(reportEmail("application/tlsrpt+gzip", "base64", gzName, wrap76(b64)), "\r\n--BOUNDARY--\r\n") + "\r\n"},
		{"gateway banner and envelope line", "From MAILER-DAEMON Sun Jun  2 12:00:00 2024\r\nX-Gateway: scanned\r\n" + strings.Replace(reportEmail("application/tlsrpt+gzip", "base64", gzName, wrap76(b64)), "This is an aggregate", "[EXTERNAL EMAIL] Be careful.\r\nThis is an aggregate", 1)},
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
	a := base64.StdEncoding.EncodeToString(gzipBytes(t, sampleReport(t, "first")))
	b := sampleReport(t, "second")
	msg := reportEmail("application/tlsrpt+gzip", "base64", "a.json.gz", wrap76(a))
	msg = strings.Replace(msg, "--BOUNDARY--", "--BOUNDARY\r\nContent-Type: application/tlsrpt+json\r\n\r\n"+string(b)+"\r\n--BOUNDARY--", 1)
	_, items, err := decodeBytes(t, "two.eml", []byte(msg))
	if err != nil {
		t.Fatal(err)
	}
	wantReports(t, items, "first", "second")
}

func TestEmailErrors(t *testing.T) {
	gz := gzipBytes(t, sampleReport(t, "x"))
	for _, tc := range []struct {
		name, msg string
		want      []string
	}{
		{"no report (cron mail)", "From: root@host\r\nSubject: Cron <root@host> run-parts\r\n\r\nall fine\r\n", []string{"no TLS-RPT report in this email"}},
		{"only a text part", strings.Replace(reportEmail("text/plain", "7bit", "", "hello"), "tlsrpt", "x", -1), []string{"no TLS-RPT report in this email"}},
		{"headers only", "From: a@example.com\r\nSubject: x\r\n", []string{"no TLS-RPT report"}},
		{"broken base64", reportEmail("application/tlsrpt+gzip", "base64", "r.json.gz", "H4sI!!!notbase64***"), []string{`"r.json.gz"`, "base64"}},
		{"truncated gzip attachment", reportEmail("application/tlsrpt+gzip", "base64", "r.json.gz", base64.StdEncoding.EncodeToString(gz[:len(gz)/2])), []string{`"r.json.gz"`, "truncated"}},
		{"invalid report attached", reportEmail("application/tlsrpt+json", "7bit", "r.json", `{"organization-name":"x"}`), []string{`"r.json"`, "date-range is missing"}},
		{"multipart without boundary", "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=tlsrpt\r\n\r\n--X\r\n\r\nx\r\n--X--\r\n", []string{"MIME"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, items, err := decodeBytes(t, "bad.eml", []byte(tc.msg))
			if err != nil {
				t.Fatal(err)
			}
			errs := errorsOf(items)
			if len(errs) != 1 || !strings.HasPrefix(errs[0], p+": ") || !containsAll(errs[0], tc.want...) {
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
	b64 := func(data []byte) string { return wrap76(base64.StdEncoding.EncodeToString(data)) }
	for _, tc := range []struct {
		name, msg, want string
	}{
		{"a DMARC zip, as Google sends it", reportEmail("application/zip", "base64", zipName, b64(zipBytes(t, zipMember{"google.com!example.com!1717200000!1717286399.xml", dmarc}))),
			`: attachment "` + zipName + `": zip holds a DMARC aggregate report (XML), not a TLS-RPT report`},
		{"an empty zip", reportEmail("application/octet-stream", "base64", "reports.zip", b64(zipBytes(t))), `: attachment "reports.zip": empty zip archive`},
		{"a zip in a zip", reportEmail("application/zip", "base64", "outer.zip", b64(zipBytes(t, zipMember{"inner.zip", zipBytes(t, zipMember{"r.xml", dmarc})}))),
			`:inner.zip: attachment "outer.zip": zip holds a DMARC aggregate report (XML), not a TLS-RPT report`},
		{"a PDF", reportEmail("application/pdf", "base64", "invoice.pdf", b64([]byte("%PDF-1.4\n"))), `: no TLS-RPT report in this email, only "invoice.pdf"`},
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
	if len(errs) != 1 || !strings.HasPrefix(errs[0], p+": ") || !containsAll(errs[0], "MIME parts", "1000") {
		t.Errorf("errors %q, want one naming the MIME part limit", errs)
	}
	// A report before the flood is kept.
	msg := reportEmail("application/tlsrpt+json", "7bit", "", string(sampleReport(t, "early")))
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
	b.Write(sampleReport(t, "deep"))
	items := (&decoder{}).content("deep.eml", "deep.eml", []byte(b.String()), 0)
	if len(reportsOf(items)) != 0 {
		t.Errorf("a report nested %d emails deep was read; the nesting limit is %d", levels, maxNesting)
	}
	if errs := errorsOf(items); len(errs) != 1 || !strings.Contains(errs[0], "nested too deeply") {
		t.Errorf("errors %q, want one saying the input is nested too deeply", errs)
	}
}

// ---- mbox ------------------------------------------------------------------

// mboxMessage is one mailbox entry with its "From " envelope line, body
// lines escaped the mboxrd way (">"+line for lines matching ^>*From ).
func mboxMessage(body string) string {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, ">"), "From ") {
			lines[i] = ">" + l
		}
	}
	return "From MAILER-DAEMON Sun Jun  2 12:00:00 2024\n" + strings.Join(lines, "\n") + "\n"
}

func reportMessage(t testing.TB, id string) string {
	return reportEmail("application/tlsrpt+gzip", "base64", id+".json.gz", wrap76(base64.StdEncoding.EncodeToString(gzipBytes(t, sampleReport(t, id)))))
}

func ordinaryMessage(subject string) string {
	return "From: friend@example.org\r\nSubject: " + subject + "\r\n\r\nHello!\r\n\r\nFrom the team,\r\nBob\r\n"
}

func TestMbox(t *testing.T) {
	box := mboxMessage(reportMessage(t, "m1")) + mboxMessage(ordinaryMessage("lunch")) + mboxMessage(reportMessage(t, "m2")) +
		mboxMessage(ordinaryMessage("news")) + mboxMessage(reportMessage(t, "m3"))
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
		if len(warnings) != 1 || !containsAll(warnings[0], p+": ", "2 of 5 messages") {
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
	bad := mboxMessage(reportEmail("application/tlsrpt+json", "7bit", "r.json", `{"truncated":`))
	box := mboxMessage(reportMessage(t, "ok1")) + bad + mboxMessage(reportMessage(t, "ok2"))
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
	dmarcZip := reportEmail("application/zip", "base64", "google.com!example.com!1717200000!1717286399.zip",
		base64.StdEncoding.EncodeToString(zipBytes(t, zipMember{"google.com!example.com!1717200000!1717286399.xml", []byte("<?xml version=\"1.0\"?><feedback></feedback>")})))
	dmarcGz := reportEmail("application/gzip", "base64", "example.com!x!1!2.xml.gz", base64.StdEncoding.EncodeToString(gzipBytes(t, []byte("<feedback></feedback>"))))
	for _, tc := range []struct {
		name, box, want string
	}{
		{"ordinary mail", mboxMessage(ordinaryMessage("a")) + mboxMessage(ordinaryMessage("b")), "mailbox holds 2 messages, none with a TLS-RPT report"},
		{"one ordinary message", mboxMessage(ordinaryMessage("a")), "mailbox holds 1 message, without a TLS-RPT report"},
		{"DMARC reports", mboxMessage(dmarcZip) + mboxMessage(dmarcGz) + mboxMessage(ordinaryMessage("b")), "mailbox holds 3 messages, none with a TLS-RPT report"},
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

	box := mboxMessage(reportMessage(t, "r1")) + mboxMessage(dmarcZip) + mboxMessage(dmarcGz) + mboxMessage(reportMessage(t, "r2"))
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
	js := string(sampleReport(t, "escaped"))
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

func TestMboxManyMessages(t *testing.T) {
	var b strings.Builder
	for i := range 10_000 {
		b.WriteString(mboxMessage("From: r@example.net\nContent-Type: application/tlsrpt+json\n\n" +
			fmt.Sprintf(`{"organization-name":"R","date-range":{"start-datetime":"2024-01-01T00:00:00Z","end-datetime":"2024-01-01T23:59:59Z"},"report-id":"%d","policies":[{"policy":{"policy-type":"sts","policy-domain":"d%d.example"},"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}]}`, i, i%7)))
	}
	p := writeFile(t, t.TempDir(), "big.mbox", []byte(b.String()))
	res := loadPaths(t, 0, p)
	if res.Files != 1 || res.Reports != 10_000 || res.SuccessfulSessions != 10_000 || len(res.Errors) != 0 || len(res.Warnings) != 0 || len(res.Policies) != 7 {
		t.Errorf("files %d reports %d successful %d errors %v warnings %d policies %d", res.Files, res.Reports, res.SuccessfulSessions, res.Errors, len(res.Warnings), len(res.Policies))
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
	w.WriteString(mboxMessage(reportMessage(t, "before")))
	w.WriteString(mboxMessage("From: a@example.com\nContent-Type: text/plain\n"))
	line := strings.Repeat("x", 1023) + "\n"
	for range 65 << 10 {
		w.WriteString(line)
	}
	w.WriteString(mboxMessage(reportMessage(t, "after")))
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
	if strings.Join(ids, ",") != "before,after" || len(errs) != 1 || !containsAll(errs[0], p+":message 2: ", "64 MiB") {
		t.Errorf("reports %q errors %q", ids, errs)
	}
}

// TestMboxInsideContainers: a mailbox inside a zip (Google Takeout
// exports mail as .mbox files in a .zip) or gzipped (.mbox.gz) must be read
// message by message. Today content() hands a mailbox to email() as one
// message, so only the first message counts and the rest are lost.
func TestMboxInsideContainers(t *testing.T) {
	box := mboxMessage(reportMessage(t, "t1")) + mboxMessage(ordinaryMessage("x")) + mboxMessage(reportMessage(t, "t2")) + mboxMessage(reportMessage(t, "t3"))
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"Takeout.zip", zipBytes(t, zipMember{"Takeout/Mail/All mail Including Spam and Trash.mbox", []byte(box)})},
		{"Inbox.mbox.gz", gzipBytes(t, []byte(box))},
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
	msg := mboxMessage(reportMessage(t, "env"))
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
	} {
		if got := sniff([]byte(tc.in)); got != tc.want {
			t.Errorf("sniff(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
	// The .b64 sample: base64 → gzip → JSON.
	b64 := readReal(t, "mail-tls-rpt_report.json.gz.b64")
	if sniff(b64) != formatBase64 {
		t.Error("the .b64 sample is not sniffed as base64")
	}
	raw, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(b64), "\n", ""))
	if err != nil || sniff(raw) != formatGzip {
		t.Errorf("the .b64 sample does not hold gzip: %v", err)
	}
}

// An empty file, or one of blanks, is named as empty rather than as a
// format the program does not know: usually a report still being saved.
func TestEmptyFileNamed(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"empty.json": "", "blank.json.gz": " \r\n\t"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	res := loadPaths(t, 0, filepath.Join(dir, "empty.json"), filepath.Join(dir, "blank.json.gz"))
	if len(res.Errors) != 2 {
		t.Fatalf("errors %v, want one for each file", res.Errors)
	}
	for _, e := range res.Errors {
		if e.Error != "not a TLS-RPT report: the file is empty" {
			t.Errorf("%s: %q", e.Source, e.Error)
		}
	}
}
