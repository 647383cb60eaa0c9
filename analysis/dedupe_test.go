package analysis

import (
	"fmt"
	"hash/maphash"
	"testing"
)

// addKeys adds keys to x in order, as Analysis.Add does, and returns which
// were found to be duplicates; stored holds the key of each report added.
func addKeys(x *reportIndex, stored *[]reportKey, keys []reportKey) []bool {
	dups := make([]bool, len(keys))
	for i, k := range keys {
		report := uint32(len(*stored))
		dups[i] = x.add(k, report, func(r uint32) bool { return (*stored)[r] == k })
		if !dups[i] {
			*stored = append(*stored, k)
		}
	}
	return dups
}

func TestReportIndexFindsEveryDuplicateAndOnlyThem(t *testing.T) {
	x := newReportIndex()
	var stored []reportKey
	var keys []reportKey
	for i := range 5000 { // past several doublings of the table
		keys = append(keys, reportKey{fmt.Sprintf("org %d", i%7), fmt.Sprintf("id-%d", i)})
	}
	for i, dup := range addKeys(&x, &stored, keys) {
		if dup {
			t.Fatalf("key %d %v, added once, was taken for a duplicate", i, keys[i])
		}
	}
	for i, dup := range addKeys(&x, &stored, keys) {
		if !dup {
			t.Fatalf("key %d %v, added again after the table grew, was not found", i, keys[i])
		}
	}
	if len(stored) != 5000 || x.n != 5000 {
		t.Errorf("stored %d reports, index holds %d; want 5000", len(stored), x.n)
	}
}

// Two different keys whose hashes agree in the 32 bits the index keeps must
// both be kept: found by trying keys until two collide, which takes about
// 80,000 at 32 bits.
func TestReportIndexKeepsKeysWhoseHashesCollide(t *testing.T) {
	x := newReportIndex()
	seen := make(map[uint32]reportKey)
	var a, b reportKey
	for i := 0; ; i++ {
		k := reportKey{"Example Org", fmt.Sprintf("report-%d", i)}
		h := uint32(maphash.Comparable(x.seed, k))
		if other, ok := seen[h]; ok {
			a, b = other, k
			break
		}
		seen[h] = k
		if i > 10_000_000 {
			t.Fatal("no two keys collided in 10 million")
		}
	}
	var stored []reportKey
	if dups := addKeys(&x, &stored, []reportKey{a, b, a, b}); dups[0] || dups[1] || !dups[2] || !dups[3] {
		t.Errorf("colliding keys %v and %v: duplicates %v, want [false false true true]", a, b, dups)
	}
}
