package charts

import (
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
// name is the category in full (label may be shortened) and narrow is the
// filter that choosing the bar applies; zero for a bar that stands for
// several items.
type bar struct {
	label  string
	values []int64
	name   string
	narrow analysis.Filter
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
	// filter says what the chart is narrowed by, under the title.
	filter       string
	valueAxis    string
	categoryAxis string
	series       []series
	bars         []bar
	ticks        []tick
	// columns draws vertical columns along a time axis; otherwise bars are
	// horizontal, which leaves room for long domain names.
	columns bool
	// message, when set, replaces the plot: there is nothing to draw, and an
	// empty axis would look like a bug. good marks it as good news.
	message, detail string
	good            bool
	// page is the part of a long list of items the bars show.
	page Page
}

// Page says which items of a chart's list the bars show: Shown items from
// the First (0-based) of Items. A chart shows as many as it can hold
// readably; the window pages through the rest.
type Page struct {
	First, Shown, Items int
}

// view is what the reader chose about a chart: the order of its items and
// the first item shown.
type view struct {
	order analysis.Order
	first int
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
// acts on at a glance; the window pages through the rest.
const topAddresses = 10

func buildSpec(id ID, r *analysis.Result, l limits, v view) (spec, error) {
	if r == nil {
		r = &analysis.Result{}
	}
	s, err := chartSpec(id, r, l, v)
	if err == nil && l.tooSmall {
		s = spec{title: s.title, message: "Too small", detail: "Enlarge the chart to see it."}
	}
	return s, err
}

func chartSpec(id ID, r *analysis.Result, l limits, v view) (spec, error) {
	s := spec{title: id.Title(), filter: shorten(filterLine(id, r.Filter), textfmt.LineRunes)}
	switch id {
	case SessionsPerPolicy:
		ps := slices.Clone(r.Policies) // the result is shared: order a copy
		analysis.OrderPolicies(ps, v.order)
		return sessionsSpec(s, r, l, v, "Policy (success rate)", [2]string{"policy", "policies"}, ps, func(p analysis.PolicyTotal) item {
			if p.Domain == "" {
				return item{name: textfmt.Policy(p.Type, p.Domain), ok: p.Successful, failed: p.Failed}
			}
			return item{string(p.Type) + " ", textfmt.Domain(p.Domain), p.Successful, p.Failed, analysis.Filter{Domains: []string{p.Domain}}}
		}), nil
	case SessionsByOrganization:
		os := slices.Clone(r.Organizations)
		analysis.OrderOrganizations(os, v.order)
		return sessionsSpec(s, r, l, v, "Reporting organization (success rate)", [2]string{"organization", "organizations"}, os, func(o analysis.OrgTotal) item {
			it := item{name: textfmt.Field(o.Name), ok: o.Successful, failed: o.Failed}
			if o.Name != "" {
				it.narrow.Organizations = []string{o.Name}
			}
			return it
		}), nil
	case FailuresByResultType:
		return failuresSpec(s, r, l, v, l.bars, "Result type", [2]string{"result type", "result types"}, r.ResultTypes, func(name string) (string, analysis.Filter) {
			return analysis.DescribeResultType(name).Title, analysis.Filter{ResultTypes: []string{name}}
		}), nil
	case FailuresByMXHost:
		return failuresSpec(s, r, l, v, min(l.bars, topAddresses), "Receiving MX host", [2]string{"host", "hosts"}, r.ReceivingMXHosts, func(name string) (string, analysis.Filter) {
			return name, analysis.Filter{MXHosts: []string{name}}
		}), nil
	case FailuresBySendingIP:
		return failuresSpec(s, r, l, v, min(l.bars, topAddresses), "Sending MTA IP", [2]string{"address", "addresses"}, r.SendingMTAIPs, func(name string) (string, analysis.Filter) {
			return name, analysis.Filter{SendingIPs: []string{name}}
		}), nil
	case SessionsOverTime:
		return timeSpec(s, r, l), nil
	}
	return spec{}, fmt.Errorf("unknown chart %q", id)
}

// sessionCharts are the charts of session totals, which come from the
// reports' summaries and so cannot be split by the failure-level filters.
var sessionCharts = []ID{SessionsPerPolicy, SessionsOverTime, SessionsByOrganization}

// filterLine says what a chart is narrowed by. A session chart says so when
// a failure-level filter does not apply to it, rather than look narrowed.
func filterLine(id ID, f analysis.Filter) string {
	if f.IsZero() {
		return ""
	}
	if !slices.Contains(sessionCharts, id) {
		return "Filtered: " + textfmt.Filter(f)
	}
	reports := analysis.Filter{Domains: f.Domains, From: f.From, To: f.To, Organizations: f.Organizations}
	const note = "sessions are not split by result type, host or IP"
	switch {
	case !f.NarrowsFailures():
		return "Filtered: " + textfmt.Filter(reports)
	case !reports.IsZero():
		return "Filtered: " + textfmt.Filter(reports) + " (" + note + ")"
	}
	return "All sessions: " + note
}

// noReports is checked first by every chart: without reports, "no failures"
// would be a false all-clear.
func noReports(s spec, r *analysis.Result) (spec, bool) {
	switch {
	case r.Reports > 0:
		return s, false
	case r.LoadedReports > 0:
		s.message = "No matching reports"
		s.detail = fmt.Sprintf("None of the %s loaded matches the filter.", counted(int64(r.LoadedReports), [2]string{"report", "reports"}))
	default:
		s.message, s.detail = "No reports", "Open TLS-RPT reports to see this chart."
	}
	return s, true
}

func noSessions(s spec) spec {
	s.message, s.detail = "No sessions", "The reports count no sessions at all."
	return s
}

// item is one bar of a sessions chart: a prefix kept whole (the policy
// type), a name that may be shortened, its counts and what choosing it
// narrows to.
type item struct {
	prefix, name string
	ok, failed   int64
	narrow       analysis.Filter
}

// sessionsSpec charts successful and failed sessions per item, in the order
// given.
func sessionsSpec[T any](s spec, r *analysis.Result, l limits, v view, axis string, noun [2]string, items []T, get func(T) item) spec {
	if s, empty := noReports(s, r); empty {
		return s
	}
	bars := make([]bar, 0, len(items))
	var ok, failed int64
	for _, x := range items {
		it := get(x)
		label := it.prefix + shorten(it.name, max(l.labelLen-utf8.RuneCountInString(it.prefix), 12))
		bars = append(bars, bar{label, []int64{it.ok, it.failed}, it.prefix + it.name, it.narrow})
		ok, failed = analysis.AddCounts(ok, it.ok), analysis.AddCounts(failed, it.failed)
	}
	if ok == 0 && failed == 0 {
		return noSessions(s)
	}
	bars, s.page = pageBars(bars, l.bars, v.first, 1)
	for i := range bars {
		bars[i].label += " · " + textfmt.Rate(bars[i].values[0], bars[i].values[1])
	}
	s.series, s.bars, s.ticks = sessionSeries, bars, barTicks(bars)
	s.valueAxis, s.categoryAxis = "Sessions", axis
	// The bars are each item's own counts; the subtitle states the
	// result's, which count a session listed under two policies once.
	s.subtitle = fmt.Sprintf("%s, %s successful, in %s%s", counted(r.TotalSessions(), sessionNoun), textfmt.Rate(r.SuccessfulSessions, r.FailedSessions),
		counted(int64(len(items)), noun), pageNote(s.page, v.order.String()))
	return s
}

// failuresSpec charts failed-session counts, most first; name turns a key
// into words and the filter that choosing it applies.
func failuresSpec(s spec, r *analysis.Result, l limits, v view, n int, axis string, noun [2]string, counts []analysis.Count, name func(string) (string, analysis.Filter)) spec {
	if s, empty := noReports(s, r); empty {
		return s
	}
	bars := make([]bar, 0, len(counts))
	var failed int64
	for _, c := range counts {
		if c.Failed <= 0 {
			continue
		}
		b := bar{values: []int64{c.Failed}, name: textfmt.Field(c.Name)}
		if c.Name != "" {
			b.name, b.narrow = name(c.Name)
		}
		b.label = shorten(b.name, l.labelLen)
		bars = append(bars, b)
		failed = analysis.AddCounts(failed, c.Failed)
	}
	if len(bars) == 0 && r.Filter.NarrowsFailures() {
		s.message = "No matching failure details"
		s.detail = "No failure detail matches the filter."
		return s
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
	bars, s.page = pageBars(bars, n, v.first, -1)
	s.series, s.bars, s.ticks = failureSeries, bars, barTicks(bars)
	s.valueAxis, s.categoryAxis = "Failed sessions", axis
	s.subtitle = fmt.Sprintf("%s, %s%s", counted(failed, failedNoun), counted(int64(total), noun), pageNote(s.page, ""))
	if r.Filter.NarrowsFailures() || r.FailureDetails > 0 {
		s.subtitle += ", from the failure details"
	}
	return s
}

var (
	sessionNoun = [2]string{"session", "sessions"}
	failedNoun  = [2]string{"failed session", "failed sessions"}
)

// counted writes n with its noun: "1 policy", "1,234 policies".
func counted(n int64, noun [2]string) string { return textfmt.Counted(n, noun[0], noun[1]) }

// pageNote says which items the bars show when not all of them.
func pageNote(p Page, order string) string {
	if p.Shown >= p.Items {
		return ""
	}
	by := ""
	if order != "" {
		by = " by " + strings.ToLower(order)
	}
	return fmt.Sprintf(" (%s–%s shown%s)", textfmt.Count(p.First+1), textfmt.Count(p.First+p.Shown), by)
}

func barTicks(bars []bar) []tick {
	t := make([]tick, len(bars))
	for i, b := range bars {
		t[i] = tick{i, b.label}
	}
	return t
}

// pageBars keeps at most n bars, from the first. The bars after them are
// folded into one "others" bar only when none of them failed (failed is the
// index of the failure value, -1 when every bar is failures): a failing
// item is never hidden in "others", it is on a later page.
func pageBars(bars []bar, n, first, failed int) ([]bar, Page) {
	if len(bars) <= n {
		return bars, Page{0, len(bars), len(bars)}
	}
	first = clamp(first, 0, len(bars)-1)
	end := min(first+n, len(bars))
	if end == len(bars) {
		return bars[first:end:end], Page{first, end - first, len(bars)}
	}
	rest := bars[end-1:]
	if failed < 0 || slices.ContainsFunc(rest, func(b bar) bool { return b.values[failed] > 0 }) {
		return bars[first:end:end], Page{first, end - first, len(bars)}
	}
	others := bar{label: fmt.Sprintf("others (%s more, none failed)", textfmt.Count(int64(len(rest)))), values: make([]int64, len(rest[0].values))}
	others.name = others.label
	for _, b := range rest {
		for i, v := range b.values {
			others.values[i] = analysis.AddCounts(others.values[i], v)
		}
	}
	return append(bars[first:end-1:end-1], others), Page{first, end - 1 - first, len(bars)}
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
// domain end matter. go-chart draws every glyph of a text, also those past
// the edge: a filter line naming a 100,000-character reporter took 40 s.
func shorten(s string, n int) string {
	s = textfmt.Line(textfmt.Short(s, textfmt.DetailRunes))
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
	// layout names one column's period, with prefix before it.
	prefix, layout string
}

// period names the column that starts at t: "2026-10-01", "week of
// 2026-09-28", "October 2026", "2026".
func (u bucketUnit) period(t time.Time) string { return u.prefix + t.Format(u.layout) }

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
		monthTicks, yearTicks), "", time.DateOnly},
	{"week", 400, func(t time.Time) time.Time {
		t = floorDay(t)
		return t.AddDate(0, 0, -(int(t.Weekday())+6)%7)
	}, func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }, slices.Concat(
		[]tickRule{everyColumn(1, time.DateOnly), everyColumn(2, time.DateOnly), everyColumn(4, time.DateOnly)},
		monthTicks, yearTicks), "week of ", time.DateOnly},
	{"month", 400, func(t time.Time) time.Time {
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}, func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }, slices.Concat(monthTicks, yearTicks), "", "January 2006"},
	{"year", math.MaxInt, func(t time.Time) time.Time {
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}, func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }, yearTicks, "", "2006"},
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
	// A filtered period is shown whole, days without reports included, so
	// that a month drilled into reads as that month.
	if f := r.Filter.From; !f.IsZero() {
		first = minTime(first, floorDay(f))
	}
	if t := r.Filter.To; !t.IsZero() {
		last = maxTime(last, floorDay(t))
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
	// sessions, not a gap to draw a line across. Only a period with
	// reports narrows the analysis when chosen: one without would show
	// nothing.
	s.bars = make([]bar, len(starts))
	for i, start := range starts {
		s.bars[i].values = make([]int64, 2)
		s.bars[i].name = u.period(start)
	}
	for _, d := range r.Days {
		i := index[u.floor(floorDay(d.Day))]
		b := &s.bars[i]
		b.values[0] = analysis.AddCounts(b.values[0], d.Successful)
		b.values[1] = analysis.AddCounts(b.values[1], d.Failed)
		b.narrow = analysis.Filter{From: starts[i], To: u.next(starts[i]).AddDate(0, 0, -1)}
	}
	s.ticks = timeTicks(starts, u.ticks, l.timeTicks)
	s.page = Page{0, len(starts), len(starts)}
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
