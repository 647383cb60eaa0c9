package charts

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

var roomy = limits{bars: 15, labelLen: 48, timeTicks: 12}

func TestShorten(t *testing.T) {
	if got := shorten("mx.example.com", 20); got != "mx.example.com" {
		t.Errorf("short name changed: %q", got)
	}
	long := "mx1.a-very-long-subdomain-that-never-ends.mail.example-corporation.co.uk"
	got := shorten(long, 30)
	if utf8.RuneCountInString(got) != 30 || !strings.Contains(got, "…") {
		t.Errorf("shorten = %q (%d runes), want 30 runes with an ellipsis", got, utf8.RuneCountInString(got))
	}
	if !strings.HasPrefix(got, "mx1.a-very-long") || !strings.HasSuffix(got, "poration.co.uk") {
		t.Errorf("shorten = %q, want both ends kept", got)
	}
	if got := shorten("evil\x00\n\tname\u202e.example\u200b", 40); got != "evil name.example" {
		t.Errorf("control and bidi characters kept: %q", got)
	}
	if got := shorten("bad\xffutf8", 40); !utf8.ValidString(got) {
		t.Errorf("invalid UTF-8 kept: %q", got)
	}
	if got := shorten("élève.example", 5); got != "él…le" {
		t.Errorf("shorten counts bytes, not characters: %q", got)
	}
}

func TestPageBars(t *testing.T) {
	mk := func(spec string) []bar {
		var bars []bar
		for _, f := range strings.Fields(spec) {
			label, failed, _ := strings.Cut(f, ":")
			n := int64(0)
			if failed == "x" {
				n = 1
			}
			bars = append(bars, bar{label: label, values: []int64{10, n}})
		}
		return bars
	}
	for _, c := range []struct {
		in          string
		n, first    int
		want        string
		first0, shn int
	}{
		{"a:x b c", 5, 0, "a b c", 0, 3},
		// The rest never failed: folded.
		{"a:x b c d e", 3, 0, "a b others (3 more, none failed)", 0, 2},
		// A failing item after the page is never folded into others.
		{"a:x b c d:x e", 3, 0, "a b c", 0, 3},
		{"a:x b c d:x e", 3, 3, "d e", 3, 2},
		{"a:x b c d:x e", 3, 99, "e", 4, 1},
	} {
		got, page := pageBars(mk(c.in), c.n, c.first, 1)
		if labels(got) != c.want || page.First != c.first0 || page.Shown != c.shn || page.Items != len(strings.Fields(c.in)) {
			t.Errorf("pageBars(%q, %d, %d) = %q %+v, want %q from %d, %d shown", c.in, c.n, c.first, labels(got), page, c.want, c.first0, c.shn)
		}
	}
	got, _ := pageBars(mk("a:x b c d e"), 3, 0, 1)
	if o := got[2].values; o[0] != 30 || o[1] != 0 {
		t.Errorf("others = %v, want the sum [30 0] of c, d, e", o)
	}
	// Failure charts (no success value) page and never fold.
	if got, _ := pageBars(mk("a b c d e"), 3, 0, -1); labels(got) != "a b c" {
		t.Errorf("failure bars = %q", labels(got))
	}
}

func labels(bars []bar) string {
	var s []string
	for _, b := range bars {
		s = append(s, b.label)
	}
	return strings.Join(s, " ")
}

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		max  float64
		n    int
		want []float64
	}{
		{0, 5, []float64{0, 1}},
		{1, 5, []float64{0, 1}},
		{7, 8, []float64{0, 1, 2, 3, 4, 5, 6, 7}},
		{7, 4, []float64{0, 2, 4, 6, 8}},
		{1234567, 5, []float64{0, 500000, 1000000, 1500000}},
		{400, 8, []float64{0, 50, 100, 150, 200, 250, 300, 350, 400}},
	} {
		if got := niceTicks(c.max, c.n); !slices.Equal(got, c.want) {
			t.Errorf("niceTicks(%v, %d) = %v, want %v", c.max, c.n, got, c.want)
		}
	}
	for _, m := range []float64{3, 99, 1e6 + 1, 9.9e17} {
		ticks := niceTicks(m, 6)
		if top := ticks[len(ticks)-1]; top < m || len(ticks) > 7 {
			t.Errorf("niceTicks(%v, 6) = %v: must reach the maximum in at most 6 steps", m, ticks)
		}
	}
}

func TestLimitsFor(t *testing.T) {
	small, big := limitsFor(Options{Width: 400, Height: 250}), limitsFor(Options{Width: 1600, Height: 900})
	if small.bars < 3 || small.bars >= big.bars || big.bars != 15 {
		t.Errorf("bars: small %d, big %d", small.bars, big.bars)
	}
	if hidpi := limitsFor(Options{Width: 3200, Height: 1800, Scale: 2}); hidpi != big {
		t.Errorf("HiDPI limits %+v differ from the same window at scale 1 %+v", hidpi, big)
	}
}

func TestSessionsPerPolicySpec(t *testing.T) {
	r := result(
		reportObj("Google", "1", day0, report.PolicySTS, "example.com", 900, fail("certificate-expired", "192.0.2.1", "mx.example.com", 100)),
		reportObj("Google", "2", day0, report.PolicyTLSA, "example.org", 50),
		reportObj("Microsoft", "3", day0, report.PolicyNoPolicyFound, "", 3000),
		reportObj("Microsoft", "4", day0, report.PolicySTS, "example.com", 1000),
	)
	s, err := buildSpec(SessionsPerPolicy, r, roomy, view{})
	if err != nil {
		t.Fatal(err)
	}
	// Failed sessions first, then by sessions.
	want := []wantBar{
		{"sts example.com · 95.0%", []int64{1900, 100}},
		{"no-policy-found (no domain) · 100%", []int64{3000, 0}},
		{"tlsa example.org · 100%", []int64{50, 0}},
	}
	checkBars(t, s, want)
	if s.message != "" || s.columns || len(s.series) != 2 || s.series[0].role != success || s.series[1].role != failure {
		t.Errorf("spec = %+v", s)
	}
	if f := s.bars[0].narrow; len(f.Domains) != 1 || f.Domains[0] != "example.com" || s.bars[0].name != "sts example.com" {
		t.Errorf("first bar narrows to %+v, named %q", f, s.bars[0].name)
	}
	if !s.bars[1].narrow.IsZero() {
		t.Errorf("a policy without domain narrows to %+v", s.bars[1].narrow)
	}
	s, _ = buildSpec(SessionsPerPolicy, r, roomy, view{order: analysis.BySessions})
	checkBars(t, s, []wantBar{want[1], want[0], want[2]})
	if s.subtitle != "5,050 sessions, 98.0% successful, in 3 policies" {
		t.Errorf("subtitle = %q", s.subtitle)
	}
}

type wantBar struct {
	label  string
	values []int64
}

func checkBars(t *testing.T, s spec, want []wantBar) {
	t.Helper()
	if len(s.bars) != len(want) {
		t.Fatalf("bars = %+v, want %+v", s.bars, want)
	}
	for i := range want {
		if s.bars[i].label != want[i].label || !slices.Equal(s.bars[i].values, want[i].values) {
			t.Errorf("bar %d = %+v, want %+v", i, s.bars[i], want[i])
		}
		if s.ticks[i] != (tick{i, want[i].label}) {
			t.Errorf("tick %d = %+v", i, s.ticks[i])
		}
	}
}

func TestManyPoliciesPaged(t *testing.T) {
	// 500 policies, each with one failed session and i+1 successful.
	r := edgeCases()["500 policies"]
	s, _ := buildSpec(SessionsPerPolicy, r, roomy, view{})
	if len(s.bars) != 15 || s.page != (Page{0, 15, 500}) {
		t.Fatalf("%d bars, page %+v", len(s.bars), s.page)
	}
	for _, b := range s.bars {
		if strings.HasPrefix(b.label, "others") {
			t.Fatalf("failing policies folded into %q", b.label)
		}
	}
	if s.bars[0].values[0] != 500 || s.bars[0].values[1] != 1 || s.bars[0].name != "sts d499.example" {
		t.Errorf("first bar %+v, want the biggest policy", s.bars[0])
	}
	if !strings.Contains(s.subtitle, "in 500 policies (1–15 shown by failed sessions)") {
		t.Errorf("subtitle = %q", s.subtitle)
	}
	s, _ = buildSpec(SessionsPerPolicy, r, roomy, view{first: 15})
	if s.page != (Page{15, 15, 500}) || s.bars[0].name != "sts d484.example" || !strings.Contains(s.subtitle, "(16–30 shown") {
		t.Errorf("second page %+v starts with %q: %q", s.page, s.bars[0].name, s.subtitle)
	}
}

// A small policy with failures among many big healthy ones comes first by
// default, and is never folded into "others".
func TestFailingPolicyNeverHidden(t *testing.T) {
	var reps []*report.Report
	for i := range 300 {
		var fails []report.FailureDetail
		if i == 250 {
			fails = append(fails, fail("certificate-expired", "", "", 3))
		}
		reps = append(reps, reportObj("Org", fmt.Sprint(i), day0, report.PolicySTS, fmt.Sprintf("d%03d.example", i), int64(1000-i), fails...))
	}
	r := result(reps...)
	s, _ := buildSpec(SessionsPerPolicy, r, roomy, view{})
	if s.bars[0].name != "sts d250.example" || s.bars[0].values[1] != 3 {
		t.Errorf("first bar %+v, want the failing policy", s.bars[0])
	}
	if last := s.bars[len(s.bars)-1]; last.label != "others (286 more, none failed) · 100%" {
		t.Errorf("last bar %q", last.label)
	}
	s, _ = buildSpec(SessionsPerPolicy, r, roomy, view{order: analysis.BySessions})
	for _, b := range s.bars {
		if strings.HasPrefix(b.label, "others") {
			t.Errorf("by sessions, the failing policy is after the page and must not be folded: %q", b.label)
		}
	}
}

func TestLongNamesShortened(t *testing.T) {
	r := edgeCases()["long names"]
	for _, id := range All() {
		s, _ := buildSpec(id, r, roomy, view{})
		for _, tk := range s.ticks {
			if n := utf8.RuneCountInString(tk.label); n > roomy.labelLen+len(" · >99.9%") {
				t.Errorf("%s: label of %d characters: %q", id, n, tk.label)
			}
		}
	}
}

func TestFailuresByResultTypeSpec(t *testing.T) {
	r := result(
		reportObj("A", "1", day0, report.PolicySTS, "a.example", 0, fail("starttls-not-supported", "", "", 5), fail("x-odd", "", "", 9)),
		reportObj("A", "2", day0, report.PolicySTS, "b.example", 0, fail("certificate-expired", "", "", 20), fail("", "", "", 1)),
	)
	s, _ := buildSpec(FailuresByResultType, r, roomy, view{})
	checkBars(t, s, []wantBar{
		{"Certificate expired", []int64{20}},
		{"x-odd (non-standard)", []int64{9}},
		{"STARTTLS not offered", []int64{5}},
		{textfmt.NotReported, []int64{1}},
	})
	if len(s.series) != 1 || s.series[0].role != failure || s.valueAxis != "Failed sessions" {
		t.Errorf("spec = %+v", s)
	}
}

func TestFailuresByAddressSpec(t *testing.T) {
	var reps []*report.Report
	for i := range 25 {
		reps = append(reps, reportObj("A", fmt.Sprint(i), day0, report.PolicySTS, "a.example", 0,
			fail("validation-failure", fmt.Sprintf("192.0.2.%d", i), fmt.Sprintf("MX%02d.example", i), int64(100+i))))
	}
	reps = append(reps, reportObj("A", "x", day0, report.PolicySTS, "a.example", 0, fail("validation-failure", "", "", 1000)))
	r := result(reps...)
	for id, first := range map[ID]string{FailuresByMXHost: textfmt.NotReported, FailuresBySendingIP: textfmt.NotReported} {
		s, _ := buildSpec(id, r, roomy, view{})
		if len(s.bars) != 10 || s.page != (Page{0, 10, 26}) {
			t.Fatalf("%s: %d bars, page %+v, want the top 10 of 26 and no others", id, len(s.bars), s.page)
		}
		if s.bars[0].label != first || s.bars[0].values[0] != 1000 || !s.bars[0].narrow.IsZero() {
			t.Errorf("%s: first bar %+v", id, s.bars[0])
		}
	}
	s, _ := buildSpec(FailuresByMXHost, r, roomy, view{})
	if s.bars[1].label != "mx24.example" || s.bars[1].values[0] != 124 || s.bars[1].narrow.MXHosts[0] != "mx24.example" {
		t.Errorf("second MX bar %+v, want the lowercased host with most failures", s.bars[1])
	}
}

func TestSessionsByOrganizationSpec(t *testing.T) {
	r := result(
		reportObj("Google", "1", day0, report.PolicySTS, "a.example", 10, fail("certificate-expired", "", "", 10)),
		reportObj("", "2", day0, report.PolicySTS, "a.example", 100),
	)
	s, _ := buildSpec(SessionsByOrganization, r, roomy, view{})
	checkBars(t, s, []wantBar{
		{"Google · 50.0%", []int64{10, 10}},
		{"(not reported) · 100%", []int64{100, 0}},
	})
}

func TestMessages(t *testing.T) {
	cases := edgeCases()
	for _, c := range []struct {
		data    string
		ids     []ID
		message string
	}{
		{"nil", All(), "No reports"},
		{"no reports", All(), "No reports"},
		{"all zero", []ID{SessionsPerPolicy, SessionsOverTime, SessionsByOrganization}, "No sessions"},
		{"all zero", []ID{FailuresByResultType, FailuresByMXHost, FailuresBySendingIP}, "No failures"},
		{"all success", []ID{FailuresByResultType, FailuresByMXHost, FailuresBySendingIP}, "No failures"},
		{"all success", []ID{SessionsPerPolicy, SessionsOverTime, SessionsByOrganization}, ""},
	} {
		for _, id := range c.ids {
			s, err := buildSpec(id, cases[c.data], roomy, view{})
			if err != nil || s.message != c.message {
				t.Errorf("%s, %s: message %q (err %v), want %q", c.data, id, s.message, err, c.message)
			}
			if s.good != (c.message == "No failures") {
				t.Errorf("%s, %s: good news = %v", c.data, id, s.good)
			}
		}
	}
	undetailed := result(&report.Report{OrganizationName: "A", ReportID: "1", Start: day0, End: day0.AddDate(0, 0, 1),
		Policies: []report.PolicyResult{{Policy: report.Policy{Type: report.PolicySTS, Domain: "a.example"}, Successful: 5, Failed: 3}}})
	for _, id := range []ID{FailuresByResultType, FailuresByMXHost, FailuresBySendingIP} {
		s, _ := buildSpec(id, undetailed, roomy, view{})
		if s.message != "No failure details" || s.good || s.detail != "The reports count 3 failed sessions but do not detail them." {
			t.Errorf("%s without failure details: %q, %q, good news %v", id, s.message, s.detail, s.good)
		}
	}
	s, _ := buildSpec(FailuresByResultType, cases["all success"], roomy, view{})
	if s.detail != "All 42 sessions in these reports succeeded." {
		t.Errorf("detail = %q", s.detail)
	}
	if _, err := buildSpec("pie", cases["all success"], roomy, view{}); err == nil {
		t.Error("unknown chart accepted")
	}
}

func TestSessionsOverTimeSpec(t *testing.T) {
	t.Run("one day", func(t *testing.T) {
		s, _ := buildSpec(SessionsOverTime, edgeCases()["one day"], roomy, view{})
		if len(s.bars) != 1 || !slices.Equal(s.bars[0].values, []int64{10, 1}) || len(s.ticks) != 1 || s.ticks[0] != (tick{0, "2025-01-01"}) {
			t.Errorf("bars %+v, ticks %+v", s.bars, s.ticks)
		}
		if !s.columns || s.categoryAxis != "Day (UTC)" || s.valueAxis != "Sessions per day" {
			t.Errorf("spec = %+v", s)
		}
		if want := "2025-01-01: 11 sessions, 90.9% successful"; s.subtitle != want {
			t.Errorf("subtitle = %q, want %q", s.subtitle, want)
		}
	})
	t.Run("gaps are zero", func(t *testing.T) {
		r := result(
			reportObj("A", "1", day0.Add(23*time.Hour), report.PolicySTS, "a.example", 5),
			reportObj("A", "2", day0.AddDate(0, 0, 3), report.PolicySTS, "a.example", 7, fail("dnssec-invalid", "", "", 2)),
			reportObj("B", "3", day0.AddDate(0, 0, 3), report.PolicySTS, "a.example", 1),
		)
		s, _ := buildSpec(SessionsOverTime, r, roomy, view{})
		if want := "2025-01-01 – 2025-01-04: 15 sessions, 86.7% successful"; s.subtitle != want {
			t.Errorf("subtitle = %q, want %q", s.subtitle, want)
		}
		want := [][]int64{{5, 0}, {0, 0}, {0, 0}, {8, 2}}
		if len(s.bars) != len(want) {
			t.Fatalf("bars = %+v", s.bars)
		}
		for i, w := range want {
			if !slices.Equal(s.bars[i].values, w) {
				t.Errorf("day %d = %v, want %v", i, s.bars[i].values, w)
			}
		}
	})
	t.Run("a year of days", func(t *testing.T) {
		r := realistic(5, 365)
		s, _ := buildSpec(SessionsOverTime, r, roomy, view{})
		if len(s.bars) != 365 || s.valueAxis != "Sessions per day" {
			t.Fatalf("%d bars per %q, want 365 days", len(s.bars), s.valueAxis)
		}
		for i, d := range r.Days {
			b := s.bars[int(d.Day.Sub(day0).Hours()/24)]
			if b.values[0] != d.Successful || b.values[1] != d.Failed {
				t.Errorf("day %d: bar %v, analysis %+v", i, b.values, d)
			}
		}
		if len(s.ticks) > roomy.timeTicks || s.ticks[0].label != "Jan 2025" || s.ticks[1].label != "Feb 2025" || s.ticks[1].bar != 31 {
			t.Errorf("ticks = %+v, want one per month", s.ticks)
		}
	})
	t.Run("a bogus 1970 report", func(t *testing.T) {
		s, _ := buildSpec(SessionsOverTime, edgeCases()["year 1970 gap"], roomy, view{})
		if len(s.bars) != 56 || s.valueAxis != "Sessions per year" {
			t.Fatalf("%d bars per %q, want 56 years", len(s.bars), s.valueAxis)
		}
		if first, last := s.bars[0].values[0], s.bars[len(s.bars)-1].values[0]; first != 5 || last != 5 {
			t.Errorf("first and last months %d, %d, want 5 each", first, last)
		}
		if len(s.ticks) > roomy.timeTicks {
			t.Errorf("%d ticks, limit %d", len(s.ticks), roomy.timeTicks)
		}
	})
	t.Run("year one", func(t *testing.T) {
		r := &analysis.Result{Reports: 1, Days: []analysis.DayTotal{{Successful: 1}, {Day: day0, Failed: 1}}}
		s, _ := buildSpec(SessionsOverTime, r, roomy, view{})
		if len(s.bars) != 2025 || s.valueAxis != "Sessions per year" || len(s.ticks) > roomy.timeTicks {
			t.Errorf("%d bars per %q, %d ticks", len(s.bars), s.valueAxis, len(s.ticks))
		}
	})
}

func TestTimeTicksWeeks(t *testing.T) {
	var starts []time.Time
	for i := range 100 {
		starts = append(starts, time.Date(2024, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*i))
	}
	ticks := timeTicks(starts, bucketUnits[1].ticks, 10)
	if len(ticks) > 10 || ticks[0].label != "Jan 2025" {
		t.Errorf("ticks = %+v", ticks)
	}
	if ticks := timeTicks(starts[:3], bucketUnits[1].ticks, 10); len(ticks) != 3 || ticks[2].label != "2025-01-13" {
		t.Errorf("ticks = %+v, want every week", ticks)
	}
}

func TestFormatTickBeyondInt64(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 5e6: "5,000,000", 1e19: "1e+19", 1.5e19: "1.5e+19"} {
		if got := formatTick(v); got != want {
			t.Errorf("formatTick(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestFilterLine(t *testing.T) {
	from := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	both := analysis.Filter{Domains: []string{"example.org"}, From: from, To: from.AddDate(0, 0, 30), ResultTypes: []string{"certificate-expired"}}
	for _, c := range []struct {
		id   ID
		f    analysis.Filter
		want string
	}{
		{SessionsPerPolicy, analysis.Filter{}, ""},
		{SessionsPerPolicy, analysis.Filter{Organizations: []string{"Google"}}, "Filtered: reporter Google"},
		{FailuresByMXHost, both, "Filtered: domain example.org; 2026-10-01 to 2026-10-31; result certificate-expired"},
		{SessionsOverTime, both, "Filtered: domain example.org; 2026-10-01 to 2026-10-31 (sessions are not split by result type, host or IP)"},
		{SessionsByOrganization, analysis.Filter{SendingIPs: []string{"192.0.2.1"}}, "All sessions: sessions are not split by result type, host or IP"},
	} {
		r := result(reportObj("Google", "1", from, report.PolicySTS, "example.org", 5))
		r.Filter = c.f
		s, _ := buildSpec(c.id, r, roomy, view{})
		if s.filter != c.want {
			t.Errorf("%s under %v: %q, want %q", c.id, c.f, s.filter, c.want)
		}
	}
}

// go-chart draws every glyph of a text, also past the chart's edge: a
// filter line naming a 100,000-character reporter took 40 s to draw. The
// line keeps 200 runes: 100 of the start, "…", 99 of the end.
func TestFilterLineOfALongNameIsShort(t *testing.T) {
	org := strings.Repeat("x", 100_000) + "-end"
	r := result(reportObj(org, "1", day0, report.PolicySTS, "example.org", 5))
	r.Filter = analysis.Filter{Organizations: []string{org}}
	s, _ := buildSpec(SessionsByOrganization, r, roomy, view{})
	want := "Filtered: reporter " + strings.Repeat("x", 100-len("Filtered: reporter ")) + "…" + strings.Repeat("x", 95) + "-end"
	if s.filter != want {
		t.Errorf("filter line of %d runes: %.60q…, want %d", utf8.RuneCountInString(s.filter), s.filter, utf8.RuneCountInString(want))
	}
}

func TestNoMatchingReports(t *testing.T) {
	a := analysis.New()
	a.Add("x", reportObj("Google", "1", day0, report.PolicySTS, "example.org", 5))
	r := a.Result(analysis.Filter{Domains: []string{"other.example"}})
	for _, id := range All() {
		s, _ := buildSpec(id, r, roomy, view{})
		if s.message != "No matching reports" || s.detail != "None of the 1 report loaded matches the filter." || s.filter != "Filtered: domain other.example" {
			t.Errorf("%s: %q, %q, %q", id, s.message, s.detail, s.filter)
		}
	}
	r = a.Result(analysis.Filter{ResultTypes: []string{"certificate-expired"}})
	if s, _ := buildSpec(FailuresByResultType, r, roomy, view{}); s.message != "No matching failure details" || s.good {
		t.Errorf("failure filter matching nothing: %q (good news %v)", s.message, s.good)
	}
}

// A filtered period is drawn whole, and each column narrows to its period.
func TestTimelineZoomsToPeriod(t *testing.T) {
	a := analysis.New()
	a.Add("x", reportObj("A", "1", day0.AddDate(0, 0, 9), report.PolicySTS, "a.example", 5))
	a.Add("x", reportObj("A", "2", day0.AddDate(0, 0, 20), report.PolicySTS, "a.example", 7))
	a.Add("x", reportObj("A", "3", day0.AddDate(2, 0, 0), report.PolicySTS, "a.example", 1))
	month := analysis.Filter{From: day0, To: day0.AddDate(0, 1, -1)}
	s, _ := buildSpec(SessionsOverTime, a.Result(month), roomy, view{})
	if len(s.bars) != 31 || s.bars[9].values[0] != 5 || s.bars[20].values[0] != 7 || s.valueAxis != "Sessions per day" {
		t.Fatalf("%d columns per %q, want the 31 days of January", len(s.bars), s.valueAxis)
	}
	if f := s.bars[9].narrow; !f.From.Equal(day0.AddDate(0, 0, 9)) || !f.To.Equal(f.From) || s.bars[9].name != "2025-01-10" {
		t.Errorf("day column narrows to %v, named %q", f, s.bars[9].name)
	}
	// A day without reports cannot be drilled into: it would show nothing.
	if f := s.bars[10].narrow; !f.IsZero() || s.bars[10].name != "2025-01-11" {
		t.Errorf("the day without reports narrows to %v, named %q; want no filter", f, s.bars[10].name)
	}
	// Unfiltered, the span is two years: weeks.
	s, _ = buildSpec(SessionsOverTime, a.Result(analysis.Filter{}), roomy, view{})
	if s.valueAxis != "Sessions per week" {
		t.Fatalf("per %q", s.valueAxis)
	}
	// 2025-01-06 is the Monday of the week of the first report, Friday 2025-01-10.
	monday := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)
	if f := s.bars[0].narrow; !f.From.Equal(monday) || !f.To.Equal(monday.AddDate(0, 0, 6)) || s.bars[0].name != "week of 2025-01-06" {
		t.Errorf("week column narrows to %v, named %q", f, s.bars[0].name)
	}
}

// Microsoft lists the sessions of a domain with DANE and MTA-STS under both
// policies: each bar keeps its policy's count, the subtitle counts them once.
func TestSessionsPerPolicySubtitleCountsOnce(t *testing.T) {
	a := analysis.New()
	a.Add("m.json", &report.Report{OrganizationName: "Microsoft Corporation", ReportID: "1", Start: day0, End: day0.Add(24 * time.Hour),
		Policies: []report.PolicyResult{
			{Policy: report.Policy{Type: report.PolicySTS, Domain: "example.com"}, Successful: 4},
			{Policy: report.Policy{Type: report.PolicyTLSA, Domain: "example.com"}, Successful: 4},
		}})
	s, err := buildSpec(SessionsPerPolicy, a.Result(analysis.Filter{}), roomy, view{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.bars) != 2 || s.bars[0].values[0] != 4 || s.bars[1].values[0] != 4 {
		t.Errorf("bars %+v, want 4 sessions on each policy", s.bars)
	}
	if !strings.HasPrefix(s.subtitle, "4 sessions, 100% successful, in 2 policies") {
		t.Errorf("subtitle %q, want the 4 sessions counted once", s.subtitle)
	}
}
