package source

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// Valid reports that were refused (issue 22, point 7), each built here
// from its real bytes.

func wantOneReport(t *testing.T, name string, data []byte) {
	t.Helper()
	path := testgen.WriteFile(t, t.TempDir(), name, data)
	items := decodeOne(t, path)
	if rs := reportsOf(items); len(rs) != 1 {
		t.Fatalf("%s: got %d reports, errors %q", name, len(rs), errorsOf(items))
	}
}

// RFC 8259 section 2: any amount of insignificant whitespace may precede
// the value.
func TestLongLeadingWhitespaceIsJSON(t *testing.T) {
	ws := strings.Repeat(" \r\n\t", 300)
	wantOneReport(t, "r.json", append([]byte(ws), testgen.SampleReport("ws")...))
}

// A mailbox whose first line is blank before the first "From " line.
func TestMailboxStartingWithBlankLine(t *testing.T) {
	wantOneReport(t, "inbox", []byte("\n"+testgen.MboxMessage(testgen.ReportMessage("blank"))))
}

// RFC 1952 section 2.3.1: FNAME and FCOMMENT are zero-terminated, of any
// length; gzip and zcat read long ones.
func TestGzipLongNameAndComment(t *testing.T) {
	plain := testgen.Gzip(testgen.SampleReport("gz"))
	for _, tc := range []struct {
		flag byte
		name string
	}{{0x08, "fname"}, {0x10, "fcomment"}, {0x18, "both"}} {
		var b bytes.Buffer
		b.Write(plain[:10])
		b.Bytes()[3] |= tc.flag
		for _, f := range []byte{0x08, 0x10} {
			if tc.flag&f != 0 {
				b.WriteString(strings.Repeat("n", 600))
				b.WriteByte(0)
			}
		}
		b.Write(plain[10:])
		if binary.LittleEndian.Uint32(plain[len(plain)-8:]) != crc32.ChecksumIEEE(testgen.SampleReport("gz")) {
			t.Fatal("bad fixture")
		}
		wantOneReport(t, tc.name+".json.gz", b.Bytes())
	}
}

// RFC 2045 section 6.8: characters outside the base64 alphabet in a
// base64 body are ignored.
func TestEmailBase64WithStrayCharacters(t *testing.T) {
	b64 := testgen.Wrap76(base64.StdEncoding.EncodeToString(testgen.Gzip(testgen.SampleReport("stray"))))
	var stray strings.Builder
	for i, line := range strings.SplitAfter(b64, "\r\n") {
		if i%2 == 0 && len(line) > 10 {
			line = line[:5] + "!*" + line[5:9] + "\x00." + line[9:]
		}
		stray.WriteString(line)
	}
	wantOneReport(t, "stray.eml", []byte(testgen.ReportEmail("application/tlsrpt+gzip", "base64", "stray.json.gz", stray.String())))
}

// The same for a gzip file too large to be read whole, which is streamed
// through compress/gzip.
func TestStreamedGzipLongName(t *testing.T) {
	big := append(testgen.SampleReport("big"), bytes.Repeat([]byte(" "), 3<<20)...)
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.NoCompression)
	zw.Name = strings.Repeat("n", 600)
	zw.Comment = strings.Repeat("c", 700)
	zw.Write(big)
	zw.Close()
	if b.Len() <= wholeFileMax {
		t.Fatalf("fixture of %d bytes is read whole", b.Len())
	}
	wantOneReport(t, "big.json.gz", b.Bytes())
}

// A mailbox over wholeFileMax, streamed, that starts with more blank bytes
// (spaces and line breaks) than a sniff looks at: it was "not JSON".
func TestBigMailboxAfterLongBlankStart(t *testing.T) {
	ordinary := "Subject: hello\n\n" + strings.Repeat("a line of an ordinary message\n", 40_000)
	box := strings.Repeat(" \r\n", 300) + testgen.MboxMessage(testgen.ReportMessage("blank")) + testgen.MboxMessage(ordinary)
	if len(box) <= wholeFileMax {
		t.Fatalf("fixture of %d bytes is read whole", len(box))
	}
	wantOneReport(t, "inbox", []byte(box))
	wantOneReport(t, "small-inbox", []byte(strings.Repeat(" \r\n", 300)+testgen.MboxMessage(testgen.ReportMessage("blank"))))
	for _, tc := range []struct {
		in        string
		container bool
	}{{box, true}, {strings.Repeat(" \n", 400) + "{}", false}, {strings.Repeat(" ", 600), false}, {"", false}} {
		if got, err := StartsContainer(strings.NewReader(tc.in)); err != nil || got != tc.container {
			t.Errorf("StartsContainer(%.20q…) = %v, %v", tc.in, got, err)
		}
	}
}
