package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
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

// gzipSource is what gunzip reads: a file in memory or a buffered stream.
// The inflater reads either byte by byte, never past the end of a member,
// so gunzip can look at what follows it.
type gzipSource interface {
	io.Reader
	io.ByteReader
}

// gunzip inflates the gzip members of r, refusing to inflate more than
// MaxReportBytes. Each member is read on its own: some reporters' archives
// carry trailing bytes (a CRLF) after the stream, which Go's default
// multistream mode rejects as a corrupt second member. The caller must pass
// the buffer to releaseBuffer once it no longer uses its bytes.
func gunzip(r gzipSource) (*bytes.Buffer, error) {
	zr, _ := gzipReaders.Get().(*gzip.Reader)
	var err error
	if zr == nil {
		zr, err = gzip.NewReader(withoutNames(r))
	} else {
		err = zr.Reset(withoutNames(r))
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
		if buf.Len() > MaxReportBytes || !memberFollows(r) {
			break
		}
		if err := zr.Reset(withoutNames(r)); err != nil {
			releaseBuffer(buf)
			return nil, gzipError(err)
		}
	}
	if buf.Len() > MaxReportBytes {
		releaseBuffer(buf)
		return nil, errGzipBomb
	}
	return buf, nil
}

// withoutNames reads the header of the gzip member at r and gives it back
// without its FNAME and FCOMMENT fields, which compress/gzip refuses from
// 512 bytes on: RFC 1952 section 2.3.1 sets them no length, and gzip and
// zcat read long ones. A header with FHCRC, whose checksum covers the
// fields, or one that cannot be read is given back as it was.
func withoutNames(r gzipSource) gzipSource {
	head := make([]byte, 10, 32)
	if n, err := io.ReadFull(r, head); err != nil || head[0] != 0x1f || head[1] != 0x8b || head[3]&0x18 == 0 || head[3]&0x02 != 0 {
		return &prefixed{head: head[:n], r: r, short: err != nil}
	}
	flags := head[3]
	if flags&0x04 != 0 { // FEXTRA: kept
		var n [2]byte
		if got, err := io.ReadFull(r, n[:]); err != nil {
			return &prefixed{head: append(head, n[:got]...), r: r, short: true}
		}
		extra := make([]byte, binary.LittleEndian.Uint16(n[:]))
		if _, err := io.ReadFull(r, extra); err != nil {
			return &prefixed{head: head, r: r, short: true}
		}
		head = append(append(head, n[:]...), extra...)
	}
	for _, flag := range []byte{0x08, 0x10} {
		if flags&flag == 0 {
			continue
		}
		for {
			c, err := r.ReadByte()
			if err != nil {
				return &prefixed{head: head, r: r, short: true}
			}
			if c == 0 {
				break
			}
		}
	}
	head[3] &^= 0x18
	return &prefixed{head: head, r: r}
}

// prefixed reads head, then r. short means r ended within head: the
// header is truncated, which compress/gzip then reports.
type prefixed struct {
	head  []byte
	r     gzipSource
	short bool
}

func (p *prefixed) Read(b []byte) (int, error) {
	if len(p.head) > 0 {
		n := copy(b, p.head)
		p.head = p.head[n:]
		return n, nil
	}
	if p.short {
		return 0, io.ErrUnexpectedEOF
	}
	return p.r.Read(b)
}

func (p *prefixed) ReadByte() (byte, error) {
	if len(p.head) > 0 {
		c := p.head[0]
		p.head = p.head[1:]
		return c, nil
	}
	if p.short {
		return 0, io.ErrUnexpectedEOF
	}
	return p.r.ReadByte()
}

var errGzipBomb = fmt.Errorf("gzip data inflates to more than %s, the limit for one report; refused (a gzip bomb?)", mib(MaxReportBytes))

// gunzipBytes is gunzip for gzip data in memory, through inflateFast; any
// other outcome than success or the size limit is left to gunzip, so
// errors read the same whichever inflater met them.
func gunzipBytes(data []byte) (*bytes.Buffer, error) {
	buf := inflateBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	// The last four bytes of a single-member file are its size (RFC 1952);
	// what follows a member may be anything, so the hint is bounded, by
	// what the pool keeps and by what deflate can expand to.
	if len(data) >= 4 {
		buf.Grow(int(min(int64(binary.LittleEndian.Uint32(data[len(data)-4:])), maxDeflateRatio*int64(len(data)), pooledBufferMax)))
	}
	out := buf.AvailableBuffer()
	for rest := data; ; {
		var n int
		var err error
		out, n, err = inflateFast(rest, out, MaxReportBytes)
		switch {
		case err == errInflateLimit:
			releaseBuffer(buf)
			return nil, errGzipBomb
		case err != nil:
			releaseBuffer(buf)
			return gunzip(bytes.NewReader(data))
		}
		if rest = rest[n:]; len(rest) < 2 || rest[0] != 0x1f || rest[1] != 0x8b {
			break
		}
	}
	buf.Write(out)
	return buf, nil
}

// maxDeflateRatio bounds how much deflate can expand (RFC 1951 lengths of
// 258 bytes coded in at least two bits): a hint above it is not a size.
const maxDeflateRatio = 1032

// memberFollows reports whether the next bytes of r are a gzip magic
// number, without consuming them.
func memberFollows(r gzipSource) bool {
	var next [2]byte
	switch r := r.(type) {
	case *bufio.Reader:
		p, _ := r.Peek(2)
		copy(next[:], p)
	case *bytes.Reader:
		r.ReadAt(next[:], r.Size()-int64(r.Len()))
	}
	return next == [2]byte{0x1f, 0x8b}
}

const pooledBufferMax = 1 << 20

// releaseBuffer returns a buffer to the pool unless it grew large: one
// huge report should not pin its memory for the rest of the run.
func releaseBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= pooledBufferMax {
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
