package analysis

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// threeReports are two organisations on two days and a duplicate of the
// first report (same organisation and report-id, different numbers, which
// must be ignored).
func threeReports(t *testing.T) []*report.Report {
	t.Helper()
	g1 := reportObj("Google Inc.", "g1", "2024-06-01",
		stsPolicy("example.com", "testing", []string{"mx1.example.com", "mx2.example.com"}, 100, 5,
			obj{"result-type": "certificate-expired", "sending-mta-ip": "192.0.2.1", "receiving-mx-hostname": "MX1.example.com",
				"receiving-ip": "198.51.100.1", "failed-session-count": 3, "failure-reason-code": "X509_V_ERR_CERT_HAS_EXPIRED"},
			obj{"result-type": "starttls-not-supported", "sending-mta-ip": "192.0.2.2", "receiving-mx-hostname": "mx2.example.com",
				"receiving-ip": "198.51.100.2", "failed-session-count": 2, "additional-information": "https://google.example/why"}),
		policy("no-policy-found", "example.org", 10, 0))
	m1 := reportObj("Microsoft Corporation", "m1", "2024-06-02",
		stsPolicy("EXAMPLE.COM.", "enforce", []string{"mx1.example.com"}, 50, 4,
			detail("certificate-expired", "192.0.2.1", "mx1.example.com", "", 1),
			detail("sts-policy-fetch-error", "", "", "", 3)),
		policy("tlsa", "example.com", 7, 1, detail("tlsa-invalid", "2001:db8::5", "mx1.example.com", "2001:db8::25", 1)))
	dup := reportObj("Google Inc.", "g1", "2024-06-05", policy("sts", "other.example", 999, 999))
	var out []*report.Report
	for _, v := range []obj{g1, m1, dup} {
		r, warnings, err := report.ParseReport(mustJSON(t, v))
		if err != nil || len(warnings) != 0 {
			t.Fatalf("ParseReport: %v %q", err, warnings)
		}
		out = append(out, r)
	}
	return out
}

func TestAggregate(t *testing.T) {
	reports := threeReports(t)
	a := New()
	for i, r := range reports {
		a.AddFile()
		if added := a.Add([]string{"g1.json", "m1.json.gz", "dup.eml"}[i], r); added != (i < 2) {
			t.Errorf("Add #%d returned %v", i, added)
		}
	}
	res := a.Result(Filter{})
	// m1 lists example.com under sts (54 sessions, 4 failed) and tlsa (8, 1):
	// the same sessions, counted once as 54 and 4.
	if res.Files != 3 || res.Reports != 2 || res.Duplicates != 1 || res.SuccessfulSessions != 160 || res.FailedSessions != 9 {
		t.Errorf("files %d reports %d dups %d ok %d failed %d; want 3 2 1 160 9", res.Files, res.Reports, res.Duplicates, res.SuccessfulSessions, res.FailedSessions)
	}
	if got := res.SuccessRate(); math.Abs(got-160.0/169.0) > 1e-12 {
		t.Errorf("success rate %v", got)
	}

	type pol struct {
		label      string
		reports    int
		ok, failed int64
		mode       report.STSMode
		mx         []string
		maxAge     int64
	}
	var pols []pol
	for _, p := range res.Policies {
		pols = append(pols, pol{p.Label(), p.Reports, p.Successful, p.Failed, p.Mode, p.MXPatterns, p.MaxAge})
	}
	wantPols := []pol{
		// The mode of the newest report's policy-string wins.
		{"sts example.com", 2, 150, 9, report.ModeEnforce, []string{"mx1.example.com"}, 604800},
		{"no-policy-found example.org", 1, 10, 0, report.ModeUnknown, nil, -1},
		{"tlsa example.com", 1, 7, 1, report.ModeUnknown, nil, -1},
	}
	if len(pols) != len(wantPols) {
		t.Fatalf("policies %+v", pols)
	}
	for i := range pols {
		if p, w := pols[i], wantPols[i]; p.label != w.label || p.reports != w.reports || p.ok != w.ok || p.failed != w.failed || p.mode != w.mode || !slices.Equal(p.mx, w.mx) || p.maxAge != w.maxAge {
			t.Errorf("policy %d: %+v, want %+v", i, p, w)
		}
	}
	if r := res.Policies[0].SuccessRate(); math.Abs(r-150.0/159.0) > 1e-12 {
		t.Errorf("policy success rate %v", r)
	}

	wantOrgs := []OrgTotal{{"Google Inc.", 1, 110, 5}, {"Microsoft Corporation", 1, 50, 4}}
	if !slices.Equal(res.Organizations, wantOrgs) {
		t.Errorf("organizations %+v, want %+v", res.Organizations, wantOrgs)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	wantDays := []DayTotal{{day("2024-06-01"), 110, 5}, {day("2024-06-02"), 50, 4}}
	if !slices.EqualFunc(res.Days, wantDays, func(x, y DayTotal) bool {
		return x.Day.Equal(y.Day) && x.Successful == y.Successful && x.Failed == y.Failed
	}) {
		t.Errorf("days %+v, want %+v", res.Days, wantDays)
	}
	wantCounts(t, "result types", res.ResultTypes, []Count{{"certificate-expired", 4}, {"sts-policy-fetch-error", 3}, {"starttls-not-supported", 2}, {"tlsa-invalid", 1}})
	wantCounts(t, "MX hosts", res.ReceivingMXHosts, []Count{{"mx1.example.com", 5}, {"", 3}, {"mx2.example.com", 2}})
	wantCounts(t, "sending IPs", res.SendingMTAIPs, []Count{{"192.0.2.1", 4}, {"", 3}, {"192.0.2.2", 2}, {"2001:db8::5", 1}})
	wantCounts(t, "receiving IPs", res.ReceivingIPs, []Count{{"", 4}, {"198.51.100.1", 3}, {"198.51.100.2", 2}, {"2001:db8::25", 1}})

	// Failure rows: most failed sessions first; ties newest report first,
	// then by result type.
	var rows []string
	for _, f := range res.Failures {
		rows = append(rows, f.Report.ReportID+"/"+f.ResultType+"/"+string(f.PolicyType)+" "+f.PolicyDomain)
	}
	wantRows := []string{
		"m1/sts-policy-fetch-error/sts example.com",
		"g1/certificate-expired/sts example.com",
		"g1/starttls-not-supported/sts example.com",
		"m1/certificate-expired/sts example.com",
		"m1/tlsa-invalid/tlsa example.com",
	}
	if !slices.Equal(rows, wantRows) {
		t.Errorf("failure rows\n got %q\nwant %q", rows, wantRows)
	}

	if len(res.ReportList) != 2 || res.ReportList[0].ReportID != "g1" || res.ReportList[0].Source != "g1.json" || res.ReportList[1].Source != "m1.json.gz" {
		t.Fatalf("report list %+v", res.ReportList)
	}
	g := res.ReportList[0]
	if g.Successful != 110 || g.Failed != 5 || len(g.Policies) != 2 || g.Policies[0].String() != "sts example.com" || g.Policies[1] != (PolicyRef{report.PolicyNoPolicyFound, "example.org", 10, 0}) {
		t.Errorf("report info %+v", g)
	}
	first, last := res.Span()
	if !first.Equal(day("2024-06-01")) || !last.Equal(day("2024-06-02").Add(24*time.Hour-time.Second)) {
		t.Errorf("span %v – %v", first, last)
	}
}

// TestAggregateOrderIndependent: adding the same reports in another order
// gives the same totals, and the newest policy-string still wins.
func TestAggregateOrderIndependent(t *testing.T) {
	reports := threeReports(t)[:2]
	sums := make([][]byte, 0, 2)
	for _, order := range [][]int{{0, 1}, {1, 0}} {
		a := New()
		for _, i := range order {
			a.Add("x", reports[i])
		}
		res := a.Result(Filter{})
		if res.Policies[0].Mode != report.ModeEnforce {
			t.Errorf("order %v: mode %q, want enforce from the newer report", order, res.Policies[0].Mode)
		}
		b, _ := json.Marshal(res.Summary())
		sums = append(sums, b)
	}
	if !bytes.Equal(sums[0], sums[1]) {
		t.Errorf("summaries differ by order:\n%s\n%s", sums[0], sums[1])
	}
}

func TestAggregateEdgeCases(t *testing.T) {
	t.Run("no report-id: never a duplicate", func(t *testing.T) {
		r, _, err := report.ParseReport(mustJSON(t, reportObj("Org", "", "2024-01-01", policy("sts", "a.example", 1, 0))))
		if err != nil {
			t.Fatal(err)
		}
		a := New()
		if !a.Add("a", r) || !a.Add("b", r) {
			t.Error("a report without report-id was treated as a duplicate")
		}
		if res := a.Result(Filter{}); res.Reports != 2 || res.SuccessfulSessions != 2 {
			t.Errorf("reports %d ok %d", res.Reports, res.SuccessfulSessions)
		}
	})
	t.Run("same report-id, other organisation: not a duplicate", func(t *testing.T) {
		a := New()
		for _, org := range []string{"A", "B"} {
			r, _, _ := report.ParseReport(mustJSON(t, reportObj(org, "same", "2024-01-01")))
			if !a.Add(org, r) {
				t.Errorf("%s/same counted as a duplicate", org)
			}
		}
	})
	t.Run("Result is a snapshot", func(t *testing.T) {
		reports := threeReports(t)
		a := New()
		a.Add("g", reports[0])
		a.AddError("bad.json", errors.New("no TLS-RPT report in this email"))
		a.AddWarning("w.json", "odd")
		res := a.Result(Filter{})
		a.Add("m", reports[1])
		a.AddError("bad2.json", errors.New("no TLS-RPT report in this email"))
		a.AddWarning("w2.json", "odd")
		if res.Reports != 1 || len(res.ReportList) != 1 || len(res.Failures) != 2 || len(res.Errors) != 1 || len(res.Warnings) != 1 ||
			res.Policies[0].Successful != 100 || res.Policies[0].Mode != report.ModeTesting {
			t.Errorf("snapshot changed by later Adds: %+v", res)
		}
	})
	t.Run("days are UTC days of the start", func(t *testing.T) {
		r, _, err := report.ParseReport([]byte(strings.NewReplacer("2024-05-01T00:00:00Z", "2024-05-01T23:30:00-05:00", "2024-05-01T23:59:59Z", "2024-05-02T23:29:59-05:00").Replace(withPolicies(""))))
		if err != nil {
			t.Fatal(err)
		}
		a := New()
		a.Add("x", r)
		if d := a.Result(Filter{}).Days; len(d) != 1 || d[0].Day.Format(time.DateOnly) != "2024-05-02" || d[0].Day.Location() != time.UTC {
			t.Errorf("days %+v, want 2024-05-02 UTC", d)
		}
	})
	t.Run("empty", func(t *testing.T) {
		res := New().Result(Filter{})
		first, last := res.Span()
		if res.SuccessRate() != 1 || !first.IsZero() || !last.IsZero() || res.Reports != 0 {
			t.Errorf("empty result: rate %v span %v %v", res.SuccessRate(), first, last)
		}
	})
}

// TestAggregateNoOverflow: session counts up to the int64 maximum are
// accepted per field, but adding them wraps around and totals turn
// negative (a hostile or broken report makes every total nonsense).
// Totals must never go below zero or below any of their parts.
func TestAggregateNoOverflow(t *testing.T) {
	js := withPolicies(`{"policy":{"policy-type":"sts","policy-domain":"a.example"},"summary":{"total-successful-session-count":9223372036854775807,"total-failure-session-count":9223372036854775807}},` +
		`{"policy":{"policy-type":"sts","policy-domain":"b.example"},"summary":{"total-successful-session-count":9223372036854775807,"total-failure-session-count":1},` +
		`"failure-details":[{"result-type":"dane-required","failed-session-count":9223372036854775807},{"result-type":"dane-required","failed-session-count":9223372036854775807}]}`)
	r, _, err := report.ParseReport([]byte(js))
	if err != nil {
		return // refusing implausible counts is a fine answer too
	}
	a := New()
	a.Add("x", r)
	res := a.Result(Filter{})
	if res.SuccessfulSessions < math.MaxInt64/2 || res.FailedSessions < 0 {
		t.Errorf("totals wrapped around: successful %d failed %d", res.SuccessfulSessions, res.FailedSessions)
	}
	for _, o := range res.Organizations {
		if o.Successful < 0 || o.Failed < 0 {
			t.Errorf("organization totals wrapped around: %+v", o)
		}
	}
	for _, d := range res.Days {
		if d.Successful < 0 || d.Failed < 0 {
			t.Errorf("day totals wrapped around: %+v", d)
		}
	}
	for _, c := range res.ResultTypes {
		if c.Failed < 0 {
			t.Errorf("result type count wrapped around: %+v", c)
		}
	}
}

func failureRows(t *testing.T) []FailureRow {
	t.Helper()
	a := New()
	for _, r := range threeReports(t) {
		a.Add("src", r)
	}
	return a.Result(Filter{}).Failures
}

func TestSortFailures(t *testing.T) {
	key := func(rows []FailureRow) string {
		var s []string
		for _, f := range rows {
			s = append(s, f.Report.ReportID+"/"+f.ResultType)
		}
		return strings.Join(s, " ")
	}
	for _, tc := range []struct {
		by   FailureColumn
		desc bool
		want string
	}{
		{ByResultType, false, "m1/certificate-expired g1/certificate-expired g1/starttls-not-supported m1/sts-policy-fetch-error m1/tlsa-invalid"},
		// Descending reverses the column but ties stay newest first.
		{ByResultType, true, "m1/tlsa-invalid m1/sts-policy-fetch-error g1/starttls-not-supported m1/certificate-expired g1/certificate-expired"},
		{ByFailedSessions, true, "m1/sts-policy-fetch-error g1/certificate-expired g1/starttls-not-supported m1/certificate-expired m1/tlsa-invalid"},
		{ByFailedSessions, false, "m1/certificate-expired m1/tlsa-invalid g1/starttls-not-supported m1/sts-policy-fetch-error g1/certificate-expired"},
		// Empty values sort first ascending; "MX1" reads as "mx1", and ties
		// stay newest first.
		{ByReceivingMX, false, "m1/sts-policy-fetch-error m1/certificate-expired m1/tlsa-invalid g1/certificate-expired g1/starttls-not-supported"},
		{BySendingIP, false, "m1/sts-policy-fetch-error m1/certificate-expired g1/certificate-expired g1/starttls-not-supported m1/tlsa-invalid"},
		{ByReceivingIP, false, "m1/certificate-expired m1/sts-policy-fetch-error g1/certificate-expired g1/starttls-not-supported m1/tlsa-invalid"},
		{ByReasonCode, true, "g1/certificate-expired m1/certificate-expired m1/sts-policy-fetch-error m1/tlsa-invalid g1/starttls-not-supported"},
		{ByOrganization, false, "g1/certificate-expired g1/starttls-not-supported m1/certificate-expired m1/sts-policy-fetch-error m1/tlsa-invalid"},
		{ByDate, false, "g1/certificate-expired g1/starttls-not-supported m1/certificate-expired m1/sts-policy-fetch-error m1/tlsa-invalid"},
		{ByDate, true, "m1/certificate-expired m1/sts-policy-fetch-error m1/tlsa-invalid g1/certificate-expired g1/starttls-not-supported"},
		{ByPolicy, true, "m1/tlsa-invalid m1/certificate-expired m1/sts-policy-fetch-error g1/certificate-expired g1/starttls-not-supported"},
	} {
		rows := failureRows(t)
		slices.Reverse(rows) // the input order must not matter
		SortFailures(rows, tc.by, tc.desc)
		if got := key(rows); got != tc.want {
			t.Errorf("by %d desc %v:\n got %s\nwant %s", tc.by, tc.desc, got, tc.want)
		}
	}
}

func TestFilterFailures(t *testing.T) {
	rows := failureRows(t)
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"", 5},
		{"   ", 5},
		{"certificate", 2},
		{"CERTIFICATE-EXPIRED", 2},
		{"mx1.example.com", 3}, // MX1.example.com matches without case
		{"192.0.2.1", 2},
		{"198.51.100", 2},
		{"microsoft", 3},
		{"google inc", 2},
		{"example.com", 5},
		{"tlsa", 1},
		{"x509_v_err", 1},
		{"google.example/why", 1},
		{" sts-policy ", 1},
		{"nothing matches this", 0},
	} {
		got := FilterFailures(rows, tc.query)
		if len(got) != tc.want {
			t.Errorf("FilterFailures(%q): %d rows, want %d", tc.query, len(got), tc.want)
		}
		for _, r := range got {
			if !slices.ContainsFunc(rows, func(x FailureRow) bool { return x.Report == r.Report && x.FailureDetail == r.FailureDetail }) {
				t.Errorf("FilterFailures(%q) returned a row not in the input", tc.query)
			}
		}
	}
	if got := FilterFailures(nil, "x"); len(got) != 0 {
		t.Errorf("nil rows: %v", got)
	}
}

// TestSummaryJSON checks the JSON contract field by field for the
// hand-built reports. Fields may be added; none may be renamed.
func TestSummaryJSON(t *testing.T) {
	a := New()
	for i, r := range threeReports(t) {
		a.AddFile()
		if !a.Add([]string{"g1.json", "m1.json", "dup.json"}[i], r) {
			a.AddWarning("dup.json", "duplicate")
		}
	}
	a.AddFile()
	a.AddError("broken.json", errors.New("no TLS-RPT report in this email"))
	b, err := json.Marshal(a.Result(Filter{}).Summary())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"files": 4.0, "reports": 2.0, "duplicates": 1.0, "successful_sessions": 160.0, "failed_sessions": 9.0,
		"errors":   []any{map[string]any{"source": "broken.json", "error": "no TLS-RPT report in this email"}},
		"warnings": []any{map[string]any{"source": "dup.json", "warning": "duplicate"}},
		"policies": []any{
			map[string]any{"policy_type": "sts", "policy_domain": "example.com", "reports": 2.0, "successful_sessions": 150.0, "failed_sessions": 9.0},
			map[string]any{"policy_type": "no-policy-found", "policy_domain": "example.org", "reports": 1.0, "successful_sessions": 10.0, "failed_sessions": 0.0},
			map[string]any{"policy_type": "tlsa", "policy_domain": "example.com", "reports": 1.0, "successful_sessions": 7.0, "failed_sessions": 1.0},
		},
		"organizations": []any{
			map[string]any{"organization_name": "Google Inc.", "reports": 1.0, "successful_sessions": 110.0, "failed_sessions": 5.0},
			map[string]any{"organization_name": "Microsoft Corporation", "reports": 1.0, "successful_sessions": 50.0, "failed_sessions": 4.0},
		},
		"days": []any{
			map[string]any{"date": "2024-06-01", "successful_sessions": 110.0, "failed_sessions": 5.0},
			map[string]any{"date": "2024-06-02", "successful_sessions": 50.0, "failed_sessions": 4.0},
		},
		"result_types": []any{
			map[string]any{"result_type": "certificate-expired", "failed_sessions": 4.0},
			map[string]any{"result_type": "sts-policy-fetch-error", "failed_sessions": 3.0},
			map[string]any{"result_type": "starttls-not-supported", "failed_sessions": 2.0},
			map[string]any{"result_type": "tlsa-invalid", "failed_sessions": 1.0},
		},
		"receiving_mx_hosts": []any{
			map[string]any{"receiving_mx_hostname": "mx1.example.com", "failed_sessions": 5.0},
			map[string]any{"receiving_mx_hostname": "", "failed_sessions": 3.0},
			map[string]any{"receiving_mx_hostname": "mx2.example.com", "failed_sessions": 2.0},
		},
		"sending_mta_ips": []any{
			map[string]any{"sending_mta_ip": "192.0.2.1", "failed_sessions": 4.0},
			map[string]any{"sending_mta_ip": "", "failed_sessions": 3.0},
			map[string]any{"sending_mta_ip": "192.0.2.2", "failed_sessions": 2.0},
			map[string]any{"sending_mta_ip": "2001:db8::5", "failed_sessions": 1.0},
		},
	}
	for key, w := range want {
		g, ok := got[key]
		if !ok {
			t.Errorf("summary has no %q", key)
			continue
		}
		if !jsonSubset(w, g) {
			gb, _ := json.Marshal(g)
			wb, _ := json.Marshal(w)
			t.Errorf("%s:\n got %s\nwant %s", key, gb, wb)
		}
	}
	// The sts policy also names its mode (an added field).
	if p := got["policies"].([]any)[0].(map[string]any); p["sts_mode"] != "enforce" {
		t.Errorf("sts_mode %v", p["sts_mode"])
	}
}

// jsonSubset reports whether got has every member of want with equal
// values (objects may have more members; arrays must match in length).
func jsonSubset(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok || !jsonSubset(wv, gv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !jsonSubset(w[i], g[i]) {
				return false
			}
		}
		return true
	}
	return want == got
}

// TestSummaryEmptyLists: with nothing loaded every list is [] (never null)
// and every contract field is present.
func TestSummaryEmptyLists(t *testing.T) {
	b, err := json.Marshal(New().Result(Filter{}).Summary())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"errors", "warnings", "policies", "organizations", "days", "result_types", "receiving_mx_hosts", "sending_mta_ips", "receiving_ips"} {
		if string(got[key]) != "[]" {
			t.Errorf("%s = %s, want []", key, got[key])
		}
	}
	for _, key := range []string{"files", "reports", "duplicates", "successful_sessions", "failed_sessions"} {
		if string(got[key]) != "0" {
			t.Errorf("%s = %s, want 0", key, got[key])
		}
	}
	// A policy without mx-host patterns has no null list either.
	a := New()
	r, _, _ := report.ParseReport(mustJSON(t, reportObj("O", "1", "2024-01-01", policy("sts", "a.example", 1, 0))))
	a.Add("x", r)
	b, _ = json.Marshal(a.Result(Filter{}).Summary())
	if bytes.Contains(b, []byte("null")) {
		t.Errorf("summary contains null: %s", b)
	}
}
