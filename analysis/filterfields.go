package analysis

import (
	"fmt"
	"slices"
	"strings"
)

// FilterLevel says what a list of a Filter narrows.
type FilterLevel int

// The levels, widest first.
const (
	ReportLevel  FilterLevel = iota // the reports, and so every total
	FailureLevel                    // the failure details, and the findings drawn from them
	FindingLevel                    // the findings only
)

// FilterList is one list of a Filter. FilterLists names each once: Merge,
// Equal, Parts, the window's chips and the command line's flags all go
// through it, so that a new list cannot be forgotten by one of them (a
// test sets every field of Filter and asks each of them).
type FilterList struct {
	Flag  string // the command line's flag, without its dash
	Label string // its words in a description or a chip: "domain example.org"
	Usage string // the flag's help
	Level FilterLevel
	// Domain tells that the values are domains, which people read in
	// their Unicode form.
	Domain bool
	Get    func(*Filter) *[]string
}

// FilterLists are the lists of a Filter, in the order they are described.
// The period (From, To) is described after the first.
var FilterLists = []FilterList{
	{"domain", "domain", "only this policy domain (repeatable)", ReportLevel, true, func(f *Filter) *[]string { return &f.Domains }},
	{"org", "reporter", "only this reporting organization (repeatable)", ReportLevel, false, func(f *Filter) *[]string { return &f.Organizations }},
	{"result", "result", "only failure details of this result type (repeatable)", FailureLevel, false, func(f *Filter) *[]string { return &f.ResultTypes }},
	{"mx", "MX host", "only failure details of this receiving MX host (repeatable)", FailureLevel, false, func(f *Filter) *[]string { return &f.MXHosts }},
	{"ip", "sending IP", "only failure details from this sending MTA IP (repeatable)", FailureLevel, false, func(f *Filter) *[]string { return &f.SendingIPs }},
	{"receiving-ip", "receiving IP", "only failure details to this receiving IP (repeatable)", FailureLevel, false, func(f *Filter) *[]string { return &f.ReceivingIPs }},
	{"severity", "severity", "only findings of this severity: critical, warning or info (repeatable)", FindingLevel, false, func(f *Filter) *[]string { return &f.Severities }},
	{"kind", "kind", "only findings of this kind, such as certificate-problem (repeatable)", FindingLevel, false, func(f *Filter) *[]string { return &f.Kinds }},
}

func (f Filter) narrows(level FilterLevel) bool {
	for _, l := range FilterLists {
		if l.Level == level && len(*l.Get(&f)) > 0 {
			return true
		}
	}
	return false
}

// Merge is f narrowed by g: each list g sets, and its period when it sets
// one, replaces f's.
func (f Filter) Merge(g Filter) Filter {
	for _, l := range FilterLists {
		if v := *l.Get(&g); len(v) > 0 {
			*l.Get(&f) = v
		}
	}
	if !g.From.IsZero() || !g.To.IsZero() {
		f.From, f.To = g.From, g.To
	}
	return f
}

// Equal tells whether f and g keep the same, value for value.
func (f Filter) Equal(g Filter) bool {
	for _, l := range FilterLists {
		if !slices.Equal(*l.Get(&f), *l.Get(&g)) {
			return false
		}
	}
	return f.From.Equal(g.From) && f.To.Equal(g.To)
}

// keepsFinding tells whether the finding-level lists of f keep x.
func (f Filter) keepsFinding(x *Finding) bool {
	has := func(list []string, v string) bool {
		return len(list) == 0 || slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), v) })
	}
	return has(f.Severities, string(x.Severity)) && has(f.Kinds, string(x.Kind))
}

// validateFindingLists says which severity or kind no finding can have: a
// typo would keep no finding and read as good news.
func (f Filter) validateFindingLists() error {
	for _, s := range f.Severities {
		if !slices.ContainsFunc([]Severity{SeverityCritical, SeverityWarning, SeverityInfo}, func(v Severity) bool { return strings.EqualFold(strings.TrimSpace(s), string(v)) }) {
			return fmt.Errorf("%q is not a severity (critical, warning or info)", s)
		}
	}
	for _, k := range f.Kinds {
		if !slices.ContainsFunc(kindOrder, func(v FindingKind) bool { return strings.EqualFold(strings.TrimSpace(k), string(v)) }) {
			return fmt.Errorf("%q is not a kind of finding (%s)", k, kindNames())
		}
	}
	return nil
}

func kindNames() string {
	names := make([]string, len(kindOrder))
	for i, k := range kindOrder {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// FindingKinds are the kinds of finding, in the order they are listed.
func FindingKinds() []FindingKind { return slices.Clone(kindOrder) }
