package charts

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

var day0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// report is a one-policy report for hand-made results.
func reportObj(org, id string, start time.Time, typ report.PolicyType, domain string, ok int64, fails ...report.FailureDetail) *report.Report {
	pr := report.PolicyResult{Policy: report.Policy{Type: typ, Domain: domain}, Successful: ok, FailureDetails: fails}
	for _, f := range fails {
		pr.Failed += f.FailedSessions
	}
	return &report.Report{OrganizationName: org, ReportID: id, Start: start, End: start.Add(24 * time.Hour), Policies: []report.PolicyResult{pr}}
}

func fail(resultType, ip, mx string, n int64) report.FailureDetail {
	return report.FailureDetail{ResultType: resultType, SendingMTAIP: ip, ReceivingMXHostname: mx, FailedSessions: n}
}

func result(reports ...*report.Report) *analysis.Result {
	a := analysis.New()
	for _, r := range reports {
		a.Add("test", r)
	}
	return a.Result(analysis.Filter{})
}

var resultTypes = []string{"certificate-expired", "starttls-not-supported", "sts-policy-fetch-error",
	"validation-failure", "certificate-host-mismatch", "x-vendor-specific"}

// realistic is a year of daily reports from six organizations about n
// policies, mostly successful, with failures spread over result types, MX
// hosts and sending IPs, and the occasional day without reports.
func realistic(n, days int) *analysis.Result {
	rng := rand.New(rand.NewPCG(8460, 1))
	orgs := []string{"Google Inc.", "Microsoft Corporation", "Yahoo", "Mail.Ru", "Comcast", ""}
	a := analysis.New()
	for d := range days {
		if d%23 == 7 {
			continue
		}
		for o, org := range orgs {
			rep := &report.Report{OrganizationName: org, ReportID: fmt.Sprintf("%d-%d", d, o),
				Start: day0.AddDate(0, 0, d), End: day0.AddDate(0, 0, d+1)}
			for p := range n {
				if rng.IntN(3) != 0 {
					continue
				}
				domain := fmt.Sprintf("domain%03d.example.com", p)
				pr := report.PolicyResult{Policy: report.Policy{Type: report.PolicySTS, Domain: domain},
					Successful: int64(rng.IntN(20000/(p+1)+10) * 10)}
				if rng.IntN(4) == 0 {
					f := fail(resultTypes[rng.IntN(len(resultTypes))], fmt.Sprintf("192.0.2.%d", rng.IntN(40)),
						fmt.Sprintf("mx%d.%s", rng.IntN(3), domain), int64(rng.IntN(300)+1))
					if rng.IntN(10) == 0 {
						f.SendingMTAIP, f.ReceivingMXHostname = "", ""
					}
					pr.Failed, pr.FailureDetails = f.FailedSessions, []report.FailureDetail{f}
				}
				rep.Policies = append(rep.Policies, pr)
			}
			a.Add("synthetic", rep)
		}
	}
	return a.Result(analysis.Filter{})
}

// edgeCases are the inputs real data produces that go-chart trips over.
func edgeCases() map[string]*analysis.Result {
	long := strings.Repeat("very-long-label-", 40) + ".example.com"
	var many []*report.Report
	for i := range 500 {
		many = append(many, reportObj("Org", fmt.Sprint("p", i), day0, report.PolicySTS, fmt.Sprintf("d%03d.example", i), int64(i+1),
			fail("certificate-expired", fmt.Sprintf("198.51.100.%d", i%250), fmt.Sprintf("mx.d%03d.example", i), 1)))
	}
	return map[string]*analysis.Result{
		"nil":         nil,
		"no reports":  analysis.New().Result(analysis.Filter{}),
		"all zero":    result(reportObj("Org", "1", day0, report.PolicySTS, "example.com", 0)),
		"all success": result(reportObj("Org", "1", day0, report.PolicySTS, "example.com", 42)),
		"undetailed": result(&report.Report{OrganizationName: "Org", ReportID: "1", Start: day0, End: day0.AddDate(0, 0, 1),
			Policies: []report.PolicyResult{{Policy: report.Policy{Type: report.PolicySTS, Domain: "example.com"}, Successful: 5, Failed: 3}}}),
		"one failure":   result(reportObj("Org", "1", day0, report.PolicySTS, "example.com", 0, fail("dane-required", "", "", 1))),
		"one day":       result(reportObj("Org", "1", day0, report.PolicySTS, "example.com", 10, fail("tlsa-invalid", "192.0.2.1", "mx.example.com", 1))),
		"500 policies":  result(many...),
		"long names":    result(reportObj(long, "1", day0, report.PolicySTS, long, 5, fail(long, long, long, 3))),
		"millions":      result(reportObj("Org", "1", day0, report.PolicySTS, "example.com", 9_876_543_210, fail("certificate-expired", "192.0.2.1", "mx.example.com", 1_234_567))),
		"year 1970 gap": result(reportObj("Org", "1", time.Unix(0, 0).UTC(), report.PolicySTS, "a.example", 5), reportObj("Org", "2", day0, report.PolicySTS, "a.example", 5)),
		// Counts at the int64 maximum: sums must saturate, not wrap negative.
		"int64 max": result(reportObj("Org", "1", day0, report.PolicySTS, "a.example", math.MaxInt64, fail("certificate-expired", "192.0.2.1", "mx.example.com", math.MaxInt64)),
			reportObj("Org", "2", day0, report.PolicySTS, "b.example", math.MaxInt64, fail("certificate-expired", "192.0.2.1", "mx.example.com", math.MaxInt64))),
		"hostile text": result(reportObj("<script>alert(1)</script>", "1", day0, report.PolicySTS, "a&b\"<x>\u202e.example", 5,
			fail("<x>", "=cmd|' /C calc'!A0", "\x00\n\tevil", 2))),
	}
}

// nonBackground counts the pixels that differ from the top-left corner.
func nonBackground(img image.Image) int {
	return countPixels(img, func(p, bg color.RGBA) bool { return p != bg })
}

// countColor counts the pixels of exactly color c.
func countColor(img image.Image, c color.Color) int {
	want := color.RGBAModel.Convert(c).(color.RGBA)
	return countPixels(img, func(p, _ color.RGBA) bool { return p == want })
}

func countPixels(img image.Image, match func(p, corner color.RGBA) bool) int {
	rgba, ok := img.(*image.RGBA)
	if !ok {
		rgba = image.NewRGBA(img.Bounds())
		draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	}
	pixel := func(i int) color.RGBA {
		return color.RGBA{rgba.Pix[i], rgba.Pix[i+1], rgba.Pix[i+2], rgba.Pix[i+3]}
	}
	corner, n := pixel(0), 0
	for i := 0; i < len(rgba.Pix); i += 4 {
		if match(pixel(i), corner) {
			n++
		}
	}
	return n
}

// assertReadable fails unless img is w x h and carries a drawing: a title
// at least, never a blank canvas.
func assertReadable(t *testing.T, img image.Image, w, h int) {
	t.Helper()
	if got := img.Bounds().Size(); got != image.Pt(w, h) {
		t.Fatalf("size %v, want %dx%d", got, w, h)
	}
	if n := nonBackground(img); n < 500 {
		t.Fatalf("only %d drawn pixels: blank image", n)
	}
}
