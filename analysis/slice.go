package analysis

import (
	"cmp"
	"slices"
	"time"
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
		if c.domains != nil && !keptAny {
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
		pi := ord.failPolicy[fi]
		fd := &st.failures[fi]
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
			FailureDetail: FailureDetail{
				ResultType:            st.str(fd.resultType),
				SendingMTAIP:          st.str(fd.sendingIP),
				ReceivingMXHostname:   st.str(fd.mx),
				ReceivingMXHelo:       st.str(fd.helo),
				ReceivingIP:           st.str(fd.receivingIP),
				FailedSessions:        fd.failed,
				AdditionalInformation: st.str(fd.info),
				FailureReasonCode:     st.str(fd.reason),
			},
			PolicyType:   p.typ,
			PolicyDomain: st.str(p.domain),
			Report:       res.ReportList[infoOf[ord.failReport[fi]]],
		})
	}
	sl.finish(res)
	res.Findings = s.Findings(f)
	return res
}

// order is the default order of a snapshot's reports and failure details
// and which report and policy each failure detail belongs to. It depends
// only on the records, so it is sorted once per snapshot and every Result
// merely filters it.
type order struct {
	reports    []uint32 // by start, organization, report-id
	failures   []uint32 // most failed sessions first, then newest report, then result type
	failReport []uint32 // by failure index: its report
	failPolicy []uint32 // by failure index: its policy
}

func (s *Snapshot) order() *order {
	s.orderOnce.Do(func() {
		st := &s.recs
		o := &order{
			reports:    make([]uint32, len(st.reports)),
			failures:   make([]uint32, len(st.failures)),
			failReport: make([]uint32, len(st.failures)),
			failPolicy: make([]uint32, len(st.failures)),
		}
		for ri := range st.reports {
			o.reports[ri] = uint32(ri)
			r := &st.reports[ri]
			for pi := r.pol; pi < r.pol+r.npol; pi++ {
				p := &st.policies[pi]
				for fi := p.fail; fi < p.fail+p.nfail; fi++ {
					o.failReport[fi], o.failPolicy[fi] = uint32(ri), pi
				}
			}
		}
		// Ties fall back to load order, which makes both sorts stable.
		slices.SortFunc(o.reports, func(x, y uint32) int {
			a, b := &st.reports[x], &st.reports[y]
			return cmp.Or(a.start.Compare(b.start), cmp.Compare(st.str(a.org), st.str(b.org)), cmp.Compare(a.id, b.id), cmp.Compare(x, y))
		})
		for i := range o.failures {
			o.failures[i] = uint32(i)
		}
		slices.SortFunc(o.failures, func(x, y uint32) int {
			a, b := &st.failures[x], &st.failures[y]
			return cmp.Or(cmp.Compare(b.failed, a.failed), st.reports[o.failReport[y]].start.Compare(st.reports[o.failReport[x]].start),
				cmp.Compare(st.str(a.resultType), st.str(b.resultType)), cmp.Compare(x, y))
		})
		s.ord = o
	})
	return s.ord
}

type policyKey struct {
	typ    PolicyType
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
	*info = ReportInfo{
		Source:           r.source,
		OrganizationName: st.str(r.org),
		ContactInfo:      st.str(r.contact),
		ReportID:         r.id,
		Start:            r.start,
		End:              r.end,
		Policies:         make([]PolicyRef, 0, len(pols)),
	}
	for i := range pols {
		if p := &pols[i]; keep(p) {
			info.Policies = append(info.Policies, PolicyRef{p.typ, st.str(p.domain), p.successful, p.failed})
		}
	}
	sl.scratch = byDomain(pols, keep, sl.scratch, func(run domainRun) {
		ok, failed, types := run.sessions(pols)
		info.Successful, info.Failed = AddCounts(info.Successful, ok), AddCounts(info.Failed, failed)
		shared := types > 1
		for k, i := range run {
			// Two entries of one type for a domain are one report of that policy.
			first := k == 0 || pols[run[k-1]].typ != pols[i].typ
			sl.addPolicy(r, &pols[i], shared, first)
		}
		d := getOr(sl.domains, pols[run[0]].domain, func() *DomainTotal { return &DomainTotal{Domain: st.str(pols[run[0]].domain)} })
		d.Reports++
		if shared {
			d.SharedReports++
		}
		d.Successful, d.Failed = AddCounts(d.Successful, ok), AddCounts(d.Failed, failed)
		for _, i := range run {
			if !slices.Contains(d.Types, pols[i].typ) {
				d.Types = append(d.Types, pols[i].typ)
			}
		}
	})
	if res.Reports == 0 || r.start.Before(res.First) {
		res.First = r.start
	}
	if r.end.After(res.Last) {
		res.Last = r.end
	}
	res.Reports++
	res.SuccessfulSessions = AddCounts(res.SuccessfulSessions, info.Successful)
	res.FailedSessions = AddCounts(res.FailedSessions, info.Failed)

	org := getOr(sl.orgs, r.org, func() *OrgTotal { return &OrgTotal{Name: st.str(r.org)} })
	org.Reports++
	org.Successful = AddCounts(org.Successful, info.Successful)
	org.Failed = AddCounts(org.Failed, info.Failed)
	day := getOr(sl.days, r.day, func() *DayTotal { return &DayTotal{Day: dayTime(r.day)} })
	day.Successful = AddCounts(day.Successful, info.Successful)
	day.Failed = AddCounts(day.Failed, info.Failed)
}

func (sl *slicer) addPolicy(r *reportRec, p *policyRec, shared, first bool) {
	key := policyKey{p.typ, p.domain}
	t := getOr(sl.policies, key, func() *PolicyTotal {
		return &PolicyTotal{Type: p.typ, Domain: sl.st.str(p.domain), MaxAge: -1}
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
		t.Modes = seeMode(t.Modes, shape.sts.Mode, r.start)
	}
	if r.start.Before(t.policyAt) {
		return
	}
	// The slices stay the store's until finish clones them, once.
	t.policyAt, t.MXHosts, t.TLSARecords = r.start, shape.mxHosts, shape.tlsa
	if sts := shape.sts; sts != nil {
		t.Mode, t.MXPatterns, t.MaxAge, t.Version = sts.Mode, sts.MX, sts.MaxAge, sts.Version
	}
}

// seeMode records that a report starting at at saw mode.
func seeMode(modes []ModeSeen, mode STSMode, at time.Time) []ModeSeen {
	for i := range modes {
		if modes[i].Mode == mode {
			if at.Before(modes[i].First) {
				modes[i].First = at
			}
			if at.After(modes[i].Last) {
				modes[i].Last = at
			}
			return modes
		}
	}
	return append(modes, ModeSeen{mode, at, at})
}

func (sl *slicer) finish(res *Result) {
	bySessions := func(ok, failed int64) int64 { return AddCounts(ok, failed) }
	res.Policies = derefSorted(sl.policies, func(x, y *PolicyTotal) int {
		return cmp.Or(cmp.Compare(bySessions(y.Successful, y.Failed), bySessions(x.Successful, x.Failed)),
			cmp.Compare(x.Type, y.Type), cmp.Compare(x.Domain, y.Domain))
	})
	for i := range res.Policies {
		p := &res.Policies[i]
		slices.SortFunc(p.Modes, func(x, y ModeSeen) int { return x.First.Compare(y.First) })
		// A Result is its caller's to change; the store is shared by all.
		p.MXHosts, p.TLSARecords, p.MXPatterns = slices.Clone(p.MXHosts), slices.Clone(p.TLSARecords), slices.Clone(p.MXPatterns)
	}
	res.Domains = derefSorted(sl.domains, func(x, y *DomainTotal) int {
		return cmp.Or(cmp.Compare(bySessions(y.Successful, y.Failed), bySessions(x.Successful, x.Failed)), cmp.Compare(x.Domain, y.Domain))
	})
	for i := range res.Domains {
		slices.Sort(res.Domains[i].Types)
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
