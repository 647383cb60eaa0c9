package ui

import (
	"slices"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// slicer is the filter the window shows, the filters before it (for Back),
// and the computing of a result for them. A result is computed from an
// immutable snapshot off the UI goroutine; a newer request makes older
// results be dropped, so a slow filter never overwrites a later one. Its
// methods are called, and show runs, on the UI goroutine.
type slicer struct {
	bridge  *bridge
	snap    *analysis.Snapshot
	filter  analysis.Filter
	history []analysis.Filter // earlier filters, the latest last
	gen     int               // the latest request
	show    func(*analysis.Result)
	pending []func(*analysis.Result) // run once the next result is shown
}

// maxHistory bounds Back: a long session of drilling must not grow forever.
const maxHistory = 100

func newSlicer(b *bridge, snap *analysis.Snapshot, show func(*analysis.Result)) *slicer {
	return &slicer{bridge: b, snap: snap, show: show}
}

// setSnapshot shows new reports (a load went on or finished, or Clear)
// under the current filter.
func (s *slicer) setSnapshot(snap *analysis.Snapshot) {
	s.snap = snap
	s.compute()
}

// set narrows to f, remembering the filter before for Back. Setting the
// filter already shown does nothing.
func (s *slicer) set(f analysis.Filter) {
	if sameFilter(f, s.filter) {
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
// from a bar or a row.
func (s *slicer) narrow(g analysis.Filter) { s.set(merge(s.filter, g)) }

// back returns to the filter before the last change; it reports whether
// there was one.
func (s *slicer) back() bool {
	if len(s.history) == 0 {
		return false
	}
	s.filter = s.history[len(s.history)-1]
	s.history = s.history[:len(s.history)-1]
	s.compute()
	return true
}

// reset forgets the filter and its history (Clear).
func (s *slicer) reset() {
	s.filter, s.history = analysis.Filter{}, nil
}

// then runs f with the next result shown: a load's summary names the
// reports it read once they are counted.
func (s *slicer) then(f func(*analysis.Result)) { s.pending = append(s.pending, f) }

func (s *slicer) compute() {
	s.gen++
	gen, snap, f := s.gen, s.snap, s.filter
	s.bridge.spawn(func() {
		res := snap.Result(f)
		s.bridge.do(func() {
			if gen != s.gen {
				return
			}
			s.show(res)
			for _, f := range s.pending {
				f(res)
			}
			s.pending = nil
		})
	})
}

// merge is f with each part that g sets replaced by g's.
func merge(f, g analysis.Filter) analysis.Filter {
	pick := func(a, b []string) []string {
		if len(b) > 0 {
			return b
		}
		return a
	}
	f.Domains = pick(f.Domains, g.Domains)
	f.Organizations = pick(f.Organizations, g.Organizations)
	f.ResultTypes = pick(f.ResultTypes, g.ResultTypes)
	f.MXHosts = pick(f.MXHosts, g.MXHosts)
	f.SendingIPs = pick(f.SendingIPs, g.SendingIPs)
	f.ReceivingIPs = pick(f.ReceivingIPs, g.ReceivingIPs)
	if !g.From.IsZero() || !g.To.IsZero() {
		f.From, f.To = g.From, g.To
	}
	return f
}

func sameFilter(f, g analysis.Filter) bool {
	return slices.Equal(f.Domains, g.Domains) && f.From.Equal(g.From) && f.To.Equal(g.To) &&
		slices.Equal(f.Organizations, g.Organizations) && slices.Equal(f.ResultTypes, g.ResultTypes) &&
		slices.Equal(f.MXHosts, g.MXHosts) && slices.Equal(f.SendingIPs, g.SendingIPs) &&
		slices.Equal(f.ReceivingIPs, g.ReceivingIPs)
}
