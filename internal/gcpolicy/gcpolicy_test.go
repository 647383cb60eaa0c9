package gcpolicy

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

func TestGCPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 100},
		{2 << 20, 100},   // small loads keep the default
		{4 << 20, 100},   // headroom equal to the live heap
		{8 << 20, 50},    // 20,000 diverse reports near the end of the load
		{16 << 20, 25},   // 20,000 diverse reports while findings are drawn
		{14_000_000, 29}, // 4 MiB over 14 MB
		{55_000_000, 20}, // 200,000 reports: never below 20
		{1 << 30, 20},
	} {
		if got := percent(c.live); got != c.want {
			t.Errorf("percent(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}

// TestSettleReleasesOnceAfterTheLast: a burst of settles releases once, and
// a settle after the release releases again.
func TestSettleReleasesOnceAfterTheLast(t *testing.T) {
	released := make(chan struct{}, 4)
	s := settler{delay: 300 * time.Millisecond, release: func() { released <- struct{}{} }}
	for range 5 {
		s.settle()
	}
	<-released
	time.Sleep(2 * s.delay)
	if n := len(released); n != 0 {
		t.Fatalf("%d more releases after a burst of settles, want none", n)
	}
	s.settle()
	<-released
}

// TestReleaseReturnsTheFreeHeap: memory allocated and dropped is given back
// to the system by Release, not kept free for reuse.
func TestReleaseReturnsTheFreeHeap(t *testing.T) {
	free := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}}
	const size = 64 << 20
	garbage := make([]*[48]byte, size/48) // small objects, as a load's are
	for i := range garbage {
		garbage[i] = new([48]byte)
	}
	garbage = nil
	runtime.GC()
	metrics.Read(free)
	if got := free[0].Value.Uint64(); got < size/2 {
		t.Skipf("the scavenger returned the memory first: %d bytes free", got)
	}
	Release()
	metrics.Read(free)
	if got := free[0].Value.Uint64(); got > 4<<20 {
		t.Fatalf("after Release %d bytes are free and kept of the %d dropped", got, size)
	}
}
