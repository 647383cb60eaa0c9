package analysis

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// TestRealFolder loads the whole sample folder. The expected numbers were
// worked out from the JSON of each file:
//
//   - files 55: the 56 samples minus mail-tls-rpt_report.json.gz.b64, whose
//     extension a folder walk does not pick up (SOURCES.md is skipped too).
//   - 5 files are rejected (rpt03, date_error, missing_required_field,
//     truncated.gz, the cron email), leaving 50 reports.
//   - duplicates 14: Company-X/5065427c… appears in 10 files (danmarg,
//     mta-sts-exporter rfc and errata, parsedmarc_rfc8460, stalwart rpt01
//     .eml and .json, tls_reporting example.gz and no-policies, tlsrpt-be
//     test.eml, tlsrpt-rs_rfc8460) = 9 duplicates; Google/fastmaildmarc 3
//     files = 2; Google/2020-01-01 example.com (stalwart rpt02 .eml+.json)
//     = 1; Microsoft/josh.scot (.json.gz + edited) = 1; Mail.ru/c96d67df
//     (.eml + .json) = 1. So reports = 50 - 14 = 36.
//   - successful 15914 (counting each session once) = 15922 - 8: the sum of
//     the policies' counts below lists sebastka's 4 Microsoft sessions twice
//     (tlsa and sts of one domain), 15922 = 5326 (Company-X, kept from danmarg, first in walk
//     order) + 5326 (the tlsrpt-be variant with its own report-id) + 4523
//     (tlsrpt-digest failure) + 343 + 99 + 95 + 53 + 48 + 23 + 18 + 13 +
//     8 + 7 + 7 + 4×3 + 3 + 2×5 + 1×8.
//   - failed 730 = 303 + 303 + 102 + 10 + 3 + 3 + 2 + 1×4.
func TestRealFolder(t *testing.T) {
	res := loadPaths(t, 0, testgen.RealDir())
	if res.Files != 55 || res.Reports != 36 || res.Duplicates != 14 || res.SuccessfulSessions != 15914 || res.FailedSessions != 730 {
		t.Errorf("files=%d reports=%d duplicates=%d successful=%d failed=%d; want 55 36 14 15914 730",
			res.Files, res.Reports, res.Duplicates, res.SuccessfulSessions, res.FailedSessions)
	}
	if len(res.ReportList) != res.Reports {
		t.Errorf("ReportList has %d entries, Reports is %d", len(res.ReportList), res.Reports)
	}
	// The first file in walk order is the copy kept.
	for _, r := range res.ReportList {
		if r.ReportID == "5065427c-23d3-47ca-b6e0-946ea0e8c4be" && // the RFC 8460 example's
			filepath.Base(r.Source) != "danmarg-tlsrpt_processor_sample_draft-failure-error-code.json" {
			t.Errorf("the RFC example was kept from %s", r.Source)
		}
	}
	if first, last := res.Span(); first.Format(time.RFC3339) != "2016-04-01T00:00:00Z" || last.Format(time.RFC3339) != "2026-09-10T23:59:59Z" {
		t.Errorf("span %v – %v", first, last)
	}

	wantErrors := map[string]string{
		"stalwart-mail-auth_rpt03.json":             "total-failure-session-count is missing",
		"tls_reporting_date_error.json":             "April fools",
		"tls_reporting_missing_required_field.json": "policy-type is missing",
		"tls_reporting_truncated.gz":                "truncated",
		"tlsrpt-rs_not-a-report_cron.eml":           "no TLS-RPT report in this email",
	}
	if len(res.Errors) != len(wantErrors) {
		t.Errorf("errors %v, want %d", res.Errors, len(wantErrors))
	}
	for name, sub := range wantErrors {
		if msg := errorFor(res, filepath.Join(testgen.RealDir(), name)); !strings.Contains(msg, sub) {
			t.Errorf("error for %s is %q, want it to contain %q", name, msg, sub)
		}
	}
	// Duplicates are counted, not warned about, and so are their oddities:
	// the edited Microsoft report repeats the report-id of the .json.gz
	// read before it. The one warning left is Mail.ru's count mismatch.
	var warned []string
	for _, w := range res.Warnings {
		warned = append(warned, filepath.Base(w.Source))
	}
	if !slices.Equal(warned, []string{"parsedmarc_mail.ru.json"}) {
		t.Errorf("warnings %+v", res.Warnings)
	}

	policies := map[string][3]int64{}
	for _, p := range res.Policies {
		policies[p.Label()] = [3]int64{int64(p.Reports), p.Successful, p.Failed}
	}
	for label, want := range map[string][3]int64{
		"sts company-y.example":              {1, 5326, 303},
		"sts xn--gpher-jua.test":             {1, 5326, 303},
		"sts example.com":                    {12, 4721, 18},
		"no-policy-found fastmaildmarc.com":  {1, 343, 0},
		"no-policy-found xn--gpher-jua.test": {1, 99, 102},
		"no-policy-found example.org":        {2, 18, 0},
		"no-policy-found (no domain)":        {1, 1, 0},
		"sts krvtz.net":                      {4, 5, 1},
		"tlsa krvtz.net":                     {1, 2, 0},
		"tlsa karlsen.fr":                    {1, 4, 0},
		"sts xxxxxxxx.xx":                    {1, 0, 3},
	} {
		if policies[label] != want {
			t.Errorf("policy %s: reports/ok/failed %v, want %v", label, policies[label], want)
		}
	}
	if len(res.Policies) != 23 {
		t.Errorf("%d policies, want 23", len(res.Policies))
	}
	if res.Policies[0].Label() != "sts company-y.example" && res.Policies[0].Label() != "sts xn--gpher-jua.test" {
		t.Errorf("first policy %s, want one with 5629 sessions", res.Policies[0].Label())
	}

	orgs := map[string][3]int64{}
	for _, o := range res.Organizations {
		orgs[o.Name] = [3]int64{int64(o.Reports), o.Successful, o.Failed}
	}
	for name, want := range map[string][3]int64{
		"Company-X":             {2, 10652, 606},
		"Google Inc.":           {14, 5012, 3},
		"Microsoft Corporation": {9, 39, 3}, // sebastka's 4 sessions listed under tlsa and sts count once
		"Example Inc.":          {2, 99, 105},
		"Mail.ru":               {2, 0, 2},
		"sonne.floppy.org":      {1, 1, 0},
	} {
		if orgs[name] != want {
			t.Errorf("organization %s: reports/ok/failed %v, want %v", name, orgs[name], want)
		}
	}
	if len(res.Organizations) != 12 || res.Organizations[0].Name != "Company-X" {
		t.Errorf("%d organizations, first %q; want 12, Company-X", len(res.Organizations), res.Organizations[0].Name)
	}

	days := map[string][2]int64{}
	for i, d := range res.Days {
		days[d.Day.Format(time.DateOnly)] = [2]int64{d.Successful, d.Failed}
		if i > 0 && !res.Days[i-1].Day.Before(d.Day) {
			t.Errorf("days not in order: %v then %v", res.Days[i-1].Day, d.Day)
		}
		if d.Day.Location() != time.UTC || d.Day.Hour() != 0 {
			t.Errorf("day %v is not midnight UTC", d.Day)
		}
	}
	for day, want := range map[string][2]int64{
		"2016-04-01": {10652, 606},
		"2025-08-04": {112, 102},
		"2026-02-08": {4523, 2},
		"2023-01-10": {2, 0}, // the zone-less Microsoft report
		"2020-01-01": {23, 1},
	} {
		if days[day] != want {
			t.Errorf("day %s: %v, want %v", day, days[day], want)
		}
	}
	if len(res.Days) != 33 {
		t.Errorf("%d days, want 33", len(res.Days))
	}

	wantCounts(t, "result types", res.ResultTypes, []Count{
		{"starttls-not-supported", 403}, {"certificate-expired", 209}, {"validation-failure", 9},
		{"sts-policy-fetch-error", 7}, {"certificate-host-mismatch", 1},
	})
	wantCounts(t, "receiving MX hosts", res.ReceivingMXHosts, []Count{
		{"mx2.mail.company-y.example", 400}, {"mx1.mail.company-y.example", 200}, {"mx.example.com", 10},
		{"", 7}, {"mx-backup.mail.company-y.example", 6}, {"example.com", 3}, {"mail.example.com", 2}, {"demo.example.com", 1},
	})
	// Written 2001:db8:abcd:0013::1, shown in RFC 5952 form.
	if len(res.SendingMTAIPs) != 10 || res.SendingMTAIPs[0] != (Count{"2001:db8:abcd:13::1", 400}) {
		t.Errorf("sending IPs %v", res.SendingMTAIPs)
	}
	var rows int64
	for _, f := range res.Failures {
		rows += f.FailedSessions
	}
	if rows != 629 { // 403+209+9+7+1: details of counted reports only
		t.Errorf("failure rows add up to %d, want 629", rows)
	}
}

func wantCounts(t *testing.T, what string, got, want []Count) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got %v\nwant %v", what, got, want)
	}
}

// TestRealFolderDeterministic: the result does not depend on how many
// files are decoded at once.
func TestRealFolderDeterministic(t *testing.T) {
	var outs [][]byte
	for _, workers := range []int{1, 8, 1, 3} {
		res := loadPaths(t, workers, testgen.RealDir(), filepath.Join(testgen.RealDir(), "mail-tls-rpt_report.json.gz.b64"))
		b, err := json.Marshal(res.Summary())
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b)
	}
	for i := 1; i < len(outs); i++ {
		if !bytes.Equal(outs[0], outs[i]) {
			t.Fatalf("Summary JSON differs between runs:\n%s\n%s", outs[0], outs[i])
		}
	}
}
