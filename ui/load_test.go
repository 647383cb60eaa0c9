package ui

import (
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// testLoader records what a loader tells the window.
func testLoader() (*loader, *[]*analysis.Snapshot) {
	b := testBridge()
	var done []*analysis.Snapshot
	l := newLoader(b, loadHooks{
		started:  func() {},
		progress: func(source.Progress) {},
		partial:  func(*analysis.Snapshot) {},
		done:     func(snap *analysis.Snapshot, _ bool) { done = append(done, snap) },
	})
	return l, &done
}

func TestLoaderResetDropsTheAbandonedJob(t *testing.T) {
	l, done := testLoader()
	rfc := sample(t, "parsedmarc_rfc8460.json").Path()
	// Both in one UI turn: the job cannot report back before reset.
	l.bridge.do(func() {
		l.enqueue(loadJob{paths: []string{rfc}})
		l.enqueue(loadJob{paths: []string{sample(t, "tlsrpt-rs_mail.ru.json").Path()}})
		l.reset()
	})
	l.bridge.wait()
	if len(*done) != 0 || l.running || len(l.queue) != 0 {
		t.Fatalf("after reset: %d jobs reported done, running=%v, %d queued; want nothing", len(*done), l.running, len(l.queue))
	}
	if n := l.analysis.Result(analysis.Filter{}).Files; n != 0 {
		t.Errorf("the abandoned job read %d files into the new analysis", n)
	}

	l.bridge.do(func() { l.enqueue(loadJob{paths: []string{rfc}}) })
	l.bridge.wait()
	if len(*done) != 1 || (*done)[0].Reports() != 1 {
		t.Errorf("a job after reset reported %d times, want once with 1 report", len(*done))
	}
}

func TestLoaderRunsJobsInOrderOneAtATime(t *testing.T) {
	l, done := testLoader()
	l.bridge.do(func() {
		l.enqueue(loadJob{paths: []string{sample(t, "parsedmarc_rfc8460.json").Path()}})
		l.enqueue(loadJob{paths: []string{sample(t, "tlsrpt-rs_mail.ru.json").Path()}})
	})
	l.bridge.wait()
	// Each snapshot adds to the one before: 1 report, then 2.
	if len(*done) != 2 || (*done)[0].Reports() != 1 || (*done)[1].Reports() != 2 {
		var got []int
		for _, r := range *done {
			got = append(got, r.Reports())
		}
		t.Errorf("reports after each job = %v, want [1 2]", got)
	}
}
