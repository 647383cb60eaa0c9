//go:build !unix

package source

import "os"

// inputFile is an open input file; see inputfile_unix.go for why Unix
// systems use plain system calls instead.
type inputFile struct {
	*os.File
	size    int64
	dir     bool
	regular bool
}

// OpenFile opens path for reading; see inputfile_unix.go.
func OpenFile(path string) (*os.File, error) { return os.Open(path) }

func openInput(path string) (*inputFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &inputFile{File: f, size: info.Size(), dir: info.IsDir(), regular: info.Mode().IsRegular()}, nil
}
