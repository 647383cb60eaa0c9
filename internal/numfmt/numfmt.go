// Package numfmt formats numbers the same way in the window, the charts and
// the command line: session counts reach the millions and are read at a
// glance only with thousands separators.
package numfmt

import (
	"math"
	"strconv"
)

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
