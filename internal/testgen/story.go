package testgen

import (
	"fmt"
	"time"
)

// ManyFindings is a story of domains*hosts findings over domains policy
// domains, for the window's Findings tab: each domain (d000.example, …)
// has an MTA-STS policy (mx: *.dNNN.example), enforced or in testing mode
// by turns, with hosts of its own failing, each on one day of two, with a
// result type by turns expired certificate, no STARTTLS and a certificate
// for another host, so that each host makes one finding of its own and
// the severities differ from domain to domain; a domain in testing mode
// has one failing host fewer and an enforce-readiness finding instead.
// One report a domain a day, from one reporter, on day1 and the day after.
func ManyFindings(domains, hosts int, day1 time.Time) []Obj {
	types := []string{"certificate-expired", "starttls-not-supported", "certificate-host-mismatch"}
	modes := []string{"enforce", "testing"}
	var out []Obj
	for d := range domains {
		domain := fmt.Sprintf("d%03d.example", d)
		mx := []string{"*." + domain}
		mode, failing := modes[d%len(modes)], hosts
		if mode == "testing" {
			failing-- // its enforce-readiness finding makes up the count
		}
		for day := 1; day <= 2; day++ {
			var details []Obj
			var failed int64
			for h := range failing {
				// The domain's first d%hosts+1 hosts fail on the second
				// day, the rest on the first only.
				if (day == 2) != (h < d%hosts+1) {
					continue
				}
				n := int64(1 + h%5)
				failed += n
				details = append(details, Detail(types[(d+h)%len(types)], n, Obj{
					"sending-mta-ip":        fmt.Sprintf("192.0.2.%d", 1+h%250),
					"receiving-mx-hostname": fmt.Sprintf("mx%03d.%s", h, domain),
				}))
			}
			on := day1.AddDate(0, 0, day-1).Format(time.DateOnly)
			start, end := on+"T00:00:00Z", on+"T23:59:59Z"
			out = append(out, Report("Reporter Inc.", fmt.Sprintf("%s-%d", domain, day), "tlsrpt@reporter.example", start, end,
				STSPolicy(domain, mode, mx, "604800", 1000, failed, details...)))
		}
	}
	return out
}
