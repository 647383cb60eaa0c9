package analysis

import (
	"cmp"
	"slices"
	"time"
)

// Result computes the analysis of the reports that f keeps. It reads only
// the snapshot, so it may run on any goroutine.
func (s *Snapshot) Result(f Filter) *Result {
	st := &s.recs
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
		resultTypes:  make(map[string]int64),
		mxHosts:      make(map[string]int64),
		sendingIPs:   make(map[string]int64),
		receivingIPs: make(map[string]int64),
	}
	infos := make([]ReportInfo, 0, len(st.reports))
	for i := range st.reports {
		r := &st.reports[i]
		if !c.report(st, r) {
			continue
		}
		pols := st.policiesOf(r)
		if c.domains != nil && !slices.ContainsFunc(pols, func(p policyRec) bool { return c.policy(st, &p) }) {
			continue
		}
		infos = append(infos, ReportInfo{})
		sl.add(res, r, pols, &infos[len(infos)-1])
	}
	// infos no longer grows: the pointers taken below stay valid.
	res.ReportList = make([]*ReportInfo, len(infos))
	for i := range infos {
		res.ReportList[i] = &infos[i]
	}
	for i := range sl.failures {
		sl.failures[i].Report = res.ReportList[sl.failureReport[i]]
	}
	sl.finish(res)
	res.Findings = s.Findings(f)
	return res
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
	resultTypes, mxHosts, sendingIPs, receivingIPs map[string]int64
	failures                                       []FailureRow
	failureReport                                  []int // index into the kept reports of each failure row
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
	info.Successful, info.Failed = reportSessions(pols, keep)
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

	var seenDomains []sym
	for i := range pols {
		p := &pols[i]
		if !keep(p) {
			continue
		}
		info.Policies = append(info.Policies, PolicyRef{p.typ, st.str(p.domain), p.successful, p.failed})
		shared := sharesSessions(pols, p, keep)
		sl.addPolicy(r, p, shared)
		if !slices.Contains(seenDomains, p.domain) {
			seenDomains = append(seenDomains, p.domain)
			sl.addDomain(pols, p.domain, shared, keep)
		}
		for j := range st.failuresOf(p) {
			fd := &st.failuresOf(p)[j]
			if !c.failure(st, fd) {
				continue
			}
			addTo(sl.resultTypes, st.str(fd.resultType), fd.failed)
			addTo(sl.mxHosts, st.str(fd.mx), fd.failed)
			addTo(sl.sendingIPs, st.str(fd.sendingIP), fd.failed)
			addTo(sl.receivingIPs, st.str(fd.receivingIP), fd.failed)
			sl.failures = append(sl.failures, FailureRow{
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
			})
			sl.failureReport = append(sl.failureReport, res.Reports-1)
		}
	}
}

// sharesSessions tells whether the report listed p's domain under another
// policy type too.
func sharesSessions(pols []policyRec, p *policyRec, keep func(*policyRec) bool) bool {
	return slices.ContainsFunc(pols, func(q policyRec) bool { return q.domain == p.domain && q.typ != p.typ && keep(&q) })
}

func (sl *slicer) addPolicy(r *reportRec, p *policyRec, shared bool) {
	key := policyKey{p.typ, p.domain}
	t := getOr(sl.policies, key, func() *PolicyTotal {
		return &PolicyTotal{Type: p.typ, Domain: sl.st.str(p.domain), MaxAge: -1}
	})
	t.Reports++
	t.Successful = AddCounts(t.Successful, p.successful)
	t.Failed = AddCounts(t.Failed, p.failed)
	if shared {
		t.SharedReports++
	}
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

func (sl *slicer) addDomain(pols []policyRec, domain sym, shared bool, keep func(*policyRec) bool) {
	d := getOr(sl.domains, domain, func() *DomainTotal { return &DomainTotal{Domain: sl.st.str(domain)} })
	d.Reports++
	if shared {
		d.SharedReports++
	}
	ok, failed := reportSessions(pols, func(p *policyRec) bool { return p.domain == domain && keep(p) })
	d.Successful = AddCounts(d.Successful, ok)
	d.Failed = AddCounts(d.Failed, failed)
	for _, p := range pols {
		if p.domain == domain && keep(&p) && !slices.Contains(d.Types, p.typ) {
			d.Types = append(d.Types, p.typ)
		}
	}
}

func (sl *slicer) finish(res *Result) {
	bySessions := func(ok, failed int64) int64 { return AddCounts(ok, failed) }
	res.Policies = derefSorted(sl.policies, func(x, y *PolicyTotal) int {
		return cmp.Or(cmp.Compare(bySessions(y.Successful, y.Failed), bySessions(x.Successful, x.Failed)),
			cmp.Compare(x.Type, y.Type), cmp.Compare(x.Domain, y.Domain))
	})
	for _, p := range res.Policies {
		slices.SortFunc(p.Modes, func(x, y ModeSeen) int { return x.First.Compare(y.First) })
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
	res.ResultTypes = sortedCounts(sl.resultTypes)
	res.ReceivingMXHosts = sortedCounts(sl.mxHosts)
	res.SendingMTAIPs = sortedCounts(sl.sendingIPs)
	res.ReceivingIPs = sortedCounts(sl.receivingIPs)
	res.Failures = sl.failures
	SortFailures(res.Failures, ByFailedSessions, true)
	slices.SortStableFunc(res.ReportList, func(x, y *ReportInfo) int {
		return cmp.Or(x.Start.Compare(y.Start), cmp.Compare(x.OrganizationName, y.OrganizationName), cmp.Compare(x.ReportID, y.ReportID))
	})
}

func getOr[K comparable, V any](m map[K]*V, k K, make func() *V) *V {
	v := m[k]
	if v == nil {
		v = make()
		m[k] = v
	}
	return v
}
