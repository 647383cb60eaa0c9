package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

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

// readFolder is the folder of paths that out lies in (or is), or "": an
// export written there would be read back with the reports the next time
// (trial: export -o DIR DIR left its files among the reports unsaid).
func readFolder(out string, paths []string) string {
	o := resolved(out)
	for _, p := range paths {
		if p == "-" || mailbox.IsURL(p) {
			continue
		}
		if st, err := os.Stat(p); err != nil || !st.IsDir() {
			continue
		}
		if rel, err := filepath.Rel(resolved(p), o); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return p
		}
	}
	return ""
}

// resolved is path absolute with its links followed as far as it exists:
// an export folder is often not made yet.
func resolved(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	for dir, rest := abs, ""; ; {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(real, rest)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return abs
		}
		dir, rest = parent, filepath.Join(filepath.Base(dir), rest)
	}
}
