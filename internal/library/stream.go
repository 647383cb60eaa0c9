package library

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// ReadStream reads standard input or a device, whose size is unknown,
// under the limits of a file: one report up to source.MaxReportBytes,
// an archive or mailbox (told by its first bytes) up to what the library
// keeps of one file. It stops reading at the limit: /dev/zero or an
// endless pipe cost the limit, never more.
func ReadStream(r io.Reader) ([]byte, error) {
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	head = head[:n]
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return head, nil
	}
	if err != nil {
		return nil, err
	}
	limit, what := int64(source.MaxReportBytes), "one report"
	if source.IsContainer(head) {
		limit, what = maxOriginalBytes, "one file the library keeps"
	}
	// Not ReadSized: without a size it stops at the first short read of a pipe.
	data, err := io.ReadAll(io.LimitReader(io.MultiReader(bytes.NewReader(head), r), limit+1))
	if err == nil && int64(len(data)) > limit {
		return nil, fmt.Errorf("more than the %d MiB limit for %s; nothing past it was read", limit>>20, what)
	}
	return data, err
}

// notAFile says why a named pipe or a socket is not read as a file.
func notAFile(mode fs.FileMode) error {
	return fmt.Errorf("is %s, not a file: nothing may ever be written to it; give its data on standard input (import -) instead", fileKind(mode))
}

// fileKind names what a path that is not a regular file is.
func fileKind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode.IsDir():
		return "a folder"
	}
	return "not a regular file"
}
