package analysis

import (
	"fmt"
	"strings"
	"testing"
)

// A policy's MTA-STS modes are told in the order they held: a mode that
// comes back after another one ended is a run of its own (the trial saw
// enforce, a one-report testing blip, enforce again a month later read
// "enforce → testing from the blip; enforce still seen until today"),
// while a sender with the old policy cached, its reports interleaved with
// the new mode's, is the old mode still seen.
func TestModesInTheOrderTheyHeld(t *testing.T) {
	for _, tc := range []struct{ seq, want string }{ // a report a day from October 1; runs as mode first-last day
		{"EEETEE", "enforce 1-3, testing 4-4, enforce 5-6"},
		{"TTTETETEE", "testing 1-7, enforce 4-9"}, // one sender still on the cached testing policy
		{"TTEE", "testing 1-2, enforce 3-4"},
		{"EEE", "enforce 1-3"},
	} {
		var reports []obj
		for i, c := range tc.seq {
			mode := map[rune]string{'E': "enforce", 'T': "testing"}[c]
			reports = append(reports, reportObj("Google Inc.", fmt.Sprint("m", i), day(i+1), stsPolicy("example.com", mode, []string{"mx.example.com"}, 1, 0)))
		}
		var runs []string
		for _, m := range snapshotOf(t, reports...).Result(Filter{}).Policies[0].Modes {
			runs = append(runs, fmt.Sprintf("%s %d-%d", m.Mode, m.First.Day(), m.Last.Day()))
		}
		if got := strings.Join(runs, ", "); got != tc.want {
			t.Errorf("%s: modes %q, want %q", tc.seq, got, tc.want)
		}
	}
}
