package ordered

import (
	"context"
	"runtime"
	"testing"
	"time"
)

func TestOutputsComeInInputOrder(t *testing.T) {
	const n = 2000
	var got []int
	Run(context.Background(), 8, func(emit func(int) bool) {
		for i := range n {
			if !emit(i) {
				return
			}
		}
	}, func(i int) int {
		if i%7 == 0 {
			runtime.Gosched() // let later inputs finish first
		}
		return i * i
	}, func(sq int) { got = append(got, sq) })
	if len(got) != n {
		t.Fatalf("%d outputs, want %d", len(got), n)
	}
	for i, sq := range got {
		if sq != i*i {
			t.Fatalf("output %d is %d, want %d: out of order", i, sq, i*i)
		}
	}
}

func TestCancellingStopsTheProducerAndDropsTheRest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	consumed := 0
	stopped := false
	Run(ctx, 2, func(emit func(int) bool) {
		for i := 0; ; i++ {
			if !emit(i) {
				stopped = true
				return
			}
		}
	}, func(i int) int {
		time.Sleep(time.Millisecond) // the consumer cancels long before the producer could finish
		return i
	}, func(int) {
		consumed++
		if consumed == 10 {
			cancel()
		}
	})
	if !stopped {
		t.Error("the producer was not told to stop")
	}
	if consumed != 10 {
		t.Errorf("%d outputs consumed, want the 10 before cancelling", consumed)
	}
}

// TestSlowProducerIsNotHeldBack: an input is worked on and consumed while
// the producer waits for it, not held back until a batch fills.
func TestSlowProducerIsNotHeldBack(t *testing.T) {
	consumed := make(chan int, 5)
	var got []int
	Run(context.Background(), 2, func(emit func(int) bool) {
		for i := range 5 {
			if !emit(i) {
				return
			}
			select {
			case <-consumed:
			case <-time.After(10 * time.Second):
				t.Errorf("input %d was not consumed while the producer waited", i)
				return
			}
		}
	}, func(i int) int { return i }, func(i int) {
		got = append(got, i)
		consumed <- i
	})
	if len(got) != 5 {
		t.Errorf("consumed %v", got)
	}
}
