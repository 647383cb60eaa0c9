package library

import (
	"context"
	"runtime"
	"sync"
)

// ordered runs work on every input produce emits, on every core, and hands
// the outputs to consume on the calling goroutine in input order, so that
// what is kept of two duplicates does not depend on scheduling. produce
// stops when emit returns false (ctx was cancelled).
func ordered[In, Out any](ctx context.Context, produce func(emit func(In) bool), work func(In) Out, consume func(Out)) {
	workers := runtime.GOMAXPROCS(0)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct {
		i  int
		in In
	}
	type result struct {
		i   int
		out Out
	}
	jobs := make(chan job, 4*workers)
	results := make(chan result, 4*workers)
	go func() {
		defer close(jobs)
		n := 0
		produce(func(in In) bool {
			select {
			case jobs <- job{n, in}:
				n++
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				select {
				case results <- result{j.i, work(j.in)}:
				case <-ctx.Done():
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	pending := make(map[int]Out)
	next := 0
	for r := range results {
		if ctx.Err() != nil {
			continue // drain so the workers can finish
		}
		pending[r.i] = r.out
		for {
			out, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			consume(out)
		}
	}
}
