package testgen

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"io"
	"testing"
)

// countZeros reads r to the end and fails on any byte that is not zero.
func countZeros(t *testing.T, r io.Reader) int64 {
	t.Helper()
	var n int64
	buf := make([]byte, 1<<20)
	for {
		k, err := r.Read(buf)
		for _, c := range buf[:k] {
			if c != 0 {
				t.Fatalf("non-zero byte %#x after %d bytes", c, n)
			}
		}
		n += int64(k)
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatalf("after %d bytes: %v", n, err)
		}
	}
}

func TestDeflateZeros(t *testing.T) {
	for _, n := range []int64{1, 2, 3, 258, 259, 260, 516, 517, 518, 1000, 65536, 1<<20 + 123} {
		var buf bytes.Buffer
		if err := DeflateZeros(&buf, n); err != nil {
			t.Fatal(err)
		}
		if got := countZeros(t, flate.NewReader(&buf)); got != n {
			t.Errorf("DeflateZeros(%d) inflates to %d bytes", n, got)
		}
	}
}

func TestGzipZeros(t *testing.T) {
	const n = 16<<20 + 5
	var buf bytes.Buffer
	if err := GzipZeros(&buf, n); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > n/1000 {
		t.Errorf("%d zeros gzip to %d bytes, want about %d", n, buf.Len(), n/1032)
	}
	zr, err := gzip.NewReader(&buf) // checks the CRC and size in the trailer
	if err != nil {
		t.Fatal(err)
	}
	if got := countZeros(t, zr); got != n {
		t.Errorf("inflates to %d bytes, want %d", got, n)
	}
}

func TestGzipIsDeterministic(t *testing.T) {
	data := bytes.Repeat([]byte("tlsrpt "), 1000)
	a, b := Gzip(data), Gzip(data)
	if !bytes.Equal(a, b) {
		t.Error("two gzips of the same data differ")
	}
	zr, err := gzip.NewReader(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, data) {
		t.Errorf("round trip: %d bytes, %v", len(got), err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("header carries name %q, time %v", zr.Name, zr.ModTime)
	}
}
