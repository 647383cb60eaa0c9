// Package cleanlocale replaces a C or POSIX locale before Fyne reads it:
// Fyne's lang package parses the locale while it initialises, which is
// before main runs, and logs "Error parsing user locale C"; users should
// never see noise they cannot act on.
//
// Nothing in main can run early enough, so this package must initialise
// before fyne.io/fyne/v2/lang. The Go specification fixes the order
// ("Package initialization"): packages are sorted by import path, and each
// step initialises the first one whose imports are all initialised. This
// package imports only os, so it is ready almost at once and comes before
// every package whose path sorts after this module's; Fyne's lang waits
// for golang.org/x/text, which does. TestCLocaleMakesNoNoiseAtStart in the
// main package fails if that ever stops holding.
package cleanlocale

import "os"

func init() {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l == "C" || l == "POSIX" || l == "C.UTF-8" || l == "C.utf8" {
			os.Setenv(v, "en_US.UTF-8")
		}
	}
}
