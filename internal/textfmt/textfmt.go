// Package textfmt writes counts, rates, dates and report fields the same way
// in the window, the charts and the command line: session counts reach the
// millions and are read at a glance only with thousands separators, and a
// field a reporter left out must not look like a missing row.
package textfmt

import (
	"strings"
	"unicode"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/plain"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// NotReported, Field, MaxAge, Count, Counted, Plural, NoRate and Rate are
// plain's: report-free formatting lives there so that analysis can use it,
// and here too so that callers import one package for all of it.
const (
	NotReported = plain.NotReported
	NoRate      = plain.NoRate
)

// Field is s, or NotReported when s is blank.
func Field(s string) string { return plain.Field(s) }

// MaxAge is an MTA-STS max_age in seconds in its largest whole unit.
func MaxAge(seconds int64) string { return plain.MaxAge(seconds) }

// Count writes n with comma thousands separators.
func Count[N ~int | ~int64](n N) string { return plain.Count(n) }

// Counted is a count with its noun.
func Counted[N ~int | ~int64](n N, one, many string) string { return plain.Counted(n, one, many) }

// Plural picks the word for n.
func Plural[N ~int | ~int64](n N, one, many string) string { return plain.Plural(n, one, many) }

// Rate is the share of ok among ok and failed sessions as a percentage.
func Rate(ok, failed int64) string { return plain.Rate(ok, failed) }

// Mode is a policy's MTA-STS mode as tables show it: "–" for policies that
// are not MTA-STS, "unknown" when no report carried the policy-string.
func Mode(t report.PolicyType, m report.STSMode) string {
	switch {
	case t != report.PolicySTS:
		return "–"
	case m == report.ModeUnknown:
		return "unknown"
	}
	return string(m)
}

// Line makes report text safe to show on one line: control characters
// become spaces, invisible formatting characters are dropped (a U+202E
// bidi override would make the rest of a line read backwards), and runs of
// spaces shrink to one. Invalid UTF-8 becomes U+FFFD.
func Line(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r):
			return ' '
		case unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)), " ")
}

// ResultType is a failure's result type as tables list it: the name the
// report uses, marked when RFC 8460 section 4.3 does not define it.
func ResultType(name string) string {
	if name != "" && !report.IsStandardResultType(name) {
		return name + " (non-standard)"
	}
	return Field(name)
}
