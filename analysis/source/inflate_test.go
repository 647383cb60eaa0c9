package source

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// stdGunzip inflates the first member of data with compress/gzip and
// returns the content and the bytes of data the member used.
func stdGunzip(data []byte) ([]byte, int, error) {
	br := bytes.NewReader(data)
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, 0, err
	}
	zr.Multistream(false)
	out, err := io.ReadAll(zr)
	return out, len(data) - br.Len(), err
}

func gzipLevel(t testing.TB, data []byte, level int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, level)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// inflateInputs are contents that reach every kind of block: text that
// compresses into dynamic blocks with codes longer than the root tables,
// random bytes (stored blocks at level 0, literal-heavy codes), long runs
// (overlapping copies, length 258) and more than the 32 KiB window.
func inflateInputs(t testing.TB) map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 100_000)
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	var mixed bytes.Buffer
	for i := range 3000 {
		mixed.WriteString(strings.Repeat("ab", i%7))
		mixed.WriteByte(byte(r.Uint32()))
		mixed.Write(random[i*13 : i*13+i%40])
	}
	in := map[string][]byte{
		"empty":  nil,
		"byte":   {'x'},
		"short":  []byte("wwwww abcabcabc"), // a fixed-code block with copies
		"random": random,
		"runs":   bytes.Repeat([]byte{'z'}, 200_000),
		"mixed":  mixed.Bytes(),
	}
	for _, name := range testgen.RealSampleNames(t) {
		if strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".eml") {
			in[name] = testgen.ReadReal(t, name)
		}
	}
	return in
}

// TestInflateFastAgrees: on what gzip writers produce, at every level, the
// fast inflater succeeds (it is not silently falling back) and gives what
// compress/gzip gives, using exactly the member's bytes.
func TestInflateFastAgrees(t *testing.T) {
	for name, content := range inflateInputs(t) {
		for _, level := range []int{gzip.HuffmanOnly, gzip.NoCompression, gzip.BestSpeed, gzip.DefaultCompression, gzip.BestCompression} {
			data := gzipLevel(t, content, level)
			out, n, err := inflateFast(append(bytes.Clone(data), "\r\ntrailing"...), nil, MaxReportBytes)
			if err != nil || n != len(data) || !bytes.Equal(out, content) {
				t.Errorf("%s at level %d: error %v, used %d of %d bytes, content equal %v", name, level, err, n, len(data), bytes.Equal(out, content))
			}
		}
	}
	for _, name := range []string{"tls-rpt-monitor_microsoft-report.json.gz", "tls_reporting_example.gz"} {
		data := testgen.ReadReal(t, name)
		want, wantN, err := stdGunzip(data)
		if err != nil {
			t.Fatal(err)
		}
		if out, n, err := inflateFast(data, nil, MaxReportBytes); err != nil || n != wantN || !bytes.Equal(out, want) {
			t.Errorf("%s: error %v, used %d bytes (want %d)", name, err, n, wantN)
		}
	}
}

// TestInflateFastLimit: output stops at the limit, exactly at it is fine.
func TestInflateFastLimit(t *testing.T) {
	content := bytes.Repeat([]byte("0123456789"), 1000)
	for _, level := range []int{gzip.NoCompression, gzip.DefaultCompression} {
		data := gzipLevel(t, content, level)
		if _, _, err := inflateFast(data, nil, len(content)-1); !errors.Is(err, errInflateLimit) {
			t.Errorf("level %d, limit one below the size: error %v, want the limit", level, err)
		}
		if out, _, err := inflateFast(data, nil, len(content)); err != nil || len(out) != len(content) {
			t.Errorf("level %d, limit at the size: %d bytes, error %v", level, len(out), err)
		}
	}
}

// TestGunzipBytesFallsBack: what the fast inflater leaves alone (a header
// CRC, a corrupt stream) still gets compress/gzip's result and message.
func TestGunzipBytesFallsBack(t *testing.T) {
	content := []byte(`{"organization-name":"x"}`)
	var withHCRC bytes.Buffer
	zw := gzip.NewWriter(&withHCRC)
	zw.Write(content)
	zw.Close()
	// Go's writer never sets FHCRC; set it and insert the header CRC16.
	hdr := withHCRC.Bytes()
	h := append(append([]byte{}, hdr[:10]...), 0, 0)
	h[3] |= 0x02
	crc := crc32.ChecksumIEEE(h[:10]) // RFC 1952 2.3.1: its two low bytes
	h[10], h[11] = byte(crc), byte(crc>>8)
	data := append(h, hdr[10:]...)
	if _, _, err := inflateFast(data, nil, MaxReportBytes); err == nil {
		t.Fatal("inflateFast took a header with FHCRC; the test no longer tests the fallback")
	}
	buf, err := gunzipBytes(data)
	if err != nil || !bytes.Equal(buf.Bytes(), content) {
		t.Fatalf("FHCRC header: %v", err)
	}
	releaseBuffer(buf)

	good := gzipLevel(t, bytes.Repeat(content, 50), gzip.DefaultCompression)
	corrupt := bytes.Clone(good)
	corrupt[14] ^= 0x55
	_, _, stdErr := stdGunzip(corrupt)
	if _, err := gunzipBytes(corrupt); err == nil || stdErr == nil || err.Error() != gzipError(stdErr).Error() {
		t.Errorf("corrupt stream: %v, want %v", err, stdErr)
	}
}

// FuzzInflateRaw checks the deflate decoder without the CRC that guards it
// in a gzip member: whatever it accepts, compress/flate accepts with the
// same content and length.
func FuzzInflateRaw(f *testing.F) {
	for _, d := range inflateInputs(f) {
		for _, level := range []int{flate.HuffmanOnly, flate.NoCompression, flate.BestSpeed, flate.BestCompression} {
			var buf bytes.Buffer
			zw, _ := flate.NewWriter(&buf, level)
			zw.Write(d[:min(len(d), 4096)])
			zw.Close()
			f.Add(buf.Bytes())
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, n, err := inflateRaw(data, nil, 1<<20)
		if err != nil {
			return
		}
		br := bytes.NewReader(data)
		want, stdErr := io.ReadAll(flate.NewReader(br))
		if stdErr != nil || n != len(data)-br.Len() || !bytes.Equal(out, want) {
			t.Fatalf("inflateRaw took %d bytes and gave %d; compress/flate: %v, %d bytes, equal %v", n, len(out), stdErr, len(data)-br.Len(), bytes.Equal(out, want))
		}
	})
}

// FuzzInflateFast checks the fast inflater against compress/gzip both
// ways: whatever it accepts, compress/gzip accepts with the same content
// and length; whatever compress/gzip writes, it accepts.
func FuzzInflateFast(f *testing.F) {
	raw, docs := realSampleBytes(f)
	for _, d := range raw {
		if sniff(d) == formatGzip {
			f.Add(d, uint8(0))
		}
	}
	for i, d := range docs[:min(len(docs), 8)] {
		f.Add(gzipLevel(f, d, i%11-2), uint8(i))
	}
	f.Fuzz(func(t *testing.T, data []byte, level uint8) {
		if out, n, err := inflateFast(data, nil, 1<<20); err == nil {
			want, wantN, stdErr := stdGunzip(data)
			if stdErr != nil || n != wantN || !bytes.Equal(out, want) {
				t.Fatalf("inflateFast took %d bytes and gave %d; compress/gzip: %v, %d bytes, equal %v", n, len(out), stdErr, wantN, bytes.Equal(out, want))
			}
		}
		packed := gzipLevel(t, data, int(level%11)-2)
		if out, n, err := inflateFast(packed, nil, 1<<20); err != nil || n != len(packed) || !bytes.Equal(out, data) {
			t.Fatalf("inflateFast on compress/gzip output: %v", err)
		}
	})
}
