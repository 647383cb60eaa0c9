package analysis

import (
	"cmp"
	"slices"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// StripDays is how many days a domain's strip covers when the filter sets
// no period: a month is enough to see when a failure started and stopped.
const StripDays = 30

// MaxStripDays bounds the strip of a filtered period: past about three
// months a day is too thin to see.
const MaxStripDays = 92

// Health is how a policy domain fares, worst last.
type Health int

// The healths of a domain.
const (
	// HealthOK: no failed session and no finding above info.
	HealthOK Health = iota
	// HealthFailures: some failed sessions, but no finding says they matter.
	HealthFailures
	// HealthAttention: no failed session, but a warning finding is about
	// the domain (too few days to enforce, reports that stopped).
	HealthAttention
	// HealthWarning: failed sessions, and a warning finding is about the
	// domain.
	HealthWarning
	// HealthCritical: a critical finding is about the domain, or none of
	// its sessions succeeded.
	HealthCritical
)

// DomainRow is one policy domain as the front page lists it: both its
// policy types in one row, sessions counted once.
type DomainRow struct {
	DomainTotal
	Health Health
	// STS is the domain's sts policy; nil when no report evaluated one.
	STS *PolicyTotal
	// DANE tells whether reports evaluated a tlsa policy for the domain.
	DANE bool
	// Worst is the most urgent finding about the domain the user did not
	// mute; nil for none. Muted counts the findings muted, which count for
	// nothing in Health: they are what the user chose not to be told again.
	Worst *Finding
	Muted int
	// LastDay is the UTC day the domain's newest report starts on.
	LastDay time.Time
	// Strip is the domain's sessions on each day of the result's strip
	// (Result.StripSpan), oldest first; a day without reports is zero.
	Strip []DayTotal
}

// Sessions is successful plus failed sessions, saturating.
func (d DomainTotal) Sessions() int64 { return AddCounts(d.Successful, d.Failed) }

// addDay counts a report's sessions of the domain on its start day.
func (d *DomainTotal) addDay(day int32, ok, failed int64) {
	if d.days == nil {
		d.days = make(map[int32]*DayTotal)
	}
	t := getOr(d.days, day, func() *DayTotal { return &DayTotal{Day: dayTime(day)} })
	t.Successful, t.Failed = AddCounts(t.Successful, ok), AddCounts(t.Failed, failed)
}

func (d *DomainTotal) finishDays() {
	d.Days = derefSorted(d.days, func(x, y *DayTotal) int { return x.Day.Compare(y.Day) })
	d.days = nil
}

// StripSpan is the first and last day of the domains' strips: the filter's
// period when it sets one (up to MaxStripDays, the latest, and no later than
// the newest report's day), else the StripDays ending on the newest
// report's day. Zero without reports.
func (r *Result) StripSpan() (first, last time.Time) {
	if r.Reports == 0 {
		return time.Time{}, time.Time{}
	}
	_, l := r.Span()
	last = l.Truncate(24 * time.Hour)
	// A To in the future ends on the newest report's day: days without
	// reports yet would push every day with data out of the strip.
	if to := r.Filter.To; !to.IsZero() && to.Before(last) {
		last = to
	}
	days := StripDays
	if !r.Filter.From.IsZero() {
		days, first = MaxStripDays, r.Filter.From
	} else {
		first = last.AddDate(0, 0, 1-days)
	}
	first = maxTime(first, last.AddDate(0, 0, 1-days))
	return first, last
}

// DomainRows lists every policy domain of the result, worst first: by
// health, then failed sessions, then name.
func (r *Result) DomainRows() []DomainRow { return r.DomainRowsMuting(nil) }

// DomainRowsMuting is DomainRows with the findings muted (nil: none) left
// out of each row's health and worst finding, and counted in its Muted.
func (r *Result) DomainRowsMuting(muted func(*Finding) bool) []DomainRow {
	first, last := r.StripSpan()
	n := 0
	if !first.IsZero() {
		n = int(last.Sub(first)/(24*time.Hour)) + 1
	}
	rows := make([]DomainRow, len(r.Domains))
	at := make(map[string]int, len(r.Domains))
	for i, d := range r.Domains {
		row := &rows[i]
		row.DomainTotal = d
		at[d.Domain] = i
		if len(d.Days) > 0 {
			row.LastDay = d.Days[len(d.Days)-1].Day
		}
		row.Strip = make([]DayTotal, n)
		for k := range row.Strip {
			row.Strip[k].Day = first.AddDate(0, 0, k)
		}
		for _, day := range d.Days {
			if k := int(day.Day.Sub(first) / (24 * time.Hour)); !day.Day.Before(first) && k < n {
				row.Strip[k] = day
			}
		}
	}
	for i := range r.Policies {
		p := &r.Policies[i]
		k, ok := at[p.Domain]
		if !ok {
			continue
		}
		switch p.Type {
		case report.PolicySTS:
			rows[k].STS = p
		case report.PolicyTLSA:
			rows[k].DANE = true
		}
	}
	// Findings come most urgent first: the first about a domain is its
	// worst. Every finding counts, whatever severities and kinds the
	// filter lists.
	for i := range r.AllFindings {
		f := &r.AllFindings[i]
		k, ok := at[f.PolicyDomain]
		if !ok {
			continue
		}
		if muted != nil && muted(f) {
			rows[k].Muted++
			continue
		}
		if rows[k].Worst != nil {
			continue
		}
		rows[k].Worst = f
	}
	for i := range rows {
		rows[i].Health = rows[i].judge()
	}
	slices.SortStableFunc(rows, func(x, y DomainRow) int {
		return cmp.Or(cmp.Compare(y.Health, x.Health), cmp.Compare(y.Failed, x.Failed), cmp.Compare(x.Domain, y.Domain))
	})
	return rows
}

// judge is the row's health from its numbers and its worst finding: the
// numbers first, so that a domain none of whose sessions succeeded is
// failing whatever the findings say, and one without a failed session
// gets no failure word however a finding warns.
func (row *DomainRow) judge() Health {
	var worst Severity
	if row.Worst != nil {
		worst = row.Worst.Severity
	}
	switch {
	case worst == SeverityCritical, row.Failed > 0 && row.Successful == 0:
		return HealthCritical
	case worst == SeverityWarning && row.Failed > 0:
		return HealthWarning
	case worst == SeverityWarning:
		return HealthAttention
	case row.Failed > 0:
		return HealthFailures
	}
	return HealthOK
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
