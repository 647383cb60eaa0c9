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
