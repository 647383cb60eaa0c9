package analysis

// texts holds the two strings unique to each report, its source and its
// report-id, back to back in large chunks. As a string each would cost a
// 16-byte header and an allocation rounded up to a size class, and its
// pointer would make the collector scan every record; here a record holds
// a textRef, and the strings handed out are substrings of a chunk, so a
// Result's rows cost no copy.
//
// The chunk being filled is a byte slice that is never reallocated; seal
// turns it into a string before any Snapshot shares the chunks, so a
// snapshot reads sealed chunks only and the writer keeps appending to its
// own buffer.
type texts struct {
	sealed []string
	tail   []byte // chunk len(sealed), being filled
}

// textChunk is the size of a chunk: large against a report's 100 or so
// bytes, small against the memory of even a few hundred reports.
const textChunk = 64 << 10

// textRef places a report's source and report-id: chunk, the offset of the
// source in it, and the two lengths.
type textRef struct{ chunk, off, nsrc, nid uint32 }

func (t *texts) add(src, id string) textRef {
	n := len(src) + len(id)
	if n > textChunk/4 {
		// Long strings (a hostile report-id) get a chunk of their own
		// rather than leave much of one unused.
		t.seal()
		t.sealed = append(t.sealed, src+id)
		return textRef{uint32(len(t.sealed) - 1), 0, uint32(len(src)), uint32(len(id))}
	}
	if len(t.tail)+n > cap(t.tail) {
		t.seal()
		t.tail = make([]byte, 0, textChunk)
	}
	r := textRef{uint32(len(t.sealed)), uint32(len(t.tail)), uint32(len(src)), uint32(len(id))}
	t.tail = append(append(t.tail, src...), id...)
	return r
}

// seal makes the chunk being filled a string, copying no more than its
// bytes so that none is wasted; the next add starts a new chunk.
func (t *texts) seal() {
	if len(t.tail) > 0 {
		t.sealed = append(t.sealed, string(t.tail))
	}
	t.tail = nil
}

func (t *texts) get(r textRef) (src, id string) {
	var s string
	if int(r.chunk) < len(t.sealed) {
		s = t.sealed[r.chunk][r.off : r.off+r.nsrc+r.nid]
	} else {
		s = string(t.tail[r.off : r.off+r.nsrc+r.nid]) // only the writer reads the chunk it fills
	}
	return s[:r.nsrc], s[r.nsrc:]
}
