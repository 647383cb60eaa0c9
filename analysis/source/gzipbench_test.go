package source

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// gzipSamples are real-shaped gzip reports: the real .gz samples, every real
// JSON sample gzipped as reporters do, Google-style reports, and (with
// BENCH_DIR) up to 2,000 files of a corpusgen corpus.
func gzipSamples(b *testing.B) [][]byte {
	var out [][]byte
	for _, name := range testgen.RealSampleNames(b) {
		data := testgen.ReadReal(b, name)
		switch {
		case bytes.HasPrefix(data, []byte{0x1f, 0x8b}):
			if _, err := gunzip(bytes.NewReader(data)); err == nil { // not the truncated one
				out = append(out, data)
			}
		case strings.HasSuffix(name, ".json"):
			out = append(out, testgen.Gzip(data))
		}
	}
	for i := range 50 {
		out = append(out, testgen.Gzip(testgen.GoogleStyleReport(fmt.Sprintf("d%d.example", i), "2024-06-01", i)))
	}
	if dir := os.Getenv("BENCH_DIR"); dir != "" {
		ents, err := os.ReadDir(dir)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range ents[:min(len(ents), 2000)] {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, data)
		}
	}
	return out
}

// BenchmarkGunzip compares inflaters on real-shaped reports, one reused
// reader each, as gunzip uses them.
func BenchmarkGunzip(b *testing.B) {
	samples := gzipSamples(b)
	var size int64
	for _, s := range samples {
		size += int64(len(s))
	}
	var buf bytes.Buffer
	b.Run("stdlib", func(b *testing.B) {
		b.SetBytes(size)
		var zr gzip.Reader
		var br bytes.Reader
		for b.Loop() {
			for _, s := range samples {
				br.Reset(s)
				if err := zr.Reset(&br); err != nil {
					b.Fatal(err)
				}
				zr.Multistream(false)
				buf.Reset()
				if _, err := buf.ReadFrom(&zr); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("inflateFast", func(b *testing.B) {
		b.SetBytes(size)
		out := make([]byte, 0, 1<<20)
		for b.Loop() {
			for _, s := range samples {
				var err error
				if out, _, err = inflateFast(s, out[:0], MaxReportBytes); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
