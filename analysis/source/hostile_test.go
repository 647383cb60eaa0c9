package source

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// emptiesZip is a zip of n empty .json files, stored.
func emptiesZip(t testing.TB, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range n {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("%d.json", i), Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sharedMemberZip is a zip holding member once, stored, with entries
// central-directory entries all pointing at it, as archive/zip would never
// write: the layout of APPNOTE.TXT sections 4.3.7, 4.3.12 and 4.3.16.
func sharedMemberZip(member []byte, entries int) []byte {
	var b bytes.Buffer
	le := func(v ...any) {
		for _, x := range v {
			binary.Write(&b, binary.LittleEndian, x)
		}
	}
	crc, size := crc32.ChecksumIEEE(member), uint32(len(member))
	name := "inner.zip"
	le(uint32(0x04034b50), uint16(20), uint16(0), uint16(zip.Store), uint16(0), uint16(0), crc, size, size, uint16(len(name)), uint16(0))
	b.WriteString(name)
	b.Write(member)
	cd := b.Len()
	for i := range entries {
		n := fmt.Sprintf("m%04d.zip", i)
		le(uint32(0x02014b50), uint16(20), uint16(20), uint16(0), uint16(zip.Store), uint16(0), uint16(0), crc, size, size,
			uint16(len(n)), uint16(0), uint16(0), uint16(0), uint16(0), uint32(0), uint32(0))
		b.WriteString(n)
	}
	le(uint32(0x06054b50), uint16(0), uint16(0), uint16(entries), uint16(entries), uint32(b.Len()-cd), uint32(cd), uint16(0))
	return b.Bytes()
}

// nestedZips is report doc in a zip in a zip..., depth zips deep.
func nestedZips(t testing.TB, doc []byte, depth int) []byte {
	data, name := doc, "r.json"
	for i := range depth {
		data, name = testgen.Zip(t, testgen.Member(name, data)), fmt.Sprintf("z%d.zip", i)
	}
	return data
}

// The zip of issue 22: 1,100 entries pointing at one member, a zip of
// 10,000 empty files, made 10,950,002 errors, 9.4 GB and 78 s. It is
// refused whole, without reading a member.
func TestZipMembersSharingBytesRefused(t *testing.T) {
	bomb := sharedMemberZip(emptiesZip(t, 10_000), 1_100)
	if len(bomb) > 2<<20 { // the inner zip stored, not deflated as in the 131 KB
		t.Fatalf("the archive is %d bytes, meant to be small", len(bomb))
	}
	p, items, err := decodeBytes(t, "shared.zip", bomb)
	if err != nil || len(items) != 1 || items[0].source != p || items[0].err == nil ||
		!strings.Contains(items[0].err.Error(), `"m0000.zip" and "m0001.zip" share their bytes`) {
		t.Fatalf("err %v, %d items %q; want one error for the archive", err, len(items), errorsOf(items[:min(len(items), 3)]))
	}
	// The same member once is read: 10,000 empty files.
	_, items, err = decodeBytes(t, "once.zip", sharedMemberZip(emptiesZip(t, 10_000), 1))
	if err != nil || len(items) != 10_000 {
		t.Fatalf("err %v, %d items; want one per empty file", err, len(items))
	}
	// Listed for one file: the first 100 errors, then one counting the
	// other 9,900.
	items = capped(items)
	if len(items) != MaxMessagesPerFile+1 || items[0].err == nil || !strings.Contains(items[0].err.Error(), "the file is empty") ||
		items[MaxMessagesPerFile].err == nil || !strings.HasPrefix(items[MaxMessagesPerFile].err.Error(), "9,900 more errors like this in the same file") {
		t.Errorf("%d items, last %v", len(items), items[len(items)-1].err)
	}
}

// A report with more warnings than the bound keeps the first ones and a
// count of the rest; its report and other files' messages are kept.
func TestWarningsCapped(t *testing.T) {
	ws := make([]string, 250)
	for i := range ws {
		ws[i] = fmt.Sprintf("warning %d", i)
	}
	items := capped([]item{{source: "a", warnings: ws}, {source: "b", warning: "odd input"}})
	if len(items) != 2 || len(items[0].warnings) != MaxMessagesPerFile+1 || items[0].warnings[99] != "warning 99" ||
		!strings.HasPrefix(items[0].warnings[100], "150 more warnings like this") || items[1].warning != "odd input" {
		t.Errorf("%+v", items)
	}
}

// The README promises 16 levels of containers; a zip counted twice, so a
// report 9 zips deep was refused as nested too deeply. 16 zips are read,
// 17 refused.
func TestZipNestingCountsEachZipOnce(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(testgen.RealDir(), "parsedmarc_rfc8460.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		depth int
		read  bool
	}{{9, true}, {16, true}, {17, false}} {
		_, items, err := decodeBytes(t, "deep.zip", nestedZips(t, doc, c.depth))
		if got := err == nil && len(reportsOf(items)) == 1; got != c.read {
			t.Errorf("%d zips deep: read %v (%q), want %v", c.depth, got, errorsOf(items), c.read)
		}
	}
}
