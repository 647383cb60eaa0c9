package analysis

import (
	"cmp"
	"slices"
	"strings"
)

// FailureColumn is a column of the failure-details table.
type FailureColumn int

// The sortable columns of the failure-details table.
const (
	ByResultType FailureColumn = iota
	ByReceivingMX
	ByReceivingIP
	BySendingIP
	ByFailedSessions
	ByReasonCode
	ByOrganization
	ByDate
	ByPolicy
)

// SortFailures sorts rows by one column; ties keep a stable, meaningful
// order (newest report first) so the table does not jump.
func SortFailures(rows []FailureRow, by FailureColumn, descending bool) {
	slices.SortStableFunc(rows, func(x, y FailureRow) int {
		c := compareFailures(&x, &y, by)
		if descending {
			c = -c
		}
		return cmp.Or(c, y.Report.Start.Compare(x.Report.Start), cmp.Compare(x.ResultType, y.ResultType))
	})
}

func compareFailures(x, y *FailureRow, by FailureColumn) int {
	switch by {
	case ByResultType:
		return cmp.Compare(x.ResultType, y.ResultType)
	case ByReceivingMX:
		return cmp.Compare(x.ReceivingMXHostname, y.ReceivingMXHostname)
	case ByReceivingIP:
		return cmp.Compare(x.ReceivingIP, y.ReceivingIP)
	case BySendingIP:
		return cmp.Compare(x.SendingMTAIP, y.SendingMTAIP)
	case ByFailedSessions:
		return cmp.Compare(x.FailedSessions, y.FailedSessions)
	case ByReasonCode:
		return cmp.Compare(x.FailureReasonCode, y.FailureReasonCode)
	case ByOrganization:
		return cmp.Compare(x.Report.OrganizationName, y.Report.OrganizationName)
	case ByDate:
		return x.Report.Start.Compare(y.Report.Start)
	case ByPolicy:
		return cmp.Or(cmp.Compare(x.PolicyType, y.PolicyType), cmp.Compare(x.PolicyDomain, y.PolicyDomain))
	}
	return 0
}

// FilterFailures returns the rows in which any text field contains query,
// ignoring case. An empty query returns rows itself.
func FilterFailures(rows []FailureRow, query string) []FailureRow {
	query = strings.ToLower(strings.TrimSpace(query))
	if query == "" {
		return rows
	}
	var out []FailureRow
	for _, r := range rows {
		for _, field := range [...]string{r.ResultType, r.ReceivingMXHostname, r.ReceivingIP, r.SendingMTAIP,
			r.FailureReasonCode, r.Report.OrganizationName, r.PolicyDomain, string(r.PolicyType), r.AdditionalInformation} {
			if strings.Contains(strings.ToLower(field), query) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}
