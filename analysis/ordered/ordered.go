// Package ordered runs work on every core and hands its outputs back in
// input order, so that what a caller keeps of two duplicates does not
// depend on scheduling.
package ordered

import (
	"context"
	"runtime"
	"sync"
)

// Run calls work on every input produce emits, on workers goroutines at
// once (GOMAXPROCS when workers <= 0), and consume with the outputs in input
// order. produce stops when emit returns false (ctx was cancelled); once
// ctx is cancelled, outputs not yet consumed are dropped. Run returns when
// every goroutine it started has finished.
//
// produce and consume each run on a goroutine of their own, never
// concurrently with themselves: Run's caller may be locked to its OS thread
// (Fyne locks the main goroutine during init), and waking a locked
// goroutine for every output costs a thread switch each, which doubled the
// time of a 20,000-report summary.
//
// Inputs travel in batches of up to maxBatch, so that channel operations
// and goroutine wake-ups are not paid per input: with 20,000 small reports
// they were a few percent of loading them. A batch that is not full goes
// with the next input that finds the workers caught up, and at the end: a
// producer slower than the workers sends its inputs one by one, though one
// that pauses between inputs (a slow folder) may hold up to maxBatch-1 of
// them until its next input.
func Run[In, Out any](ctx context.Context, workers int, produce func(emit func(In) bool), work func(In) Out, consume func(Out)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type batch struct {
		first int // the index of ins[0] among all inputs
		ins   []In
	}
	type result struct {
		first int
		outs  []Out
	}
	jobs := make(chan batch, workers)
	results := make(chan result, workers)
	// Batches go back for reuse once worked on or consumed: most batches
	// are not full, and a new one each time was a few megabytes of garbage
	// per 20,000 inputs.
	freeIns := make(chan []In, 2*workers+2)
	freeOuts := make(chan []Out, 2*workers+2)
	go func() {
		defer close(jobs)
		n := 0
		var ins []In
		// send hands the batch on; without wait, only if no batch is
		// queued, that is when the workers have caught up. (Whenever the
		// queue had room, it took whatever had gathered, and most batches
		// held one input.)
		send := func(wait bool) bool {
			b := batch{n, ins}
			switch {
			case wait:
				select {
				case jobs <- b:
				case <-ctx.Done():
					return false
				}
			case len(jobs) > 0:
				return true
			default:
				select {
				case jobs <- b:
				default:
					return true
				}
			}
			n += len(ins)
			ins = nil // the worker owns it now
			return true
		}
		produce(func(in In) bool {
			if ctx.Err() != nil {
				return false
			}
			if ins == nil {
				ins = reuse(freeIns)
			}
			ins = append(ins, in)
			return send(len(ins) == maxBatch)
		})
		if len(ins) > 0 {
			send(true)
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for b := range jobs {
				outs := reuse(freeOuts)
				for _, in := range b.ins {
					if ctx.Err() != nil {
						break // nothing more is consumed
					}
					outs = append(outs, work(in))
				}
				release(freeIns, b.ins)
				select {
				case results <- result{b.first, outs}:
				case <-ctx.Done():
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	merged := make(chan struct{})
	go func() {
		defer close(merged)
		pending := make(map[int][]Out)
		next := 0
		for r := range results {
			if ctx.Err() != nil {
				continue // drain so the workers can finish
			}
			pending[r.first] = r.outs
			for ctx.Err() == nil {
				outs, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next += len(outs)
				for _, out := range outs {
					if ctx.Err() != nil {
						break
					}
					consume(out)
				}
				release(freeOuts, outs)
			}
		}
	}()
	<-merged
}

// maxBatch bounds a batch: large enough that channel traffic is a small
// part of the work, small enough that outputs still flow steadily to the
// consumer (progress, and what is held in memory at once).
const maxBatch = 16

// reuse takes a batch from free, or makes one.
func reuse[T any](free chan []T) []T {
	select {
	case b := <-free:
		return b
	default:
		return make([]T, 0, maxBatch)
	}
}

// release gives a batch back to free, cleared so that it keeps nothing
// alive, unless free is full.
func release[T any](free chan []T, b []T) {
	clear(b)
	select {
	case free <- b[:0]:
	default:
	}
}
