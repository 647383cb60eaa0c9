package analysis

import "slices"

// Domains lists every policy domain of the snapshot's reports once, as
// reported, sorted: what a filter may pick from.
func (s *Snapshot) Domains() []string {
	st := &s.recs
	seen := make([]bool, len(st.syms.strs))
	for i := range st.policies {
		seen[st.policies[i].domain] = true
	}
	return names(st, seen)
}

// Organizations lists every reporting organization of the snapshot's
// reports once, sorted.
func (s *Snapshot) Organizations() []string {
	st := &s.recs
	seen := make([]bool, len(st.syms.strs))
	for i := range st.reports {
		seen[st.reports[i].org] = true
	}
	return names(st, seen)
}

// names are the non-empty symbols marked in seen, sorted.
func names(st *store, seen []bool) []string {
	var out []string
	for v, ok := range seen {
		if ok && v != 0 {
			out = append(out, st.syms.strs[v])
		}
	}
	slices.Sort(out)
	return out
}
