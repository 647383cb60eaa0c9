package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
)

// missingPaths says on stderr which of paths are not there, and whether
// any was: a path that does not exist is a slip of the command line, said
// where errors go, not a line of the summary on standard output.
func missingPaths(cmd string, paths []string, stderr io.Writer) bool {
	missing := false
	for _, p := range paths {
		if p == "-" || mailbox.IsURL(p) {
			continue
		}
		if p == "" {
			// An empty argument, as a shell gives for an unset variable.
			fmt.Fprintf(stderr, "%s: an empty PATH was given (an unset shell variable?)\n", cmd)
			missing = true
			continue
		}
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "%s: %s: there is no such file or folder\n", cmd, p)
			missing = true
		}
	}
	return missing
}
