package analysis

import (
	"slices"
	"strings"
	"time"
)

// FilterList is one list field of a Filter with everything said of it:
// its words, its command-line flag, its summary.json name and how it
// matches records. Merging, comparing, describing, chips, flags and the
// wire form all go through FilterLists, so a new field is one row here
// (TestFilterListsCoverEveryField fails when a row or a part of one is
// missing).
type FilterList struct {
	Get   func(*Filter) *[]string
	Label string // in descriptions and chips: "domain example.org"
	Flag  string // the command line's flag, repeatable
	Arg   string // the flag's value in the usage text: "-domain D"
	Usage string // the flag's help
	// Domain tells that the values are domains, which people read in their
	// Unicode form.
	Domain bool
	Level  FilterLevel

	wire func(*FilterJSON) *[]string
	norm func(string) string
	// names lists what a value of the list may name, for the lists people
	// type a name into (Snapshot.FindNames, the window's pickers).
	names func(*Snapshot) []string
	// Exactly one of these names the record symbol the list matches, none
	// for a finding-level list (Filter.keepsFinding matches those).
	onReport  func(*reportRec) sym
	onPolicy  func(*policyRec) sym
	onFailure func(*failureRec) sym
}

// FilterLists are the list fields of Filter, in the order people read a
// filter: the domains, (the period,) the reporters, the failure-level lists,
// then the finding-level ones.
var FilterLists = []FilterList{
	{Get: func(f *Filter) *[]string { return &f.Domains }, Label: "domain", Flag: "domain", Arg: "D", Usage: "policy domain (Unicode or punycode, any case, or part of one)", Domain: true,
		wire: func(j *FilterJSON) *[]string { return &j.Domains }, norm: DomainASCII, onPolicy: func(p *policyRec) sym { return p.domain },
		names: (*Snapshot).Domains},
	{Get: func(f *Filter) *[]string { return &f.Organizations }, Label: "reporter", Flag: "org", Arg: "NAME", Usage: "reporting organization (any case, or part of one name)",
		wire: func(j *FilterJSON) *[]string { return &j.Organizations }, norm: strings.ToLower, onReport: func(r *reportRec) sym { return r.org },
		names: (*Snapshot).Organizations},
	{Get: func(f *Filter) *[]string { return &f.ResultTypes }, Label: "result", Flag: "result", Arg: "TYPE", Usage: "failure details of this result type only", Level: FailureLevel,
		wire: func(j *FilterJSON) *[]string { return &j.ResultTypes }, norm: strings.ToLower, onFailure: func(d *failureRec) sym { return d.resultType }},
	{Get: func(f *Filter) *[]string { return &f.MXHosts }, Label: "MX host", Flag: "mx", Arg: "HOST", Usage: "failure details of this receiving MX host only", Level: FailureLevel,
		wire: func(j *FilterJSON) *[]string { return &j.MXHosts }, norm: DomainASCII, onFailure: func(d *failureRec) sym { return d.mx }},
	{Get: func(f *Filter) *[]string { return &f.SendingIPs }, Label: "sending IP", Flag: "ip", Arg: "ADDR", Usage: "failure details from this sending MTA IP only", Level: FailureLevel,
		wire: func(j *FilterJSON) *[]string { return &j.SendingIPs }, norm: canonIP, onFailure: func(d *failureRec) sym { return d.sendingIP }},
	{Get: func(f *Filter) *[]string { return &f.ReceivingIPs }, Label: "receiving IP", Flag: "receiving-ip", Arg: "ADDR", Usage: "failure details to this receiving MX IP only", Level: FailureLevel,
		wire: func(j *FilterJSON) *[]string { return &j.ReceivingIPs }, norm: canonIP, onFailure: func(d *failureRec) sym { return d.receivingIP }},
	{Get: func(f *Filter) *[]string { return &f.Severities }, Label: "severity", Flag: "severity", Arg: "LEVEL", Usage: "findings of this severity only: critical, warning or info", Level: FindingLevel,
		wire: func(j *FilterJSON) *[]string { return &j.Severities }, norm: strings.ToLower},
	{Get: func(f *Filter) *[]string { return &f.Kinds }, Label: "kind", Flag: "kind", Arg: "KIND", Usage: "findings of this kind only, such as certificate-problem", Level: FindingLevel,
		wire: func(j *FilterJSON) *[]string { return &j.Kinds }, norm: strings.ToLower},
}

// PeriodAfter is how many of FilterLists come before the period when a
// filter is described: the domains, then the period, as people say it.
const PeriodAfter = 1

// FilterPart is one value of a Filter, as a chip shows it: a value of one
// list, or the period (List nil).
type FilterPart struct {
	List  *FilterList
	Value string
}

// Each lists every part of f: each value of each list and the period, in
// FilterLists' order with the period after the domains.
func (f Filter) Each() []FilterPart {
	var parts []FilterPart
	for i := range FilterLists {
		if i == PeriodAfter && f.hasPeriod() {
			parts = append(parts, FilterPart{})
		}
		l := &FilterLists[i]
		for _, v := range *l.Get(&f) {
			parts = append(parts, FilterPart{List: l, Value: v})
		}
	}
	return parts
}

// Without is f without part p: one value fewer, or no period.
func (f Filter) Without(p FilterPart) Filter {
	if p.List == nil {
		f.From, f.To = time.Time{}, time.Time{}
		return f
	}
	list := p.List.Get(&f)
	*list = slices.DeleteFunc(slices.Clone(*list), func(s string) bool { return s == p.Value })
	return f
}

// Merge is f narrowed further by g: each list g sets, and g's period if it
// has one, replace f's.
func (f Filter) Merge(g Filter) Filter {
	for _, l := range FilterLists {
		if v := *l.Get(&g); len(v) > 0 {
			*l.Get(&f) = v
		}
	}
	if g.hasPeriod() {
		f.From, f.To = g.From, g.To
	}
	return f
}

// Equal tells whether f and g hold the same values in the same order.
func (f Filter) Equal(g Filter) bool {
	for _, l := range FilterLists {
		if !slices.Equal(*l.Get(&f), *l.Get(&g)) {
			return false
		}
	}
	return f.From.Equal(g.From) && f.To.Equal(g.To)
}

func (f Filter) hasPeriod() bool { return !f.From.IsZero() || !f.To.IsZero() }

// FilterLevel says what a list of a Filter narrows.
type FilterLevel int

// The levels, widest first.
const (
	ReportLevel  FilterLevel = iota // the reports, and so every total
	FailureLevel                    // the failure details, and the findings drawn from them
	FindingLevel                    // the findings only
)

// NarrowsReports tells whether f narrows the reports, and so every total.
func (f Filter) NarrowsReports() bool { return f.hasPeriod() || f.narrows(ReportLevel) }

// NarrowsFailures tells whether f narrows the failure details, and so the
// findings drawn from them.
func (f Filter) NarrowsFailures() bool { return f.narrows(FailureLevel) }

// NarrowsFindings tells whether f narrows the findings only.
func (f Filter) NarrowsFindings() bool { return f.narrows(FindingLevel) }

func (f Filter) narrows(level FilterLevel) bool {
	for _, l := range FilterLists {
		if l.Level == level && len(*l.Get(&f)) > 0 {
			return true
		}
	}
	return false
}

// JSON is f in the form summary.json states it.
func (f Filter) JSON() FilterJSON {
	var j FilterJSON
	for _, l := range FilterLists {
		*l.wire(&j) = *l.Get(&f)
	}
	if !f.From.IsZero() {
		j.From = f.From.Format(DayFormat)
	}
	if !f.To.IsZero() {
		j.To = f.To.Format(DayFormat)
	}
	return j
}

// Parts describes each active part of f in a few words, the values of one
// list together, for chips, chart titles and exports.
func (f Filter) Parts() []string {
	var parts []string
	for i, l := range FilterLists {
		if i == PeriodAfter && f.hasPeriod() {
			parts = append(parts, f.period())
		}
		if v := *l.Get(&f); len(v) > 0 {
			parts = append(parts, l.Label+" "+strings.Join(v, ", "))
		}
	}
	return parts
}

// period describes f's period.
func (f Filter) period() string {
	switch {
	case !f.From.IsZero() && !f.To.IsZero() && f.From.Equal(f.To):
		return "on " + f.From.Format(DayFormat)
	case !f.From.IsZero() && !f.To.IsZero():
		return f.From.Format(DayFormat) + " to " + f.To.Format(DayFormat)
	case !f.From.IsZero():
		return "from " + f.From.Format(DayFormat)
	}
	return "until " + f.To.Format(DayFormat)
}

// String is f in one line ("domain example.org; 2026-10-01 to 2026-10-31");
// empty for the zero Filter.
func (f Filter) String() string { return strings.Join(f.Parts(), "; ") }
