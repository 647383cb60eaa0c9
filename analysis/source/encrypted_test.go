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
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

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
