package analysis

import "hash/maphash"

// reportIndex finds the report already added with an organization and
// report-id. A map keyed by organization and report-id strings cost about
// 90 bytes a report (a key of its own beside the record's copies, and the
// map's slots); this open-addressing table holds 8 bytes a slot, its load
// at most three quarters, and compares the stored report's organization
// and report-id on a hash match, so that a collision never drops a report.
type reportIndex struct {
	seed  maphash.Seed
	slots []indexSlot // length a power of two
	n     int
}

// indexSlot is a report and the low 32 bits of its key's hash, which place
// it in any table of up to 2^32 slots without hashing the key again.
type indexSlot struct {
	hash   uint32
	report uint32 // report index + 1; 0 marks an empty slot
}

type reportKey struct{ org, id string }

func newReportIndex() reportIndex { return reportIndex{seed: maphash.MakeSeed()} }

// add stores report under key k and returns false, or returns true, storing
// nothing, when a report with key k is stored already: a stored report
// whose hash matches is a duplicate only if same confirms its key is k, so
// a hash collision never drops a report.
func (x *reportIndex) add(k reportKey, report uint32, same func(report uint32) bool) (dup bool) {
	if 4*(x.n+1) > 3*len(x.slots) {
		x.grow()
	}
	h := uint32(maphash.Comparable(x.seed, k))
	mask := uint32(len(x.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &x.slots[i]
		if s.report == 0 {
			*s = indexSlot{h, report + 1}
			x.n++
			return false
		}
		if s.hash == h && same(s.report-1) {
			return true
		}
	}
}

func (x *reportIndex) grow() {
	old := x.slots
	x.slots = make([]indexSlot, max(2*len(old), 1024))
	mask := uint32(len(x.slots) - 1)
	for _, s := range old {
		if s.report == 0 {
			continue
		}
		i := s.hash & mask
		for x.slots[i].report != 0 {
			i = (i + 1) & mask
		}
		x.slots[i] = s
	}
}
