package source

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/aes"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
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

// zipCryptoKeys are the three keys of PKWARE's traditional encryption
// (APPNOTE.TXT section 6.1).
type zipCryptoKeys [3]uint32

func newZipCrypto(password string) *zipCryptoKeys {
	k := &zipCryptoKeys{0x12345678, 0x23456789, 0x34567890}
	for _, c := range []byte(password) {
		k.update(c)
	}
	return k
}

func (k *zipCryptoKeys) update(c byte) {
	k[0] = crc32.IEEETable[byte(k[0])^c] ^ k[0]>>8
	k[1] = (k[1]+k[0]&0xff)*134775813 + 1
	k[2] = crc32.IEEETable[byte(k[2])^byte(k[1]>>24)] ^ k[2]>>8
}

func (k *zipCryptoKeys) encrypt(plain []byte) []byte {
	out := make([]byte, len(plain))
	for i, c := range plain {
		t := k[2]&0xffff | 2
		out[i] = c ^ byte(t*(t^1)>>8)
		k.update(c)
	}
	return out
}

func deflated(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.DefaultCompression)
	w.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// encryptedZip is a zip of doc as name, encrypted with password by
// traditional PKWARE encryption (aes false) or WinZip's AES-256 (AE-2,
// compression method 99, APPNOTE.TXT section 4.4.5), followed by doc again
// unencrypted as plain.json.
func encryptedZip(t testing.TB, name string, doc []byte, password string, useAES bool) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	crc, packed := crc32.ChecksumIEEE(doc), deflated(t, doc)
	fh := &zip.FileHeader{Name: name, Method: zip.Deflate, Flags: 1, CRC32: crc, UncompressedSize64: uint64(len(doc))}
	var body []byte
	if !useAES {
		// A 12-byte header whose last byte checks the password: the CRC's
		// high byte (section 6.1.6).
		head := append(bytes.Repeat([]byte{0x5a}, 11), byte(crc>>24))
		k := newZipCrypto(password)
		body = append(k.encrypt(head), k.encrypt(packed)...)
	} else {
		// WinZip AE-2: PBKDF2-HMAC-SHA1 (1000 rounds) gives the AES key,
		// the HMAC key and a password verifier; AES in counter mode with a
		// little-endian counter from 1; the first 10 bytes of HMAC-SHA1 of
		// the ciphertext close it. AE-2 leaves the CRC 0.
		salt := bytes.Repeat([]byte{7}, 16)
		keys, err := pbkdf2.Key(sha1.New, password, salt, 1000, 66)
		if err != nil {
			t.Fatal(err)
		}
		block, err := aes.NewCipher(keys[:32])
		if err != nil {
			t.Fatal(err)
		}
		enc := make([]byte, len(packed))
		var ctr, stream [16]byte
		for i := range packed {
			if i%16 == 0 {
				binary.LittleEndian.PutUint64(ctr[:], uint64(i/16+1))
				block.Encrypt(stream[:], ctr[:])
			}
			enc[i] = packed[i] ^ stream[i%16]
		}
		mac := hmac.New(sha1.New, keys[32:64])
		mac.Write(enc)
		body = append(append(append(salt, keys[64:66]...), enc...), mac.Sum(nil)[:10]...)
		fh.Method, fh.CRC32 = 99, 0
		// The AES extra field 0x9901: AE-2, vendor "AE", strength 3
		// (256 bits), the real method (deflate).
		fh.Extra = []byte{0x01, 0x99, 7, 0, 2, 0, 'A', 'E', 3, byte(zip.Deflate), 0}
	}
	fh.CompressedSize64 = uint64(len(body))
	w, err := zw.CreateRaw(fh)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(body)
	if w, err = zw.Create("plain.json"); err != nil {
		t.Fatal(err)
	}
	w.Write(doc)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// An encrypted member (issue 22 point 9) read as "flate: corrupt input",
// or for AES "unsupported compression algorithm". It is named as
// encrypted, and the member beside it is read.
func TestEncryptedZipMemberIsNamed(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(testgen.RealDir(), "parsedmarc_rfc8460.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, useAES := range []bool{false, true} {
		p, items, err := decodeBytes(t, "secret.zip", encryptedZip(t, "report.json", doc, "hunter2", useAES))
		errs := errorsOf(items)
		want := p + ":report.json: member is encrypted; this program cannot read encrypted zip members"
		if err != nil || len(errs) != 1 || !strings.HasPrefix(errs[0], want) || len(reportsOf(items)) != 1 {
			t.Errorf("AES %v: %v, errors %q, %d reports; want %q and plain.json's report", useAES, err, errs, len(reportsOf(items)), want)
		}
	}
}
