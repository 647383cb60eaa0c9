package analysis

import (
	"cmp"
	"slices"
)

// Order is how a list of totals (policies, organizations) is put
// in front of a reader. The default puts failing items first, so that a
// short list or a chart of the first few never leaves a failure out.
type Order int

// The orders of a list of totals. Ties keep the order the list had.
const (
	ByFailed      Order = iota // most failed sessions first
	BySessions                 // most sessions first
	BySuccessRate              // lowest success rate first
)

// Orders lists every Order, the default first.
func Orders() []Order { return []Order{ByFailed, BySessions, BySuccessRate} }

// String names the order as a menu shows it.
func (o Order) String() string {
	switch o {
	case BySessions:
		return "Sessions"
	case BySuccessRate:
		return "Success rate"
	}
	return "Failed sessions"
}

// OrderPolicies sorts policies in place by o.
func OrderPolicies(ps []PolicyTotal, o Order) {
	orderTotals(ps, o, func(p *PolicyTotal) (int64, int64) { return p.Successful, p.Failed })
}

// OrderOrganizations sorts organizations in place by o.
func OrderOrganizations(os []OrgTotal, o Order) {
	orderTotals(os, o, func(t *OrgTotal) (int64, int64) { return t.Successful, t.Failed })
}

func orderTotals[T any](items []T, o Order, counts func(*T) (ok, failed int64)) {
	slices.SortStableFunc(items, func(x, y T) int {
		xo, xf := counts(&x)
		yo, yf := counts(&y)
		switch o {
		case BySessions:
			return cmp.Compare(AddCounts(yo, yf), AddCounts(xo, xf))
		case BySuccessRate:
			// Of two equal rates the bigger item matters more.
			return cmp.Or(cmp.Compare(successRate(xo, xf), successRate(yo, yf)), cmp.Compare(yf, xf))
		}
		return cmp.Or(cmp.Compare(yf, xf), cmp.Compare(AddCounts(yo, yf), AddCounts(xo, xf)))
	})
}
