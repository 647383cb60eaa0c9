package gcpolicy

import "testing"

func TestGCPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 100},
		{2 << 20, 100},   // small loads keep the default
		{4 << 20, 100},   // headroom equal to the live heap
		{8 << 20, 50},    // 20,000 diverse reports near the end of the load
		{16 << 20, 25},   // 20,000 diverse reports while findings are drawn
		{14_000_000, 29}, // 4 MiB over 14 MB
		{55_000_000, 20}, // 200,000 reports: never below 20
		{1 << 30, 20},
	} {
		if got := percent(c.live); got != c.want {
			t.Errorf("percent(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}
