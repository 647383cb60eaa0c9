package analysis

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// googleStyleReport is a realistic Google-style daily report of about
// 3 KB: one enforced MTA-STS policy with two MX hosts and a dozen failure
// details from Google's sending ranges.
func googleStyleReport(tb testing.TB, domain, day string, seq int) []byte {
	var details []obj
	results := []string{"certificate-expired", "starttls-not-supported", "validation-failure", "certificate-host-mismatch"}
	for i := range 12 {
		details = append(details, obj{
			"result-type":           results[(i+seq)%len(results)],
			"sending-mta-ip":        fmt.Sprintf("209.85.%d.%d", 128+i, (seq*7+i)%250),
			"receiving-mx-hostname": fmt.Sprintf("mx%d.%s", i%2+1, domain),
			"receiving-ip":          fmt.Sprintf("198.51.100.%d", i%2+10),
			"failed-session-count":  int64(i + 1),
			"failure-reason-code":   "X509_V_ERR_CERT_HAS_EXPIRED",
		})
	}
	var failed int64
	for i := range 12 {
		failed += int64(i + 1)
	}
	return mustJSON(tb, report("Google Inc.", day+"T00:00:00Z_"+domain, day,
		stsPolicy(domain, "enforce", []string{"mx1." + domain, "mx2." + domain}, int64(1000+seq%500), failed, details...)))
}

func BenchmarkParseReport(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{
		{"google-3KB", googleStyleReport(b, "example.com", "2024-06-01", 1)},
		{"rfc8460-example", readReal(b, "parsedmarc_rfc8460.json")},
		{"microsoft-tlsa", readReal(b, "dmarc-report-viewer_microsoft.json")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := ParseReport(bc.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchReports parses n Google- and Microsoft-style reports over 100
// domains and 30 days.
func benchReports(b *testing.B, n int) []*Report {
	reports := make([]*Report, 0, n)
	for i := range n {
		domain := fmt.Sprintf("d%03d.example", i%100)
		day := fmt.Sprintf("2024-06-%02d", i%30+1)
		var data []byte
		if i%3 == 0 {
			data = mustJSON(b, report("Microsoft Corporation", fmt.Sprintf("1337%014d+%s", i, domain), day,
				policy("sts", domain, int64(i%40), 0), policy("tlsa", domain, int64(i%7), 0)))
		} else {
			data = googleStyleReport(b, domain, day, i)
		}
		r, _, err := ParseReport(data)
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
		data := googleStyleReport(b, domain, day, i)
		size += int64(len(data))
		writeFile(b, dir, filepath.Join(fmt.Sprintf("%02d", i%20), fmt.Sprintf("google.com!%s!%d!%d!001.json.gz", domain, 1717200000+i, 1717286399+i)), gzipBytes(b, data))
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
