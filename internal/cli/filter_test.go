package cli

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// jsonSummary is the part of summary.json these tests read.
type jsonSummary struct {
	Filter        map[string]any `json:"filter"`
	Reports       int            `json:"reports"`
	LoadedReports int            `json:"loaded_reports"`
	Ok            int64          `json:"successful_sessions"`
	Failed        int64          `json:"failed_sessions"`
	Organizations []struct {
		Name    string `json:"organization_name"`
		Reports int    `json:"reports"`
		Ok      int64  `json:"successful_sessions"`
		Failed  int64  `json:"failed_sessions"`
	} `json:"organizations"`
	Days []struct {
		Date   string `json:"date"`
		Ok     int64  `json:"successful_sessions"`
		Failed int64  `json:"failed_sessions"`
	} `json:"days"`
	ResultTypes   []map[string]any `json:"result_types"`
	MXHosts       []map[string]any `json:"receiving_mx_hosts"`
	SendingMTAIPs []map[string]any `json:"sending_mta_ips"`
}

func decodeSummary(t *testing.T, data []byte) jsonSummary {
	t.Helper()
	var s jsonSummary
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	return s
}

// filterJSON is how a filter object decodes: lists as []any.
func filterJSON(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		switch v := kv[i+1].(type) {
		case []string:
			var l []any
			for _, s := range v {
				l = append(l, s)
			}
			m[kv[i].(string)] = l
		default:
			m[kv[i].(string)] = v
		}
	}
	return m
}

// counts is a breakdown list as name: failed sessions.
func counts(list []map[string]any, key string) map[string]float64 {
	out := map[string]float64{}
	for _, c := range list {
		out[c[key].(string)] = c["failed_sessions"].(float64)
	}
	return out
}

// generatedFolder writes four reports (see the comments) into a new
// folder and returns it.
func generatedFolder(t *testing.T) string {
	dir := t.TempDir()
	files := map[string]string{
		// g1 starts at the last second of January and ends at midnight:
		// it belongs to 2028-01-31. bücher.example 20/2.
		"g1.json": `{"organization-name":"Google Inc.","date-range":{"start-datetime":"2028-01-31T23:59:59Z","end-datetime":"2028-02-01T00:00:00Z"},
			"contact-info":"x","report-id":"g1","policies":[{"policy":{"policy-type":"sts","policy-domain":"bücher.example"},
			"summary":{"total-successful-session-count":20,"total-failure-session-count":2},
			"failure-details":[{"result-type":"certificate-expired","receiving-mx-hostname":"MX1.Example.COM.","sending-mta-ip":"2001:0db8::25","failed-session-count":2}]}]}`,
		// m1 lists the same domain, in punycode, under sts 10/5 and tlsa
		// 14/1: sessions max(15, 15) = 15, failed max(5, 1) = 5, so 10/5.
		"sub/m1.json": `{"organization-name":"Microsoft Corporation","date-range":{"start-datetime":"2028-02-01T00:00:00Z","end-datetime":"2028-02-01T23:59:59Z"},
			"contact-info":"x","report-id":"m1","policies":[
			{"policy":{"policy-type":"sts","policy-domain":"xn--bcher-kva.example"},"summary":{"total-successful-session-count":10,"total-failure-session-count":5},
			 "failure-details":[{"result-type":"starttls-not-supported","receiving-mx-hostname":"mx1.example.com","sending-mta-ip":"192.0.2.1","failed-session-count":5}]},
			{"policy":{"policy-type":"tlsa","policy-domain":"xn--bcher-kva.example"},"summary":{"total-successful-session-count":14,"total-failure-session-count":1},
			 "failure-details":[{"result-type":"tlsa-invalid","receiving-mx-hostname":"mx1.example.com.","sending-mta-ip":"2001:db8::25","failed-session-count":1}]}]}`,
		// r1: 2028-02-29 (a leap day) to the next midnight; example.com 0/3.
		"r1.json": `{"organization-name":"Mail.ru","date-range":{"start-datetime":"2028-02-29T00:00:00Z","end-datetime":"2028-03-01T00:00:00Z"},
			"contact-info":"x","report-id":"r1","policies":[{"policy":{"policy-type":"sts","policy-domain":"example.com"},
			"summary":{"total-successful-session-count":0,"total-failure-session-count":3},
			"failure-details":[{"result-type":"certificate-expired","receiving-mx-hostname":"mx2.example.com","sending-mta-ip":"192.0.2.9","failed-session-count":3}]}]}`,
		// g2: example.com 100/0 and a domain-less no-policy-found 7/0.
		"g2.json": `{"organization-name":"Google Inc.","date-range":{"start-datetime":"2028-03-01T00:00:00Z","end-datetime":"2028-03-01T23:59:59Z"},
			"contact-info":"x","report-id":"g2","policies":[
			{"policy":{"policy-type":"sts","policy-domain":"example.com"},"summary":{"total-successful-session-count":100,"total-failure-session-count":0}},
			{"policy":{"policy-type":"no-policy-found"},"summary":{"total-successful-session-count":7,"total-failure-session-count":0}}]}`,
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestSummaryFilterGenerated(t *testing.T) {
	dir := generatedFolder(t)
	for _, tc := range []struct {
		name       string
		args       []string
		filter     map[string]any
		reports    int
		ok, failed int64
		days       string // date ok/failed, ...
		results    map[string]float64
		note       string
	}{
		// Everything: 20+10+0+(100+7) = 137 successful, 2+5+3 = 10 failed.
		{"none", nil, filterJSON(), 4, 137, 10,
			"2028-01-31 20/2, 2028-02-01 10/5, 2028-02-29 0/3, 2028-03-01 107/0",
			map[string]float64{"certificate-expired": 5, "starttls-not-supported": 5, "tlsa-invalid": 1}, ""},
		// Both spellings of bücher.example, and example.com without g2's
		// domain-less policy: 20+10+0+100 = 130, failed 2+5+3 = 10.
		{"domains", []string{"-domain", "bücher.example", "-domain", "EXAMPLE.COM"}, filterJSON("domains", []string{"bücher.example", "EXAMPLE.COM"}),
			4, 130, 10, "2028-01-31 20/2, 2028-02-01 10/5, 2028-02-29 0/3, 2028-03-01 100/0",
			map[string]float64{"certificate-expired": 5, "starttls-not-supported": 5, "tlsa-invalid": 1}, ""},
		{"punycode", []string{"-domain", "XN--BCHER-KVA.example."}, filterJSON("domains", []string{"XN--BCHER-KVA.example."}),
			2, 30, 7, "2028-01-31 20/2, 2028-02-01 10/5",
			map[string]float64{"certificate-expired": 2, "starttls-not-supported": 5, "tlsa-invalid": 1}, ""},
		// By start day, both ends included: g1 (23:59:59 on the 31st) and m1.
		{"period", []string{"-from", "2028-01-31", "-to", "2028-02-01"}, filterJSON("from", "2028-01-31", "to", "2028-02-01"),
			2, 30, 7, "2028-01-31 20/2, 2028-02-01 10/5",
			map[string]float64{"certificate-expired": 2, "starttls-not-supported": 5, "tlsa-invalid": 1}, ""},
		// One day: r1 only, although it ends on 2028-03-01.
		{"one-day", []string{"-from", "2028-02-29", "-to", "2028-02-29"}, filterJSON("from", "2028-02-29", "to", "2028-02-29"),
			1, 0, 3, "2028-02-29 0/3", map[string]float64{"certificate-expired": 3}, ""},
		{"from", []string{"-from", "2028-02-02"}, filterJSON("from", "2028-02-02"),
			2, 107, 3, "2028-02-29 0/3, 2028-03-01 107/0", map[string]float64{"certificate-expired": 3}, ""},
		// g1 and g2: 20+107 successful, 2 failed.
		{"org", []string{"-org", "GOOGLE INC."}, filterJSON("organizations", []string{"GOOGLE INC."}),
			2, 127, 2, "2028-01-31 20/2, 2028-03-01 107/0", map[string]float64{"certificate-expired": 2}, ""},
		// Failure filters keep every session total; of the details only
		// g1's is left (MX1.Example.COM. and 2001:0db8::25 written apart).
		{"failure-parts", []string{"-result", "CERTIFICATE-EXPIRED", "-mx", "mx1.example.com", "-ip", "2001:DB8:0::25"},
			filterJSON("result_types", []string{"CERTIFICATE-EXPIRED"}, "receiving_mx_hosts", []string{"mx1.example.com"}, "sending_mta_ips", []string{"2001:DB8:0::25"}),
			4, 137, 10, "2028-01-31 20/2, 2028-02-01 10/5, 2028-02-29 0/3, 2028-03-01 107/0",
			map[string]float64{"certificate-expired": 2}, ""},
		{"everything", []string{"-domain", "example.com", "-domain", "bücher.example", "-from", "2028-01-01", "-to", "2028-02-29", "-org", "mail.ru", "-result", "certificate-expired", "-mx", "MX2.example.com.", "-ip", "192.0.2.9"},
			filterJSON("domains", []string{"example.com", "bücher.example"}, "from", "2028-01-01", "to", "2028-02-29", "organizations", []string{"mail.ru"},
				"result_types", []string{"certificate-expired"}, "receiving_mx_hosts", []string{"MX2.example.com."}, "sending_mta_ips", []string{"192.0.2.9"}),
			1, 0, 3, "2028-02-29 0/3", map[string]float64{"certificate-expired": 3}, ""},
		{"no-report", []string{"-domain", "nowhere.example"}, filterJSON("domains", []string{"nowhere.example"}),
			0, 0, 0, "", map[string]float64{}, "summary: no report matches the filter (domain nowhere.example); 4 loaded\n"},
		{"no-detail", []string{"-result", "dnssec-invalid"}, filterJSON("result_types", []string{"dnssec-invalid"}),
			4, 137, 10, "2028-01-31 20/2, 2028-02-01 10/5, 2028-02-29 0/3, 2028-03-01 107/0",
			map[string]float64{}, "summary: no failure detail matches the filter (result dnssec-invalid)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, summary, append(append([]string{"-json"}, tc.args...), dir)...)
			if code != ExitOK || errOut != tc.note {
				t.Errorf("exit %d, stderr %q; want 0, %q", code, errOut, tc.note)
			}
			s := decodeSummary(t, []byte(out))
			if !reflect.DeepEqual(s.Filter, tc.filter) {
				t.Errorf("filter %v, want %v", s.Filter, tc.filter)
			}
			var days []string
			for _, d := range s.Days {
				days = append(days, d.Date+" "+itoa(d.Ok)+"/"+itoa(d.Failed))
			}
			if s.Reports != tc.reports || s.LoadedReports != 4 || s.Ok != tc.ok || s.Failed != tc.failed || strings.Join(days, ", ") != tc.days {
				t.Errorf("reports %d of %d, %d/%d, days %q; want %d of 4, %d/%d, %q", s.Reports, s.LoadedReports, s.Ok, s.Failed, strings.Join(days, ", "),
					tc.reports, tc.ok, tc.failed, tc.days)
			}
			if got := counts(s.ResultTypes, "result_type"); !reflect.DeepEqual(got, tc.results) {
				t.Errorf("result types %v, want %v", got, tc.results)
			}
		})
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// The same over the real samples, with numbers read off the sample files
// (see the comments; duplicates of one report count once).
func TestSummaryFilterReal(t *testing.T) {
	t.Run("two domains", func(t *testing.T) {
		// karlsen.fr: sebastka's Google report 2/0 and Microsoft's tlsa+sts
		// report 4/0 (counted once). krvtz.net: tlsrpt-rs's Google 1/0 and
		// 2/0, Mail.ru 0/1 (in two files, one report) and Microsoft's
		// sts+tlsa 2/0. 6 reports, 2+4+1+2+0+2 = 11 successful, 1 failed.
		code, out, _ := run(t, summary, "-json", "-domain", "krvtz.net", "-domain", "KARLSEN.FR", realDir)
		s := decodeSummary(t, []byte(out))
		if code != ExitInputErrors || s.Reports != 6 || s.Ok != 11 || s.Failed != 1 {
			t.Errorf("exit %d, %d reports %d/%d; want 1, 6 reports 11/1", code, s.Reports, s.Ok, s.Failed)
		}
		orgs := map[string][3]int64{}
		for _, o := range s.Organizations {
			orgs[o.Name] = [3]int64{int64(o.Reports), o.Ok, o.Failed}
		}
		// Google 2+1+2, Microsoft 4+2, Mail.ru 0/1.
		if want := map[string][3]int64{"Google Inc.": {3, 5, 0}, "Microsoft Corporation": {2, 6, 0}, "Mail.ru": {1, 0, 1}}; !reflect.DeepEqual(orgs, want) {
			t.Errorf("organizations %v, want %v", orgs, want)
		}
		if !reflect.DeepEqual(s.Filter, filterJSON("domains", []string{"krvtz.net", "KARLSEN.FR"})) {
			t.Errorf("filter %v", s.Filter)
		}
	})
	t.Run("period and org", func(t *testing.T) {
		// Of the above, only Microsoft's krvtz.net report of 2024-09-13 2/0
		// and Google's of 2024-09-15 1/0 start within the period; the org
		// filter leaves Google's.
		_, out, _ := run(t, summary, "-json", "-domain", "krvtz.net", "-domain", "karlsen.fr", "-from", "2024-09-13", "-to", "2024-09-15", "-org", "google inc.", realDir)
		s := decodeSummary(t, []byte(out))
		if s.Reports != 1 || s.Ok != 1 || s.Failed != 0 || len(s.Days) != 1 || s.Days[0].Date != "2024-09-15" {
			t.Errorf("%d reports %d/%d days %+v; want 1 report 1/0 on 2024-09-15", s.Reports, s.Ok, s.Failed, s.Days)
		}
	})
	t.Run("idn", func(t *testing.T) {
		// xn--gpher-jua.test is göpher.test: tlsrpt-be's no-policy-found
		// report 99/102 and its RFC 8460 variant 5326/303.
		_, out, _ := run(t, summary, "-json", "-domain", "Göpher.test", realDir)
		if s := decodeSummary(t, []byte(out)); s.Reports != 2 || s.Ok != 5425 || s.Failed != 405 {
			t.Errorf("%d reports %d/%d; want 2 reports 5425/405", s.Reports, s.Ok, s.Failed)
		}
	})
	t.Run("failure parts", func(t *testing.T) {
		// certificate-expired to mx1.mail.company-y.example from
		// 2001:db8:abcd:0012::1: 100 in danmarg's sample and 100 in
		// tlsrpt-be's IDN variant (the other copies of the RFC example
		// are duplicates). Session totals stay those of every report.
		_, out, _ := run(t, summary, "-json", "-result", "certificate-expired", "-mx", "MX1.mail.company-y.example.", "-ip", "2001:DB8:ABCD:12::1", realDir)
		s := decodeSummary(t, []byte(out))
		if s.Reports != 36 || s.Ok != 15914 || s.Failed != 730 {
			t.Errorf("%d reports %d/%d; want the unfiltered 36, 15914/730", s.Reports, s.Ok, s.Failed)
		}
		if got := counts(s.ResultTypes, "result_type"); !reflect.DeepEqual(got, map[string]float64{"certificate-expired": 200}) {
			t.Errorf("result types %v", got)
		}
		if got := counts(s.MXHosts, "receiving_mx_hostname"); !reflect.DeepEqual(got, map[string]float64{"mx1.mail.company-y.example": 200}) {
			t.Errorf("MX hosts %v", got)
		}
		if got := counts(s.SendingMTAIPs, "sending_mta_ip"); !reflect.DeepEqual(got, map[string]float64{"2001:db8:abcd:12::1": 200}) {
			t.Errorf("sending IPs %v", got)
		}
	})
	t.Run("nothing matches", func(t *testing.T) {
		// Some samples are broken, so the exit status stays 1.
		code, out, errOut := run(t, summary, "-json", "-org", "Nobody", realDir)
		if s := decodeSummary(t, []byte(out)); code != ExitInputErrors || s.Reports != 0 || s.LoadedReports != 36 ||
			!strings.Contains(errOut, "summary: no report matches the filter (reporter Nobody); 36 loaded\n") {
			t.Errorf("exit %d, %d of %d reports, stderr %q", code, s.Reports, s.LoadedReports, errOut)
		}
	})
}

// A bad day or an empty period is one clear line and a usage error, for
// summary and export alike, before anything is read.
func TestFilterFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-from", "2028-02-30"}, `-from: "2028-02-30" is not a day of the calendar written as YYYY-MM-DD`},
		{[]string{"-to", "yesterday"}, `-to: "yesterday" is not a day of the calendar written as YYYY-MM-DD`},
		{[]string{"-from", "2028-03-01", "-to", "2028-02-01"}, "the period starts on 2028-03-01, after its end on 2028-02-01"},
	} {
		for _, cmd := range []struct {
			name string
			run  func([]string, *strings.Builder) int
		}{
			{"summary", func(args []string, errOut *strings.Builder) int {
				code, out, e := run(t, summary, args...)
				errOut.WriteString(e)
				if out != "" {
					t.Errorf("summary %v printed %q", args, out)
				}
				return code
			}},
			{"export", func(args []string, errOut *strings.Builder) int {
				code, _, e := run(t, exportCmd, append([]string{"-o", t.TempDir()}, args...)...)
				errOut.WriteString(e)
				return code
			}},
		} {
			var errOut strings.Builder
			code := cmd.run(append(slices.Clone(tc.args), realDir), &errOut)
			if want := cmd.name + ": " + tc.want + "\n"; code != ExitUsage || errOut.String() != want {
				t.Errorf("%s %v: exit %d, stderr %q; want %d, %q", cmd.name, tc.args, code, errOut.String(), ExitUsage, want)
			}
		}
	}
}

// export under a filter writes only the filtered data, and summary.json
// states the filter.
func TestExportFiltered(t *testing.T) {
	dir := generatedFolder(t)
	outDir := t.TempDir()
	code, _, errOut := run(t, exportCmd, "-o", outDir, "-size", "400x300", "-domain", "example.com", dir)
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	data, err := os.ReadFile(filepath.Join(outDir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	// example.com: r1 0/3 and g2's sts 100/0 (not its domain-less policy).
	s := decodeSummary(t, data)
	if !reflect.DeepEqual(s.Filter, filterJSON("domains", []string{"example.com"})) || s.Reports != 2 || s.LoadedReports != 4 || s.Ok != 100 || s.Failed != 3 {
		t.Errorf("summary.json: filter %v, %d of %d reports, %d/%d; want example.com, 2 of 4, 100/3", s.Filter, s.Reports, s.LoadedReports, s.Ok, s.Failed)
	}
	f, err := os.Open(filepath.Join(outDir, "failures.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// The header and r1's one detail; g1's and m1's are about bücher.example.
	if len(rows) != 2 || !strings.Contains(strings.Join(rows[1], ","), "r1,") || !strings.Contains(strings.Join(rows[1], ","), "mx2.example.com") {
		t.Errorf("failures.csv:\n%v", rows)
	}
}

// Every list of a Filter has its flag, which fills that list alone.
func TestEveryFilterListHasItsFlag(t *testing.T) {
	for _, l := range analysis.FilterLists {
		fs := newFlagSet("summary", io.Discard)
		ff := addFilterFlags(fs)
		if fs.Lookup(l.Flag) == nil {
			t.Errorf("no -%s flag", l.Flag)
			continue
		}
		value := "info" // a severity, and a value for any other list
		if l.Flag == "kind" {
			value = "policy-changed"
		}
		_, flt, ok := ff.parse(fs, []string{"-" + l.Flag, value, "x.json"}, io.Discard)
		var want analysis.Filter
		*l.Get(&want) = []string{value}
		if !ok || !flt.Equal(want) {
			t.Errorf("-%s: filter %v, want %v", l.Flag, flt, want)
		}
	}
}

// -org and -domain find a name as the window's pickers do
// (analysis.Search): part of one name, in any case, is taken for it and
// said on stderr; part of several is refused with them listed (trial:
// "summary -org google" found nothing, the window offered Google Inc.).
func TestPartOfANameIsFoundAsTheWindowFindsIt(t *testing.T) {
	whole, s := summaryOf(t, "-org", "Google Inc.", realDir)
	// 15 report-ids of Google Inc. in the samples, stalwart-mail-auth_rpt03.json unreadable.
	if s.Reports != 14 {
		t.Fatalf("-org 'Google Inc.': %d reports, want 14", s.Reports)
	}
	for _, typed := range []string{"google", "GOOGLE", " Google "} {
		code, out, errOut := run(t, summary, "-json", "-org", typed, realDir)
		var got summaryCounts
		if err := json.Unmarshal([]byte(out), &got); err != nil || code != whole || got.Reports != 14 || got.Successful != s.Successful ||
			!strings.Contains(errOut, "summary: -org "+typed+": taken for reporter Google Inc., the one name loaded that contains it\n") {
			t.Errorf("-org %q: exit %d, %+v, %q", typed, code, got, errOut)
		}
	}
	code, out, errOut := run(t, summary, "-org", "example", realDir)
	if code != ExitUsage || out != "" || !strings.Contains(errOut,
		"summary: -org example is part of 4 names: Example Inc., Example LLC., Example Reporter, Reporter Example; give one whole") {
		t.Errorf("-org example: exit %d, %q, %q", code, out, errOut)
	}
	code, out, errOut = run(t, summary, "-domain", "GÖPHER", realDir)
	if !strings.Contains(errOut, "-domain GÖPHER: taken for domain göpher.test (xn--gpher-jua.test)") || !strings.Contains(out, "Filter: domain xn--gpher-jua.test (2 of 36 reports)") {
		t.Errorf("-domain GÖPHER: exit %d, %q, %q", code, out, errOut)
	}
	// A whole name stays as typed, though it is part of another too.
	if _, _, errOut = run(t, summary, "-domain", "example.com", realDir); strings.Contains(errOut, "taken for") {
		t.Errorf("-domain example.com was taken for another: %q", errOut)
	}
	if code, out, errOut = run(t, checkCmd, "-org", "example", realDir); code != checkUnknown || !strings.Contains(errOut, "is part of 4 names") {
		t.Errorf("check -org example: exit %d, %q, %q", code, out, errOut)
	}
}
