package source

import (
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// A report saved as UTF-16 or UTF-32 (PowerShell's ">" writes UTF-16 with
// a byte order mark) read as "not JSON". It is named, with or without the
// mark; the UTF-8 mark is still accepted.
func TestWideTextIsNamed(t *testing.T) {
	doc := string(testgen.SampleReport("wide"))
	units := utf16.Encode([]rune(doc))
	enc := func(bom []byte, order binary.AppendByteOrder, wide bool) []byte {
		out := bom
		for i, u := range units {
			if wide {
				out = order.AppendUint32(out, uint32([]rune(doc)[i]))
			} else {
				out = order.AppendUint16(out, u)
			}
		}
		return out
	}
	le, be := binary.LittleEndian, binary.BigEndian
	for _, tc := range []struct {
		name, want string
		data       []byte
	}{
		{"utf16le-bom", "UTF-16", enc([]byte{0xff, 0xfe}, le, false)},
		{"utf16be-bom", "UTF-16", enc([]byte{0xfe, 0xff}, be, false)},
		{"utf16le", "UTF-16LE", enc(nil, le, false)},
		{"utf16be", "UTF-16BE", enc(nil, be, false)},
		{"utf32le-bom", "UTF-32", enc([]byte{0xff, 0xfe, 0, 0}, le, true)},
		{"utf32be", "UTF-32BE", enc(nil, be, true)},
	} {
		if strings.HasPrefix(tc.want, "UTF-32") && len(units) != len([]rune(doc)) {
			t.Fatal("the sample has characters outside the BMP")
		}
		p, items, err := decodeBytes(t, tc.name+".json", tc.data)
		errs := errorsOf(items)
		want := p + ": the file is " + tc.want + " text; RFC 8259 section 8.1 requires UTF-8 for JSON: convert it (iconv -f " + tc.want + " -t UTF-8)"
		if err != nil || len(errs) != 1 || !strings.HasPrefix(errs[0], want) {
			t.Errorf("%s: %v %q, want %q", tc.name, err, errs, want)
		}
	}
	wantOneReport(t, "utf8-bom.json", []byte("\xef\xbb\xbf"+doc))
}
