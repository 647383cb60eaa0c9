package export

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// domainStory is three domains over 2025-03-01..03, one report a domain a
// day from one reporter:
//   - bad.example, MTA-STS enforce: 100 ok; 60 ok and 40 certificate-expired
//     on mx1; 50 ok and 50 expired. 210 ok, 90 failed, 300 sessions, 70%.
//   - dane.example, DANE only: 500 ok a day, 1,500 sessions, 100%.
//   - new.example, MTA-STS testing, on 2025-03-01 only: 20 ok, 0 failed.
func domainStory() *analysis.Result {
	a := analysis.New()
	add := func(day int, p report.PolicyResult) {
		start := day0.AddDate(0, 0, day)
		a.Add(p.Policy.Domain+start.Format(time.DateOnly), &report.Report{
			OrganizationName: "Reporter", ReportID: p.Policy.Domain + start.Format(time.DateOnly),
			Start: start, End: start.Add(24*time.Hour - time.Second), Policies: []report.PolicyResult{p},
		})
	}
	sts := func(domain string, mode report.STSMode, mx string) report.Policy {
		return report.Policy{Type: report.PolicySTS, Domain: domain, STS: &report.STSPolicy{Mode: mode, MX: []string{mx}, MaxAge: 604800}}
	}
	for day, fail := range []int64{0, 40, 50} {
		p := report.PolicyResult{Policy: sts("bad.example", report.ModeEnforce, "mx1.bad.example"), Successful: 100 - fail, Failed: fail}
		if fail > 0 {
			p.FailureDetails = []report.FailureDetail{{ResultType: "certificate-expired", ReceivingMXHostname: "mx1.bad.example", FailedSessions: fail}}
		}
		add(day, p)
		add(day, report.PolicyResult{Policy: report.Policy{Type: report.PolicyTLSA, Domain: "dane.example"}, Successful: 500})
	}
	add(0, report.PolicyResult{Policy: sts("new.example", report.ModeTesting, "mx.new.example"), Successful: 20})
	return a.Result(analysis.Filter{})
}

// domainStoryCSV is what the Domains page says of domainStory, worked out
// by hand: bad.example's worst finding is its expired certificate.
var domainStoryCSV = [][]string{
	domainHeader,
	{"bad.example", "Failing", "enforce", "no", "3", "300", "210", "90", "0.7000", "certificate-problem · mx1.bad.example", "critical", "2025-03-03"},
	{"new.example", "Attention", "testing", "no", "1", "20", "20", "0", "1.0000", "enforce-readiness", "warning", "2025-03-01"},
	{"dane.example", "OK", "none", "yes", "3", "1500", "1500", "0", "1.0000", "–", "", "2025-03-03"},
}

// The Domains page is in the exports: domains.csv in Export CSV and in
// export, one row per domain as the page has it (the trial found it in no
// export).
func TestDomainsCSV(t *testing.T) {
	dir := t.TempDir()
	if _, err := Tables.Write(dir, domainStory(), DefaultSize); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, DomainsFile))
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, b)
	if len(rows) != len(domainStoryCSV) {
		t.Fatalf("rows = %q", rows)
	}
	for i, want := range domainStoryCSV {
		if !slices.Equal(rows[i], want) {
			t.Errorf("row %d:\n got %q\nwant %q", i, rows[i], want)
		}
	}
	if !slices.Contains(All.Names(), DomainsFile) {
		t.Errorf("export writes %q, without %s", All.Names(), DomainsFile)
	}
}

// report.html has the Domains table before the findings, in the page's
// words, and each row's strip marks its days: 2025-02-02..03-03 ends on
// the newest report's day, so bad.example's last three marks are a green
// day and two red ones.
func TestReportHTMLDomains(t *testing.T) {
	var buf bytes.Buffer
	if err := ReportHTML(&buf, domainStory(), day0); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if d, f := strings.Index(page, "<h2>Domains</h2>"), strings.Index(page, "<h2>Findings</h2>"); d < 0 || d > f {
		t.Fatalf("Domains heading at %d, Findings at %d", d, f)
	}
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	var strips [][]string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" && len(rows) < 4 {
			var cells, marks []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type != html.ElementNode {
					continue
				}
				cells = append(cells, text(c))
				for m := c.FirstChild; m != nil; m = m.NextSibling {
					if m.Data == "i" {
						marks = append(marks, attr(m, "class"))
					}
				}
			}
			rows, strips = append(rows, cells), append(strips, marks)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	want := [][]string{
		{"Health", "Domain", "MTA-STS", "DANE", "Sessions", "Success", "Failed", "Worst finding", "Last report", "2025-02-02 – 2025-03-03"},
		{"Failing", "bad.example", "enforce", "no", "300", "70.0%", "90", "certificate-problem · mx1.bad.example", "2025-03-03", ""},
		{"Attention", "new.example", "testing", "no", "20", "100%", "0", "enforce-readiness", "2025-03-01", ""},
		{"OK", "dane.example", "none", "yes", "1,500", "100%", "0", "–", "2025-03-03", ""},
	}
	for i := range want {
		if i >= len(rows) || !slices.Equal(rows[i], want[i]) {
			t.Fatalf("domains table:\n got %q\nwant %q", rows, want)
		}
	}
	if s := strips[1]; len(s) != 30 || !slices.Equal(s[27:], []string{"o", "f", "f"}) || slices.ContainsFunc(s[:27], func(c string) bool { return c != "" }) {
		t.Errorf("bad.example's strip = %q, want 27 empty days, then o f f", s)
	}
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}
