package analysis

import (
	"time"
)

// OverAfterDays: a problem last reported more than this many days before
// the moment findings are judged as of is over, however recent it is among
// its policy's own reports: a certificate that failed in a 2016 report is
// history in 2026, not news. Two weeks outlast any reporter's delay and a
// mailbox left unread over a holiday; a shorter silence is what
// reports-stopped and NoReportSince tell of.
const OverAfterDays = 14

// SetAsOf judges the findings as of day, a UTC day (the clock, for a
// library or a monitoring check), instead of as of the newest report in
// the snapshot (for a folder of reports, whenever they were sent). Call it
// before computing any result from s.
func (s *Snapshot) SetAsOf(day time.Time) { s.asOf = unixDay(day.Unix()) }

// JudgeAsOf is the one rule for the moment findings are judged as of,
// which the window and every command follow: day, when the user names one
// (check's -now, for reproducible runs); else, for reports kept in a
// library, which watching keeps up to date, the clock: a library asks about
// today, and a problem last reported weeks ago is over; else, for folders
// and files opened whenever their reports were sent, the newest report
// loaded. Call it before computing any result from s.
func (s *Snapshot) JudgeAsOf(library bool, day time.Time) {
	switch {
	case !day.IsZero():
		s.SetAsOf(day)
	case library:
		s.SetAsOf(time.Now().UTC())
	}
}

// AsOf is the UTC day the findings are judged as of; zero with no report
// and no SetAsOf.
func (s *Snapshot) AsOf() time.Time {
	d := s.judgedAsOf()
	if d == 0 && len(s.recs.reports) == 0 {
		return time.Time{}
	}
	return dayTime(d)
}

func (s *Snapshot) judgedAsOf() int32 {
	if s.asOf != 0 {
		return s.asOf
	}
	var newest int32
	for i := range s.recs.reports {
		newest = max(newest, s.recs.reports[i].day())
	}
	return newest
}

// current is the day a problem of h's policy must have been seen near to
// be current: its policy's newest report, or OverAfterDays before the day
// judged as of when that report is older.
func (fc *findingCollector) current(h *policyHistory) int32 {
	return max(h.newestAt, fc.asOf-OverAfterDays)
}

// StaleAfterDays is how many days may pass after the newest report's day
// before the reports are said to have stopped coming: reporters send a
// day's report the day after, some a day later still.
const StaleAfterDays = 2

// NoReportSince is the newest report's UTC day (DayFormat) when, at now,
// more than StaleAfterDays have passed since it; "" while reports come, or
// without any.
func (r *Result) NoReportSince(now time.Time) string {
	_, newest := r.Span()
	if newest.IsZero() || now.Sub(newest.Truncate(24*time.Hour)) <= (StaleAfterDays+1)*24*time.Hour {
		return ""
	}
	return newest.Format(DayFormat)
}

// StaleQuestion is what to ask when no report came since day.
func StaleQuestion(day string) string {
	return "No report since " + day + ": is the mailbox that receives the reports still read?"
}
