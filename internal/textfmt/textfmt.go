// Package textfmt writes counts, rates and report fields the same way in the
// window, the charts and the command line: session counts reach the
// millions and are read at a glance only with thousands separators, and a
// field a reporter left out must not look like a missing row.
package textfmt

import (
	"math"
	"strconv"
	"strings"
)

// NotReported stands for a field the reporter left out or sent empty.
const NotReported = "(not reported)"

// Field is s, or NotReported when s is blank.
func Field(s string) string {
	if strings.TrimSpace(s) == "" {
		return NotReported
	}
	return s
}

// Mode is a policy's MTA-STS mode as tables show it: "–" for policies that
// are not MTA-STS, "unknown" when no report carried the policy-string. It
// takes the policy type and mode as their RFC 8460 and RFC 8461 wire names
// (analysis.PolicyType and analysis.STSMode) rather than importing
// analysis, so that analysis can write its findings with these formatters.
func Mode[T, M ~string](t T, m M) string {
	switch {
	case t != "sts":
		return "–"
	case m == "":
		return "unknown"
	}
	return string(m)
}

// Count writes n with comma thousands separators: 1234567 is "1,234,567".
func Count[N ~int | ~int64](n N) string {
	s := strconv.FormatInt(int64(n), 10)
	digits := s
	out := make([]byte, 0, len(s)+len(s)/3)
	if s[0] == '-' {
		out = append(out, '-')
		digits = s[1:]
	}
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, digits[i])
	}
	return string(out)
}

// Counted is a count with its noun: "1 report", "1,204 reports".
func Counted[N ~int | ~int64](n N, one, many string) string {
	return Count(n) + " " + Plural(n, one, many)
}

// Plural picks the word for n: one for exactly 1, many otherwise.
func Plural[N ~int | ~int64](n N, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Rate shows a share as a percentage with one decimal, but never rounds a
// share that is not exactly 0 or 1 to "0.0%" or "100.0%": one failure in a
// million still matters.
func Rate(share float64) string {
	p := math.Round(share*1000) / 10
	switch {
	case p >= 100 && share < 1:
		p = 99.9
	case p <= 0 && share > 0:
		return "<0.1%"
	}
	return strconv.FormatFloat(p, 'f', 1, 64) + "%"
}
