package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Fyne reads the locale while its packages initialise, before main runs,
// and logs "Error parsing user locale C" under a C locale. This test binary
// has the program's imports, so it initialises its packages in the same
// order: run again under each C locale, it must log nothing. It fails if
// internal/cleanlocale stops running before Fyne's lang package (see the
// package comment there for why it does).
func TestCLocaleMakesNoNoiseAtStart(t *testing.T) {
	if os.Getenv("TLA_LOCALE_CHILD") != "" {
		return // the child only needs to have initialised
	}
	for _, env := range []string{"LANG=C", "LANG=POSIX", "LANG=C.UTF-8", "LC_ALL=C"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCLocaleMakesNoNoiseAtStart$", "-test.count=1")
		cmd.Env = append(withoutLocale(os.Environ()), env, "TLA_LOCALE_CHILD=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", env, err, out)
		}
		if strings.Contains(string(out), "locale") {
			t.Errorf("%s: the program logs at start:\n%s", env, out)
		}
	}
}

func withoutLocale(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "LANG=") && !strings.HasPrefix(kv, "LC_") {
			out = append(out, kv)
		}
	}
	return out
}
