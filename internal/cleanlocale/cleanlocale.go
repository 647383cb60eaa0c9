// Package cleanlocale replaces a C or POSIX locale before Fyne reads it:
// Fyne logs "Error parsing user locale C" while its packages initialise,
// which is before main runs, and users should never see noise they cannot
// act on. Go initialises packages with no dependencies left in import-path
// order, and this one depends only on os, so importing it from main is
// enough to run first.
package cleanlocale

import "os"

func init() {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l == "C" || l == "POSIX" || l == "C.UTF-8" || l == "C.utf8" {
			os.Setenv(v, "en_US.UTF-8")
		}
	}
}
