// Command hostilegen writes a deterministic set of hostile inputs for the
// analyzer: decompression bombs, absurd nesting, broken encodings, huge
// numbers, pathological archives, emails and mailboxes, odd file names and
// file types. scripts/nonetwork.sh loads them, and tests can too:
//
//	go run ./internal/tools/hostilegen -o DIR [-port 58460]
//
// Every file is documented where it is built (see generate). The same
// flags give byte-identical files; running it again over DIR rewrites them.
// Nothing is ever held in memory at its inflated size: the gzip bomb is
// streamed and the 300 MB file is sparse. It takes well under 15 s.
//
// A few of the files are valid reports that must still load among all the
// hostile ones (the 10,000 messages of the mailbox among them); the last
// line of output, "valid reports: N", says how many. Other files may be
// refused or partly read; which, is for the analyzer to decide.
//
// URLs inside the files point at 127.0.0.1 and [::1] on -port, where
// scripts/nonetwork.sh listens to prove nobody follows them.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// Sizes of the hostile inputs.
const (
	gzipBombBytes    = 1 << 30   // inflated size of the gzip bomb
	zipBombBytes     = 128 << 20 // inflated size of a zip bomb member, beyond the 64 MiB limit
	zipMembers       = 100_000   // members of the many-members archive
	nestingDepth     = 300_000   // '[' (and '{') nesting of the deep JSON files
	sparseBytes      = 300_000_000
	mimeParts        = 5_000
	mimeNestingDepth = 2_000
	mailboxMessages  = 10_000
	nestedZipDepth   = 12
)

func main() {
	out := flag.String("o", "", "output directory (required; created if needed)")
	port := flag.Int("port", 58460, "port of the 127.0.0.1 / [::1] URLs written into the files")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 || *port <= 0 || *port > 65535 {
		fmt.Fprintln(os.Stderr, "usage: hostilegen -o DIR [-port N]")
		flag.PrintDefaults()
		os.Exit(2)
	}
	t0 := time.Now()
	g := &gen{dir: *out, port: *port, w: os.Stdout}
	if err := g.generate(); err != nil {
		fmt.Fprintln(os.Stderr, "hostilegen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stdout, "hostilegen: %d files in %s in %v\n", g.files, *out, time.Since(t0).Round(time.Millisecond))
	fmt.Fprintf(os.Stdout, "valid reports: %d\n", g.valid)
}

// gen writes the files and lists them.
type gen struct {
	dir   string
	port  int
	w     io.Writer // where the listing goes
	files int
	valid int // reports that must load
}

// url is a URL on the local listener of scripts/nonetwork.sh.
func (g *gen) url(path string) string {
	return fmt.Sprintf("http://127.0.0.1:%d/%s", g.port, path)
}

func (g *gen) url6(path string) string {
	return fmt.Sprintf("http://[::1]:%d/%s", g.port, path)
}

// generate writes every hostile input. Each step says what it writes and
// what a careful reader of it is expected to do.
func (g *gen) generate() error {
	if err := os.MkdirAll(g.dir, 0o755); err != nil {
		return err
	}
	steps := []func() error{
		// bomb-1GiB-of-zeros.json.gz: a gzip bomb, 1 GiB of zeros in a
		// ~1 MiB file. Must be refused after at most 64 MiB inflated.
		g.gzipBomb,
		// bomb-zip.zip: a member declaring 128 MiB (refused from its
		// header), one declaring 1 KiB that inflates to 128 MiB (the
		// declared size lies; refused while reading), and a stored member
		// that is the 1 GiB gzip bomb (passes the zip limits, must hit the
		// gzip one).
		g.zipBomb,
		// nested-zip-12-deep.zip: a zip in a zip ... 12 levels down to a
		// valid report; refused by the nesting limit.
		g.nestedZip,
		// many-members-100000.zip: 100,000 tiny members (10.6 MB);
		// refused by the member limit without reading them.
		g.manyMembers,
		// deep-nesting-300000-arrays.json, deep-nesting-300000-objects.json:
		// 300,000 nested '[' under an unknown key, and 300,000 nested
		// objects inside date-range. Must fail fast without a stack
		// overflow.
		g.deepNesting,
		// sparse-300MB.json: starts like a report, then 300 MB of holes
		// (os.Truncate, no disk used). Must be refused by size, unread.
		g.sparse,
		// million-failure-details.json.gz: one report with 1,000,000
		// failure-details entries (about 120 MB of JSON in a ~3 MB gzip).
		// Beyond the 64 MiB limit for one report: refused with that reason.
		g.millionDetails,
		// invalid-utf8-nul-*.json, raw-nul-bytes.json: NUL bytes (escaped
		// as \u0000, and raw), invalid UTF-8 (bad bytes, overlong forms,
		// encoded and escaped lone surrogates) in every string field.
		g.invalidStrings,
		// counts/*.json: session counts that are 1e30,
		// 99999999999999999999, 100,000 digits, 1e999999999, floats,
		// strings, negative, booleans and null; and two reports at
		// int64's maximum whose sum overflows.
		g.hugeNumbers,
		// duplicate-keys.json: every member twice with different values.
		g.duplicateKeys,
		// mime-5000-parts.eml: 5,000 text parts before the report
		// attachment; mime-nested-2000-deep.eml: multiparts nested 2,000
		// deep. Must be cut off by the MIME part and nesting limits.
		g.mime,
		// mailbox-10000-reports.mbox: 10,000 small, valid report emails
		// with unique report-ids, half gzip, half plain JSON. All must load.
		g.mailbox,
		// "newline\nname!with!bang.json": a valid report under a file name
		// with a newline and '!'. Must load; its name must not break
		// line-based output.
		g.oddName,
		// terminal-escapes.json: a valid report whose strings carry
		// terminal escape sequences (an OSC 8 hyperlink to the listener,
		// clear screen, title change). Must load; output should not
		// pass the escapes to a terminal.
		g.terminalEscapes,
		// symlink-loop/: self -> . and self.json -> . (folder loops),
		// up.json -> .., a.json <-> b.json (a file link loop) and
		// dangling.json -> missing.json. The walk must terminate.
		g.symlinks,
		// dmarc-aggregate.xml, dmarc!...xml.gz, dmarc-aggregate.zip: a DMARC
		// aggregate report (XML), with a DOCTYPE and an external entity
		// pointing at the listener. Must be named as DMARC, not fetched.
		g.dmarc,
		// truncated.json.gz, truncated-header.json.gz: a report's gzip cut
		// in half, and a gzip of only its first 3 header bytes.
		g.truncatedGzip,
		// fifo.json (a named pipe) and empty.json (0 bytes). Opening a
		// FIFO blocks until a writer comes, so a folder walk must skip it.
		g.specialFiles,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// list prints one written file.
func (g *gen) list(name, what string) {
	g.files++
	size := "-"
	if info, err := os.Lstat(filepath.Join(g.dir, name)); err == nil && info.Mode().IsRegular() {
		size = humanSize(info.Size())
	}
	shown := name
	if strings.ContainsAny(name, "\n\x1b") {
		shown = fmt.Sprintf("%q", name)
	}
	fmt.Fprintf(g.w, "  %-48s %9s  %s\n", shown, size, what)
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// writeFile writes data to name (a path below the output directory).
func (g *gen) writeFile(name string, data []byte, what string) error {
	p := filepath.Join(g.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	g.list(name, what)
	return nil
}

// streamFile writes name through fill, buffered.
func (g *gen) streamFile(name, what string, fill func(w io.Writer) error) error {
	p := filepath.Join(g.dir, name)
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	g.list(name, what)
	return nil
}

// ---- Reports ---------------------------------------------------------------

var baseDay = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// validReport is a small, valid STS report for one day.
func (g *gen) validReport(org, id, domain string, day int, ok, failed int64) testgen.Obj {
	start := baseDay.AddDate(0, 0, day)
	var details []testgen.Obj
	if failed > 0 {
		details = append(details, testgen.Detail("certificate-expired", failed, testgen.Obj{
			"sending-mta-ip":         fmt.Sprintf("192.0.2.%d", 1+day%250),
			"receiving-mx-hostname":  "mx." + domain,
			"receiving-ip":           fmt.Sprintf("203.0.113.%d", 1+day%250),
			"additional-information": g.url("report_info?id=" + id),
		}))
	}
	return testgen.Report(org, id, "tlsrpt@reporter.hostile.example",
		start.Format(time.RFC3339), start.Add(24*time.Hour-time.Second).Format(time.RFC3339),
		testgen.STSPolicy(domain, "enforce", []string{"mx." + domain}, "86400", ok, failed, details...))
}

// reportJSON is a report as the files hold it: indented, with a newline.
func reportJSON(r testgen.Obj) []byte { return testgen.Encode(r, testgen.Format{Indent: " "}) }

// ---- Bombs and archives ------------------------------------------------------

func (g *gen) gzipBomb() error {
	return g.streamFile("bomb-1GiB-of-zeros.json.gz", "gzip bomb: 1 GiB of zeros", func(w io.Writer) error {
		return testgen.GzipZeros(w, gzipBombBytes)
	})
}

func (g *gen) zipBomb() error {
	var raw bytes.Buffer
	if err := testgen.DeflateZeros(&raw, zipBombBytes); err != nil {
		return err
	}
	return g.streamFile("bomb-zip.zip", "zip bomb: members inflating to 128 MiB (one lying about it) and a gzip bomb", func(w io.Writer) error {
		zw := zip.NewWriter(w)
		// The honest member: its header says 128 MiB.
		m, err := zw.CreateRaw(&zip.FileHeader{
			Name: "honest-128MiB.json", Method: zip.Deflate, CRC32: testgen.CRCZeros(zipBombBytes),
			CompressedSize64: uint64(raw.Len()), UncompressedSize64: zipBombBytes,
		})
		if err != nil {
			return err
		}
		m.Write(raw.Bytes())
		// The liar: its header says 1 KiB.
		if m, err = zw.CreateRaw(&zip.FileHeader{
			Name: "lying-size-1KiB.json", Method: zip.Deflate, CRC32: testgen.CRCZeros(1024),
			CompressedSize64: uint64(raw.Len()), UncompressedSize64: 1024,
		}); err != nil {
			return err
		}
		m.Write(raw.Bytes())
		// A gzip bomb stored as is: 1 MiB in the archive.
		if m, err = zw.CreateHeader(&zip.FileHeader{Name: "inner-gzip-bomb.json.gz", Method: zip.Store}); err != nil {
			return err
		}
		if err := testgen.GzipZeros(m, gzipBombBytes); err != nil {
			return err
		}
		return zw.Close()
	})
}

// zipOf is a zip archive holding data under name.
func zipOf(name string, data []byte, method uint16) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	m, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
	m.Write(data)
	zw.Close()
	return buf.Bytes()
}

func (g *gen) nestedZip() error {
	data := reportJSON(g.validReport("Nested Zip Reporter", "hostile-nested-zip", "nested.hostile.example", 10, 100, 0))
	name := "report.json"
	for i := nestedZipDepth; i >= 1; i-- {
		data = zipOf(name, data, zip.Deflate)
		name = fmt.Sprintf("level-%02d.zip", i)
	}
	return g.writeFile("nested-zip-12-deep.zip", data, "zips nested 12 deep around a valid report")
}

func (g *gen) manyMembers() error {
	return g.streamFile("many-members-100000.zip", "zip with 100,000 tiny members", func(w io.Writer) error {
		zw := zip.NewWriter(w)
		for i := range zipMembers {
			m, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("%05d.json", i), Method: zip.Store})
			if err != nil {
				return err
			}
			m.Write([]byte("{}"))
		}
		return zw.Close()
	})
}

// ---- JSON ------------------------------------------------------------------

func (g *gen) deepNesting() error {
	var b bytes.Buffer
	b.WriteString(`{"organization-name":"Deep Arrays","report-id":"hostile-deep-arrays","x-deep":`)
	b.WriteString(strings.Repeat("[", nestingDepth))
	b.WriteString(strings.Repeat("]", nestingDepth))
	b.WriteString("}\n")
	if err := g.writeFile("deep-nesting-300000-arrays.json", b.Bytes(), "300,000 nested '['"); err != nil {
		return err
	}
	b.Reset()
	b.WriteString(`{"organization-name":"Deep Objects","report-id":"hostile-deep-objects","date-range":`)
	b.WriteString(strings.Repeat(`{"a":`, nestingDepth))
	b.WriteString("0")
	b.WriteString(strings.Repeat("}", nestingDepth))
	b.WriteString("}\n")
	return g.writeFile("deep-nesting-300000-objects.json", b.Bytes(), "300,000 nested objects inside date-range")
}

func (g *gen) sparse() error {
	name := "sparse-300MB.json"
	p := filepath.Join(g.dir, name)
	if err := os.WriteFile(p, []byte(`{"organization-name":"`), 0o644); err != nil {
		return err
	}
	if err := os.Truncate(p, sparseBytes); err != nil {
		return err
	}
	g.list(name, "300 MB, sparse: a report's start, then NUL bytes")
	return nil
}

func (g *gen) millionDetails() error {
	return g.streamFile("million-failure-details.json.gz", "1,000,000 failure details, ~120 MB of JSON gzipped", func(w io.Writer) error {
		zw := gzip.NewWriter(w)
		fmt.Fprint(zw, `{"organization-name":"Hostile Inc.","date-range":{"start-datetime":"2024-05-01T00:00:00Z",`+
			`"end-datetime":"2024-05-01T23:59:59Z"},"contact-info":"x","report-id":"million","policies":[{"policy":`+
			`{"policy-type":"sts","policy-domain":"example.com"},"summary":{"total-successful-session-count":0,`+
			`"total-failure-session-count":1000000},"failure-details":[`)
		for i := range 1_000_000 {
			if i > 0 {
				fmt.Fprint(zw, ",")
			}
			fmt.Fprintf(zw, `{"result-type":"certificate-expired","sending-mta-ip":"198.51.100.%d","receiving-mx-hostname":"mx%d.example.com","failed-session-count":1}`, i%256, i%100)
		}
		fmt.Fprint(zw, "]}]}")
		return zw.Close()
	})
}

// nastyString holds NUL bytes and every kind of invalid UTF-8, written into
// JSON as is: escapes must be in JSON form (\u0000), bad bytes raw.
const nastyString = `\u0000NUL\u0000` + // escaped NULs
	"\xff\xfe" + // bytes that never occur in UTF-8
	"\xc3\x28" + // a lead byte without its continuation
	"\xc0\xaf" + // an overlong '/'
	"\xed\xa0\x80" + // an encoded surrogate
	"\xf4\x90\x80\x80" + // beyond U+10FFFF
	`\ud800x\udfff\udbff\udbff` + // escaped lone and doubled surrogates
	"\x80\xbf" // stray continuation bytes

// stringsReport is a report whose string fields all carry s; the dates only
// when inDates is set (otherwise they are valid, so the report can load).
func stringsReport(id, s string, inDates bool) []byte {
	start, end := "2025-02-01T00:00:00Z", "2025-02-01T23:59:59Z"
	if inDates {
		start, end = start+s, s+end
	}
	return []byte(`{
 "organization-name": "Bad Strings ` + s + `",
 "date-range": {"start-datetime": "` + start + `", "end-datetime": "` + end + `"},
 "contact-info": "` + s + `",
 "report-id": "` + id + s + `",
 "policies": [{
  "policy": {
   "policy-type": "sts",
   "policy-string": ["version: STSv1` + s + `", "mode: enforce` + s + `", "mx: ` + s + `", "max_age: 86400` + s + `"],
   "policy-domain": "bad-strings` + s + `.hostile.example",
   "mx-host": ["mx` + s + `.hostile.example"]
  },
  "summary": {"total-successful-session-count": 10, "total-failure-session-count": 2},
  "failure-details": [{
   "result-type": "validation-failure` + s + `",
   "sending-mta-ip": "192.0.2.1` + s + `",
   "receiving-mx-hostname": "mx` + s + `.hostile.example",
   "receiving-mx-helo": "helo` + s + `",
   "receiving-ip": "203.0.113.1` + s + `",
   "failed-session-count": 2,
   "additional-information": "http://127.0.0.1/` + s + `",
   "failure-reason-code": "` + s + `"
  }]
 }]
}
`)
}

func (g *gen) invalidStrings() error {
	if err := g.writeFile("invalid-utf8-nul-all-fields.json", stringsReport("hostile-bad-strings-all", nastyString, true),
		"NULs and invalid UTF-8 in every string, dates too"); err != nil {
		return err
	}
	if err := g.writeFile("invalid-utf8-nul-except-dates.json", stringsReport("hostile-bad-strings-nodates", nastyString, false),
		"NULs and invalid UTF-8 in every string but the dates"); err != nil {
		return err
	}
	raw := strings.ReplaceAll(nastyString, `\u0000`, "\x00")
	return g.writeFile("raw-nul-bytes.json", stringsReport("hostile-raw-nul", raw, false),
		"raw NUL bytes (invalid in JSON) in every string but the dates")
}

func (g *gen) hugeNumbers() error {
	const maxInt64 = "9223372036854775807"
	variants := []struct{ name, successful, failed, detail, what string }{
		{"count-1e30.json", "1e30", "1e30", "1e30", "counts of 1e30"},
		{"count-20-nines.json", "99999999999999999999", "99999999999999999999", "99999999999999999999", "counts of 99999999999999999999"},
		{"count-100000-digits.json", "1" + strings.Repeat("0", 100_000), "7", "7", "a count of 1 and 100,000 zeros"},
		{"count-1e999999999.json", "1e999999999", "1E-999999999", "7", "counts of 1e999999999 and 1E-999999999"},
		{"count-floats.json", "12.5", "2.0", "2.0", "counts of 12.5 and 2.0"},
		{"count-strings.json", `"100"`, `"2"`, `"2"`, "counts that are strings"},
		{"count-negative.json", "-5", "-9223372036854775808", "-1", "negative counts, down to int64's minimum"},
		{"count-bool-null.json", "true", "null", "false", "counts that are true, null and false"},
		{"count-objects.json", `{"n":1}`, "[2]", `{}`, "counts that are an object and an array"},
		{"count-int64-max-a.json", maxInt64, maxInt64, maxInt64, "counts of int64's maximum (1 of 2: the sum overflows)"},
		{"count-int64-max-b.json", maxInt64, maxInt64, maxInt64, "counts of int64's maximum (2 of 2)"},
	}
	for i, v := range variants {
		doc := fmt.Sprintf(`{
 "organization-name": "Huge Numbers Reporter",
 "date-range": {"start-datetime": "2025-02-02T00:00:00Z", "end-datetime": "2025-02-02T23:59:59Z"},
 "contact-info": "tlsrpt@reporter.hostile.example",
 "report-id": "hostile-counts-%02d",
 "policies": [{
  "policy": {"policy-type": "no-policy-found", "policy-domain": "counts.hostile.example"},
  "summary": {"total-successful-session-count": %s, "total-failure-session-count": %s},
  "failure-details": [{"result-type": "certificate-expired", "receiving-mx-hostname": "mx.counts.hostile.example",
   "failed-session-count": %s}]
 }]
}
`, i, v.successful, v.failed, v.detail)
		if err := g.writeFile(filepath.Join("counts", v.name), []byte(doc), v.what); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) duplicateKeys() error {
	doc := `{
 "organization-name": "Duplicate Keys Reporter (first)",
 "organization-name": "Duplicate Keys Reporter (second)",
 "date-range": {"start-datetime": "2025-02-03T00:00:00Z", "end-datetime": "2025-02-03T23:59:59Z",
                "start-datetime": "2025-02-04T00:00:00Z", "end-datetime": "2025-02-04T23:59:59Z"},
 "contact-info": "first@reporter.hostile.example",
 "contact-info": null,
 "report-id": "hostile-duplicate-keys-first",
 "report-id": "hostile-duplicate-keys-second",
 "policies": [{
  "policy": {"policy-type": "sts", "policy-type": "no-policy-found",
             "policy-domain": "first.hostile.example", "policy-domain": "second.hostile.example"},
  "summary": {"total-successful-session-count": 10, "total-failure-session-count": 1,
              "total-successful-session-count": 20, "total-failure-session-count": 2},
  "failure-details": [{"result-type": "certificate-expired", "failed-session-count": 1,
                       "result-type": "validation-failure", "failed-session-count": 2}]
 }],
 "policies": [{
  "policy": {"policy-type": "no-policy-found", "policy-domain": "third.hostile.example"},
  "summary": {"total-successful-session-count": 30, "total-failure-session-count": 0}
 }]
}
`
	return g.writeFile("duplicate-keys.json", []byte(doc), "every member twice, with different values")
}

// ---- Email -----------------------------------------------------------------

// base64Lines encodes data in lines of 76 characters.
func base64Lines(data []byte) string {
	enc := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteByte('\n')
		enc = enc[76:]
	}
	b.WriteString(enc)
	b.WriteByte('\n')
	return b.String()
}

// reportEmail is one TLS-RPT email (RFC 8460 section 5.3) carrying r, the
// report id about domain for the day that starts at start, gzipped and
// base64-encoded or as plain JSON, after an HTML part with an image and a
// link to the listener.
func (g *gen) reportEmail(r testgen.Obj, id, domain string, start time.Time, gz bool) []byte {
	end := start.Add(24*time.Hour - time.Second)
	var b bytes.Buffer
	fmt.Fprintf(&b, "Date: %s\n", start.Add(30*time.Hour).Format(time.RFC1123Z))
	fmt.Fprintf(&b, "From: TLS reports <tlsrpt-noreply@reporter.hostile.example>\n")
	fmt.Fprintf(&b, "To: tlsrpt@%s\n", domain)
	fmt.Fprintf(&b, "Subject: Report Domain: %s Submitter: reporter.hostile.example Report-ID: <%s>\n", domain, id)
	fmt.Fprintf(&b, "Message-ID: <%s@reporter.hostile.example>\n", id)
	fmt.Fprintf(&b, "TLS-Report-Domain: %s\nTLS-Report-Submitter: reporter.hostile.example\n", domain)
	fmt.Fprintf(&b, "List-Unsubscribe: <%s>\n", g.url("unsubscribe/"+id))
	fmt.Fprintf(&b, "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=\"tlsrpt\"; boundary=\"=_b\"\n\n")
	fmt.Fprintf(&b, "--=_b\nContent-Type: text/html; charset=utf-8\n\n")
	fmt.Fprintf(&b, "<p>TLS report %s.</p><img src=\"%s\"><a href=\"%s\">details</a>\n\n", id, g.url("pixel/"+id+".gif"), g.url6("details"))
	filename := fmt.Sprintf("reporter.hostile.example!%s!%d!%d!%s.json", domain, start.Unix(), end.Unix(), id)
	data := reportJSON(r)
	if gz {
		fmt.Fprintf(&b, "--=_b\nContent-Type: application/tlsrpt+gzip\nContent-Disposition: attachment; filename=\"%s.gz\"\n", filename)
		fmt.Fprintf(&b, "Content-Transfer-Encoding: base64\n\n%s", base64Lines(testgen.Gzip(data)))
	} else {
		fmt.Fprintf(&b, "--=_b\nContent-Type: application/tlsrpt+json\nContent-Disposition: attachment; filename=\"%s\"\n", filename)
		fmt.Fprintf(&b, "Content-Transfer-Encoding: 7bit\n\n%s", data)
	}
	b.WriteString("--=_b--\n")
	return b.Bytes()
}

func (g *gen) mime() error {
	r := g.validReport("MIME Parts Reporter", "hostile-mime-5000", "mime.hostile.example", 20, 100, 1)
	var b bytes.Buffer
	b.WriteString("From: reports@reporter.hostile.example\nTo: tlsrpt@mime.hostile.example\nSubject: 5,000 MIME parts\n")
	b.WriteString("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"p\"\n\n")
	for i := range mimeParts {
		fmt.Fprintf(&b, "--p\nContent-Type: text/plain\n\npart %d\n", i+1)
	}
	fmt.Fprintf(&b, "--p\nContent-Type: application/tlsrpt+json\nContent-Disposition: attachment; filename=\"report.json\"\n\n%s--p--\n", reportJSON(r))
	if err := g.writeFile("mime-5000-parts.eml", b.Bytes(), "5,000 text parts, then a report attachment"); err != nil {
		return err
	}

	b.Reset()
	b.WriteString("From: reports@reporter.hostile.example\nTo: tlsrpt@mime.hostile.example\nSubject: nested multiparts\n")
	b.WriteString("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"n0\"\n\n")
	for i := 1; i < mimeNestingDepth; i++ {
		fmt.Fprintf(&b, "--n%d\nContent-Type: multipart/mixed; boundary=\"n%d\"\n\n", i-1, i)
	}
	r["report-id"] = "hostile-mime-nested"
	fmt.Fprintf(&b, "--n%d\nContent-Type: application/tlsrpt+json\n\n%s", mimeNestingDepth-1, reportJSON(r))
	for i := mimeNestingDepth - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "--n%d--\n", i)
	}
	return g.writeFile("mime-nested-2000-deep.eml", b.Bytes(), "multiparts nested 2,000 deep around a report")
}

func (g *gen) mailbox() error {
	return g.streamFile("mailbox-10000-reports.mbox", "mailbox of 10,000 valid report emails, unique report-ids", func(w io.Writer) error {
		for i := 1; i <= mailboxMessages; i++ {
			day := i % 365
			id, domain := fmt.Sprintf("hostile-mbox-%05d", i), fmt.Sprintf("d%02d.mbox.hostile.example", i%50)
			r := g.validReport("Hostile Mailbox Reporter", id,
				domain, day, int64(1000+i%97), int64(i%7))
			when := baseDay.AddDate(0, 0, day+1).Format("Mon Jan _2 15:04:05 2006")
			fmt.Fprintf(w, "From tlsrpt-noreply@reporter.hostile.example %s\n", when)
			if _, err := w.Write(g.reportEmail(r, id, domain, baseDay.AddDate(0, 0, day), i%2 == 0)); err != nil {
				return err
			}
			io.WriteString(w, "\n")
		}
		g.valid += mailboxMessages
		return nil
	})
}

// ---- Names and file types ----------------------------------------------------

func (g *gen) oddName() error {
	r := g.validReport("Odd Name Reporter", "hostile-odd-name", "odd-name.hostile.example", 30, 50, 5)
	if err := g.writeFile("newline\nname!with!bang.json", reportJSON(r), "valid report; the name has a newline and '!'"); err != nil {
		return err
	}
	g.valid++
	return nil
}

func (g *gen) terminalEscapes() error {
	link := "\x1b]8;;" + g.url("osc8-hyperlink") + "\x1b\\click me\x1b]8;;\x1b\\"
	r := g.validReport("Escape "+link+" \x1b[2J\x1b[H\x1b]0;pwned title\x07\x1b[31mRed", "hostile-terminal-escapes\x1b[2K",
		"escapes.hostile.example", 31, 50, 5)
	r["contact-info"] = link
	detail := r["policies"].([]testgen.Obj)[0]["failure-details"].([]testgen.Obj)[0]
	detail["additional-information"] = link + " \x1b[6n" // a terminal answers ESC[6n on stdin
	if err := g.writeFile("terminal-escapes.json", reportJSON(r), "valid report; strings carry terminal escapes and an OSC 8 link"); err != nil {
		return err
	}
	g.valid++
	return nil
}

func (g *gen) symlinks() error {
	dir := "symlink-loop"
	if err := os.MkdirAll(filepath.Join(g.dir, dir), 0o755); err != nil {
		return err
	}
	links := []struct{ name, target, what string }{
		{"self", ".", "-> . (the folder itself)"},
		{"self.json", ".", "-> . named like a report"},
		{"up.json", "..", "-> .. (the output folder)"},
		{"a.json", "b.json", "-> b.json -> a.json (file loop)"},
		{"b.json", "a.json", "-> a.json -> b.json (file loop)"},
		{"dangling.json", "missing.json", "-> a file that does not exist"},
	}
	for _, l := range links {
		p := filepath.Join(g.dir, dir, l.name)
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if err := os.Symlink(l.target, p); err != nil {
			return err
		}
		g.list(filepath.Join(dir, l.name), "symlink "+l.what)
	}
	return nil
}

func (g *gen) dmarc() error {
	xml := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE feedback SYSTEM "` + g.url("dmarc.dtd") + `" [
  <!ENTITY remote SYSTEM "` + g.url("xxe-entity") + `">
  <!ENTITY remote6 SYSTEM "` + g.url6("xxe-entity") + `">
]>
<feedback xmlns="http://dmarc.org/dmarc-xml/0.1">
  <report_metadata>
    <org_name>google.com</org_name>
    <email>noreply-dmarc-support@google.com</email>
    <extra_contact_info>` + g.url("dmarc-support") + `</extra_contact_info>
    <report_id>hostile-dmarc-&remote;&remote6;</report_id>
    <date_range><begin>1740787200</begin><end>1740873599</end></date_range>
  </report_metadata>
  <policy_published>
    <domain>dmarc.hostile.example</domain>
    <adkim>r</adkim><aspf>r</aspf><p>none</p><sp>none</sp><pct>100</pct>
  </policy_published>
  <record>
    <row>
      <source_ip>192.0.2.99</source_ip>
      <count>2</count>
      <policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>pass</spf></policy_evaluated>
    </row>
    <identifiers><header_from>dmarc.hostile.example</header_from></identifiers>
    <auth_results>
      <dkim><domain>dmarc.hostile.example</domain><result>pass</result><selector>s1</selector></dkim>
      <spf><domain>dmarc.hostile.example</domain><result>pass</result></spf>
    </auth_results>
  </record>
</feedback>
`
	if err := g.writeFile("dmarc-aggregate.xml", []byte(xml), "DMARC aggregate report (read only when named)"); err != nil {
		return err
	}
	if err := g.writeFile("google.com!dmarc.hostile.example!1740787200!1740873599.xml.gz", testgen.Gzip([]byte(xml)),
		"DMARC aggregate report, gzip"); err != nil {
		return err
	}
	return g.writeFile("dmarc-aggregate.zip", zipOf("google.com!dmarc.hostile.example!1740787200!1740873599.xml", []byte(xml), zip.Deflate),
		"DMARC aggregate report, zip")
}

func (g *gen) truncatedGzip() error {
	r := g.validReport("Truncated Reporter", "hostile-truncated", "truncated.hostile.example", 40, 100, 3)
	gz := testgen.Gzip(reportJSON(r))
	if err := g.writeFile("truncated.json.gz", gz[:len(gz)/2], "a report's gzip cut in half"); err != nil {
		return err
	}
	return g.writeFile("truncated-header.json.gz", gz[:3], "the first 3 bytes of a gzip header")
}

func (g *gen) specialFiles() error {
	if err := g.writeFile("empty.json", nil, "0 bytes"); err != nil {
		return err
	}
	p := filepath.Join(g.dir, "fifo.json")
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	made, err := mkfifo(p)
	if err != nil {
		return err
	}
	if made {
		g.list("fifo.json", "a named pipe (reading it blocks)")
	}
	return nil
}
