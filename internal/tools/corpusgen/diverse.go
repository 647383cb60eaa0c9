package main

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// The diverse corpus (issue 23) is shaped like a multi-domain operator's
// year, the shape in which the tidy corpus hid costs: per-IP and per-host
// work, policies with many versions, thousands of findings.
const (
	// sendPool is how many sending MTAs each reporter draws from; failure
	// details pick among them uniformly, so a 20,000-report year shows about
	// 22,500 distinct sending IPs.
	sendPool = 40000
	// recvPool is how many receiving IPs each domain's MXs answer on over
	// the year (load balancers, renumbering). A detail that names no host
	// names one of these, and findings about it are kept per IP.
	recvPool = 64
	// byIPShare is the share of session-level failure details that give a
	// receiving IP instead of a host name.
	byIPShare = 0.35
	// diverseFailP is the chance that a policy in a report has failures.
	diverseFailP = 0.55
)

// version is a domain as its DNS and MTA-STS policy stood from day on.
type version struct {
	day int
	d   *domain
}

// diversify turns the tidy world into the diverse one: four reporters,
// three MX hosts a domain, wide pools of sending and receiving IPs and
// policies that change over the year.
func (g *gen) diversify() {
	r := g.r
	g.reps = g.reps[:4]
	for i, rep := range g.reps {
		rep.idx = i
	}
	for i, d := range g.doms {
		d.idx = i
		prefixes := []string{"mx1.", "mx2.", "mx-backup."}
		d.mx, d.mxIP = nil, nil
		for j := range 3 {
			d.mx = append(d.mx, prefixes[j]+d.name)
			d.mxIP = append(d.mxIP, fmt.Sprintf("2001:db8:ffff:%x::25", i*4+j))
		}
		d.stsMX = d.mx
		d.failP = diverseFailP
		d.ipCount = 0 // unused: details draw from sendPool
		g.versions = append(g.versions, versions(r, d))
	}
}

// versions returns d's history: the first version and one to three
// changes, each flipping the mode or changing the mx: list of its MTA-STS
// policy (and sometimes its max_age), on days spread over the year.
func versions(r *rand.Rand, d *domain) []version {
	vs := []version{{0, d}}
	days := []int{}
	for range 1 + r.IntN(3) {
		days = append(days, 1+r.IntN(364))
	}
	slices.Sort(days)
	cur := d
	for _, day := range slices.Compact(days) {
		next := *cur
		switch r.IntN(3) {
		case 0:
			next.mode = map[string]string{"testing": "enforce", "enforce": "testing"}[cur.mode]
		case 1:
			// Drop the backup MX from the policy, or add it back; the hosts
			// stay in DNS, so senders still reach the dropped one.
			if len(cur.stsMX) == len(d.mx) {
				next.stsMX = d.mx[:len(d.mx)-1]
			} else {
				next.stsMX = d.mx
			}
		default:
			next.stsMX = []string{"*." + d.name}
			next.maxAge = []string{"86400", "604800", "2592000", "31557600"}[r.IntN(4)]
		}
		cur = &next
		vs = append(vs, version{day, cur})
	}
	return vs
}

// at returns domain i as it stood on day.
func (g *gen) at(i, day int) *domain {
	vs := g.versions[i]
	k, _ := slices.BinarySearchFunc(vs, day+1, func(v version, t int) int { return v.day - t })
	return vs[k-1].d
}

// sendIP returns sending MTA k of reporter rep: IPv4 from the benchmarking
// range 198.18.0.0/15 (RFC 2544), every third one IPv6 from 2001:db8::/32.
func sendIP(rep, k int) string {
	if k%3 == 2 {
		return fmt.Sprintf("2001:db8:%x::%x", 0x100+rep, k)
	}
	n := rep*sendPool + k
	return fmt.Sprintf("198.%d.%d.%d", 18+n>>16, n>>8&0xff, n&0xff)
}

// recvIP returns receiving IP k of domain i, from 2001:db8:fffe::/48.
func recvIP(i, k int) string {
	return fmt.Sprintf("2001:db8:fffe:%x::%x", i, 0x25+k)
}
