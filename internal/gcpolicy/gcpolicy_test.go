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

// fakeClock is a clock a test moves by hand, holding the one timer a
// settler starts: no test waits on real time.
type fakeClock struct {
	now, due time.Duration
	armed    bool
	f        func()
}

func (c *fakeClock) afterFunc(d time.Duration, f func()) timer {
	c.f = f
	c.Reset(d)
	return c
}

// Reset is time.Timer's: it reports whether the timer was still armed.
func (c *fakeClock) Reset(d time.Duration) bool {
	was := c.armed
	c.due, c.armed = c.now+d, true
	return was
}

// advance moves the clock by d and fires the timer if it came due.
func (c *fakeClock) advance(d time.Duration) {
	c.now += d
	if c.armed && c.now >= c.due {
		c.armed = false
		c.f()
	}
}

// TestSettleReleasesOnceAfterTheLast: settles in a row release once, delay
// after the last of them; a settle after the release releases again.
func TestSettleReleasesOnceAfterTheLast(t *testing.T) {
	var clock fakeClock
	released := 0
	const delay = time.Second
	s := settler{delay: delay, release: func() { released++ }, afterFunc: clock.afterFunc}
	for range 5 {
		s.settle()
		clock.advance(delay / 2) // each settle before the last one's delay is over
	}
	if released != 0 {
		t.Fatalf("%d releases while settles kept coming, want none", released)
	}
	clock.advance(delay/2 - 1)
	if released != 0 {
		t.Fatalf("released before delay had passed since the last settle")
	}
	clock.advance(1)
	if released != 1 {
		t.Fatalf("%d releases delay after the last settle, want 1", released)
	}
	clock.advance(10 * delay)
	if released != 1 {
		t.Fatalf("%d releases with no settle since, want still 1", released)
	}
	s.settle()
	clock.advance(delay)
	if released != 2 {
		t.Fatalf("%d releases after a settle following the release, want 2", released)
	}
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
