package textfmt

import (
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// Day is the UTC date of t, "–" for the zero time. Reports cover whole UTC
// days, so the date is all a reader needs.
func Day(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format(analysis.DayFormat)
}

// Span is a date range, one date when it covers a single day. An end at
// midnight belongs to the day before (analysis.InclusiveEnd).
func Span(first, last time.Time) string {
	if first.IsZero() && last.IsZero() {
		return Day(first)
	}
	// A range's start may be 0001-01-01T00:00:00Z, Go's zero time: a date
	// here, not "none" (it printed "– – 9999-12-31").
	day := func(t time.Time) string { return t.UTC().Format(analysis.DayFormat) }
	a, b := day(first), day(analysis.InclusiveEnd(first, last))
	if a == b {
		return a
	}
	return a + " – " + b
}

// SpanLength says roughly how long a range lasts, counting whole UTC days:
// a one-day report spans "1 day".
func SpanLength(first, last time.Time) string {
	days := int(last.Sub(first).Round(24*time.Hour) / (24 * time.Hour))
	days = max(days, 1)
	switch {
	case days <= 90:
		return Counted(days, "day", "days")
	case days <= 2*365:
		return Counted(days*12/365, "month", "months")
	}
	return Counted(days/365, "year", "years")
}

// Moment is when something happened on this computer (a mailbox checked),
// in local time to the minute; "never" for the zero time.
func Moment(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Local().Format("2006-01-02 15:04")
}
