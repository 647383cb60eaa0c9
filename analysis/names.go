package analysis

import "slices"

// Domains lists every policy domain of the snapshot's reports once, as
// reported, sorted: what a filter may pick from.
func (s *Snapshot) Domains() []string { return s.recs.names(s.recs.domains) }

// Organizations lists every reporting organization of the snapshot's
// reports once, sorted.
func (s *Snapshot) Organizations() []string { return s.recs.names(s.recs.orgs) }

// names are the strings of distinct non-empty symbols, sorted.
func (st *store) names(syms []sym) []string {
	var out []string
	for _, v := range syms {
		out = append(out, st.str(v))
	}
	slices.Sort(out)
	return out
}
