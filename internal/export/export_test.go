package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

var day0 = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

func sample() *analysis.Result {
	a := analysis.New()
	a.Add("a.json", &report.Report{
		OrganizationName: "=HYPERLINK(\"http://evil\")", ReportID: "r-1",
		Start: day0.In(time.FixedZone("CET", 3600)), End: day0.Add(24 * time.Hour),
		Policies: []report.PolicyResult{{
			Policy:     report.Policy{Type: report.PolicySTS, Domain: "example.com", STS: &report.STSPolicy{Mode: report.ModeEnforce, MX: []string{"mx1.example.com", "*.example.net"}}},
			Successful: 1_234_567, Failed: 3,
			FailureDetails: []report.FailureDetail{
				{ResultType: "certificate-expired", SendingMTAIP: "192.0.2.1", ReceivingMXHostname: "mx1.example.com", ReceivingMXHelo: "mx1", ReceivingIP: "198.51.100.7",
					FailedSessions: 2, AdditionalInformation: "https://example.com/a,b", FailureReasonCode: "X509 \"expired\"\nline two"},
				// Host names and addresses are trimmed and lowercased by the
				// analysis; the HELO name and reason code are kept as sent.
				{ResultType: "-1+2", SendingMTAIP: "@SUM(A1)", ReceivingMXHostname: "+MX", ReceivingMXHelo: "\tmx", ReceivingIP: "-x", FailedSessions: 1, FailureReasonCode: "\rx"},
			},
		}},
	})
	a.Add("b.json", &report.Report{OrganizationName: "Org B", ReportID: "r-2", Start: day0, End: day0.Add(24 * time.Hour),
		Policies: []report.PolicyResult{{Policy: report.Policy{Type: report.PolicyNoPolicyFound}, Successful: 10}}})
	return a.Result(analysis.Filter{})
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("not RFC 4180 CSV: %v\n%s", err, b)
	}
	return records
}

func TestFailuresCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := FailuresCSV(&buf, sample().Failures); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	if !slices.Equal(rows[0], failureHeader) || len(rows) != 3 {
		t.Fatalf("rows = %q", rows)
	}
	want := [][]string{
		{"'=HYPERLINK(\"http://evil\")", "r-1", "2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z", "sts", "example.com",
			"certificate-expired", "192.0.2.1", "mx1.example.com", "mx1", "198.51.100.7", "2",
			"https://example.com/a,b", "X509 \"expired\"\nline two"},
		{"'=HYPERLINK(\"http://evil\")", "r-1", "2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z", "sts", "example.com",
			"'-1+2", "'@SUM(A1)", "'+mx", "'\tmx", "'-x", "1", "", "'\rx"},
	}
	for i, w := range want {
		if !slices.Equal(rows[i+1], w) {
			t.Errorf("row %d:\n got %q\nwant %q", i+1, rows[i+1], w)
		}
	}
}

func TestFailuresCSVWithoutReport(t *testing.T) {
	var buf bytes.Buffer
	rows := []analysis.FailureRow{{FailureDetail: report.FailureDetail{ResultType: "dane-required", FailedSessions: 4}}}
	if err := FailuresCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if got := readCSV(t, buf.Bytes()); got[1][0] != "" || got[1][2] != "" || got[1][6] != "dane-required" {
		t.Errorf("row = %q", got[1])
	}
}

func TestPoliciesCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := PoliciesCSV(&buf, sample().Policies); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, buf.Bytes())
	want := [][]string{
		policyHeader,
		{"sts", "example.com", "enforce", "mx1.example.com *.example.net", "1", "1234567", "3", "1.0000"},
		{"no-policy-found", "", "", "", "1", "10", "0", "1.0000"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows = %q", rows)
	}
	for i := range want {
		if !slices.Equal(rows[i], want[i]) {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
	buf.Reset()
	PoliciesCSV(&buf, []analysis.PolicyTotal{{Type: report.PolicyTLSA, Domain: "a.example", Successful: 1, Failed: 2}})
	if got := readCSV(t, buf.Bytes())[1][7]; got != "0.3333" {
		t.Errorf("success rate = %q", got)
	}
}

func TestEmptyCSVHasHeader(t *testing.T) {
	for _, write := range []func(io.Writer) error{
		func(w io.Writer) error { return FailuresCSV(w, nil) },
		func(w io.Writer) error { return PoliciesCSV(w, nil) },
	} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatal(err)
		}
		if got := readCSV(t, buf.Bytes()); len(got) != 1 {
			t.Errorf("rows = %q, want the header alone", got)
		}
	}
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "plain": "plain", "=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@x": "'@x",
		"\tx": "'\tx", "\rx": "'\rx", "a=b": "a=b", "'=x": "'=x", " =x": " =x",
	} {
		if got := neutralise(in); got != want {
			t.Errorf("neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSummaryJSON(t *testing.T) {
	// Strings that encoding/json escapes, in the count lists the streaming
	// encoder writes itself: HTML characters, controls, non-ASCII, invalid
	// UTF-8, the line separators JavaScript mishandles.
	odd := analysis.New()
	odd.Add("odd.json", &report.Report{OrganizationName: "Ünïcode <org> & co", ReportID: "r-3", Start: day0, End: day0.Add(24 * time.Hour),
		Policies: []report.PolicyResult{{
			Policy: report.Policy{Type: report.PolicySTS, Domain: "xn--bcher-kva.example"}, Failed: 4,
			FailureDetails: []report.FailureDetail{
				{ResultType: "certificate-expired\u2028", SendingMTAIP: "<script>&\"x\"", ReceivingMXHostname: "mx\x01.b\xffad", FailedSessions: 3, FailureReasonCode: "a\u2029b"},
				{ResultType: "starttls-not-supported", SendingMTAIP: "<ip", ReceivingIP: "bücher\\ip", FailedSessions: 1},
			},
		}}})
	results := []*analysis.Result{sample(), analysis.New().Result(analysis.Filter{}), odd.Result(analysis.Filter{})}
	// Every real sample at once: findings, warnings, errors and all lists.
	real := analysis.New()
	if err := (&analysis.Loader{}).Load(context.Background(), real, []string{filepath.Join("..", "..", "testdata", "real")}); err != nil {
		t.Fatal(err)
	}
	results = append(results, real.Snapshot().Totals(analysis.Filter{}))
	for i, r := range results {
		assertSummaryJSON(t, fmt.Sprint("result ", i), r)
	}
	if s := results[3].Summary(); len(s.Findings) == 0 || len(s.Warnings) == 0 || len(s.SendingMTAIPs) == 0 {
		t.Errorf("the real samples gave %d findings, %d warnings, %d sending IPs: want some of each", len(s.Findings), len(s.Warnings), len(s.SendingMTAIPs))
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "first"); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "half a")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the writer's", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "first" {
		t.Errorf("failed write changed the file to %q", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode())
	}
	assertOnly(t, dir, "out.csv")

	if err := WriteFile(filepath.Join(dir, "missing", "x.csv"), func(io.Writer) error { return nil }); err == nil {
		t.Error("write into a missing directory succeeded")
	}
}

func TestWriteFileRelative(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := WriteFile("rel.json", func(w io.Writer) error { _, err := io.WriteString(w, "{}"); return err }); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, ".", "rel.json")
}

// assertOnly fails when dir holds anything but names: a temp file left
// behind, say.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	slices.Sort(got)
	slices.Sort(names)
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

func TestWriteAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "export")
	r := sample()
	paths, err := All.Write(dir, r, Size{800, 450})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, id := range charts.All() {
		names = append(names, id.FileName(".png"))
	}
	names = append(names, "report.html", "domains.csv", "findings.csv", "failures.csv", "policies.csv", "summary.json")
	// The window asks before replacing All.Names(): it must be what Write
	// writes.
	if !slices.Equal(All.Names(), names) {
		t.Errorf("All.Names() = %q, want %q", All.Names(), names)
	}
	if len(paths) != len(names) {
		t.Fatalf("paths = %q", paths)
	}
	for i, p := range paths {
		if p != filepath.Join(dir, names[i]) {
			t.Errorf("path %d = %q, want %q", i, p, names[i])
		}
	}
	assertOnly(t, dir, names...)
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o755 {
		t.Errorf("dir mode %v, want 0755", fi.Mode())
	}
	for _, p := range paths[:len(charts.All())] {
		f, _ := os.Open(p)
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if img.Bounds().Dx() != 800 || img.Bounds().Dy() != 450 {
			t.Errorf("%s: size %v", p, img.Bounds())
		}
		if !drawn(img) {
			t.Errorf("%s: blank image", p)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "report.html")); !bytes.Contains(b, []byte("<svg")) {
		t.Errorf("report.html has no chart")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "failures.csv")); len(readCSV(t, b)) != 3 {
		t.Errorf("failures.csv = %s", b)
	}
	var s analysis.Summary
	if b, _ := os.ReadFile(filepath.Join(dir, "summary.json")); json.Unmarshal(b, &s) != nil || s.Reports != 2 {
		t.Errorf("summary.json = %s", b)
	}
}

func TestWriteAllErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := All.Write(dir, nil, DefaultSize); err == nil {
		t.Error("nil result accepted")
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := All.Write(filepath.Join(file, "sub"), sample(), DefaultSize); err == nil {
		t.Error("export under a file succeeded")
	}
	paths, err := All.Write(filepath.Join(dir, "bad-size"), sample(), Size{0, 900})
	if err == nil || len(paths) != 0 {
		t.Errorf("size 0: paths %q, err %v", paths, err)
	}
	assertOnly(t, filepath.Join(dir, "bad-size"))
}

// drawn reports whether img holds more than a background: a title at least.
func drawn(img image.Image) bool {
	corner, n := img.At(0, 0), 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			if img.At(x, y) != corner {
				n++
			}
		}
	}
	return n > 200
}

func TestWriteTables(t *testing.T) {
	dir := t.TempDir()
	paths, err := Tables.Write(dir, sample(), DefaultSize)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"domains.csv", "findings.csv", "failures.csv", "policies.csv"}
	if !slices.Equal(Tables.Names(), want) || len(paths) != 4 || filepath.Base(paths[3]) != "policies.csv" {
		t.Errorf("Tables: names %q, wrote %q; want %q", Tables.Names(), paths, want)
	}
	assertOnly(t, dir, want...)
}

func TestWriteChart(t *testing.T) {
	path := filepath.Join(t.TempDir(), ChartFile(charts.FailuresByResultType))
	if err := WriteChart(path, charts.FailuresByResultType, sample(), DefaultSize); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(path)
	defer f.Close()
	if c, err := png.DecodeConfig(f); err != nil || c.Width != 1600 || c.Height != 900 {
		t.Errorf("%s: %dx%d, err %v; want the default 1600x900", path, c.Width, c.Height, err)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]Size{"1600x900": {1600, 900}, "200X150": {200, 150}, "10000x10000": {10000, 10000}} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "1600", "199x150", "200x149", "10001x900", "ax9", "1600x900x2"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
	if got := DefaultSize.String(); got != "1600x900" {
		t.Errorf("DefaultSize = %q", got)
	}
}

func TestFailedByHostCountsSharedSessionsOnce(t *testing.T) {
	ms, other := &analysis.ReportInfo{ReportID: "ms"}, &analysis.ReportInfo{ReportID: "other"}
	row := func(r *analysis.ReportInfo, typ report.PolicyType, n int64) analysis.FailureRow {
		return analysis.FailureRow{
			FailureDetail: report.FailureDetail{ResultType: "certificate-expired", ReceivingMXHostname: "mx.example.org", FailedSessions: n},
			PolicyType:    typ, PolicyDomain: "example.org", Report: r,
		}
	}
	// One report lists its 5 failed sessions under tlsa and sts (as
	// Microsoft does), in two rows for sts; another report has 3 more.
	got := failedByHost([]analysis.FailureRow{
		row(ms, report.PolicyTLSA, 5), row(ms, report.PolicySTS, 2), row(ms, report.PolicySTS, 3), row(other, report.PolicySTS, 3),
	})
	if len(got) != 1 || got[0].failed != 5+3 {
		t.Errorf("failedByHost = %+v, want one series of 8", got)
	}
}
