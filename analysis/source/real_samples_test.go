package source

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// The RFC 8460 example report, as most of its copies carry it.
const (
	rfcOrg = "Company-X"
	rfcID  = "5065427c-23d3-47ca-b6e0-946ea0e8c4be"
)

// realSample is the expected outcome of decoding one file of
// testdata/real (testgen.RealDir) on its own. The numbers were read from the JSON (for
// emails: from the gunzipped attachment), not from this package's output.
type realSample struct {
	org, id  string
	policies int
	ok, fail int64
	// wantErr, if set, is a substring of the one error the file must give.
	wantErr string
	check   func(t *testing.T, r *report.Report, warnings []string)
}

var realSamples = map[string]realSample{
	"danmarg-tlsrpt_processor_sample_draft-failure-error-code.json": {org: rfcOrg, id: rfcID, policies: 1, ok: 5326, fail: 303,
		check: func(t *testing.T, r *report.Report, _ []string) {
			// Draft name failure-error-code is read as failure-reason-code.
			var codes []string
			for _, fd := range r.Policies[0].FailureDetails {
				codes = append(codes, fd.FailureReasonCode)
			}
			if !slices.Contains(codes, "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED") {
				t.Errorf("failure-error-code not mapped to FailureReasonCode: %q", codes)
			}
		}},
	"deltachat_google.com_nine.testrun.org_tlsrpt.eml": {org: "Google Inc.", id: "2024-01-20T00:00:00Z_nine.testrun.org", policies: 1, ok: 7},
	"dmarc-report-viewer_google.json":                  {org: "Google Inc.", id: "2025-05-22T00:00:00Z_foo-bar.io", policies: 1, ok: 1, check: wantMXHosts("*.foo-bar.io")},
	"dmarc-report-viewer_microsoft.json":               {org: "Microsoft Corporation", id: "133925885310113267+random.net", policies: 2, ok: 4, check: wantTLSARecords(2, "3 1 1 ")},
	"dmarc-report-viewer_no-contact.json":              {org: "server.com", id: "123_456", policies: 1, ok: 1, check: checkNoContact},
	"dmarc-report-viewer_no-policy.json":               {org: "Google Inc.", id: "2025-03-27T00:00:00Z_foo-bar.io", policies: 1, ok: 1},
	"dmarc-report-viewer_no_ip_and_mx.json":            {org: "Microsoft Corporation", id: "1234567890+", policies: 1, fail: 3, check: wantDetailsWithoutIPs(1)},
	"issue_dmarc-report-viewer-71_refluxstop.de_contact-info-null.json": {org: "refluxstop.de", id: "1768089600_5665667737528564296", policies: 1, ok: 1,
		check: func(t *testing.T, r *report.Report, _ []string) {
			if r.ContactInfo != "" || r.Policies[0].Policy.Domain != "hin.ch" {
				t.Errorf("contact %q domain %q", r.ContactInfo, r.Policies[0].Policy.Domain)
			}
			wantRange("2026-01-11T00:00:00Z", "2026-01-12T00:00:00Z")(t, r, nil)
		}},
	"issue_parsedmarc-575_mx.egressif.io!redacted.example.com!1730332800!1730419200.json": {org: "mx.egressif.io", id: "1730332800_11732957880687192466", policies: 1, ok: 1,
		check: func(t *testing.T, r *report.Report, _ []string) {
			p := r.Policies[0].Policy
			if r.ContactInfo != "" || len(p.MXHosts) != 0 || len(p.Strings) != 0 || p.Type != report.PolicyNoPolicyFound {
				t.Errorf("contact %q mx %q strings %q type %q", r.ContactInfo, p.MXHosts, p.Strings, p.Type)
			}
		}},
	"issue_sys4-tlsrpt-reporter-51_postfix-tlsrpt-reporter_no-policy-found_no-policy-domain.json": {org: "sonne.floppy.org", id: "2025-09-20T00:00:00Z_idx1_mpi-klsb.mpg.de", policies: 1, ok: 1,
		check: func(t *testing.T, r *report.Report, _ []string) {
			if p := r.Policies[0].Policy; p.Domain != "" || p.Type != report.PolicyNoPolicyFound {
				t.Errorf("policy %+v, want no-policy-found without domain", p)
			}
		}},
	"mail-tls-rpt_expected_normalized-output.json": {org: "Google Inc.", id: "2020-03-02T00:00:00Z_fastmaildmarc.com", policies: 1, ok: 343,
		check: func(t *testing.T, r *report.Report, _ []string) {
			// "mx-host": "" and "policy-string": [] mean nothing.
			if p := r.Policies[0].Policy; len(p.MXHosts) != 0 || len(p.Strings) != 0 {
				t.Errorf("mx %q strings %q, want none", p.MXHosts, p.Strings)
			}
		}},
	"mail-tls-rpt_google.com_fastmaildmarc.com_email.eml":   {org: "Google Inc.", id: "2020-03-02T00:00:00Z_fastmaildmarc.com", policies: 1, ok: 343},
	"mail-tls-rpt_google.com_fastmaildmarc.com_report.json": {org: "Google Inc.", id: "2020-03-02T00:00:00Z_fastmaildmarc.com", policies: 1, ok: 343},
	"mail-tls-rpt_report.json.gz.b64":                       {org: "Google Inc.", id: "2020-03-02T00:00:00Z_fastmaildmarc.com", policies: 1, ok: 343},
	"mox_google.com_test.xmox.nl_example.eml":               {org: "Google Inc.", id: "2022-09-15T00:00:00Z_test.xmox.nl", policies: 1, ok: 3},
	"mox_microsoft.com_test.xmox.nl_microsoft.eml": {org: "Microsoft Corporation", id: "133198585438131172+test.xmox.nl", policies: 1, ok: 2,
		// The date-times have no zone: UTC.
		check: wantRange("2023-01-10T00:00:00Z", "2023-01-10T23:59:59Z")},
	"mta-sts-exporter_google.json": {org: "Google Inc.", id: "2024-02-17T00:00:00Z_example.com", policies: 1, ok: 53},
	"mta-sts-exporter_microsoft-2.json": {org: "Microsoft Corporation", id: "133561180919336230+example.com", policies: 1, ok: 7,
		check: wantRange("2024-03-26T00:00:00Z", "2024-03-26T23:59:59Z")},
	"mta-sts-exporter_microsoft.json":       {org: "Microsoft Corporation", id: "133526718584528772+example.com", policies: 1, ok: 18},
	"mta-sts-exporter_rfc-errata-6241.json": {org: rfcOrg, id: rfcID, policies: 1, ok: 5326, fail: 303, check: wantMXHosts("*.mail.company-y.example")},
	"mta-sts-exporter_rfc.json":             {org: rfcOrg, id: rfcID, policies: 1, ok: 5326, fail: 303, check: wantMXHosts("*.mail.company-y.example")},
	"parsedmarc_empty_failure_detail_fields.json": {org: "Reporter Example", id: "2024-06-01T00:00:00Z_example.com", policies: 1, fail: 1,
		check: func(t *testing.T, r *report.Report, _ []string) {
			fd := r.Policies[0].FailureDetails[0]
			if fd.SendingMTAIP != "" || fd.ReceivingIP != "" || fd.ReceivingMXHostname != "" || fd.AdditionalInformation != "" || fd.FailureReasonCode != "no-policy-served" {
				t.Errorf("detail %+v", fd)
			}
		}},
	"parsedmarc_google.com_smtp_tls_report.eml": {org: "Google Inc.", id: "2024-09-03T00:00:00Z_cardinalhealth.ca", policies: 1, ok: 48},
	"parsedmarc_mail.ru.json": {org: "Mail.ru", id: "b28254de-7b2e-be36-bb5c-4c3b92da8b25@mail.ru", policies: 1, fail: 1,
		check: func(t *testing.T, r *report.Report, warnings []string) {
			// Summary says 1, details say 2: both kept, one warning.
			wantDetailsWithoutIPs(2)(t, r, warnings)
			if !slices.ContainsFunc(warnings, func(w string) bool { return testgen.ContainsAll(w, "policies[0]", "1", "2") }) {
				t.Errorf("warnings %q, want the 1-vs-2 mismatch", warnings)
			}
			wantRange("2024-02-22T00:00:00Z", "2024-02-23T00:00:00Z")(t, r, warnings)
		}},
	"parsedmarc_rfc8460.json": {org: rfcOrg, id: rfcID, policies: 1, ok: 5326, fail: 303,
		check: func(t *testing.T, r *report.Report, w []string) {
			wantMXHosts("*.mail.company-y.example")(t, r, w)
			var infos []string
			for _, fd := range r.Policies[0].FailureDetails {
				infos = append(infos, fd.AdditionalInformation)
			}
			if !slices.Contains(infos, "https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported") {
				t.Errorf("additional-information %q", infos)
			}
		}},
	"parsedmarc_smtp_tls_example-inc.json": {org: "Example Inc.", id: "2024-01-09T00:00:00Z_example.com", policies: 1, fail: 3},
	"sebastka-tlsrpt_google-sts.json": {org: "Google Inc.", id: "2026-08-27T00:00:00Z_karlsen.fr", policies: 1, ok: 2,
		check: func(t *testing.T, r *report.Report, _ []string) {
			if sts := r.Policies[0].Policy.STS; sts == nil || sts.Mode != report.ModeTesting {
				t.Errorf("STS %+v, want mode testing", sts)
			}
		}},
	"sebastka-tlsrpt_microsoft-tlsa-sts.json": {org: "Microsoft Corporation", id: "134316476496435051+karlsen.fr", policies: 2, ok: 8,
		check: func(t *testing.T, r *report.Report, _ []string) {
			if r.Policies[0].Policy.Type != report.PolicyTLSA || len(r.Policies[0].Policy.TLSARecords) != 1 || r.Policies[1].Policy.Type != report.PolicySTS {
				t.Errorf("policies %+v, want tlsa (1 record) then sts", r.Policies)
			}
		}},
	"sebastka-tlsrpt_synthetic-failures.json": {org: "Example Reporter", id: "synthetic-1", policies: 2, ok: 95, fail: 10,
		check: func(t *testing.T, r *report.Report, _ []string) {
			fd := r.Policies[0].FailureDetails[1]
			want := report.FailureDetail{ResultType: "starttls-not-supported", SendingMTAIP: "192.0.2.11", ReceivingMXHostname: "mx.example.com",
				ReceivingMXHelo: "mail.example.com", ReceivingIP: "198.51.100.25", FailedSessions: 3,
				AdditionalInformation: "https://example.net/tlsrpt/details", FailureReasonCode: "421 4.7.0"}
			if fd != want {
				t.Errorf("detail\n got %+v\nwant %+v", fd, want)
			}
			if r.Policies[1].Policy.Domain != "example.org" || len(r.Policies[1].FailureDetails) != 0 {
				t.Errorf("second policy %+v", r.Policies[1])
			}
		}},
	"stalwart-mail-auth_rpt01.eml":  {org: rfcOrg, id: rfcID, policies: 1, ok: 5326, fail: 303},
	"stalwart-mail-auth_rpt01.json": {org: rfcOrg, id: rfcID, policies: 1, ok: 5326, fail: 303},
	// Uncompressed application/tlsrpt part without transfer encoding.
	"stalwart-mail-auth_rpt02.eml": {org: "Google Inc.", id: "2020-01-01T00:00:00Z_example.com", policies: 1, ok: 23, fail: 1,
		check: wantRange("2020-01-01T00:00:00Z", "2020-01-07T23:59:59Z")},
	"stalwart-mail-auth_rpt02.json":            {org: "Google Inc.", id: "2020-01-01T00:00:00Z_example.com", policies: 1, ok: 23, fail: 1},
	"stalwart-mail-auth_rpt03.json":            {wantErr: "policies[0].summary.total-failure-session-count is missing"},
	"tls-rpt-monitor_microsoft-report.json.gz": {org: "Microsoft Corporation", id: "133988091029006454+josh.scot", policies: 1, ok: 2},
	"tls-rpt-monitor_microsoft-report_edited-malformed.json": {org: "Microsoft Corporation", id: "133988091029006454+josh.scot", policies: 1, ok: 2, fail: 2,
		check: func(t *testing.T, r *report.Report, warnings []string) {
			fd := r.Policies[0].FailureDetails[0]
			if fd.ResultType != "Testing" || fd.FailedSessions != 3 || fd.AdditionalInformation != "testing.josh.scot" || fd.SendingMTAIP != "x.x.x.x" {
				t.Errorf("detail %+v", fd)
			}
			if len(warnings) != 2 || !strings.Contains(warnings[0]+warnings[1], `"Testing"`) || !strings.Contains(warnings[0]+warnings[1], "2") {
				t.Errorf("warnings %q, want unknown result type and count mismatch", warnings)
			}
		}},
	"tls_reporting_date_error.json":             {wantErr: `start-datetime "April fools"`},
	"tls_reporting_example.gz":                  {org: rfcOrg, id: rfcID, policies: 1, ok: 5326, fail: 303},
	"tls_reporting_missing_required_field.json": {wantErr: "policies[0].policy.policy-type is missing"},
	"tls_reporting_no-policies.json":            {org: rfcOrg, id: rfcID, policies: 0},
	"tls_reporting_truncated.gz":                {wantErr: "truncated"},
	"tlsrpt-be_report-2_no-policy-found.json":   {org: "Example LLC.", id: "2025-08-04T00:00:00Z_example.org", policies: 1, ok: 13},
	// 102 failures in the summary and no details: legal, no warning.
	"tlsrpt-be_report_no-policy-found_idn.json": {org: "Example Inc.", id: "report-id-from-report.json", policies: 1, ok: 99, fail: 102,
		check: func(t *testing.T, r *report.Report, warnings []string) {
			if len(warnings) != 0 || len(r.Policies[0].FailureDetails) != 0 || r.Policies[0].Policy.Domain != "xn--gpher-jua.test" {
				t.Errorf("warnings %q policy %+v", warnings, r.Policies[0])
			}
		}},
	// The RFC example email; the closing boundary is missing.
	"tlsrpt-be_test.eml":                         {org: rfcOrg, id: rfcID, policies: 1, ok: 5326, fail: 303},
	"tlsrpt-be_testing_rfc8460-variant_idn.json": {org: rfcOrg, id: "report-id-of-report-over-email-1234", policies: 1, ok: 5326, fail: 303},
	"tlsrpt-digest_tlsrpt_failure.eml":           {org: "Google Inc.", id: "2026-02-08T00:00:00Z_example.com", policies: 1, ok: 4523, fail: 2},
	"tlsrpt-digest_tlsrpt_success_google_1.eml":  {org: "Google Inc.", id: "2026-05-11T00:00:00Z_example.com", policies: 1, ok: 1},
	"tlsrpt-digest_tlsrpt_success_google_2.eml":  {org: "Google Inc.", id: "2026-05-12T00:00:00Z_example.com", policies: 1, ok: 4},
	"tlsrpt-digest_tlsrpt_success_microsoft.eml": {org: "Microsoft Corporation", id: "134232617934286362+example.com", policies: 1, ok: 2},
	"tlsrpt-rs_google1.eml":                      {org: "Google Inc.", id: "2024-09-15T00:00:00Z_krvtz.net", policies: 1, ok: 1, check: checkGoogle1},
	"tlsrpt-rs_google2.eml":                      {org: "Google Inc.", id: "2024-09-18T00:00:00Z_krvtz.net", policies: 1, ok: 2},
	"tlsrpt-rs_mail.ru.eml":                      {org: "Mail.ru", id: "c96d67df-0440-57f7-6e96-c83824d0fdf2@mail.ru", policies: 1, fail: 1, check: checkMailRuTimeout},
	"tlsrpt-rs_mail.ru.json":                     {org: "Mail.ru", id: "c96d67df-0440-57f7-6e96-c83824d0fdf2@mail.ru", policies: 1, fail: 1, check: checkMailRuTimeout},
	"tlsrpt-rs_microsoft1.eml":                   {org: "Microsoft Corporation", id: "133708152202987951+krvtz.net", policies: 2, ok: 4, check: wantTLSARecords(13, "2 1 1 ")},
	"tlsrpt-rs_not-a-report_cron.eml":            {wantErr: "no TLS-RPT report in this email"},
	"tlsrpt-rs_rfc8460.json":                     {org: rfcOrg, id: rfcID, policies: 1, ok: 5326, fail: 303},
}

func wantRange(start, end string) func(*testing.T, *report.Report, []string) {
	return func(t *testing.T, r *report.Report, _ []string) {
		t.Helper()
		s, _ := time.Parse(time.RFC3339, start)
		e, _ := time.Parse(time.RFC3339, end)
		if !r.Start.Equal(s) || !r.End.Equal(e) || r.Start.Location() != time.UTC || r.End.Location() != time.UTC {
			t.Errorf("date range %v – %v, want %v – %v in UTC", r.Start, r.End, s, e)
		}
	}
}

func wantMXHosts(hosts ...string) func(*testing.T, *report.Report, []string) {
	return func(t *testing.T, r *report.Report, _ []string) {
		t.Helper()
		if got := r.Policies[0].Policy.MXHosts; !slices.Equal(got, hosts) {
			t.Errorf("mx-host %q, want %q", got, hosts)
		}
	}
}

// wantTLSARecords checks Microsoft's JSON-array-in-a-string TLSA policy.
func wantTLSARecords(n int, prefix string) func(*testing.T, *report.Report, []string) {
	return func(t *testing.T, r *report.Report, _ []string) {
		t.Helper()
		for _, p := range r.Policies {
			if p.Policy.Type != report.PolicyTLSA {
				continue
			}
			if len(p.Policy.Strings) != 1 || len(p.Policy.TLSARecords) != n {
				t.Fatalf("tlsa policy-string has %d elements and %d records, want 1 and %d", len(p.Policy.Strings), len(p.Policy.TLSARecords), n)
			}
			for _, rec := range p.Policy.TLSARecords {
				if !strings.HasPrefix(rec, prefix) || strings.ContainsAny(rec, `"[]`) {
					t.Errorf("TLSA record %q", rec)
				}
			}
			return
		}
		t.Error("no tlsa policy")
	}
}

func wantDetailsWithoutIPs(n int) func(*testing.T, *report.Report, []string) {
	return func(t *testing.T, r *report.Report, _ []string) {
		t.Helper()
		fds := r.Policies[0].FailureDetails
		if len(fds) != n {
			t.Fatalf("%d failure details, want %d", len(fds), n)
		}
		for _, fd := range fds {
			if fd.SendingMTAIP != "" || fd.ReceivingMXHostname != "" || fd.ReceivingIP != "" || fd.ResultType != "sts-policy-fetch-error" {
				t.Errorf("detail %+v, want sts-policy-fetch-error without IPs or MX", fd)
			}
		}
	}
}

func checkNoContact(t *testing.T, r *report.Report, _ []string) {
	p := r.Policies[0]
	if r.ContactInfo != "" {
		t.Errorf("contact-info null gave %q", r.ContactInfo)
	}
	// The reporter's "mx: " prefix is kept as sent.
	if !slices.Equal(p.Policy.MXHosts, []string{"mx: mx.server.com"}) {
		t.Errorf("mx-host %q", p.Policy.MXHosts)
	}
	if len(p.FailureDetails) != 0 {
		t.Errorf("failure details %v", p.FailureDetails)
	}
	if p.Policy.STS == nil || p.Policy.STS.Mode != report.ModeEnforce || p.Policy.STS.MaxAge != 86400 || !slices.Equal(p.Policy.STS.MX, []string{"mx.server.com"}) {
		t.Errorf("STS %+v", p.Policy.STS)
	}
}

// checkGoogle1: max_age before mx in the policy-string.
func checkGoogle1(t *testing.T, r *report.Report, _ []string) {
	sts := r.Policies[0].Policy.STS
	if sts == nil || sts.Version != "STSv1" || sts.MaxAge <= 0 || len(sts.MX) == 0 || sts.Mode == report.ModeUnknown {
		t.Errorf("STS %+v", sts)
	}
}

func checkMailRuTimeout(t *testing.T, r *report.Report, w []string) {
	wantDetailsWithoutIPs(1)(t, r, w)
	want := `unable to do http request: Get "https://mta-sts.krvtz.net/.well-known/mta-sts.txt": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`
	if got := r.Policies[0].FailureDetails[0].FailureReasonCode; got != want {
		t.Errorf("failure-reason-code %q", got)
	}
	wantRange("2023-01-25T00:00:00Z", "2023-01-26T00:00:00Z")(t, r, w)
}

// TestRealSamples decodes every file of testdata/real (testgen.RealDir) on its own and
// checks its outcome against the table above. A sample without a row fails
// the test, so new samples must be described here.
func TestRealSamples(t *testing.T) {
	names := testgen.RealSampleNames(t)
	if len(names) != 56 {
		t.Errorf("%d samples in %s, SOURCES.md describes 56", len(names), testgen.RealDir())
	}
	for name := range realSamples {
		if !slices.Contains(names, name) {
			t.Errorf("table names %s, which is not in %s", name, testgen.RealDir())
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			want, found := realSamples[name]
			if !found {
				t.Fatalf("no expected outcome for %s", name)
			}
			path := filepath.Join(testgen.RealDir(), name)
			items, err := decodeFile(path, true)
			if want.wantErr != "" {
				var msgs []string
				if err != nil {
					msgs = append(msgs, err.Error())
				}
				msgs = append(msgs, errorsOf(items)...)
				if len(msgs) != 1 || !strings.Contains(msgs[0], want.wantErr) || len(reportsOf(items)) != 0 {
					t.Fatalf("errors %q, reports %d; want exactly one error containing %q", msgs, len(reportsOf(items)), want.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("decodeFile: %v", err)
			}
			if len(items) != 1 || items[0].err != nil || items[0].report == nil {
				t.Fatalf("got %d items (errors %q), want one report", len(items), errorsOf(items))
			}
			it := items[0]
			if it.source != path {
				t.Errorf("source %q, want %q", it.source, path)
			}
			r := it.report
			ok, failed := totals(r)
			if r.OrganizationName != want.org || r.ReportID != want.id || len(r.Policies) != want.policies || ok != want.ok || failed != want.fail {
				t.Errorf("got org=%q id=%q policies=%d ok=%d failed=%d\nwant org=%q id=%q policies=%d ok=%d failed=%d",
					r.OrganizationName, r.ReportID, len(r.Policies), ok, failed, want.org, want.id, want.policies, want.ok, want.fail)
			}
			if r.Start.Location() != time.UTC || r.End.Location() != time.UTC || r.End.Before(r.Start) {
				t.Errorf("date range %v – %v", r.Start, r.End)
			}
			if want.check != nil {
				want.check(t, r, it.warnings)
			} else if len(it.warnings) != 0 {
				t.Errorf("unexpected warnings %q", it.warnings)
			}
		})
	}
}

// TestRealEmailMatchesAttachment: the report inside an email equals the
// same report given as a JSON file, so nothing is lost in MIME decoding.
func TestRealEmailMatchesAttachment(t *testing.T) {
	for _, pair := range [][2]string{
		{"tlsrpt-rs_mail.ru.eml", "tlsrpt-rs_mail.ru.json"},
		{"stalwart-mail-auth_rpt02.eml", "stalwart-mail-auth_rpt02.json"},
		{"mail-tls-rpt_google.com_fastmaildmarc.com_email.eml", "mail-tls-rpt_google.com_fastmaildmarc.com_report.json"},
		{"mail-tls-rpt_report.json.gz.b64", "mail-tls-rpt_google.com_fastmaildmarc.com_report.json"},
	} {
		fromEmail := reportsOf(decodeOne(t, filepath.Join(testgen.RealDir(), pair[0])))
		fromJSON := reportsOf(decodeOne(t, filepath.Join(testgen.RealDir(), pair[1])))
		if len(fromEmail) != 1 || len(fromJSON) != 1 {
			t.Fatalf("%s / %s: %d and %d reports", pair[0], pair[1], len(fromEmail), len(fromJSON))
		}
		a, _ := json.Marshal(fromEmail[0])
		b, _ := json.Marshal(fromJSON[0])
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from %s:\n%s\n%s", pair[0], pair[1], a, b)
		}
	}
}
