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
	return s.newestDay()
}

// newestDay is the start day of the newest report of everything loaded,
// whatever a filter keeps: the reports of one reporter that stopped in
// June do not make the others' September reports older.
func (s *Snapshot) newestDay() int32 {
	var newest int32
	for i := range s.recs.reports {
		newest = max(newest, s.recs.reports[i].day())
	}
	return newest
}

// newest is newestDay as a time; zero without reports.
func (s *Snapshot) newest() time.Time {
	if len(s.recs.reports) == 0 {
		return time.Time{}
	}
	return dayTime(s.newestDay())
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

// NoReportSince is the newest report's UTC day (DayFormat) when more than
// StaleAfterDays have passed from it to the day the findings are judged
// as of; "" while reports come, or without any. Both days are of
// everything loaded, not of the filter's slice, and the clock is read only
// through AsOf (Snapshot.JudgeAsOf): a folder judged as of its newest
// report is never stale, a library judged as of today is when its reports
// stopped.
func (r *Result) NoReportSince() string {
	// The day judged as of has only begun: its reports are due after it.
	if r.Newest.IsZero() || r.AsOf.Sub(r.Newest) <= (StaleAfterDays+1)*24*time.Hour {
		return ""
	}
	return r.Newest.Format(DayFormat)
}

// AsOfDay is the day the findings are judged as of, called today when it
// is the clock's UTC day today and not the newest report's (a library's
// findings, judged as of the clock).
func (r *Result) AsOfDay(today time.Time) string {
	day := r.AsOf.Format(DayFormat)
	if day == today.UTC().Format(DayFormat) && !r.AsOf.Equal(r.Newest) {
		return "today, " + day
	}
	return day
}

// AsOfWords says as of when the findings are judged, in the words every
// view and command uses: "as of 2026-09-10" for reports judged as of their
// newest, and where the two days differ (a library judged as of the clock,
// or -now) both: "as of today, 2026-12-07; newest report 2026-09-10".
func (r *Result) AsOfWords(today time.Time) string {
	if r.Newest.IsZero() || r.AsOf.Equal(r.Newest) {
		return "as of " + r.AsOfDay(today)
	}
	return "as of " + r.AsOfDay(today) + "; newest report " + r.Newest.Format(DayFormat)
}

// StaleQuestion is what to ask when no report came since day.
func StaleQuestion(day string) string {
	return "No report since " + day + ": is the mailbox that receives the reports still read?"
}
