package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func importCmd(args []string, out, errOut *bytes.Buffer) int  { return Import(args, out, errOut) }
func libraryCmd(args []string, out, errOut *bytes.Buffer) int { return Library(args, out, errOut) }

// withStdin makes "-" read data.
func withStdin(t *testing.T, data string) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(data)
	t.Cleanup(func() { stdin = old })
}

type summaryCounts struct {
	Files, Reports, Duplicates int
	Successful                 int64 `json:"successful_sessions"`
	Failed                     int64 `json:"failed_sessions"`
	Errors                     []map[string]string
}

func summaryOf(t *testing.T, args ...string) (int, summaryCounts) {
	t.Helper()
	code, out, errOut := run(t, summary, append([]string{"-json"}, args...)...)
	var s summaryCounts
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v: not JSON: %v\n%s\n%s", args, err, out, errOut)
	}
	return code, s
}

func TestImportThenSummaryOfTheLibrary(t *testing.T) {
	lib := t.TempDir()
	code, out, errOut := run(t, importCmd, "-library", lib, realDir)
	// 5 of the samples are broken: exit 1, as summary.
	if code != ExitInputErrors || !strings.Contains(out, "55 inputs read: 36 reports new, 14 already in the library, 5 inputs could not be read, 1 warning.") ||
		strings.Count(errOut, "\n") != 6 || !strings.Contains(errOut, "parsedmarc_mail.ru.json: warning: policies[0]: total-failure-session-count is 1 but the failure details add up to 2\n") {
		t.Errorf("import: exit %d\n%s\n%s", code, out, errOut)
	}
	code, s := summaryOf(t, "-library", lib)
	if code != ExitOK || s.Reports != 36 || s.Duplicates != 0 || s.Successful != 15914 || s.Failed != 730 || len(s.Errors) != 0 {
		t.Errorf("summary -library: exit %d, %+v", code, s)
	}
	// With a path too: the library's copy of the report counts once.
	_, s = summaryOf(t, "-library", lib, filepath.Join(realDir, "parsedmarc_rfc8460.json"))
	if s.Reports != 36 || s.Duplicates != 1 {
		t.Errorf("summary -library PATH: %+v", s)
	}
	code, out, _ = run(t, libraryCmd, "-library", lib)
	if code != ExitOK || !strings.Contains(out, "Reports: 36\n") || !strings.Contains(out, "Library: "+lib+"\n") {
		t.Errorf("library: exit %d\n%s", code, out)
	}
	dir := t.TempDir()
	code, _, _ = run(t, exportCmd, "-o", dir, "-library", lib)
	data, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if code != ExitOK || !strings.Contains(string(data), `"reports": 36`) {
		t.Errorf("export -library: exit %d, summary.json %.200s", code, data)
	}
}

func TestImportFromStandardInput(t *testing.T) {
	lib := t.TempDir()
	report, err := os.ReadFile(filepath.Join(realDir, "tlsrpt-rs_google1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	withStdin(t, string(report))
	code, out, errOut := run(t, importCmd, "-library", lib, "-")
	if code != ExitOK || !strings.Contains(out, "1 input read: 1 report new, 0 already in the library.") {
		t.Errorf("import -: exit %d\n%s\n%s", code, out, errOut)
	}
	withStdin(t, string(report))
	if code, out, _ = run(t, importCmd, "-library", lib, "-"); !strings.Contains(out, "0 reports new, 1 already") {
		t.Errorf("import - again: exit %d\n%s", code, out)
	}
	withStdin(t, string(report))
	code, s := summaryOf(t, "-")
	if code != ExitOK || s.Reports != 1 || s.Files != 1 {
		t.Errorf("summary -: exit %d, %+v", code, s)
	}
	withStdin(t, "this is not a report")
	if code, _, errOut = run(t, importCmd, "-library", lib, "-"); code != ExitInputErrors || !strings.Contains(errOut, "standard input: ") {
		t.Errorf("import - of junk: exit %d, %s", code, errOut)
	}
}

func TestLibraryForgetAsksFirst(t *testing.T) {
	lib := t.TempDir()
	run(t, importCmd, "-library", lib, realDir)
	withStdin(t, "n\n")
	code, out, _ := run(t, libraryCmd, "-library", lib, "-forget")
	if code != ExitInputErrors || !strings.Contains(out, "Forget all 36 reports in "+lib+"?") || !strings.Contains(out, "Nothing was forgotten.") {
		t.Errorf("answered no: exit %d\n%s", code, out)
	}
	if _, s := summaryOf(t, "-library", lib); s.Reports != 36 {
		t.Errorf("after no: %d reports", s.Reports)
	}
	withStdin(t, "y\n")
	if code, out, _ = run(t, libraryCmd, "-library", lib, "-forget"); code != ExitOK || !strings.Contains(out, "Forgot 36 reports.") {
		t.Errorf("answered yes: exit %d\n%s", code, out)
	}
	run(t, importCmd, "-library", lib, realDir)
	withStdin(t, "")
	if code, _, _ = run(t, libraryCmd, "-library", lib, "-forget", "-yes"); code != ExitOK {
		t.Errorf("-yes: exit %d", code)
	}
	if _, s := summaryOf(t, "-library", lib); s.Reports != 0 {
		t.Errorf("after forgetting: %d reports", s.Reports)
	}
}

func TestDamagedLibraryIsNamed(t *testing.T) {
	lib := t.TempDir()
	db := filepath.Join(lib, "library.db")
	os.WriteFile(db, []byte("my notes, not a database"), 0o600)
	for _, cmd := range [][]string{{"import", "-library", lib, realDir}, {"summary", "-library", lib}, {"library", "-library", lib}} {
		f := map[string]func([]string, *bytes.Buffer, *bytes.Buffer) int{"import": importCmd, "summary": summary, "library": libraryCmd}[cmd[0]]
		code, _, errOut := run(t, f, cmd[1:]...)
		if code != ExitInputErrors || !strings.Contains(errOut, db+" is not a TLS-RPT Analyzer library") {
			t.Errorf("%v: exit %d, %s", cmd, code, errOut)
		}
	}
	if data, _ := os.ReadFile(db); string(data) != "my notes, not a database" {
		t.Error("the file was changed")
	}
}

// Stopping a watch that never was says so, exit 1 (trial: "No longer
// watching /nonexistent", exit 0); a real one still stops.
func TestUnwatchWhatIsNotWatched(t *testing.T) {
	lib, dir := t.TempDir(), t.TempDir()
	if code, _, errOut := run(t, libraryCmd, "-library", lib, "-watch", dir); code != ExitOK {
		t.Fatalf("library -watch: exit %d, %s", code, errOut)
	}
	code, out, errOut := run(t, libraryCmd, "-library", lib, "-unwatch", "/nonexistent")
	if code != ExitInputErrors || out != "" || !strings.Contains(errOut, "/nonexistent is not watched") {
		t.Errorf("library -unwatch /nonexistent: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = run(t, libraryCmd, "-library", lib, "-unwatch", dir)
	if code != ExitOK || !strings.Contains(out, "No longer watching "+dir) {
		t.Errorf("library -unwatch %s: exit %d, %q", dir, code, out)
	}
}
