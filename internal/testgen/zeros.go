package testgen

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"hash/crc32"
	"io"
	"sync"
)

// Compressing a gigabyte of zeros with compress/flate takes 4 s at
// BestSpeed (for a 1.3 MB result) and 23 s at BestCompression. A stream of
// zeros has a fixed best encoding, so it is written directly instead: one
// final dynamic-Huffman block whose only symbols are the literal 0, the
// length 258, the distance 1 and end-of-block. After the first literal
// every 258 zeros cost two bits, both 0, so the body is zero bytes and the
// whole stream is written in milliseconds, in constant memory.

// bitWriter packs bits least significant first, as DEFLATE (RFC 1951)
// requires.
type bitWriter struct {
	w     *bufio.Writer
	acc   uint64
	nbits uint
	err   error
}

// bits writes the n low bits of v, least significant first (header fields
// and extra bits).
func (b *bitWriter) bits(v uint64, n uint) {
	b.acc |= v << b.nbits
	b.nbits += n
	for b.nbits >= 8 {
		b.byte(byte(b.acc))
		b.acc >>= 8
		b.nbits -= 8
	}
}

// code writes a Huffman code of n bits, most significant bit first.
func (b *bitWriter) code(c uint64, n uint) {
	var rev uint64
	for i := uint(0); i < n; i++ {
		rev = rev<<1 | (c>>i)&1
	}
	b.bits(rev, n)
}

// zeroBits writes n zero bits.
func (b *bitWriter) zeroBits(n int64) {
	for n > 0 && b.nbits != 0 {
		b.bits(0, 1)
		n--
	}
	var zeros [64 << 10]byte
	for whole := n / 8; whole > 0; {
		k := min(whole, int64(len(zeros)))
		if b.err == nil {
			_, b.err = b.w.Write(zeros[:k])
		}
		whole -= k
	}
	b.bits(0, uint(n%8))
}

func (b *bitWriter) byte(c byte) {
	if b.err == nil {
		b.err = b.w.WriteByte(c)
	}
}

// flush pads the last byte with zero bits.
func (b *bitWriter) flush() error {
	if b.nbits > 0 {
		b.bits(0, 8-b.nbits)
	}
	if b.err != nil {
		return b.err
	}
	return b.w.Flush()
}

// DeflateZeros writes a raw DEFLATE stream (RFC 1951) that inflates to n zero bytes
// (n >= 1). Its size is about n/1032 bytes.
func DeflateZeros(w io.Writer, n int64) error {
	b := &bitWriter{w: bufio.NewWriterSize(w, 64<<10)}
	b.bits(1, 1)  // BFINAL: the last block
	b.bits(2, 2)  // BTYPE: dynamic Huffman codes
	b.bits(29, 5) // HLIT: 286 literal/length codes
	b.bits(1, 5)  // HDIST: 2 distance codes
	b.bits(14, 4) // HCLEN: 18 code length codes
	// Code length code lengths in the RFC's order 16 17 18 0 8 7 9 6 10 5
	// 11 4 12 3 13 2 14 1: symbol 18 (a run of zeros) gets 1 bit, the
	// lengths 1 and 2 get 2 bits; canonically 18=0, 1=10, 2=11.
	for _, l := range []uint64{0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2} {
		b.bits(l, 3)
	}
	const (
		cl1, cl2, cl18 = 0b10, 0b11, 0b0
	)
	// Literal/length code lengths: 0 -> 2, 1..255 -> 0, 256 -> 2,
	// 257..284 -> 0, 285 -> 1; then distance code lengths 0 -> 1, 1 -> 1.
	b.code(cl2, 2)
	b.code(cl18, 1)
	b.bits(138-11, 7) // 138 zeros
	b.code(cl18, 1)
	b.bits(117-11, 7) // 117 zeros: 1..255 done
	b.code(cl2, 2)    // 256
	b.code(cl18, 1)
	b.bits(28-11, 7) // 257..284
	b.code(cl1, 2)   // 285
	b.code(cl1, 2)   // distance 0
	b.code(cl1, 2)   // distance 1
	// Canonical codes: 285=0, 0=10, 256=11; distance 0=0, 1=1.
	const (
		lit0, eob = 0b10, 0b11
	)
	b.code(lit0, 2)
	matches := (n - 1) / 258
	b.zeroBits(2 * matches) // length 258 (code 0) at distance 1 (code 0)
	for range (n - 1) % 258 {
		b.code(lit0, 2)
	}
	b.code(eob, 2)
	return b.flush()
}

// CRCZeros is the CRC-32 (IEEE) of n zero bytes.
func CRCZeros(n int64) uint32 {
	var zeros [1 << 20]byte
	var crc uint32
	for n > 0 {
		k := min(n, int64(len(zeros)))
		crc = crc32.Update(crc, crc32.IEEETable, zeros[:k])
		n -= k
	}
	return crc
}

// GzipZeros writes a gzip file (RFC 1952) of n zero bytes with a fixed
// header (no name, no time), so the output is byte-identical on every run.
func GzipZeros(w io.Writer, n int64) error {
	// ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=2 (max compression) OS=3 (Unix)
	if _, err := w.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3}); err != nil {
		return err
	}
	if err := DeflateZeros(w, n); err != nil {
		return err
	}
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[0:], CRCZeros(n))
	binary.LittleEndian.PutUint32(trailer[4:], uint32(n)) // ISIZE is n mod 2^32
	_, err := w.Write(trailer[:])
	return err
}

// gzipWriters are reused: a new writer at BestCompression allocates over a
// megabyte, and a mailbox of reports needs thousands.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return zw
}}

// Gzip compresses data with a fixed header (no name, no time), so the same
// data always gives the same bytes.
func Gzip(data []byte) []byte {
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	var buf bytes.Buffer
	zw.Reset(&buf)
	zw.Write(data) // writing to a bytes.Buffer cannot fail
	zw.Close()
	return buf.Bytes()
}
