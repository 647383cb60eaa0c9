// Command readfloor is the floor for benchmarks of the analyzer: it reads and
// decompresses every file under DIR in one goroutine and throws the bytes
// away, like `cat FILES | zcat > /dev/null`. No parser can be faster than
// this, so the analyzer's time divided by readfloor's shows what parsing and
// aggregation cost on top of I/O and gunzip.
//
//	go run ./internal/tools/readfloor DIR
//
// It prints "files=N bytes=B", B being the bytes of decompressed JSON.
package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: readfloor DIR")
		os.Exit(2)
	}
	files, size, err := readAll(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "readfloor:", err)
		os.Exit(1)
	}
	fmt.Printf("files=%d bytes=%d\n", files, size)
}

// readAll reads every regular file under dir, gunzipping .gz files, and
// returns how many files and how many decompressed bytes it read.
func readAll(dir string) (files, size int64, err error) {
	// Reused for every file, as a tuned reader would.
	br := bufio.NewReaderSize(nil, 64<<10)
	var zr gzip.Reader
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		br.Reset(f)
		var r io.Reader = br
		if strings.HasSuffix(path, ".gz") {
			if err := zr.Reset(br); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			r = &zr
		}
		n, err := io.Copy(io.Discard, r)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		files++
		size += n
		return nil
	})
	return files, size, err
}
