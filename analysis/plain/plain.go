// Package plain writes counts, rates, ages and missing fields in words, for
// people. It knows nothing of reports, so that every package, analysis
// included (its findings are sentences with numbers), can write them the
// same way; textfmt, which formats report fields, offers them too.
package plain

import (
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

// MaxAge is an MTA-STS max_age (RFC 8461 section 3.2), given in seconds,
// in the largest whole unit: 604800 is "7 days". A negative age, which the
// analysis uses for a policy without one, is "–".
func MaxAge(seconds int64) string {
	switch {
	case seconds < 0:
		return "–"
	case seconds > 0 && seconds%86400 == 0:
		return Counted(seconds/86400, "day", "days")
	case seconds > 0 && seconds%3600 == 0:
		return Counted(seconds/3600, "hour", "hours")
	}
	return Counted(seconds, "second", "seconds")
}

// Count writes n with comma thousands separators: 1234567 is "1,234,567".
func Count[N ~int | ~int64](n N) string {
	var buf [32]byte
	return string(AppendCount(buf[:0], n))
}

// AppendCount appends Count(n) to dst, for a sentence written into one
// buffer.
func AppendCount[N ~int | ~int64](dst []byte, n N) []byte {
	var buf [20]byte // the digits of the lowest int64 and its sign
	digits := strconv.AppendInt(buf[:0], int64(n), 10)
	if digits[0] == '-' {
		dst = append(dst, '-')
		digits = digits[1:]
	}
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, d)
	}
	return dst
}

// Counted is a count with its noun: "1 report", "1,204 reports".
func Counted[N ~int | ~int64](n N, one, many string) string {
	var buf [64]byte
	return string(AppendCounted(buf[:0], n, one, many))
}

// AppendCounted appends Counted(n, one, many) to dst.
func AppendCounted[N ~int | ~int64](dst []byte, n N, one, many string) []byte {
	dst = append(AppendCount(dst, n), ' ')
	return append(dst, Plural(n, one, many)...)
}

// Plural picks the word for n: one for exactly 1, many otherwise.
func Plural[N ~int | ~int64](n N, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// NoRate stands for the success rate of no sessions at all.
const NoRate = "–"

// Rate is the share of ok among ok and failed sessions as a percentage with
// one decimal. Only an exact share is written "100%" or "0%"; otherwise
// rounding never hides a failure or a success: one failure in a million is
// ">99.9%", one success "<0.1%".
func Rate(ok, failed int64) string {
	switch {
	case ok == 0 && failed == 0:
		return NoRate
	case failed == 0:
		return "100%"
	case ok == 0:
		return "0%"
	}
	pct := 100 * float64(ok) / (float64(ok) + float64(failed))
	switch {
	case pct >= 99.95:
		return ">99.9%"
	case pct < 0.05:
		return "<0.1%"
	}
	return strconv.FormatFloat(pct, 'f', 1, 64) + "%"
}
