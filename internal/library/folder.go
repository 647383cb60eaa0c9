package library

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrNoLibrary says that a folder holds no library: a command that only
// reads one (summary, check, metrics) must not create it where a typo put
// it.
var ErrNoLibrary = errors.New("no library")

// checkFolder refuses a folder that holds other files and no library: a
// -library pointing at a folder of reports would otherwise drop the
// database among them. An empty or new folder, or a library's own (the
// database and SQLite's files beside it), is fine.
func checkFolder(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	var other string
	for _, e := range ents {
		if e.Name() == FileName {
			return nil
		}
		if other == "" && !strings.HasPrefix(e.Name(), FileName+"-") {
			other = e.Name()
		}
	}
	if other != "" {
		return fmt.Errorf("%s is not a library: it holds other files (%s among them) and no %s; name a new or empty folder, or a library's own", dir, other, FileName)
	}
	return nil
}

// OpenExisting opens the library in dir only if there is one, or returns
// an error that wraps ErrNoLibrary.
func OpenExisting(dir string) (*Library, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := checkFolder(dir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w in %s: import or the window create one, this command only reads it", ErrNoLibrary, dir)
	}
	return Open(dir)
}
