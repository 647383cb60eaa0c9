package export

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// hostileResult has report text that would be markup, script or a fetch if
// the page did not escape it, and a finding about it.
func hostileResult(t *testing.T) *analysis.Result {
	t.Helper()
	a := analysis.New()
	for i, d := range []int{0, 1} {
		start := day0.AddDate(0, 0, d)
		a.Add("h.json", &report.Report{
			OrganizationName: `<script>alert(1)</script><img src="http://198.51.100.1/x.png">`, ReportID: string(rune('a' + i)),
			Start: start, End: start.Add(24*time.Hour - time.Second),
			Policies: []report.PolicyResult{{
				Policy:     report.Policy{Type: report.PolicySTS, Domain: "example.com", STS: &report.STSPolicy{Mode: report.ModeEnforce, MX: []string{"mx1.example.com"}}},
				Successful: 100, Failed: 2,
				FailureDetails: []report.FailureDetail{{ResultType: "starttls-not-supported", ReceivingMXHostname: `mx1.example.com"><iframe src=//evil>`, FailedSessions: 2,
					AdditionalInformation: "http://198.51.100.1/info"}},
			}},
		})
	}
	return a.Result(analysis.Filter{})
}

// TestReportHTMLSelfContained parses the page and checks that a browser
// would fetch nothing: the CSP forbids it, and no element names anything
// outside the page anyway.
func TestReportHTMLSelfContained(t *testing.T) {
	r := hostileResult(t)
	if len(r.Findings) == 0 {
		t.Fatal("no finding to show")
	}
	var buf bytes.Buffer
	if err := ReportHTML(&buf, r, day0); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var csp string
	var svgs, findings int
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "iframe", "img", "link", "object", "embed", "base", "form":
				t.Errorf("element <%s> in the page", n.Data)
			case "svg":
				svgs++
			case "meta":
				if attr(n, "http-equiv") == "Content-Security-Policy" {
					csp = attr(n, "content")
				}
			case "div":
				if strings.HasPrefix(attr(n, "class"), "finding ") {
					findings++
				}
			}
			for _, a := range n.Attr {
				v := strings.ToLower(a.Val)
				if a.Key == "xmlns" || a.Key == "xmlns:xlink" {
					continue // namespace names, never fetched
				}
				if a.Key == "src" || a.Key == "href" || a.Key == "xlink:href" || strings.Contains(v, "url(") || strings.HasPrefix(a.Key, "on") {
					t.Errorf("<%s %s=%q> could fetch or run something", n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if csp != ReportCSP || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if svgs != len(charts.All()) {
		t.Errorf("%d inline SVG charts, want %d", svgs, len(charts.All()))
	}
	if findings != len(r.Findings) {
		t.Errorf("%d findings shown, want %d", findings, len(r.Findings))
	}
	// The hostile text is there, as text.
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "mx1.example.com&#34;&gt;&lt;iframe", "What to do:", "2025-03-01 – 2025-03-02 (UTC)"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "@import") {
		t.Error("the style sheet imports another")
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestFindingsCSV(t *testing.T) {
	var buf bytes.Buffer
	fs := []analysis.Finding{{Kind: analysis.KindStartTLSMissing, Severity: analysis.SeverityCritical, PolicyType: report.PolicySTS,
		PolicyDomain: "example.com", Subject: "mx1.example.com", FirstSeen: "2025-03-01", LastSeen: "2025-03-02", FailedSessions: 4,
		Reports: 2, Reporters: []string{"Google Inc.", "=cmd"}, Title: "t, with a comma", Advice: "-a"}}
	if err := FindingsCSV(&buf, fs); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	want := [][]string{findingHeader, {"starttls-missing", "critical", "sts", "example.com", "mx1.example.com", "2025-03-01", "2025-03-02", "4", "2", "Google Inc.; =cmd", "t, with a comma", "'-a"}}
	if len(rows) != 2 || strings.Join(rows[0], ",") != strings.Join(want[0], ",") || strings.Join(rows[1], "|") != strings.Join(want[1], "|") {
		t.Errorf("rows %q\nwant %q", rows, want)
	}
	// The header is the JSON contract's field names, in its order.
	if strings.Join(findingHeader, " ") != "kind severity policy_type policy_domain subject first_seen last_seen failed_sessions reports reporters title advice" {
		t.Errorf("header %q", findingHeader)
	}
}
