package analysis

import (
	"cmp"
	"slices"
	"sync"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// Result computes the analysis of the reports that f keeps. It reads only
// the snapshot, so it may run on any goroutine.
func (s *Snapshot) Result(f Filter) *Result { return s.compute(f, true) }

// Totals is Result without its rows (ReportList and Failures stay nil;
// FailureDetails still counts the failure rows), for callers that show
// totals and breakdowns only, as summary does and the window while reports
// load: at 200,000 reports the rows are most of a Result's memory.
func (s *Snapshot) Totals(f Filter) *Result { return s.compute(f, false) }

func (s *Snapshot) compute(f Filter, rows bool) *Result {
	// Findings read the same snapshot and nothing of the totals: computed
	// beside them, on another core, they cost no wait.
	findings := make(chan [2][]Finding, 1)
	go func() {
		all, kept := s.findings(f)
		findings <- [2][]Finding{all, kept}
	}()
	st := &s.recs
	ord := s.order()
	c := compileFilter(f)
	res := &Result{
		Filter:        f,
		Files:         s.files,
		Duplicates:    s.duplicates,
		LoadedReports: len(st.reports),
		Errors:        s.errors,
		Warnings:      s.warnings,
		AsOf:          s.AsOf(),
		Newest:        s.newest(),
	}
	sl := slicer{
		st:           st,
		c:            c,
		policies:     make(map[policyKey]*PolicyTotal),
		domains:      make(map[sym]*DomainTotal),
		orgs:         make(map[sym]*OrgTotal),
		days:         make(map[int32]*DayTotal),
		resultTypes:  make(map[sym]int64),
		mxHosts:      make(map[sym]int64),
		sendingIPs:   make(map[sym]int64),
		receivingIPs: make(map[sym]int64),
	}
	// kept marks the policies that count: those the filter keeps of the
	// reports it keeps. infoOf maps a report to its place in infos.
	kept := make([]bool, len(st.policies))
	var infoOf []int32
	var infos []ReportInfo
	var scratch ReportInfo // each report's totals when no rows are kept
	if rows {
		if f.IsZero() {
			res.Failures = make([]FailureRow, 0, len(ord.failures))
		}
		infoOf = make([]int32, len(st.reports))
		infos = make([]ReportInfo, 0, len(st.reports))
	}
	for _, ri := range ord.reports {
		r := &st.reports[ri]
		if !c.report(st, r) {
			continue
		}
		pols := st.policiesOf(r)
		keptAny := false
		for i := range pols {
			if c.policy(st, &pols[i]) {
				kept[int(r.pol)+i], keptAny = true, true
			}
		}
		if len(c.policies) > 0 && !keptAny {
			continue
		}
		if !rows {
			sl.add(res, r, pols, &scratch)
			continue
		}
		infoOf[ri] = int32(len(infos))
		infos = append(infos, ReportInfo{})
		sl.add(res, r, pols, &infos[len(infos)-1])
	}
	if rows {
		// infos no longer grows: the pointers taken below stay valid.
		res.ReportList = make([]*ReportInfo, len(infos))
		for i := range infos {
			res.ReportList[i] = &infos[i]
		}
	}
	for _, fi := range ord.failures {
		fd := &st.failures[fi]
		pi := fd.policy
		if !kept[pi] || !c.failure(st, fd) {
			continue
		}
		p := &st.policies[pi]
		res.FailureDetails++
		addTo(sl.resultTypes, fd.resultType, fd.failed)
		addTo(sl.mxHosts, fd.mx, fd.failed)
		addTo(sl.sendingIPs, fd.sendingIP, fd.failed)
		addTo(sl.receivingIPs, fd.receivingIP, fd.failed)
		if !rows {
			continue
		}
		res.Failures = append(res.Failures, FailureRow{
			FailureDetail: report.FailureDetail{
				ResultType:            st.str(fd.resultType),
				SendingMTAIP:          st.str(fd.sendingIP),
				ReceivingMXHostname:   st.str(fd.mx),
				ReceivingMXHelo:       st.str(fd.helo),
				ReceivingIP:           st.str(fd.receivingIP),
				FailedSessions:        fd.failed,
				AdditionalInformation: st.str(fd.info),
				FailureReasonCode:     st.str(fd.reason),
			},
			PolicyType:   st.policyType(p),
			PolicyDomain: st.str(p.domain),
			Report:       res.ReportList[infoOf[fd.report]],
		})
	}
	sl.finish(res)
	fs := <-findings
	res.AllFindings, res.Findings = fs[0], fs[1]
	return res
}

// order is the default order of a snapshot's reports and failure details.
// It depends only on the records, so it is sorted once per snapshot and
// every Result merely filters it.
type order struct {
	reports  []uint32 // by start, organization, report-id
	failures []uint32 // most failed sessions first, then newest report, then result type
}

// orderCache is shared by the snapshots of one Analysis: the order last
// computed, from which the next snapshot's is made without sorting again
// what it already holds. While a folder loads, the window takes a snapshot
// every second or so; sorting all 200,000 reports anew for each cost more
// than a second of CPU.
type orderCache struct {
	mu   sync.Mutex
	last *order
}

func (s *Snapshot) order() *order {
	s.orderOnce.Do(func() {
		st := &s.recs
		// Ties fall back to load order, which makes both orders total: the
		// place of a record never depends on which records came before it.
		// The keys are compared one after the other, not all at once
		// (cmp.Or), as most pairs differ in the first.
		byStart := func(x, y uint32) int {
			a, b := &st.reports[x], &st.reports[y]
			if c := compareStart(a, b); c != 0 {
				return c
			}
			if c := cmp.Compare(st.str(a.org), st.str(b.org)); c != 0 {
				return c
			}
			return cmp.Or(cmp.Compare(st.id(a), st.id(b)), cmp.Compare(x, y))
		}
		byFailed := func(x, y uint32) int {
			a, b := &st.failures[x], &st.failures[y]
			if c := cmp.Compare(b.failed, a.failed); c != 0 {
				return c
			}
			if c := compareStart(&st.reports[b.report], &st.reports[a.report]); c != 0 {
				return c
			}
			return cmp.Or(cmp.Compare(st.str(a.resultType), st.str(b.resultType)), cmp.Compare(x, y))
		}
		s.orders.mu.Lock()
		prev := s.orders.last
		s.orders.mu.Unlock()
		if prev == nil {
			prev = &order{}
		}
		o := &order{reports: extendOrder(prev.reports, len(st.reports), byStart), failures: extendOrder(prev.failures, len(st.failures), byFailed)}
		s.orders.mu.Lock()
		// Snapshots may compute their orders in any order; the cache keeps
		// the largest, which every later snapshot extends.
		if last := s.orders.last; last == nil || len(o.reports)+len(o.failures) > len(last.reports)+len(last.failures) {
			s.orders.last = o
		}
		s.orders.mu.Unlock()
		s.ord = o
	})
	return s.ord
}

// extendOrder is the order of records 0 to n-1 by compare, made from prev,
// the order of the records 0 to len(prev)-1. An order restricted to fewer
// records is still in order, so a larger prev is filtered; a smaller one
// gets the new records sorted and merged in, each by binary search, so the
// comparisons grow with the records added, not with those already ordered.
func extendOrder(prev []uint32, n int, compare func(x, y uint32) int) []uint32 {
	m := len(prev)
	switch {
	case m == n:
		return prev // orders are never modified
	case m > n:
		out := make([]uint32, 0, n)
		for _, i := range prev {
			if int(i) < n {
				out = append(out, i)
			}
		}
		return out
	}
	added := make([]uint32, n-m)
	for k := range added {
		added[k] = uint32(m + k)
	}
	slices.SortFunc(added, compare)
	out := make([]uint32, 0, n)
	done := 0
	for _, x := range added {
		rest := prev[done:]
		at, _ := slices.BinarySearchFunc(rest, x, compare)
		out = append(append(out, rest[:at]...), x)
		done += at
	}
	return append(out, prev[done:]...)
}

type policyKey struct {
	typ    report.PolicyType
	domain sym
}

// slicer accumulates the reports a filter keeps.
type slicer struct {
	st                                             *store
	c                                              *compiledFilter
	policies                                       map[policyKey]*PolicyTotal
	domains                                        map[sym]*DomainTotal
	orgs                                           map[sym]*OrgTotal
	days                                           map[int32]*DayTotal
	resultTypes, mxHosts, sendingIPs, receivingIPs map[sym]int64
	scratch                                        []int // reused by byDomain
}

func (sl *slicer) add(res *Result, r *reportRec, pols []policyRec, info *ReportInfo) {
	st, c := sl.st, sl.c
	keep := func(p *policyRec) bool { return c.policy(st, p) }
	src, id := st.texts.get(r.text)
	start, end := r.startTime(), r.endTime()
	// Without rows info is the same scratch for every report: its list is
	// reused rather than made anew for each.
	policies := info.Policies[:0]
	if policies == nil {
		policies = make([]PolicyRef, 0, len(pols))
	}
	*info = ReportInfo{
		Source:           src,
		OrganizationName: st.str(r.org),
		ContactInfo:      st.str(r.contact),
		ReportID:         id,
		Start:            start,
		End:              end,
		Policies:         policies,
	}
	for i := range pols {
		if p := &pols[i]; keep(p) {
			info.Policies = append(info.Policies, PolicyRef{st.policyType(p), st.str(p.domain), p.successful, p.failed})
		}
	}
	sl.scratch = byDomain(pols, keep, sl.scratch, func(run domainRun) {
		ok, failed, types := run.sessions(pols)
		info.Successful, info.Failed = AddCounts(info.Successful, ok), AddCounts(info.Failed, failed)
		shared := types > 1
		for k, i := range run {
			// Two entries of one type for a domain are one report of that policy.
			first := k == 0 || pols[run[k-1]].typ != pols[i].typ
			sl.addPolicy(start, &pols[i], shared, first)
		}
		d := getOr(sl.domains, pols[run[0]].domain, func() *DomainTotal { return &DomainTotal{Domain: st.str(pols[run[0]].domain)} })
		d.Reports++
		if shared {
			d.SharedReports++
		}
		d.Successful, d.Failed = AddCounts(d.Successful, ok), AddCounts(d.Failed, failed)
		d.addDay(r.day(), ok, failed)
		for _, i := range run {
			if t := st.policyType(&pols[i]); !slices.Contains(d.Types, t) {
				d.Types = append(d.Types, t)
			}
		}
	})
	if res.Reports == 0 || start.Before(res.First) {
		res.First = start
	}
	if end.After(res.Last) {
		res.Last = end
	}
	res.Reports++
	res.SuccessfulSessions = AddCounts(res.SuccessfulSessions, info.Successful)
	res.FailedSessions = AddCounts(res.FailedSessions, info.Failed)

	org := getOr(sl.orgs, r.org, func() *OrgTotal { return &OrgTotal{Name: st.str(r.org)} })
	org.Reports++
	org.Successful = AddCounts(org.Successful, info.Successful)
	org.Failed = AddCounts(org.Failed, info.Failed)
	d := r.day()
	day := getOr(sl.days, d, func() *DayTotal { return &DayTotal{Day: dayTime(d)} })
	day.Successful = AddCounts(day.Successful, info.Successful)
	day.Failed = AddCounts(day.Failed, info.Failed)
}

func (sl *slicer) addPolicy(start time.Time, p *policyRec, shared, first bool) {
	key := policyKey{sl.st.policyType(p), p.domain}
	t := getOr(sl.policies, key, func() *PolicyTotal {
		return &PolicyTotal{Type: key.typ, Domain: sl.st.str(p.domain), MaxAge: -1}
	})
	if first {
		t.Reports++
		if shared {
			t.SharedReports++
		}
	}
	t.Successful = AddCounts(t.Successful, p.successful)
	t.Failed = AddCounts(t.Failed, p.failed)
	if p.shape == 0 {
		return
	}
	shape := sl.st.shapeOf(p)
	if shape.sts != nil {
		t.seeMode(shape.sts.Mode, start)
	}
	if start.Before(t.policyAt) {
		return
	}
	// The slices stay the store's until finish clones them, once.
	t.policyAt, t.MXHosts, t.TLSARecords = start, shape.mxHosts, shape.tlsa
	if sts := shape.sts; sts != nil {
		t.Mode, t.MXPatterns, t.MaxAge, t.Version = sts.Mode, sts.MX, sts.MaxAge, sts.Version
	}
}

// seeMode records that a report starting at at saw mode; reports come in
// the order they start. A mode that is not the current one starts a run,
// unless it is the mode before the current one: that is either a sender
// with the old policy cached, its reports interleaved with the current
// mode's, or the old mode back for good. It is held apart (back) until the
// current mode is seen again, which makes it the first, still seen, or
// another mode is, or the reports end, which make it a run of its own.
func (t *PolicyTotal) seeMode(mode report.STSMode, at time.Time) {
	n := len(t.Modes)
	switch {
	case t.back != nil && mode == t.back.Mode:
		t.back.Last = at
		return
	case t.back != nil && mode == t.Modes[n-1].Mode:
		t.Modes[n-2].Last = t.back.Last
		t.back = nil
	case t.back != nil:
		t.Modes, t.back = append(t.Modes, *t.back), nil
		n++
	}
	switch {
	case n > 0 && t.Modes[n-1].Mode == mode:
		t.Modes[n-1].Last = at
	case n > 1 && t.Modes[n-2].Mode == mode:
		t.back = &ModeSeen{mode, at, at}
	default:
		t.Modes = append(t.Modes, ModeSeen{mode, at, at})
	}
}

func (sl *slicer) finish(res *Result) {
	bySessions := func(ok, failed int64) int64 { return AddCounts(ok, failed) }
	res.Policies = derefSorted(sl.policies, func(x, y *PolicyTotal) int {
		return cmp.Or(cmp.Compare(bySessions(y.Successful, y.Failed), bySessions(x.Successful, x.Failed)),
			cmp.Compare(x.Type, y.Type), cmp.Compare(x.Domain, y.Domain))
	})
	for i := range res.Policies {
		p := &res.Policies[i]
		if p.back != nil {
			p.Modes, p.back = append(p.Modes, *p.back), nil
		}
		// A Result is its caller's to change; the store is shared by all.
		p.MXHosts, p.TLSARecords, p.MXPatterns = slices.Clone(p.MXHosts), slices.Clone(p.TLSARecords), slices.Clone(p.MXPatterns)
	}
	res.Domains = derefSorted(sl.domains, func(x, y *DomainTotal) int {
		return cmp.Or(cmp.Compare(bySessions(y.Successful, y.Failed), bySessions(x.Successful, x.Failed)), cmp.Compare(x.Domain, y.Domain))
	})
	for i := range res.Domains {
		slices.Sort(res.Domains[i].Types)
		res.Domains[i].finishDays()
	}
	res.Organizations = derefSorted(sl.orgs, func(x, y *OrgTotal) int {
		return cmp.Or(cmp.Compare(bySessions(y.Successful, y.Failed), bySessions(x.Successful, x.Failed)), cmp.Compare(x.Name, y.Name))
	})
	res.Days = derefSorted(sl.days, func(x, y *DayTotal) int { return x.Day.Compare(y.Day) })
	res.ResultTypes = sl.sortedCounts(sl.resultTypes)
	res.ReceivingMXHosts = sl.sortedCounts(sl.mxHosts)
	res.SendingMTAIPs = sl.sortedCounts(sl.sendingIPs)
	res.ReceivingIPs = sl.sortedCounts(sl.receivingIPs)
}

func (sl *slicer) sortedCounts(m map[sym]int64) []Count {
	out := make([]Count, 0, len(m))
	for v, n := range m {
		out = append(out, Count{sl.st.str(v), n})
	}
	slices.SortFunc(out, func(x, y Count) int { return cmp.Or(cmp.Compare(y.Failed, x.Failed), cmp.Compare(x.Name, y.Name)) })
	return out
}

func getOr[K comparable, V any](m map[K]*V, k K, make func() *V) *V {
	v := m[k]
	if v == nil {
		v = make()
		m[k] = v
	}
	return v
}
