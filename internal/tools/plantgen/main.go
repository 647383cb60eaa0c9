// Command plantgen writes TLS-RPT (RFC 8460) reports over 20 days in which
// every kind of finding is planted once, for looking at the Findings tab and
// report.html and for testing findings end to end:
//
//	go run ./internal/tools/plantgen -o DIR
//
// Each domain of plants carries one problem (its comment says which); the
// same command always writes the same files.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// days is how many consecutive UTC days the reports cover.
const days = 20

// firstDay is the day the reports start.
var firstDay = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// The reporters, as the real samples name them.
const (
	google    = "Google Inc."
	microsoft = "Microsoft Corporation"
	mailru    = "Mail.ru"
)

type obj = map[string]any

// failure is a failure-details entry that a plant adds on some days.
type failure struct {
	reporters  []string
	from, to   int // days, 1-based, inclusive
	resultType string
	mx         string
	n          int64
	reason     string
}

// plant is one policy domain and its problem.
type plant struct {
	domain, note string
	typ          string   // sts or tlsa
	mode         []string // MTA-STS mode per day (1-based); the last one repeats
	mx           [][]string
	tlsa         [][]string // TLSA records per day, as mode
	changeDay    int        // day mode, mx or tlsa switch to their second value; 0 never
	noPolicyDays [2]int     // days without a policy-string (a fetch outage)
	reporters    []string
	failures     []failure
}

func plants() []plant {
	both := []string{google, microsoft}
	all := []string{google, microsoft, mailru}
	return []plant{
		{domain: "ready.example", note: "testing for 20 days without a failure: ready for enforce",
			typ: "sts", mode: []string{"testing"}, mx: [][]string{{"*.ready.example"}}, reporters: both},
		{domain: "shop.example", note: "enforce; backup.shop-mail.example receives mail but is not in the policy; mx1's certificate expired on day 12",
			typ: "sts", mode: []string{"enforce"}, mx: [][]string{{"mx1.shop.example", "mx2.shop.example"}}, reporters: both,
			failures: []failure{
				{both, 15, days, "validation-failure", "backup.shop-mail.example", 6, "MX_HOSTS_MISMATCH"},
				{both, 12, days, "certificate-expired", "mx1.shop.example", 40, "X509_V_ERR_CERT_HAS_EXPIRED"},
			}},
		{domain: "news.example", note: "testing; mail.news.example stopped offering STARTTLS on day 5: not ready",
			typ: "sts", mode: []string{"testing"}, mx: [][]string{{"mail.news.example"}}, reporters: all,
			failures: []failure{{all, 5, days, "starttls-not-supported", "mail.news.example", 25, ""}}},
		{domain: "dane.example", note: "DANE; the certificate was rotated on day 10 with a TLSA record that does not match it",
			typ: "tlsa", tlsa: [][]string{{"3 1 1 5f2c0b8d6c8e1f9a7b3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9d"},
				{"3 1 1 0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d"}},
			changeDay: 10, reporters: both,
			failures: []failure{{both, 10, days, "tlsa-invalid", "mx.dane.example", 12, ""}}},
		{domain: "fetch.example", note: "enforce; mta-sts.fetch.example was down on days 7 and 8",
			typ: "sts", mode: []string{"enforce"}, mx: [][]string{{"mx.fetch.example"}}, noPolicyDays: [2]int{7, 8}, reporters: both,
			failures: []failure{{both, 7, 8, "sts-policy-fetch-error", "", 9, "bad https response code: 503"}}},
		{domain: "moved.example", note: "moved from testing to enforce on day 10 and added a second MX",
			typ: "sts", mode: []string{"testing", "enforce"}, mx: [][]string{{"mx1.moved.example"}, {"mx1.moved.example", "mx2.moved.example"}},
			changeDay: 10, reporters: both},
		{domain: "blip.example", note: "enforce; one day of untrusted certificates on day 4, none since",
			typ: "sts", mode: []string{"enforce"}, mx: [][]string{{"mx.blip.example"}}, reporters: both,
			failures: []failure{{both, 4, 4, "certificate-not-trusted", "mx.blip.example", 3, ""}}},
		{domain: "solo.example", note: "enforce; only Mail.ru fails to validate mx.solo.example while the others deliver",
			typ: "sts", mode: []string{"enforce"}, mx: [][]string{{"mx.solo.example"}}, reporters: all,
			failures: []failure{{[]string{mailru}, 16, 18, "certificate-not-trusted", "mx.solo.example", 4, "unable to get local issuer certificate"}}},
	}
}

func main() {
	out := flag.String("o", "", "output directory (required)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	n, err := generate(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "plantgen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "plantgen: %d reports in %s\n", n, *out)
}

// generate writes one report per reporter, plant and day into dir.
func generate(dir string) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	n := 0
	for _, p := range plants() {
		for d := 1; d <= days; d++ {
			for _, rep := range p.reporters {
				start := firstDay.AddDate(0, 0, d-1)
				r := obj{
					"organization-name": rep,
					"date-range":        obj{"start-datetime": start.Format(time.RFC3339), "end-datetime": start.Add(24*time.Hour - time.Second).Format(time.RFC3339)},
					"contact-info":      "tlsrpt@" + strings.ToLower(strings.Fields(rep)[0]) + ".example",
					"report-id":         fmt.Sprintf("%s_%s_%02d", start.Format("20060102"), p.domain, d),
					"policies":          []obj{p.policy(rep, d)},
				}
				b, err := json.MarshalIndent(r, "", "  ")
				if err != nil {
					return n, err
				}
				name := fmt.Sprintf("%s!%s!%d!%d.json", strings.ToLower(strings.Fields(rep)[0]), p.domain, start.Unix(), start.Unix()+86399)
				if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
					return n, err
				}
				n++
			}
		}
	}
	return n, nil
}

// pick is the value of a per-day list: the second from changeDay on.
func pick[T any](p *plant, values []T, day int) T {
	if len(values) > 1 && p.changeDay > 0 && day >= p.changeDay {
		return values[1]
	}
	return values[0]
}

// policy is the policies[] entry reporter rep sends for day d.
func (p *plant) policy(rep string, d int) obj {
	pol := obj{"policy-type": p.typ, "policy-domain": p.domain}
	switch {
	case p.typ == "tlsa":
		pol["policy-string"] = pick(p, p.tlsa, d)
	case d < p.noPolicyDays[0] || d > p.noPolicyDays[1]:
		mx := pick(p, p.mx, d)
		lines := []string{"version: STSv1", "mode: " + pick(p, p.mode, d)}
		for _, m := range mx {
			lines = append(lines, "mx: "+m)
		}
		pol["policy-string"] = append(lines, "max_age: 604800")
		pol["mx-host"] = mx
	}
	var details []obj
	var failed int64
	for _, f := range p.failures {
		if d < f.from || d > f.to || !contains(f.reporters, rep) {
			continue
		}
		fd := obj{"result-type": f.resultType, "failed-session-count": f.n, "sending-mta-ip": sendingIP(rep)}
		if f.mx != "" {
			fd["receiving-mx-hostname"] = f.mx
		}
		if f.reason != "" {
			fd["failure-reason-code"] = f.reason
		}
		details = append(details, fd)
		failed += f.n
	}
	// Every reporter delivers some mail every day; a day of fetch errors
	// still delivers, without the policy.
	entry := obj{"policy": pol, "summary": obj{"total-successful-session-count": 120 + 7*d, "total-failure-session-count": failed}}
	if details != nil {
		entry["failure-details"] = details
	}
	return entry
}

func sendingIP(rep string) string {
	switch rep {
	case google:
		return "209.85.220.41"
	case microsoft:
		return "2a01:111:f403:2c19::700"
	}
	return "94.100.180.1"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
