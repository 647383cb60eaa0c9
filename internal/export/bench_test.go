package export

import (
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// BenchmarkSummaryJSON writes the summary of the corpus in BENCH_DIR (as
// `make bench` makes) streamed, and for comparison in the same run as
// json.MarshalIndent of the whole, as summary -json wrote it before.
func BenchmarkSummaryJSON(b *testing.B) {
	dir := testgen.BenchDir(b)
	a := analysis.New()
	if err := (&analysis.Loader{}).Load(context.Background(), a, []string{dir}); err != nil {
		b.Fatal(err)
	}
	res := a.Snapshot().Totals(analysis.Filter{})
	b.Run("stream", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := SummaryJSON(io.Discard, res); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("MarshalIndent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := json.MarshalIndent(res.Summary(), "", "  ")
			if err != nil {
				b.Fatal(err)
			}
			io.Discard.Write(out)
		}
	})
}
