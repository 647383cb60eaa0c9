package cli

import (
	"os"
	"path/filepath"
	"testing"
)

func TestUnknownCommand(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile(filepath.Join(dir, "reports"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for arg, want := range map[string]string{
		"sumary":  `unknown command "sumary", did you mean summary?`,
		"exprt":   `unknown command "exprt", did you mean export?`,
		"reports": "", // an existing file: opened in the window
		"a.json":  "", // a path, not a word
		"qwertyz": `unknown command "qwertyz", and no file or folder of that name (-h for help)`,
	} {
		got, bad := UnknownCommand(arg)
		if got != want || bad != (want != "") {
			t.Errorf("%s: %q %v, want %q", arg, got, bad, want)
		}
	}
}

// The trial's trap: flags first hid the typo from main, so the window
// opened and kept r.json in the library.
func TestWindowArgsRefuseATypoAfterFlags(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("r.json", []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, _, err := WindowArgs([]string{"-library", filepath.Join(dir, "lib"), "sumary", "r.json"})
	if err == nil || err.Error() != `unknown command "sumary", did you mean summary?` {
		t.Fatalf("err = %v, want the typo named", err)
	}
	if _, paths, _, err := WindowArgs([]string{"-library", filepath.Join(dir, "lib"), "r.json"}); err != nil || len(paths) != 1 {
		t.Fatalf("a path after flags: %v %v, want it kept", paths, err)
	}
}
