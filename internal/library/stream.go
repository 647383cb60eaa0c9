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
	// Not ReadSized: without a size it stops at the first short read of a
	// pipe. What is past one report's limit is read only for a container,
	// which its first bytes say past any whitespace, however long.
	data, err := io.ReadAll(io.LimitReader(r, source.MaxReportBytes+1))
	if err != nil || len(data) <= source.MaxReportBytes {
		return data, err
	}
	if !source.IsContainer(data) {
		return nil, fmt.Errorf("more than the %d MiB limit for one report; nothing past it was read", source.MaxReportBytes>>20)
	}
	buf := bytes.NewBuffer(data)
	_, err = buf.ReadFrom(io.LimitReader(r, maxOriginalBytes+1-int64(len(data))))
	if err == nil && buf.Len() > maxOriginalBytes {
		return nil, fmt.Errorf("more than the %d MiB limit for one file the library keeps; nothing past it was read", maxOriginalBytes>>20)
	}
	return buf.Bytes(), err
}

// notAFile says why a socket is not read as a file.
func notAFile(mode fs.FileMode) error {
	return fmt.Errorf("is %s, not a file; give its data on standard input (import -) instead", fileKind(mode))
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
