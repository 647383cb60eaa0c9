//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// import on a disk that fails to write says so in words, naming the
// library's file, not SQLite's "disk I/O error (778)" (issue 22 point 9).
func TestImportSaysDiskErrorInWords(t *testing.T) {
	lib := t.TempDir()
	if code, out, errOut := run(t, importCmd, "-library", lib, filepath.Join(realDir, "parsedmarc_rfc8460.json")); code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	big := append([]byte(strings.Repeat(" \n", 150<<10)), testgen.SampleReport("big")...)
	p := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(p, big, 0o644); err != nil {
		t.Fatal(err)
	}
	var code int
	var errOut string
	testgen.WithFileSizeLimit(t, 200<<10, func() { code, _, errOut = run(t, importCmd, "-library", lib, p) })
	want := "import: library " + filepath.Join(lib, "library.db") + ": the disk holding it failed to read or write (an input/output error); check the disk."
	if code != ExitInputErrors || !strings.HasPrefix(errOut, want) || strings.Contains(errOut, "disk I/O error") {
		t.Errorf("exit %d, stderr %q; want it to start %q", code, errOut, want)
	}
}
