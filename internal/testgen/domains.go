package testgen

import (
	"fmt"
	"time"
)

// Domain is one policy domain of a postmaster's reports, day by day: the
// policy its reporters saw and the failures they had, by day number from
// the first day (0).
type Domain struct {
	Name    string // as in DNS: an IDN in punycode
	DANE    bool   // a tlsa policy, else MTA-STS
	Mode    string // MTA-STS mode
	OK      int64  // successful sessions a reporter has a day
	Result  string // the result type of its failures; "" for none
	Failing [2]int // the days failures start and stop (inclusive)
	Failed  int64  // failed sessions a reporter has on a failing day
	Silent  int    // from this day on no report comes; 0 never
}

// Reporters send one report a day for every domain, as Google and
// Microsoft do.
var Reporters = []string{"Google Inc.", "Microsoft Corporation"}

// Story is the two-month story of six domains that the README's pictures
// of the front page show: a certificate that expired and was renewed a
// week later, a testing policy an MX without STARTTLS keeps from being
// enforced, DANE records that broke and stay broken, a domain whose
// reports stopped, a new MX missing from an MTA-STS policy, and an IDN
// domain with nothing wrong.
func Story(days int) []Domain {
	return []Domain{
		{Name: "shop.example", Mode: "enforce", OK: 1800, Result: "certificate-expired", Failing: [2]int{days - 25, days - 18}, Failed: 120},
		{Name: "news.example", Mode: "testing", OK: 900, Result: "starttls-not-supported", Failing: [2]int{0, days - 1}, Failed: 25},
		{Name: "dane.example", DANE: true, OK: 400, Result: "tlsa-invalid", Failing: [2]int{days * 3 / 4, days - 1}, Failed: 60},
		{Name: "quiet.example", Mode: "enforce", OK: 300, Silent: days * 2 / 3},
		{Name: "mail.example", Mode: "enforce", OK: 1200, Result: "validation-failure", Failing: [2]int{days - 10, days - 1}, Failed: 40},
		{Name: "xn--gpher-jua.test", Mode: "enforce", OK: 650},
	}
}

// ManyDomains are n domains of an operator who hosts many: most of them
// fine, every seventh failing for a while in one of four ways, every
// eleventh in testing mode, every thirteenth DANE. The same n always gives
// the same domains.
func ManyDomains(n, days int) []Domain {
	results := []string{"certificate-expired", "starttls-not-supported", "validation-failure", "certificate-host-mismatch"}
	out := make([]Domain, n)
	for i := range out {
		d := Domain{Name: fmt.Sprintf("d%03d.example", i+1), Mode: "enforce", OK: int64(100 + (i*37)%900)}
		if i%11 == 5 {
			d.Mode = "testing"
		}
		if i%13 == 7 {
			d.DANE = true
		}
		if i%7 == 3 {
			start := (i * 5) % days
			d.Result, d.Failing, d.Failed = results[(i/7)%len(results)], [2]int{start, min(days-1, start+days/4)}, int64(5+i%40)
			if d.DANE {
				d.Result = "tlsa-invalid"
			}
		}
		out[i] = d
	}
	return out
}

// DomainReports are the reports about domains over days days from first,
// by file name: one a reporter a domain a day.
func DomainReports(domains []Domain, first time.Time, days int) map[string][]byte {
	files := map[string][]byte{}
	for day := range days {
		start := first.AddDate(0, 0, day)
		from, to := start.Format(time.RFC3339), start.Add(24*time.Hour-time.Second).Format(time.RFC3339)
		for r, org := range Reporters {
			for i, d := range domains {
				if d.Silent > 0 && day >= d.Silent {
					continue
				}
				mx := []string{"mx1." + d.Name, "mx2." + d.Name}
				var failed int64
				var details []Obj
				if d.Result != "" && day >= d.Failing[0] && day <= d.Failing[1] {
					failed = d.Failed
					details = []Obj{Detail(d.Result, failed, Obj{
						"receiving-mx-hostname": mx[0],
						"sending-mta-ip":        fmt.Sprintf("192.0.2.%d", 10+r),
						"receiving-ip":          fmt.Sprintf("198.51.100.%d", i%250),
					})}
				}
				var p Obj
				if d.DANE {
					p = Policy("tlsa", d.Name, d.OK, failed, details...)
					p["policy"].(Obj)["policy-string"] = []string{"3 1 1 " + fmt.Sprintf("%064x", i+1)}
					p["policy"].(Obj)["mx-host"] = mx
				} else {
					p = STSPolicy(d.Name, d.Mode, mx, "604800", d.OK, failed, details...)
				}
				id := fmt.Sprintf("%s_%d_%s", start.Format("2006-01-02"), r, d.Name)
				files[id+".json"] = JSON(Report(org, id, "tlsrpt@reporter.example", from, to, p))
			}
		}
	}
	return files
}
