package gcpolicy

import "testing"

func TestGCPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 100},
		{8 << 20, 100},  // small loads keep the default
		{16 << 20, 100}, // headroom equal to the live heap
		{32 << 20, 50},
		{64 << 20, 25},
		{55_000_000, 30}, // 200,000 reports: 16 MiB over 55 MB
		{1 << 30, 20},    // never below 20
	} {
		if got := percent(c.live); got != c.want {
			t.Errorf("percent(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}
