package analysis

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Inflating thousands of small reports spent more time allocating gzip
// readers (their window and Huffman tables) and growing buffers than
// inflating; both are reused.
var (
	gzipReaders    sync.Pool // *gzip.Reader
	inflateBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// gunzip inflates the first gzip member of r, refusing to inflate more than
// MaxReportBytes. Only the first member is read: some reporters' archives
// carry trailing bytes (a CRLF) after the stream, which Go's default
// multistream mode rejects as a corrupt second member. The caller must pass
// the buffer to releaseBuffer once it no longer uses its bytes.
func gunzip(r io.Reader) (*bytes.Buffer, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	r = br
	zr, _ := gzipReaders.Get().(*gzip.Reader)
	var err error
	if zr == nil {
		zr, err = gzip.NewReader(r)
	} else {
		err = zr.Reset(r)
	}
	if err != nil {
		return nil, gzipError(err)
	}
	defer gzipReaders.Put(zr)
	buf := inflateBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	for {
		zr.Multistream(false)
		if _, err := buf.ReadFrom(io.LimitReader(zr, int64(MaxReportBytes+1-buf.Len()))); err != nil {
			releaseBuffer(buf)
			return nil, gzipError(err)
		}
		// RFC 1952: a gzip file is a series of members. Read the next one
		// if one follows; other trailing bytes (a CRLF) are ignored.
		next, _ := br.Peek(2)
		if buf.Len() > MaxReportBytes || len(next) < 2 || next[0] != 0x1f || next[1] != 0x8b {
			break
		}
		if err := zr.Reset(br); err != nil {
			releaseBuffer(buf)
			return nil, gzipError(err)
		}
	}
	if buf.Len() > MaxReportBytes {
		releaseBuffer(buf)
		return nil, fmt.Errorf("gzip data inflates to more than %s, the limit for one report; refused (a gzip bomb?)", mib(MaxReportBytes))
	}
	return buf, nil
}

// releaseBuffer returns a buffer to the pool unless it grew large: one
// huge report should not pin its memory for the rest of the run.
func releaseBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= 1<<20 {
		inflateBuffers.Put(buf)
	}
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
