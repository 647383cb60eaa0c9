package charts

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// role gives a series its meaning, and so its color, in every chart.
type role int

const (
	success role = iota
	failure
)

type series struct {
	name string
	role role
}

var (
	sessionSeries = []series{{"Successful", success}, {"Failed", failure}}
	failureSeries = []series{{"Failed sessions", failure}}
)

// bar is one category with one value per series, stacked in series order.
type bar struct {
	label  string
	values []int64
}

func (b bar) total() int64 {
	var t int64
	for _, v := range b.values {
		t = analysis.AddCounts(t, v)
	}
	return t
}

// tick labels the bar at index bar on the category axis.
type tick struct {
	bar   int
	label string
}

// spec is what one chart shows, prepared from the analysis without any
// drawing, so that what it shows can be tested apart from how.
type spec struct {
	title, subtitle string
	valueAxis       string
	categoryAxis    string
	series          []series
	bars            []bar
	ticks           []tick
	// columns draws vertical columns along a time axis; otherwise bars are
	// horizontal, which leaves room for long domain names.
	columns bool
	// message, when set, replaces the plot: there is nothing to draw, and an
	// empty axis would look like a bug. good marks it as good news.
	message, detail string
	good            bool
}

// limits are the layout budgets that depend on the output size.
type limits struct {
	bars      int // most bars in one chart, "others" included
	labelLen  int // longest category label, in characters
	timeTicks int // most labels on a time axis
	// compact drops the subtitle and the axis names, which would leave a
	// small chart no room for bars; tooSmall drops the chart itself.
	compact, tooSmall bool
}

// limitsFor sizes the budgets by logical pixels (pixels / scale), the space
// a reader actually sees.
func limitsFor(o Options) limits {
	w, h := float64(o.Width)/o.scale(), float64(o.Height)/o.scale()
	l := limits{
		bars:      clamp(int((h-170)/24), 3, 15),
		labelLen:  clamp(int(w/24), 12, 48),
		timeTicks: clamp(int((w-120)/110), 2, 16),
		compact:   w < 480 || h < 320,
		tooSmall:  w < 240 || h < 150,
	}
	if l.compact {
		l.bars = clamp(int((h-90)/22), 2, 15)
	}
	return l
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// topAddresses keeps the host and IP charts to the few addresses an admin
// acts on; the rest are grouped.
const topAddresses = 10

func buildSpec(id ID, r *analysis.Result, l limits) (spec, error) {
	if r == nil {
		r = &analysis.Result{}
	}
	s, err := chartSpec(id, r, l)
	if err == nil && l.tooSmall {
		s = spec{title: s.title, message: "Too small", detail: "Enlarge the chart to see it."}
	}
	return s, err
}

func chartSpec(id ID, r *analysis.Result, l limits) (spec, error) {
	s := spec{title: id.Title()}
	switch id {
	case SessionsPerPolicy:
		return sessionsSpec(s, r, l, "Policy (success rate)", [2]string{"policy", "policies"}, r.Policies, func(p analysis.PolicyTotal) (string, string, int64, int64) {
			if p.Domain == "" {
				return "", p.Label(), p.Successful, p.Failed
			}
			return string(p.Type) + " ", p.Domain, p.Successful, p.Failed
		}), nil
	case SessionsByOrganization:
		return sessionsSpec(s, r, l, "Reporting organization (success rate)", [2]string{"organization", "organizations"}, r.Organizations, func(o analysis.OrgTotal) (string, string, int64, int64) {
			return "", textfmt.Field(o.Name), o.Successful, o.Failed
		}), nil
	case FailuresByResultType:
		return failuresSpec(s, r, l, l.bars, "Result type", [2]string{"result type", "result types"}, r.ResultTypes, func(name string) string {
			return analysis.DescribeResultType(name).Title
		}), nil
	case FailuresByMXHost:
		return failuresSpec(s, r, l, min(l.bars, topAddresses+1), "Receiving MX host", [2]string{"host", "hosts"}, r.ReceivingMXHosts, nil), nil
	case FailuresBySendingIP:
		return failuresSpec(s, r, l, min(l.bars, topAddresses+1), "Sending MTA IP", [2]string{"address", "addresses"}, r.SendingMTAIPs, nil), nil
	case SessionsOverTime:
		return timeSpec(s, r, l), nil
	}
	return spec{}, fmt.Errorf("unknown chart %q", id)
}

// noReports is checked first by every chart: without reports, "no failures"
// would be a false all-clear.
func noReports(s spec, r *analysis.Result) (spec, bool) {
	if r.Reports > 0 {
		return s, false
	}
	s.message, s.detail = "No reports", "Open TLS-RPT reports to see this chart."
	return s, true
}

func noSessions(s spec) spec {
	s.message, s.detail = "No sessions", "The reports count no sessions at all."
	return s
}

// sessionsSpec charts successful and failed sessions per item. get splits an
// item's label into a prefix kept whole (the policy type) and a name that
// may be shortened.
func sessionsSpec[T any](s spec, r *analysis.Result, l limits, axis string, noun [2]string, items []T, get func(T) (prefix, name string, ok, failed int64)) spec {
	if s, empty := noReports(s, r); empty {
		return s
	}
	bars := make([]bar, 0, len(items))
	var ok, failed int64
	for _, it := range items {
		prefix, name, o, f := get(it)
		bars = append(bars, bar{prefix + shorten(name, max(l.labelLen-utf8.RuneCountInString(prefix), 12)), []int64{o, f}})
		ok, failed = analysis.AddCounts(ok, o), analysis.AddCounts(failed, f)
	}
	if ok == 0 && failed == 0 {
		return noSessions(s)
	}
	bars = topBars(bars, l.bars)
	for i := range bars {
		bars[i].label += " · " + textfmt.Rate(bars[i].values[0], bars[i].values[1])
	}
	s.series, s.bars, s.ticks = sessionSeries, bars, barTicks(bars)
	s.valueAxis, s.categoryAxis = "Sessions", axis
	s.subtitle = fmt.Sprintf("%s, %s successful, in %s%s", counted(analysis.AddCounts(ok, failed), sessionNoun), textfmt.Rate(ok, failed),
		counted(int64(len(items)), noun), shownNote(len(bars), len(items)))
	return s
}

// failuresSpec charts failed-session counts; name turns a key into words
// (nil keeps the key).
func failuresSpec(s spec, r *analysis.Result, l limits, n int, axis string, noun [2]string, counts []analysis.Count, name func(string) string) spec {
	if s, empty := noReports(s, r); empty {
		return s
	}
	bars := make([]bar, 0, len(counts))
	var failed int64
	for _, c := range counts {
		if c.Failed <= 0 {
			continue
		}
		label := textfmt.Field(c.Name)
		if name != nil && c.Name != "" {
			label = name(c.Name)
		}
		bars = append(bars, bar{shorten(label, l.labelLen), []int64{c.Failed}})
		failed = analysis.AddCounts(failed, c.Failed)
	}
	if len(bars) == 0 && r.FailedSessions > 0 {
		// Failure details are optional in RFC 8460: failed sessions without
		// them are not "no failures".
		s.message = "No failure details"
		s.detail = fmt.Sprintf("The reports count %s but do not detail them.", counted(r.FailedSessions, failedNoun))
		return s
	}
	if len(bars) == 0 {
		s.message, s.good = "No failures", true
		s.detail = "The reports count no failed sessions."
		switch n := r.SuccessfulSessions; {
		case n == 1:
			s.detail = "The one session in these reports succeeded."
		case n > 1:
			s.detail = fmt.Sprintf("All %s sessions in these reports succeeded.", textfmt.Count(n))
		}
		return s
	}
	total := len(bars)
	bars = topBars(bars, n)
	s.series, s.bars, s.ticks = failureSeries, bars, barTicks(bars)
	s.valueAxis, s.categoryAxis = "Failed sessions", axis
	s.subtitle = fmt.Sprintf("%s, %s%s", counted(failed, failedNoun), counted(int64(total), noun), shownNote(len(bars), total))
	return s
}

var (
	sessionNoun = [2]string{"session", "sessions"}
	failedNoun  = [2]string{"failed session", "failed sessions"}
)

// counted writes n with its noun: "1 policy", "1,234 policies".
func counted(n int64, noun [2]string) string { return textfmt.Counted(n, noun[0], noun[1]) }

func shownNote(shown, total int) string {
	if shown >= total {
		return ""
	}
	return fmt.Sprintf(" (top %d shown)", shown-1)
}

func barTicks(bars []bar) []tick {
	t := make([]tick, len(bars))
	for i, b := range bars {
		t[i] = tick{i, b.label}
	}
	return t
}

// topBars orders bars by total, largest first (ties keep the analysis order),
// and folds all but the first n-1 into one "others" bar so that no chart
// grows past n bars.
func topBars(bars []bar, n int) []bar {
	bars = slices.Clone(bars)
	slices.SortStableFunc(bars, func(x, y bar) int { return cmp.Compare(y.total(), x.total()) })
	if len(bars) <= n {
		return bars
	}
	rest := bars[n-1:]
	others := bar{fmt.Sprintf("others (%s more)", textfmt.Count(int64(len(rest)))), make([]int64, len(rest[0].values))}
	for _, b := range rest {
		for i, v := range b.values {
			others.values[i] = analysis.AddCounts(others.values[i], v)
		}
	}
	return append(bars[:n-1:n-1], others)
}

// formatTick formats an axis value. Ticks of an axis that reaches the
// int64 maximum (hostile counts) lie beyond int64 and are written as
// floating point rather than wrapped into negative numbers.
func formatTick(v float64) string {
	if v >= math.MaxInt64 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return textfmt.Count(int64(v))
}

// shorten makes report text one safe line (textfmt.Line) short enough to
// label a bar: long names lose their middle, since both the host and the
// domain end matter.
func shorten(s string, n int) string {
	s = textfmt.Line(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	tail := (n - 1) / 2
	head := n - 1 - tail
	return string(runes[:head]) + "…" + string(runes[len(runes)-tail:])
}

// niceTicks spans 0..max in at most n round steps (1, 2 or 5 times a power
// of ten, never below 1 since counts are whole) and ends at or above max.
func niceTicks(maxValue float64, n int) []float64 {
	maxValue = max(maxValue, 1)
	n = max(n, 1)
	step := 1.0
	for _, mag := range []float64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18} {
		found := false
		for _, m := range []float64{1, 2, 5} {
			if step = m * mag; math.Ceil(maxValue/step) <= float64(n) {
				found = true
				break
			}
		}
		if found {
			break
		}
	}
	top := math.Ceil(maxValue/step) * step
	ticks := make([]float64, 0, int(top/step)+1)
	for v := 0.0; v <= top*(1+1e-9); v += step {
		ticks = append(ticks, v)
	}
	return ticks
}

// bucketUnit is the width of one column of the time chart. Days are wanted,
// but a bogus year-1970 report must not make 20,000 one-pixel columns.
type bucketUnit struct {
	name  string
	limit int // most columns of this unit before the next coarser is used
	floor func(time.Time) time.Time
	next  func(time.Time) time.Time
	// ticks are the ways to label the axis, densest first.
	ticks []tickRule
}

// tickRule says which columns get a label: every k-th column, or those that
// begin a new calendar period, so labels fall on the 1st of a month or on
// New Year rather than on every 30th day.
type tickRule struct {
	at     func(prev, t time.Time, i int) bool
	layout string
}

func everyColumn(k int, layout string) tickRule {
	return tickRule{func(_, _ time.Time, i int) bool { return i%k == 0 }, layout}
}

func everyMonths(k int) tickRule {
	period := func(t time.Time) int { return (t.Year()*12 + int(t.Month()) - 1) / k }
	return tickRule{func(prev, t time.Time, _ int) bool { return period(prev) != period(t) }, "Jan 2006"}
}

func everyYears(k int) tickRule {
	return tickRule{func(prev, t time.Time, _ int) bool { return prev.Year()/k != t.Year()/k }, "2006"}
}

var (
	monthTicks = []tickRule{everyMonths(1), everyMonths(2), everyMonths(3), everyMonths(6)}
	yearTicks  = []tickRule{everyYears(1), everyYears(2), everyYears(5), everyYears(10), everyYears(20),
		everyYears(50), everyYears(100), everyYears(200), everyYears(500), everyYears(1000)}
)

var bucketUnits = []bucketUnit{
	{"day", 400, floorDay, func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }, slices.Concat(
		[]tickRule{everyColumn(1, time.DateOnly), everyColumn(2, time.DateOnly), everyColumn(7, time.DateOnly), everyColumn(14, time.DateOnly)},
		monthTicks, yearTicks)},
	{"week", 400, func(t time.Time) time.Time {
		t = floorDay(t)
		return t.AddDate(0, 0, -(int(t.Weekday())+6)%7)
	}, func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }, slices.Concat(
		[]tickRule{everyColumn(1, time.DateOnly), everyColumn(2, time.DateOnly), everyColumn(4, time.DateOnly)},
		monthTicks, yearTicks)},
	{"month", 400, func(t time.Time) time.Time {
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}, func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }, slices.Concat(monthTicks, yearTicks)},
	{"year", math.MaxInt, func(t time.Time) time.Time {
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}, func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }, yearTicks},
}

func floorDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// columnCount is how many columns unit u needs from first to last, stopping
// early once past its limit.
func (u bucketUnit) columnCount(first, last time.Time) int {
	n := 0
	for t := u.floor(first); !t.After(last) && n <= u.limit; t = u.next(t) {
		n++
	}
	return n
}

func timeSpec(s spec, r *analysis.Result, l limits) spec {
	if s, empty := noReports(s, r); empty {
		return s
	}
	if len(r.Days) == 0 {
		return noSessions(s)
	}
	first, last := floorDay(r.Days[0].Day), floorDay(r.Days[0].Day)
	var ok, failed int64
	for _, d := range r.Days {
		day := floorDay(d.Day)
		first, last = minTime(first, day), maxTime(last, day)
		ok, failed = analysis.AddCounts(ok, d.Successful), analysis.AddCounts(failed, d.Failed)
	}
	if ok == 0 && failed == 0 {
		return noSessions(s)
	}
	u := bucketUnits[len(bucketUnits)-1]
	for _, c := range bucketUnits {
		if c.columnCount(first, last) <= c.limit {
			u = c
			break
		}
	}
	index := make(map[time.Time]int)
	var starts []time.Time
	for t := u.floor(first); !t.After(last); t = u.next(t) {
		index[t] = len(starts)
		starts = append(starts, t)
	}
	// Every column starts at zero: a day without reports is a day without
	// sessions, not a gap to draw a line across.
	s.bars = make([]bar, len(starts))
	for i := range s.bars {
		s.bars[i].values = make([]int64, 2)
	}
	for _, d := range r.Days {
		b := s.bars[index[u.floor(floorDay(d.Day))]]
		b.values[0] = analysis.AddCounts(b.values[0], d.Successful)
		b.values[1] = analysis.AddCounts(b.values[1], d.Failed)
	}
	s.ticks = timeTicks(starts, u.ticks, l.timeTicks)
	s.columns = true
	s.series = sessionSeries
	s.valueAxis = "Sessions per " + u.name
	s.categoryAxis = strings.ToUpper(u.name[:1]) + u.name[1:] + " (UTC)"
	if u.name == "week" {
		s.categoryAxis = "Week starting (UTC)"
	}
	// last is the start of the last day; the range ends at the next midnight.
	span := textfmt.Span(first, last.Add(24*time.Hour))
	s.subtitle = fmt.Sprintf("%s: %s, %s successful", span, counted(analysis.AddCounts(ok, failed), sessionNoun), textfmt.Rate(ok, failed))
	return s
}

// timeTicks labels the columns by the densest rule that gives at most n
// labels, or by the sparsest rule when none does.
func timeTicks(starts []time.Time, rules []tickRule, n int) []tick {
	var t []tick
	for _, rule := range rules {
		t = t[:0]
		for i, start := range starts {
			prev := start.Add(-time.Nanosecond)
			if i > 0 {
				prev = starts[i-1]
			}
			if rule.at(prev, start, i) {
				t = append(t, tick{i, start.Format(rule.layout)})
			}
		}
		if len(t) <= n {
			break
		}
	}
	return t
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
