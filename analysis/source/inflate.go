package source

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/bits"
	"sync"
)

// A report is a few hundred bytes of gzip holding one or two Huffman
// blocks, so inflating it is mostly building Huffman tables: compress/flate
// and klauspost/compress fill three 512-entry tables (with link tables)
// per block and read input through an interface call per byte. inflateFast
// inflates a whole gzip member held in memory into a slice, with small root
// tables (codes longer than the root are decoded bit by bit, as they are
// rare by construction) and no sliding window. It only has to be right when
// it succeeds: on any error gunzip inflates again with compress/gzip, whose
// messages users see, so hostile input is judged by the standard library.
// FuzzInflateRaw and FuzzInflateFast check that whatever it accepts the
// standard library accepts alike, FuzzGunzip that gunzip's outcome is the
// same either way.

var errInflate = errors.New("inflate")

// errInflateLimit is returned when the output would pass the limit: the
// same outcome compress/gzip reaches, so it is not tried again.
var errInflateLimit = errors.New("inflate limit")

const (
	litRootBits  = 8
	distRootBits = 6
	lenRootBits  = 7 // code-length codes are at most 7 bits (RFC 1951 3.2.7)
)

// huffman is a canonical Huffman code (RFC 1951 section 3.2.2): count and
// symbols drive the bit-by-bit decoder; table maps the next rootBits input
// bits to symbol<<4 | length for codes no longer than rootBits, 0 otherwise.
type huffman struct {
	count   [16]uint16
	first   [16]uint32 // first code of each length
	index   [16]uint16 // where symbols of each length start in symbols
	symbols [288]uint16
	table   []uint16
	root    uint
}

// build makes the code for lengths[i], the code length of symbol i. Like
// compress/flate, it accepts only complete codes, an empty one, or a single
// one-bit code.
func (h *huffman) build(lengths []uint8, root uint) bool {
	// Counted in a local array: through h, each increment waits for the
	// store of the one before.
	var count [16]uint16
	for _, l := range lengths {
		count[l&15]++
	}
	codes := len(lengths) - int(count[0])
	count[0] = 0
	var offs [16]uint16
	left := 1
	for l := 1; l < 16; l++ {
		left = left<<1 - int(count[l])
		if left < 0 {
			return false
		}
		offs[l] = offs[l-1] + count[l-1]
	}
	if left > 0 && codes > 0 && !(codes == 1 && count[1] == 1) {
		return false
	}
	code := uint32(0)
	for l := 1; l < 16; l++ {
		code = (code + uint32(count[l-1])) << 1
		h.first[l] = code
	}
	h.count, h.index, h.root = count, offs, root
	for sym, l := range lengths {
		if l != 0 {
			h.symbols[offs[l]] = uint16(sym)
			offs[l]++
		}
	}
	h.fillTable()
	return true
}

// fillTable fills the root table from the symbols sorted by code length,
// as libdeflate does: the table grows from the shortest length to the root
// by doubling, so that each code is stored once and copies replicate it,
// rather than every code writing each of its entries. Entries no code of
// root bits or fewer reaches stay 0.
func (h *huffman) fillTable() {
	size := 1 << h.root
	if cap(h.table) < size {
		h.table = make([]uint16, size)
	}
	t := h.table[:size]
	h.table = t
	l := uint(1)
	for l <= h.root && h.count[l] == 0 {
		l++
	}
	if l > h.root {
		clear(t)
		return
	}
	cur := 1 << l
	clear(t[:cur])
	// Input bits come least significant first, codes most significant
	// first: the table is indexed by the reversed code, so codeword counts
	// up in reversed bit order.
	codeword, s := 0, 0
	for {
		for range h.count[l] {
			t[codeword] = h.symbols[s]<<4 | uint16(l)
			s++
			if codeword == cur-1 { // the last code: the code is complete
				for ; cur < size; cur *= 2 {
					copy(t[cur:], t[:cur])
				}
				return
			}
			bit := 1 << (bits.Len(uint(codeword^(cur-1))) - 1)
			codeword = codeword&(bit-1) | bit
		}
		if l == h.root {
			return
		}
		copy(t[cur:], t[:cur])
		cur *= 2
		l++
	}
}

func reverseBits(c uint32, n uint) uint32 {
	return uint32(bits.Reverse16(uint16(c))) >> (16 - n)
}

// inflater holds the state of one inflateFast call; pooled for its tables.
type inflater struct {
	in   []byte
	pos  int // next input byte; may run past len(in), fed as zeros
	bits uint64
	nb   uint
	out  []byte
	// start is where this member's output begins in out: distances reach
	// no further back.
	start int
	max   int
	lit   huffman
	dist  huffman
	lens  huffman
	code  [320]uint8
}

var inflaters = sync.Pool{New: func() any { return new(inflater) }}

// The fixed code of RFC 1951 section 3.2.6, built once.
var fixedLit, fixedDist = func() (huffman, huffman) {
	var l [288]uint8
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	var d [32]uint8 // 30 and 31 take part in the code but never occur
	for i := range d {
		d[i] = 5
	}
	var lit, dist huffman
	lit.build(l[:], litRootBits)
	dist.build(d[:], distRootBits)
	return lit, dist
}()

// refill tops the bit buffer up to at least 56 bits.
func (f *inflater) refill() {
	if f.pos+8 <= len(f.in) {
		f.bits |= binary.LittleEndian.Uint64(f.in[f.pos:]) << f.nb
		f.pos += int(63-f.nb) >> 3
		f.nb |= 56
		return
	}
	for f.nb <= 56 {
		if f.pos < len(f.in) {
			f.bits |= uint64(f.in[f.pos]) << f.nb
		}
		f.pos++
		f.nb += 8
	}
}

// overrun reports whether more bits were used than the input holds.
func (f *inflater) overrun() bool {
	return (f.pos-len(f.in))*8 > int(f.nb)
}

func (f *inflater) take(n uint) uint32 {
	if f.nb < n {
		f.refill()
	}
	v := uint32(f.bits & (1<<n - 1))
	f.bits >>= n
	f.nb -= n
	return v
}

// decodeLong reads a code longer than the root of h bit by bit, for a
// caller that made sure of 15 bits; -1 for an unused code.
func (f *inflater) decodeLong(h *huffman) int {
	code := reverseBits(uint32(f.bits), h.root)
	f.bits >>= h.root
	f.nb -= h.root
	for l := h.root + 1; l < 16; l++ {
		code = code<<1 | uint32(f.bits&1)
		f.bits >>= 1
		f.nb--
		if i := code - h.first[l]; i < uint32(h.count[l]) {
			return int(h.symbols[uint32(h.index[l])+i])
		}
	}
	return -1
}

// RFC 1951 section 3.2.5.
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint32{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	// The order code-length code lengths are sent in (section 3.2.7).
	lengthOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

// inflateFast appends the content of the gzip member at the start of in
// (RFC 1952) to out, failing rather than letting out grow past max, and
// returns the bytes of in the member used.
func inflateFast(in, out []byte, max int) ([]byte, int, error) {
	// Header: magic, method 8 (deflate), flags, mtime, xfl, os.
	if len(in) < 18 || in[0] != 0x1f || in[1] != 0x8b || in[2] != 8 || in[3]&^0x1d != 0 {
		return out, 0, errInflate // FHCRC and reserved flags: left to compress/gzip
	}
	flags, pos := in[3], 10
	if flags&0x04 != 0 { // FEXTRA
		pos += 2 + int(binary.LittleEndian.Uint16(in[pos:]))
	}
	for _, flag := range []byte{0x08, 0x10} { // FNAME, FCOMMENT: zero-terminated
		if flags&flag == 0 {
			continue
		}
		n := bytes.IndexByte(in[min(pos, len(in)):], 0)
		// RFC 1952 section 2.3.1 sets no length; compress/gzip refuses 512
		// bytes or more, gzip and zcat do not.
		if n < 0 {
			return out, 0, errInflate
		}
		pos += n + 1
	}
	if pos > len(in) {
		return out, 0, errInflate
	}
	start := len(out)
	out, used, err := inflateRaw(in[pos:], out, max)
	if err != nil {
		return out, 0, err
	}
	end := pos + used
	if end+8 > len(in) ||
		binary.LittleEndian.Uint32(in[end:]) != crc32.ChecksumIEEE(out[start:]) ||
		binary.LittleEndian.Uint32(in[end+4:]) != uint32(len(out)-start) {
		return out, 0, errInflate
	}
	return out, end + 8, nil
}

// inflateRaw appends the content of the deflate stream (RFC 1951) at the
// start of in to out, like inflateFast, and returns the bytes of in it used.
func inflateRaw(in, out []byte, max int) ([]byte, int, error) {
	f := inflaters.Get().(*inflater)
	defer inflaters.Put(f)
	f.in, f.pos, f.bits, f.nb, f.out, f.start, f.max = in, 0, 0, 0, out, len(out), max
	err := f.blocks()
	out = f.out
	f.in, f.out = nil, nil
	// The stream ends on a byte boundary.
	return out, f.pos - int(f.nb/8), err
}

func (f *inflater) blocks() error {
	for {
		final := f.take(1)
		var err error
		switch f.take(2) {
		case 0:
			err = f.stored()
		case 1:
			err = f.huffmanBlock(&fixedLit, &fixedDist)
		case 2:
			if err = f.dynamic(); err == nil {
				err = f.huffmanBlock(&f.lit, &f.dist)
			}
		default:
			err = errInflate
		}
		if err == nil && f.overrun() {
			err = errInflate
		}
		if err != nil || final == 1 {
			return err
		}
	}
}

func (f *inflater) stored() error {
	f.bits >>= f.nb & 7
	f.nb &^= 7
	n := f.take(16)
	if f.take(16) != ^n&0xffff {
		return errInflate
	}
	// Hand back the whole bytes still in the bit buffer, then copy.
	f.pos -= int(f.nb / 8)
	f.bits, f.nb = 0, 0
	if f.pos+int(n) > len(f.in) {
		return errInflate
	}
	if len(f.out)+int(n) > f.max {
		return errInflateLimit
	}
	f.out = append(f.out, f.in[f.pos:f.pos+int(n)]...)
	f.pos += int(n)
	return nil
}

// dynamic reads the code lengths of a dynamic block (RFC 1951 3.2.7).
func (f *inflater) dynamic() error {
	nlit := int(f.take(5)) + 257
	ndist := int(f.take(5)) + 1
	nlen := int(f.take(4)) + 4
	if nlit > 286 || ndist > 30 {
		return errInflate
	}
	var lens [19]uint8
	for i := range nlen {
		lens[lengthOrder[i]] = uint8(f.take(3))
	}
	if !f.lens.build(lens[:], lenRootBits) {
		return errInflate
	}
	// The code lengths are read with the bit buffer in locals, as in
	// huffmanBlock. Code-length codes are at most lenRootBits long, so an
	// empty table entry is an unused code.
	code := f.code[:nlit+ndist]
	table := f.lens.table[:1<<lenRootBits]
	in, pos, bitbuf, nb := f.in, f.pos, f.bits, f.nb
	for i := 0; i < len(code); {
		// A code and its repeat count take at most 7+7 bits.
		if nb < 14 {
			if pos+8 <= len(in) {
				bitbuf |= binary.LittleEndian.Uint64(in[pos:]) << nb
				pos += int(63-nb) >> 3
				nb |= 56
			} else {
				f.pos, f.bits, f.nb = pos, bitbuf, nb
				f.refill()
				pos, bitbuf, nb = f.pos, f.bits, f.nb
			}
		}
		e := table[bitbuf&(1<<lenRootBits-1)]
		if e == 0 {
			return errInflate
		}
		n := uint(e & 15)
		bitbuf >>= n
		nb -= n
		sym := e >> 4
		if sym < 16 {
			code[i] = uint8(sym)
			i++
			continue
		}
		var rep int
		var val uint8
		switch sym {
		case 16:
			if i == 0 {
				return errInflate
			}
			val, rep, n = code[i-1], 3+int(bitbuf&3), 2
		case 17:
			rep, n = 3+int(bitbuf&7), 3
		default:
			rep, n = 11+int(bitbuf&0x7f), 7
		}
		bitbuf >>= n
		nb -= n
		if i+rep > len(code) {
			return errInflate
		}
		for range rep {
			code[i] = val
			i++
		}
	}
	f.pos, f.bits, f.nb = pos, bitbuf, nb
	if f.overrun() {
		return errInflate
	}
	if code[256] == 0 || !f.lit.build(code[:nlit], litRootBits) || !f.dist.build(code[nlit:], distRootBits) {
		return errInflate
	}
	return nil
}

// huffmanBlock decodes the symbols of one block. The bit buffer, input
// position and output live in locals while it runs, saved to f only around
// the rare calls that need them there (a refill near the end of the input,
// a code longer than the root): through f, every symbol loaded and stored
// them again.
func (f *inflater) huffmanBlock(lit, dist *huffman) error {
	in, pos, bitbuf, nb, out, maxOut := f.in, f.pos, f.bits, f.nb, f.out, f.max
	litTable, distTable := lit.table, dist.table
	litMask, distMask := uint64(len(litTable)-1), uint64(len(distTable)-1)
	save := func() { f.pos, f.bits, f.nb, f.out = pos, bitbuf, nb, out }
	defer save()
	// slow finishes a lookup in f, for a code longer than the root.
	slow := func(h *huffman) int {
		save()
		sym := f.decodeLong(h)
		bitbuf, nb = f.bits, f.nb
		return sym
	}
	for {
		// One refill covers a whole length/distance pair: at most 15+5
		// bits of length and 15+13 of distance (RFC 1951 3.2.5).
		if nb < 48 {
			if pos+8 <= len(in) {
				bitbuf |= binary.LittleEndian.Uint64(in[pos:]) << nb
				pos += int(63-nb) >> 3
				nb |= 56
			} else {
				if pos > len(in)+8 {
					return errInflate // decoding zeros past the end
				}
				save()
				f.refill()
				pos, bitbuf, nb = f.pos, f.bits, f.nb
			}
		}
		var sym int
		if e := litTable[bitbuf&litMask]; e != 0 {
			n := uint(e & 15)
			bitbuf >>= n
			nb -= n
			sym = int(e >> 4)
		} else {
			sym = slow(lit)
		}
		switch {
		case sym < 0 || sym > 285:
			return errInflate
		case sym < 256:
			if len(out) >= maxOut {
				return errInflateLimit
			}
			out = append(out, byte(sym))
			continue
		case sym == 256:
			return nil
		}
		sym -= 257
		n := uint(lengthExtra[sym])
		length := int(lengthBase[sym]) + int(bitbuf&(1<<n-1))
		bitbuf >>= n
		nb -= n
		var ds int
		if e := distTable[bitbuf&distMask]; e != 0 {
			n := uint(e & 15)
			bitbuf >>= n
			nb -= n
			ds = int(e >> 4)
		} else {
			ds = slow(dist)
		}
		if ds < 0 || ds > 29 {
			return errInflate
		}
		n = uint(distExtra[ds])
		d := int(distBase[ds]) + int(bitbuf&(1<<n-1))
		bitbuf >>= n
		nb -= n
		have := len(out)
		if d > have-f.start {
			return errInflate
		}
		if have+length > maxOut {
			return errInflateLimit
		}
		if d >= length {
			out = append(out, out[have-d:have-d+length]...)
			continue
		}
		for i := range length {
			out = append(out, out[have-d+i])
		}
	}
}
