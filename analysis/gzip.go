package analysis

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// gunzip inflates the first gzip member of r, refusing to inflate more than
// MaxReportBytes. Only the first member is read: some reporters' archives
// carry trailing bytes (a CRLF) after the stream, which Go's default
// multistream mode rejects as a corrupt second member.
func gunzip(r io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, gzipError(err)
	}
	zr.Multistream(false)
	data, err := io.ReadAll(io.LimitReader(zr, MaxReportBytes+1))
	if err != nil {
		return nil, gzipError(err)
	}
	if len(data) > MaxReportBytes {
		return nil, fmt.Errorf("gzip data inflates to more than %s; refused (a gzip bomb?)", mib(MaxReportBytes))
	}
	return data, nil
}

func gzipError(err error) error {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("gzip data is truncated")
	case errors.Is(err, gzip.ErrChecksum):
		return errors.New("gzip data is corrupt (checksum mismatch)")
	case errors.Is(err, gzip.ErrHeader):
		return errors.New("not valid gzip data (bad header)")
	}
	return fmt.Errorf("gzip data is corrupt: %v", err)
}
