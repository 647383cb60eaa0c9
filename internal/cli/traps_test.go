package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
)

// Slips of the command line that once did harm quietly: each is refused
// in words, and nothing is created.
func TestCommandLineTraps(t *testing.T) {
	sample := filepath.Join(realDir, "parsedmarc_rfc8460.json")

	// A folder of reports named as the library is no library: refused,
	// and no library.db is dropped among the reports.
	reports := t.TempDir()
	if err := os.WriteFile(filepath.Join(reports, "r.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		cmd  func([]string, *bytes.Buffer, *bytes.Buffer) int
	}{{"import", importCmd}, {"summary", summary}} {
		code, _, errOut := run(t, c.cmd, "-library", reports, sample)
		if code == ExitOK || !strings.Contains(errOut, "is not a library: it holds other files (r.json among them)") {
			t.Errorf("%s -library on a folder of reports: exit %d, %q", c.name, code, errOut)
		}
	}
	if _, err := os.Stat(filepath.Join(reports, library.FileName)); err == nil {
		t.Error("library.db was created among the reports")
	}

	// An empty PATH, as an unset shell variable gives, is named as such,
	// not as a source called "".
	if code, out, errOut := run(t, summary, ""); code != ExitInputErrors || out != "" || !strings.Contains(errOut, "summary: an empty PATH was given") {
		t.Errorf(`summary "": exit %d, stdout %q, stderr %q`, code, out, errOut)
	}

	// A -library that does not exist is created by import only.
	gone := filepath.Join(t.TempDir(), "typo")
	if code, _, errOut := run(t, summary, "-library", gone); code != ExitInputErrors || !strings.Contains(errOut, "no library in "+gone) {
		t.Errorf("summary -library on nothing: exit %d, %q", code, errOut)
	}
	if code, out, _ := run(t, checkCmd, "-library", gone); code != checkUnknown || !strings.HasPrefix(out, "TLS-RPT UNKNOWN - no library in ") {
		t.Errorf("check -library on nothing: exit %d, %q", code, out)
	}
	if code, _, errOut := run(t, metricsCmd, "-library", gone); code != checkUnknown || !strings.Contains(errOut, "no library in ") {
		t.Errorf("metrics -library on nothing: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(gone); err == nil {
		t.Fatal("a command that only reads created the library folder")
	}
	if code, _, errOut := run(t, importCmd, "-library", gone, sample); code != ExitOK {
		t.Errorf("import -library on nothing: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(gone, library.FileName)); err != nil {
		t.Errorf("import did not create the library: %v", err)
	}

	// A path that is not there is said on stderr, and nothing on stdout.
	code, out, errOut := run(t, summary, "/nonexistent")
	if code != ExitInputErrors || out != "" || errOut != "summary: /nonexistent: there is no such file or folder\n" {
		t.Errorf("summary /nonexistent: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	// Watching nothing says so in words.
	code, _, errOut = run(t, libraryCmd, "-library", gone, "-watch", "/nonexistent")
	if code != ExitInputErrors || errOut != "library: cannot watch /nonexistent: there is no such folder or file\n" {
		t.Errorf("library -watch /nonexistent: exit %d, %q", code, errOut)
	}
}

// What summary -json wrote, read back, is named an export, not a report.
func TestSummaryJSONReadBackIsNamed(t *testing.T) {
	code, out, _ := run(t, summary, "-json", filepath.Join(realDir, "parsedmarc_rfc8460.json"))
	if code != ExitOK {
		t.Fatalf("summary -json: exit %d", code)
	}
	p := filepath.Join(t.TempDir(), "summary.json")
	if err := os.WriteFile(p, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	// Skipped with a note, not an input that failed: exit 0 (it was 1).
	code, out, _ = run(t, summary, p)
	if code != ExitOK || !strings.Contains(out, p+": skipped: this is an export of this program (summary.json), not a report") {
		t.Errorf("summary of a summary.json: exit %d\n%s", code, out)
	}
}

// export -o into a folder it reads is refused, nothing written (trial:
// export -o DIR DIR wrote among the reports, and the next summary DIR
// exited 1); a folder beside it is fine, and reading back what an export
// wrote among reports is a note, exit 0.
func TestExportIntoTheFolderRead(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join(realDir, "parsedmarc_rfc8460.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "r.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{dir, filepath.Join(dir, "export"), filepath.Join(link, "new", "export")} {
		code, stdout, errOut := run(t, exportCmd, "-o", out, dir)
		if code != ExitUsage || stdout != "" || !strings.Contains(errOut, "is inside "+dir+", which is read for reports") {
			t.Errorf("export -o %s %s: exit %d, stdout %q, stderr %q", out, dir, code, stdout, errOut)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the reports' folder holds %d entries after the refusals, want 1", len(entries))
	}
	beside := dir + "-export"
	t.Cleanup(func() { os.RemoveAll(beside) })
	if code, _, errOut := run(t, exportCmd, "-o", beside, dir); code != ExitOK {
		t.Fatalf("export -o %s: exit %d, %s", beside, code, errOut)
	}
	// An export copied in among the reports by hand.
	sj, err := os.ReadFile(filepath.Join(beside, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "summary.json"), sj, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := run(t, summary, dir)
	if code != ExitOK || !strings.Contains(out, "summary.json: skipped: this is an export of this program") {
		t.Errorf("summary of the folder with an export in it: exit %d\n%s", code, out)
	}
}

// A refused command writes nothing: a -library that is not there stays
// not there after each command that only reads or changes a library
// (trial: "library -library NEW -watch /nonexistent" refused and made
// NEW). Only import of a PATH that is there, the window and a -watch that
// is kept create one.
func TestRefusedCommandsCreateNoLibrary(t *testing.T) {
	base := t.TempDir()
	cmds := []struct {
		cmd  func([]string, *bytes.Buffer, *bytes.Buffer) int
		args []string
	}{
		{libraryCmd, []string{"-watch", "/nonexistent"}},
		{libraryCmd, []string{"-watch", "imaps://reports@/INBOX"}},
		{libraryCmd, []string{"-unwatch", "/nonexistent"}},
		{libraryCmd, []string{"-forget", "-yes"}},
		{libraryCmd, []string{"-forget"}},
		{muteCmd, []string{"starttls-missing", "example.com"}},
		{muteCmd, []string{"-for", "7d", "starttls-missing", "example.com"}},
		{muteCmd, []string{"-list"}},
		{unmuteCmd, []string{"starttls-missing", "example.com"}},
		{checkCmd, nil},
		{checkCmd, []string{"-new"}},
		{metricsCmd, []string{"-o", filepath.Join(base, "tlsrpt.prom")}},
		{summary, nil},
		{summary, []string{filepath.Join(realDir, "parsedmarc_rfc8460.json")}},
		{importCmd, []string{"/nonexistent"}},
		{importCmd, []string{""}},
		{importCmd, []string{"imaps://reports@/INBOX"}},
	}
	for i, c := range cmds {
		lib := filepath.Join(base, "new", strings.Repeat("x", i+1))
		args := append([]string{"-library", lib}, c.args...)
		withStdin(t, "y\n")
		code, _, errOut := run(t, c.cmd, args...)
		if code == ExitOK {
			t.Errorf("%v: exit 0 on a library that is not there (%q)", args, errOut)
		}
		if _, err := os.Stat(lib); err == nil {
			t.Errorf("%v (exit %d, %q) created the library folder", args, code, errOut)
		}
	}
	// Asked where the library is before there is one, library says so.
	lib := filepath.Join(base, "not yet")
	if code, out, errOut := run(t, libraryCmd, "-library", lib); code != ExitOK ||
		out != "Library: "+lib+"\nThere is no library there yet: import or the window create one.\n" {
		t.Errorf("library on a library not made yet: exit %d, %q %q", code, out, errOut)
	}
	if ents, _ := os.ReadDir(base); len(ents) != 0 {
		t.Errorf("refused commands left %v in the folder", ents)
	}

	// Watching a folder that is there keeps it: that creates the library,
	// as the window's Watch does.
	lib = filepath.Join(base, "kept")
	dir := t.TempDir()
	if code, out, errOut := run(t, libraryCmd, "-library", lib, "-watch", dir); code != ExitOK || !strings.Contains(out, "Watching "+dir) {
		t.Fatalf("library -watch %s: exit %d, %q %q", dir, code, out, errOut)
	}
	if code, out, _ := run(t, libraryCmd, "-library", lib); code != ExitOK || !strings.Contains(out, "Watched: "+dir+"\n") {
		t.Errorf("library after -watch: exit %d, %q", code, out)
	}
}
