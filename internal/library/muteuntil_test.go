package library

import (
	"testing"
	"time"
)

// The window's "For 7 days" and mute -for count from the day judged as
// of, not the hour: 2026-03-03 (at any hour) plus 7 days is 2026-03-10,
// plus 36 hours 2026-03-04 (noon), plus 2 weeks 2026-03-17.
func TestMuteUntilCountsFromTheAsOfDay(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		d    time.Duration
		want string
	}{
		{time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), 7 * 24 * time.Hour, "2026-03-10"},
		{time.Date(2026, 3, 3, 23, 30, 0, 0, time.UTC), 7 * 24 * time.Hour, "2026-03-10"},
		{time.Date(2026, 3, 3, 23, 30, 0, 0, time.UTC), 36 * time.Hour, "2026-03-04"},
		{time.Date(2026, 3, 3, 12, 0, 0, 0, time.FixedZone("X", -10*3600)), 14 * 24 * time.Hour, "2026-03-17"},
	} {
		if got := MuteUntil(c.at, c.d); got != c.want {
			t.Errorf("MuteUntil(%s, %s) = %s, want %s", c.at, c.d, got, c.want)
		}
	}
}
