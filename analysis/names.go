package analysis

import "slices"

// Domains lists every policy domain of the snapshot's reports once, as
// reported, sorted: what a filter may pick from.
func (s *Snapshot) Domains() []string {
	return s.recs.names(func(mark func(sym)) {
		for i := range s.recs.policies {
			mark(s.recs.policies[i].domain)
		}
	})
}

// Organizations lists every reporting organization of the snapshot's
// reports once, sorted.
func (s *Snapshot) Organizations() []string {
	return s.recs.names(func(mark func(sym)) {
		for i := range s.recs.reports {
			mark(s.recs.reports[i].org)
		}
	})
}

// names are the non-empty symbols that walk marks, sorted.
func (st *store) names(walk func(mark func(sym))) []string {
	seen := make([]bool, len(st.syms.strs))
	walk(func(v sym) { seen[v] = true })
	var out []string
	for v, ok := range seen {
		if ok && v != 0 {
			out = append(out, st.syms.strs[v])
		}
	}
	slices.Sort(out)
	return out
}
