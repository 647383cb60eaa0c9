package analysis

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
)

// SummaryCount was a map of its two members; encoding/json must write the
// struct as it wrote the map, whatever the name holds (escapes, HTML
// characters, invalid UTF-8, line separators).
func TestSummaryCountIsWrittenAsTheMapWas(t *testing.T) {
	for _, field := range []string{"result_type", "receiving_mx_hostname", "sending_mta_ip", "receiving_ip"} {
		for _, name := range []string{"", "mx1.example.com", "2001:db8::1", `a "quoted" \ name`, "<b>&amp;</b>", "göpher.test", "\xff\xfe", "line\u2028sep\n", "tab\there"} {
			for _, n := range []int64{0, 7, -1, 1 << 62} {
				got, err := json.MarshalIndent([]SummaryCount{{field, Count{name, n}}}, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				want, _ := json.MarshalIndent([]map[string]any{{field: name, "failed_sessions": n}}, "", "  ")
				if !bytes.Equal(got, want) {
					t.Errorf("%s %q %d:\n got %s\nwant %s", field, name, n, got, want)
				}
			}
		}
	}
}

// sortFindings puts findings in place along the permutation's cycles:
// shuffled findings of known order come back in that order, each one whole.
func TestSortFindingsRestoresTheOrder(t *testing.T) {
	var want []Finding
	for _, sev := range []Severity{SeverityCritical, SeverityWarning, SeverityInfo} {
		for n := int64(50); n > 0; n-- {
			want = append(want, Finding{Severity: sev, FailedSessions: n * 10, Subject: string(sev) + string(rune('a'+n%26)), Reporters: []string{string(sev)}})
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		fs := slices.Clone(want)
		r.Shuffle(len(fs), func(i, j int) { fs[i], fs[j] = fs[j], fs[i] })
		got := sortFindings(fs)
		for i := range want {
			if got[i].Severity != want[i].Severity || got[i].FailedSessions != want[i].FailedSessions || got[i].Subject != want[i].Subject || got[i].Reporters[0] != want[i].Reporters[0] {
				t.Fatalf("position %d: got %+v, want %+v", i, got[i], want[i])
			}
		}
	}
}
