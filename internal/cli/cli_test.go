package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
)

const realDir = "../../testdata/real"

func run(t *testing.T, cmd func([]string, *bytes.Buffer, *bytes.Buffer) int, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cmd(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func summary(args []string, out, errOut *bytes.Buffer) int   { return Summary(args, out, errOut) }
func exportCmd(args []string, out, errOut *bytes.Buffer) int { return Export(args, out, errOut) }

func TestSummaryJSONOverRealSamples(t *testing.T) {
	// The flag after the path must work as well as before it.
	for _, args := range [][]string{{"-json", realDir}, {realDir, "-json"}} {
		code, out, _ := run(t, summary, args...)
		if code != ExitInputErrors {
			t.Errorf("%v: exit %d, want %d (some samples are broken)", args, code, ExitInputErrors)
		}
		var s struct {
			Files, Reports, Duplicates int
			Successful                 int64 `json:"successful_sessions"`
			Failed                     int64 `json:"failed_sessions"`
			Errors                     []map[string]string
		}
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatalf("%v: not JSON: %v\n%s", args, err, out)
		}
		if s.Files != 55 || s.Reports != 36 || s.Duplicates != 14 || s.Successful != 15914 || s.Failed != 730 || len(s.Errors) != 5 {
			t.Errorf("%v: %+v", args, s)
		}
	}
}

func TestSummaryText(t *testing.T) {
	code, out, _ := run(t, summary, filepath.Join(realDir, "parsedmarc_rfc8460.json"))
	if code != ExitOK {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{
		"1 file, 1 report\n",
		"Period: 2016-04-01 (UTC)",
		"Sessions: 5,326 successful, 303 failed, success rate 94.6%",
		"sts company-y.example  testing        1       5,326     303    94.6%",
		"starttls-not-supported              200",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestSummaryWithoutSessionsHasNoRate(t *testing.T) {
	_, out, _ := run(t, summary, filepath.Join(realDir, "tlsrpt-rs_not-a-report_cron.eml"))
	if !strings.Contains(out, "success rate –") || !strings.Contains(out, "Errors (1 input could not be read)") {
		t.Errorf("output:\n%s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		cmd  func([]string, *bytes.Buffer, *bytes.Buffer) int
		args []string
	}{
		{summary, nil},
		{summary, []string{"-nope", realDir}},
		{exportCmd, []string{realDir}},
		{exportCmd, []string{"-o", t.TempDir()}},
		{exportCmd, []string{"-o", t.TempDir(), "-size", "big", realDir}},
		{exportCmd, []string{"-o", t.TempDir(), "-size", "10x10", realDir}},
	} {
		if code, _, _ := run(t, tc.cmd, tc.args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", tc.args, code, ExitUsage)
		}
	}
}

func TestExportWritesEverything(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "folder")
	code, out, _ := run(t, exportCmd, filepath.Join(realDir, "parsedmarc_rfc8460.json"), "-o", dir, "-size", "800x450")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(names) != 12 || strings.Count(out, "\n") != 12 { // 6 charts, report.html, 4 CSV files, summary.json
		t.Errorf("wrote %v, printed:\n%s", names, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil || !bytes.Contains(data, []byte(`"successful_sessions": 5326`)) {
		t.Errorf("summary.json: %v\n%s", err, data)
	}
}

func TestParseArgsAfterDoubleDash(t *testing.T) {
	fs := newFlagSet("t", &bytes.Buffer{})
	asJSON := fs.Bool("json", false, "")
	paths, err := parseArgs(fs, []string{"a", "-json", "b", "--", "-json", "c"})
	if err != nil || !*asJSON || strings.Join(paths, ",") != "a,b,-json,c" {
		t.Errorf("paths %q, json %v, err %v", paths, *asJSON, err)
	}
}

func TestSummaryFindingsFirst(t *testing.T) {
	_, out, _ := run(t, summary, filepath.Join(realDir, "parsedmarc_rfc8460.json"))
	// The RFC 8460 example: testing mode with 303 failures, three hosts failing.
	findings, policies := strings.Index(out, "Findings (4 warnings) as of 2016-04-01:"), strings.Index(out, "POLICY ")
	if findings < 0 || policies < findings {
		t.Fatalf("findings not printed before the tables:\n%s", out)
	}
	for _, want := range []string{
		"WARNING  starttls-missing  sts company-y.example  mx2.mail.company-y.example  2016-04-01\n  mx2.mail.company-y.example did not offer STARTTLS",
		"What to do: Enable STARTTLS",
		"WARNING  enforce-readiness  sts company-y.example  2016-04-01\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestSummaryJSONFindings(t *testing.T) {
	_, out, _ := run(t, summary, "-json", filepath.Join(realDir, "parsedmarc_rfc8460.json"))
	var s struct{ Findings []map[string]any }
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Findings) != 4 {
		t.Fatalf("%d findings: %v", len(s.Findings), s.Findings)
	}
	f := s.Findings[1] // 200 failed sessions: after readiness's 303
	if len(f) != 12 || f["kind"] != "starttls-missing" || f["subject"] != "mx2.mail.company-y.example" || f["failed_sessions"] != 200.0 ||
		f["first_seen"] != "2016-04-01" || f["severity"] != "warning" {
		t.Errorf("%v", f)
	}
}

// Report text reaches the terminal as one line without control or bidi
// characters, as in the window and the charts.
func TestSummaryTextIsCleaned(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(realDir, "parsedmarc_rfc8460.json"))
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`"Company-X"`), []byte(`"Company\u202e-X\nnext\u001b[31m"`), 1)
	p := filepath.Join(t.TempDir(), "hostile.json")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, out, _ := run(t, summary, p)
	if !strings.Contains(out, "Company-X next [31m ") || strings.ContainsAny(out, "\u202e\x1b") {
		t.Errorf("organization not cleaned:\n%q", out)
	}
}

// The usage text names the default chart size that export uses.
func TestUsageNamesTheDefaultSize(t *testing.T) {
	if want := "[-size " + export.DefaultSize.String() + "]"; !strings.Contains(Usage, want) {
		t.Errorf("Usage lacks %q", want)
	}
}
