package analysis

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

func BenchmarkParseReport(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{
		{"google-3KB", testgen.GoogleStyleReport("example.com", "2024-06-01", 1)},
		{"rfc8460-example", testgen.ReadReal(b, "parsedmarc_rfc8460.json")},
		{"microsoft-tlsa", testgen.ReadReal(b, "dmarc-report-viewer_microsoft.json")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := report.ParseReport(bc.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchReports parses n Google- and Microsoft-style reports over 100
// domains and 30 days.
func benchReports(b *testing.B, n int) []*report.Report {
	reports := make([]*report.Report, 0, n)
	for i := range n {
		domain := fmt.Sprintf("d%03d.example", i%100)
		day := fmt.Sprintf("2024-06-%02d", i%30+1)
		var data []byte
		if i%3 == 0 {
			data = mustJSON(b, reportObj("Microsoft Corporation", fmt.Sprintf("1337%014d+%s", i, domain), day,
				policy("sts", domain, int64(i%40), 0), policy("tlsa", domain, int64(i%7), 0)))
		} else {
			data = testgen.GoogleStyleReport(domain, day, i)
		}
		r, _, err := report.ParseReport(data)
		if err != nil {
			b.Fatal(err)
		}
		reports = append(reports, r)
	}
	return reports
}

func BenchmarkAggregate(b *testing.B) {
	reports := benchReports(b, 10_000)
	b.Run("Add", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a := New()
			for _, r := range reports {
				a.Add("bench.json", r)
			}
		}
	})
	b.Run("Result", func(b *testing.B) {
		a := New()
		for _, r := range reports {
			a.Add("bench.json", r)
		}
		b.ReportAllocs()
		for b.Loop() {
			a.Result(Filter{})
		}
	})
}

func BenchmarkLoadFolder(b *testing.B) {
	dir := b.TempDir()
	var size int64
	for i := range 2000 {
		domain := fmt.Sprintf("d%03d.example", i%100)
		day := fmt.Sprintf("2024-%02d-%02d", i/28%12+1, i%28+1)
		data := testgen.GoogleStyleReport(domain, day, i)
		size += int64(len(data))
		testgen.WriteFile(b, dir, filepath.Join(fmt.Sprintf("%02d", i%20), fmt.Sprintf("google.com!%s!%d!%d!001.json.gz", domain, 1717200000+i, 1717286399+i)), testgen.Gzip(data))
	}
	b.SetBytes(size) // uncompressed JSON per load
	b.ReportAllocs()
	for b.Loop() {
		a := New()
		if err := (&Loader{}).Load(context.Background(), a, []string{dir}); err != nil {
			b.Fatal(err)
		}
		if res := a.Result(Filter{}); res.Reports != 2000 || len(res.Errors) != 0 {
			b.Fatalf("reports %d errors %v", res.Reports, res.Errors)
		}
	}
}

// BenchmarkLoadCorpus loads the folder named by BENCH_DIR (a corpusgen
// corpus, as `make bench` makes), the shape `summary` reads; profile it
// with -cpuprofile. Skipped without BENCH_DIR.
func BenchmarkLoadCorpus(b *testing.B) {
	dir := testgen.BenchDir(b)
	b.ReportAllocs()
	for b.Loop() {
		a := New()
		if err := (&Loader{}).Load(context.Background(), a, []string{dir}); err != nil {
			b.Fatal(err)
		}
	}
}
