package analysis

// Remove drops a report as if it had never been added, so that a report
// removed from the library leaves the window without reading the library
// again: the one of organization org with reportID, or, when reportID is
// empty (such reports are never deduplicated), the one of org read from
// source. It reports whether there was one. Snapshots taken before keep
// what they had: the records are copied, not changed in place.
func (a *Analysis) Remove(org, reportID, source string) bool {
	st := &a.recs
	out := store{syms: st.syms, canon: st.canon, shapes: st.shapes, shapeIdx: st.shapeIdx, texts: st.texts}
	out.reports = make([]reportRec, 0, len(st.reports))
	out.policies = make([]policyRec, 0, len(st.policies))
	out.failures = make([]failureRec, 0, len(st.failures))
	seen := newReportIndex()
	removed := false
	for i := range st.reports {
		r := st.reports[i]
		src, id := st.texts.get(r.text)
		name := st.str(r.org)
		if !removed && name == org && id == reportID && (reportID != "" || src == source) {
			removed = true
			continue
		}
		ri := uint32(len(out.reports))
		pols := st.policiesOf(&r)
		r.pol = uint32(len(out.policies))
		out.orgs = out.list(out.orgs, r.org, listedOrg)
		for _, p := range pols {
			fails := st.failuresOf(&p)
			p.fail = uint32(len(out.failures))
			out.policies = append(out.policies, p)
			out.domains = out.list(out.domains, p.domain, listedDomain)
			for _, f := range fails {
				f.report, f.policy = ri, uint32(len(out.policies)-1)
				out.failures = append(out.failures, f)
			}
		}
		out.reports = append(out.reports, r)
		if id != "" {
			seen.add(reportKey{name, id}, ri, func(j uint32) bool {
				rec := &out.reports[j]
				return out.str(rec.org) == name && out.id(rec) == id
			})
		}
	}
	if !removed {
		return false
	}
	// The cached order numbers the old records.
	a.recs, a.seen, a.orders = out, seen, &orderCache{}
	return true
}
