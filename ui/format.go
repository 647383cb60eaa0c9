package ui

import (
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// formatDay is the date of a report boundary; reports cover whole UTC days.
func formatDay(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("2006-01-02")
}

// formatSpan shows a date range, collapsed to one date for a single day.
func formatSpan(first, last time.Time) string {
	last = analysis.InclusiveEnd(first, last)
	a, b := formatDay(first), formatDay(last)
	if a == b {
		return a
	}
	return a + " – " + b
}

// formatDuration says roughly how long the reports span, counting whole
// UTC days: a one-day report spans "1 day".
func formatDuration(first, last time.Time) string {
	days := int(last.Sub(first).Round(24*time.Hour) / (24 * time.Hour))
	days = max(days, 1)
	switch {
	case days <= 90:
		return textfmt.Counted(days, "day", "days")
	case days <= 2*365:
		return textfmt.Counted(days*12/365, "month", "months")
	}
	return textfmt.Counted(days/365, "year", "years")
}
