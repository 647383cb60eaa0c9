package analysis

import (
	"testing"
	"time"
)

// TestDayTextAsTimeFormats: the kept texts are the days' own, also when
// two days share a slot and take turns in it, and before 1970.
func TestDayTextAsTimeFormats(t *testing.T) {
	for _, d := range []int32{0, -1, 19_723, 19_723 + dayTextSlots, 19_723, -719_162, 2_932_896, 19_724} {
		want := time.Unix(int64(d)*86400, 0).UTC().Format("2006-01-02")
		for range 2 { // formatted, then kept
			if got := dayText(d); got != want {
				t.Errorf("dayText(%d) = %q, want %q", d, got, want)
			}
		}
	}
}
