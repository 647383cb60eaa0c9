package testgen

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDomainReportsCount(t *testing.T) {
	first := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	// Six domains, two reporters, 61 days; quiet.example stops after day
	// 40 (2×61/3), so it misses 21 days of both reporters.
	files := DomainReports(Story(61), first, 61)
	if want := 6*2*61 - 2*21; len(files) != want {
		t.Errorf("the story has %d reports, want %d", len(files), want)
	}
	if got := len(DomainReports(ManyDomains(300, 3), first, 3)); got != 300*2*3 {
		t.Errorf("300 domains over 3 days: %d reports, want %d", got, 300*2*3)
	}
	for name, data := range files {
		var r map[string]any
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}
