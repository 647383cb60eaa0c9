package ui

import (
	"slices"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// filtering is the filter the window shows, the filters before it (for Back),
// and the computing of a result for them. A result is computed from an
// immutable snapshot off the UI goroutine, one computation at a time; a
// newer request makes older results be dropped, so a slow filter never
// overwrites a later one. Its methods are called, and its hooks run, on the
// UI goroutine.
type filtering struct {
	bridge  *bridge
	snap    *analysis.Snapshot
	filter  analysis.Filter
	history []analysis.Filter // earlier filters, the latest last
	gen     int               // the latest request
	hooks   filteringHooks
	pending []func(*analysis.Result) // run once the next result is shown
	// running is set while a computation is under way, queued when another
	// was asked for meanwhile: it starts when the running one ends.
	running, queued bool
	// offered is the snapshot whose names the filter bar has.
	offered *analysis.Snapshot
	// lastCost is how long the last computation took, from its start to
	// its result shown, and lastEnd when it ended: partial snapshots are
	// paced by them.
	lastCost time.Duration
	lastEnd  time.Time
	// shownSnap is the snapshot of the result shown, and shownRows whether
	// that result has its rows.
	shownSnap *analysis.Snapshot
	shownRows bool
	// wantRows asks the next computation for the rows whatever tab is
	// shown: a drill-down to a tab that lists them.
	wantRows bool
}

// filteringHooks show what a filtering computed.
type filteringHooks struct {
	// names offers the domains and reporters of a new snapshot; it runs
	// before the snapshot's first result is shown.
	names func(domains, orgs []string)
	show  func(*analysis.Result)
	// rows says whether the tab shown lists the report or failure rows.
	rows func() bool
}

// partialPace paces the partial snapshots of a long load, which arrive
// every second: each one covers every report so far and so costs more to
// compute and show than the last. One is computed only when no computation
// runs and the last ended at least partialPace times its cost ago, so
// showing progress takes at most about a quarter of the load however many
// reports arrive (issue 15: with one computation per second, 200,000
// reports took 20 to 45 s to open where summary takes 5 s).
const partialPace = 3

// maxHistory bounds Back: a long session of drilling must not grow forever.
const maxHistory = 100

func newFiltering(b *bridge, snap *analysis.Snapshot, hooks filteringHooks) *filtering {
	return &filtering{bridge: b, snap: snap, offered: snap, hooks: hooks, shownSnap: snap, shownRows: true}
}

// setSnapshot shows new reports (a load finished, or Clear) under the
// current filter.
func (s *filtering) setSnapshot(snap *analysis.Snapshot) {
	s.snap = snap
	s.compute()
}

// setPartial is setSnapshot for the reports of a load so far: shown only
// when partialPace allows, though later filters always use them.
func (s *filtering) setPartial(snap *analysis.Snapshot) {
	s.snap = snap
	if s.running || time.Since(s.lastEnd) < partialPace*s.lastCost {
		return
	}
	s.compute()
}

// set narrows to f, remembering the filter before for Back. Setting the
// filter already shown does nothing.
func (s *filtering) set(f analysis.Filter) {
	if f.Equal(s.filter) {
		return
	}
	s.history = append(s.history, s.filter)
	if len(s.history) > maxHistory {
		s.history = slices.Delete(s.history, 0, len(s.history)-maxHistory)
	}
	s.filter = f
	s.compute()
}

// narrow replaces the parts of the current filter that g sets: a drill down
// from a bar or a row, to a tab that lists rows when rows is set.
func (s *filtering) narrow(g analysis.Filter, rows bool) {
	s.wantRows = s.wantRows || rows
	s.set(s.filter.Merge(g))
}

// back returns to the filter before the last change; it reports whether
// there was one.
func (s *filtering) back() bool {
	if len(s.history) == 0 {
		return false
	}
	s.filter = s.history[len(s.history)-1]
	s.history = s.history[:len(s.history)-1]
	s.compute()
	return true
}

// reset forgets the filter and its history (Clear).
func (s *filtering) reset() {
	s.filter, s.history = analysis.Filter{}, nil
}

// then runs f with the next result shown: a load's summary names the
// reports it read once they are counted.
func (s *filtering) then(f func(*analysis.Result)) { s.pending = append(s.pending, f) }

// hasRows says whether the result shown has its rows; when it has not,
// compute gets them for the tab shown.
func (s *filtering) hasRows() bool { return s.shownRows }

// busy says whether a computation runs, whose result will be shown.
func (s *filtering) busy() bool { return s.running }

// full returns, for a background job, res (the result shown) with its rows:
// computed anew from its snapshot when it was shown without them.
func (s *filtering) full(res *analysis.Result) func() *analysis.Result {
	if s.shownRows {
		return func() *analysis.Result { return res }
	}
	snap := s.shownSnap
	return func() *analysis.Result { return snap.Result(res.Filter) }
}

// compute asks for the result of the current snapshot and filter.
func (s *filtering) compute() {
	s.gen++
	s.run()
}

// run computes the latest request, or queues it behind the one running:
// two at once would only compete for the same cores.
func (s *filtering) run() {
	if s.running {
		s.queued = true
		return
	}
	s.running = true
	gen, snap, f, offer := s.gen, s.snap, s.filter, s.snap != s.offered
	// The rows (the report list and failure rows) are computed only for a
	// tab that lists them: at 200,000 reports they are most of a result's
	// memory and a third of its time.
	rows := s.hooks.rows() || s.wantRows
	s.wantRows = false
	began := time.Now()
	s.bridge.spawn(func() {
		var res *analysis.Result
		if rows {
			res = snap.Result(f)
		} else {
			res = snap.Totals(f)
		}
		var domains, orgs []string
		if offer {
			domains, orgs = snap.Domains(), snap.Organizations()
		}
		s.bridge.do(func() {
			s.running = false
			s.lastCost, s.lastEnd = time.Since(began), time.Now()
			// A tab that lists rows shown meanwhile needs them: computed
			// again rather than shown without.
			if gen == s.gen && !rows && s.hooks.rows() {
				s.queued = true
			}
			if s.queued {
				s.queued = false
				s.run()
				return
			}
			if offer {
				s.offered = snap
				s.hooks.names(domains, orgs)
			}
			s.shownSnap, s.shownRows = snap, rows
			s.hooks.show(res)
			for _, f := range s.pending {
				f(res)
			}
			s.pending = nil
		})
	})
}
