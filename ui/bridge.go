package ui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// bridge is the one way between background work and the widgets: loads,
// chart drawings and exports run on their own goroutines, and every widget
// change they cause goes through do.
type bridge struct {
	// do runs f on the UI goroutine: fyne.Do in the app. The test driver
	// runs fyne.Do inline on the calling goroutine, so tests swap in a lock
	// to keep widget changes one at a time.
	do      func(f func())
	pending sync.WaitGroup
}

func newBridge() *bridge { return &bridge{do: fyne.Do} }

// spawn runs work in the background.
func (b *bridge) spawn(work func()) {
	b.pending.Add(1)
	go func() {
		defer b.pending.Done()
		work()
	}()
}

// after runs work in the background once delay has passed, unless stop is
// called first.
func (b *bridge) after(delay time.Duration, work func()) (stop func()) {
	b.pending.Add(1)
	t := time.AfterFunc(delay, func() {
		defer b.pending.Done()
		work()
	})
	return func() {
		if t.Stop() {
			b.pending.Done() // the work will never run
		}
	}
}

// wait blocks until no background work is left; tests call it after each
// action.
func (b *bridge) wait() { b.pending.Wait() }
