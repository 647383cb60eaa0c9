// Command domainsgen writes the TLS-RPT (RFC 8460) reports of the README's
// pictures of the front page: the two-month story of six domains, or many
// domains of an operator who hosts them:
//
//	go run ./internal/tools/domainsgen -o DIR              # the story, 61 days
//	go run ./internal/tools/domainsgen -o DIR -domains 300 -days 14
//
// The reports end the day before -end (today by default), so the window
// judges them as fresh; the same flags always write the same files.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

func main() {
	out := flag.String("o", "", "the folder to write the reports into (created)")
	n := flag.Int("domains", 0, "how many generated domains; 0 for the six of the story")
	days := flag.Int("days", 61, "how many UTC days the reports cover")
	end := flag.String("end", time.Now().UTC().Format("2006-01-02"), "the day after the last report (YYYY-MM-DD)")
	flag.Parse()
	last, err := time.Parse("2006-01-02", *end)
	if *out == "" || err != nil || *days < 1 || *n < 0 {
		fmt.Fprintln(os.Stderr, "usage: domainsgen -o DIR [-domains N] [-days D] [-end YYYY-MM-DD]")
		os.Exit(2)
	}
	domains := testgen.Story(*days)
	if *n > 0 {
		domains = testgen.ManyDomains(*n, *days)
	}
	files := testgen.DomainReports(domains, last.AddDate(0, 0, -*days), *days)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "domainsgen:", err)
		os.Exit(1)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(*out, name), data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "domainsgen:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("%d reports about %d domains over %d days in %s\n", len(files), len(domains), *days, *out)
}
