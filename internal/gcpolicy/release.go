package gcpolicy

import (
	"runtime/debug"
	"sync"
	"time"
)

// SettleDelay is how long the window waits after its last load before
// giving memory back: long enough for the final result to be shown and its
// charts drawn, whose garbage is then returned too.
const SettleDelay = time.Second

// Release gives back to the system the memory the process keeps free: a
// collection, the Go heap's free pages, and the C allocator's free pages
// (GLFW, the GL driver: Mesa keeps the textures of what a load drew while
// it ran). Holding 20,000 diverse reports, the window's idle RSS went from
// about 244 to 209 MiB with it, the empty window's from 174 to 162 MiB
// (issue 23): a load's garbage, decoded reports and partial results, stays
// in both heaps otherwise, as nothing allocates afterwards to reuse it.
func Release() {
	debug.FreeOSMemory()
	trimC()
}

// settler runs release once work has stopped for delay.
type settler struct {
	mu      sync.Mutex
	timer   timer
	delay   time.Duration
	release func()
	// afterFunc starts the timer: time.AfterFunc's, or a test's clock.
	afterFunc func(time.Duration, func()) timer
}

// timer is what settler needs of a *time.Timer.
type timer interface{ Reset(time.Duration) bool }

func (s *settler) settle() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer == nil {
		s.timer = s.afterFunc(s.delay, s.release)
		return
	}
	s.timer.Reset(s.delay)
}

var window = settler{delay: SettleDelay, release: Release,
	afterFunc: func(d time.Duration, f func()) timer { return time.AfterFunc(d, f) }}

// Settle releases memory SettleDelay after the last call: the window calls
// it once the result of its last queued load is shown (not while a load
// runs, where the memory freed would be taken again at once), so that
// loads in a row release once, after the last.
func Settle() { window.settle() }
