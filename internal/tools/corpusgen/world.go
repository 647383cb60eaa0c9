package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// style is the shape of one reporter's JSON, copied from the samples in
// testdata/real.
type style int

const (
	google    style = iota // mx-host list, compact, report-id <start>_<domain>
	microsoft              // no mx-host, TLSA policy, report-id <18 digits>+<domain>
	mailru                 // sorted keys, ends next day 00:00:00Z, fetch errors without IPs
	rfc                    // mx-host string, every optional failure-detail field, pretty
)

type reporter struct {
	org, contact string
	submitter    string // first part of the file name
	style        style
	weight       int      // share of all reports
	share        float64  // share of a domain's daily traffic this reporter carries
	sendIPs      []string // sending MTAs that appear in failure details
	pretty       bool     // indented JSON instead of one line
	fileID       bool     // RFC style: whether the file name ends in !<unique-id>
	idx          int      // index among the reporters (diverse corpus)
}

// domain is one policy domain: the receiving side the reports are about.
type domain struct {
	name    string
	mx      []string // MX host names
	mxIP    []string // receiving IP of each MX
	stsMX   []string // the mx: patterns of its MTA-STS policy
	sts     bool     // publishes MTA-STS; without it reporters say no-policy-found
	mode    string   // testing or enforce
	maxAge  string
	tlsa    []string // DANE TLSA records; nil without DANE
	volume  float64  // successful sessions per day seen by the biggest reporter
	failP   float64  // chance that a policy in a report about it has failures
	fetchP  float64  // of those, chance that the policy could not be fetched
	ipCount int      // how many of a reporter's MTAs talk to it
	idx     int      // index among the domains (diverse corpus)
}

func reporters(r *rand.Rand) []*reporter {
	rs := []*reporter{
		{org: "Google Inc.", contact: "smtp-tls-reporting@google.com", submitter: "google.com",
			style: google, weight: 45, share: 1},
		{org: "Microsoft Corporation", contact: "tlsrpt-noreply@microsoft.com", submitter: "microsoft.com",
			style: microsoft, weight: 35, share: 0.6},
		{org: "Mail.ru", contact: "tls_support@corp.mail.ru", submitter: "mail.ru",
			style: mailru, weight: 8, share: 0.03},
		{org: "Company-X", contact: "sts-reporting@company-x.example", submitter: "company-x.example",
			style: rfc, weight: 7, share: 0.02, pretty: true},
		{org: "Example Reporter", contact: "tlsrpt@example.net", submitter: "example.net",
			style: rfc, weight: 5, share: 0.01, pretty: true, fileID: true},
	}
	// Sending MTAs from the documentation ranges (RFC 5737, RFC 3849), one
	// block per reporter so that a failing IP points to one reporter.
	// Receiving MXs use 192.0.2.0/24 and 2001:db8:ffff::/48 (see newDomain).
	v4 := []string{"198.51.100.", "203.0.113.", "198.51.100.", "203.0.113.", "203.0.113."}
	v6 := []string{"2001:db8:4860:4::", "2001:db8:a01:", "2001:db8:5ad::", "2001:db8:abcd:12::", "2001:db8:e0::"}
	for i, rep := range rs {
		base := 10 + 40*i // 10..209: disjoint per reporter
		for j := range 12 {
			if j%3 == 2 {
				if rep.style == microsoft {
					rep.sendIPs = append(rep.sendIPs, fmt.Sprintf("%s%x::%x", v6[i], 0x100+r.IntN(0xf00), 1+r.IntN(0xfff)))
				} else {
					rep.sendIPs = append(rep.sendIPs, fmt.Sprintf("%s%x", v6[i], 1+r.IntN(0xffff)))
				}
			} else {
				rep.sendIPs = append(rep.sendIPs, fmt.Sprintf("%s%d", v4[i], base+r.IntN(40)))
			}
		}
	}
	return rs
}

var (
	words = []string{"acme", "globex", "initech", "umbrella", "hooli", "vandelay", "tyrell",
		"wonka", "stark", "wayne", "soylent", "cyberdyne", "aperture", "monarch", "oscorp",
		"duff", "krusty", "gringotts", "pied-piper", "dunder", "nakatomi", "massive",
		"blue-sun", "weyland", "virtucon", "bluth", "prestige", "sterling", "contoso", "fabrikam",
		"northwind", "tailspin", "litware", "adatum", "woodgrove", "proseware", "lucerne",
		"fourth-coffee", "wingtip", "alpine"}
	suffixes = []string{".example", ".example.com", ".example.net", ".example.org", "-mail.example"}
	// Internationalised names arrive in punycode.
	idn = []string{"xn--bcher-kva.example", "xn--mnchen-3ya.example", "xn--caf-dma.example.org"}
)

// domains makes n policy domains with their DNS and traffic.
func domains(r *rand.Rand, n int) []*domain {
	seen := map[string]bool{}
	ds := make([]*domain, 0, n)
	for i := 0; len(ds) < n; i++ {
		var name string
		if i < len(idn) {
			name = idn[i]
		} else {
			name = words[r.IntN(len(words))] + suffixes[r.IntN(len(suffixes))]
			if seen[name] {
				continue
			}
		}
		seen[name] = true
		ds = append(ds, newDomain(r, name, len(ds)))
	}
	return ds
}

func newDomain(r *rand.Rand, name string, i int) *domain {
	d := &domain{name: name, sts: r.Float64() < 0.9, mode: "enforce",
		maxAge: []string{"86400", "604800", "2592000", "31557600"}[r.IntN(4)]}
	if r.Float64() < 0.4 {
		d.mode = "testing"
	}
	prefixes := []string{"mx1.", "mx2.", "mx-backup."}
	if r.IntN(2) == 0 {
		prefixes = []string{"mail.", "mail2.", "mx.backup."}
	}
	for j := range 1 + r.IntN(3) {
		d.mx = append(d.mx, prefixes[j]+name)
		if r.IntN(4) == 0 {
			d.mxIP = append(d.mxIP, fmt.Sprintf("2001:db8:ffff:%x::25", i*4+j))
		} else {
			d.mxIP = append(d.mxIP, fmt.Sprintf("192.0.2.%d", 1+(i*3+j)%254))
		}
	}
	if r.IntN(3) == 0 {
		d.stsMX = []string{"*." + name}
	} else {
		d.stsMX = d.mx
	}
	if r.Float64() < 0.2 {
		for range 1 + r.IntN(2) {
			var h strings.Builder
			for range 32 {
				fmt.Fprintf(&h, "%02X", r.IntN(256))
			}
			d.tlsa = append(d.tlsa, "3 1 1 "+h.String())
		}
	}
	// Traffic is skewed: most domains see a handful of sessions a day, a few
	// see millions. u³ puts ~84% of domains below 10⁴ sessions.
	u := r.Float64()
	d.volume = math.Pow(10, 0.3+6*u*u*u)
	d.ipCount = 1 + min(11, int(math.Log10(d.volume)*2))
	// Most domains are healthy; some are broken for weeks at a time.
	d.failP = 0.08
	if r.Float64() < 0.15 {
		d.failP = 0.6
	}
	d.fetchP = 0.1
	if d.sts && r.Float64() < 0.1 {
		d.fetchP = 0.8
	}
	return d
}
