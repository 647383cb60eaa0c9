package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

var (
	// epoch is the first day of the corpus. It is fixed, not time.Now, so
	// that the same seed always gives the same files.
	epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	// Microsoft wrote date-times without a time zone until spring 2024.
	zonedFrom = time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
)

// Result types by where they happen. Policy-level failures happen before
// any MX is contacted, so Microsoft and Mail.ru give no IPs for them.
var (
	stsSession   = []string{"starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted", "validation-failure"}
	stsPolicy    = []string{"sts-policy-fetch-error", "sts-policy-fetch-error", "sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid"}
	tlsaResults  = []string{"tlsa-invalid", "dnssec-invalid", "dane-required", "validation-failure", "starttls-not-supported"}
	noPolResults = []string{"starttls-not-supported", "validation-failure"}
	policyLevel  = map[string]bool{"sts-policy-fetch-error": true, "sts-policy-invalid": true, "sts-webpki-invalid": true, "dnssec-invalid": true}
)

// mailruMismatch is the chance that a Mail.ru policy with failure details
// has a total-failure-session-count below their sum, as in the real
// Mail.ru sample. Tuned so that ~1% of all reports mismatch.
const mailruMismatch = 0.5

type gen struct {
	r        *rand.Rand
	reps     []*reporter
	doms     []*domain
	diverse  bool
	versions [][]version // per domain, in the diverse corpus
}

// report returns the file name (without .gz) and the JSON of one report by
// rep about d on the given day of the corpus.
func (g *gen) report(rep *reporter, d *domain, day int) (string, []byte) {
	r := g.r
	start := epoch.AddDate(0, 0, day)
	end := start.Add(24*time.Hour - time.Second)
	if rep.style == mailru {
		end = start.Add(24 * time.Hour)
	}
	layout := time.RFC3339
	if rep.style == microsoft && start.Before(zonedFrom) {
		layout = "2006-01-02T15:04:05"
	}

	var rid, name string
	switch rep.style {
	case google:
		rid = start.Format(time.RFC3339) + "_" + d.name
		name = fmt.Sprintf("google.com!%s!%d!%d!001.json", d.name, start.Unix(), end.Unix())
	case microsoft:
		// The 18 digits are a Windows FILETIME (100 ns since 1601) of when the
		// report was made, some hours after the day ended; the domain after
		// the + keeps it unique.
		made := end.Unix() + 1 + r.Int64N(12*3600)
		ticks := (made+11644473600)*1e7 + r.Int64N(1e7)
		rid = fmt.Sprintf("%d+%s", ticks, d.name)
		name = fmt.Sprintf("microsoft.com!%s!%d!%d!%d.json", d.name, start.Unix(), end.Unix(), ticks)
	case mailru:
		rid = uuid(r) + "@mail.ru"
		name = fmt.Sprintf("mail.ru!%s!%d!%d!001.json", d.name, start.Unix(), end.Unix())
	case rfc:
		rid = uuid(r)
		name = fmt.Sprintf("%s!%s!%d!%d", rep.submitter, d.name, start.Unix(), end.Unix())
		if rep.fileID {
			name += fmt.Sprintf("!%010x", r.Uint64()>>24)
		}
		name += ".json"
	}

	// One day's sessions, counted once and reported under every policy that
	// applies to them (Microsoft gives its TLSA and STS policies equal counts).
	// Reporters only report days on which they had sessions, so at least one.
	ok := max(1, int64(d.volume*rep.share*math.Exp(0.5*r.NormFloat64())))
	var pols []testgen.Obj
	dane := d.tlsa != nil && (rep.style == microsoft || rep.style == rfc)
	if dane {
		pols = append(pols, g.policy(rep, d, "tlsa", ok))
	}
	switch {
	case d.sts:
		pols = append(pols, g.policy(rep, d, "sts", ok))
	case !dane:
		pols = append(pols, g.policy(rep, d, "no-policy-found", ok))
	}
	if len(pols) == 2 && r.IntN(2) == 0 {
		pols[0], pols[1] = pols[1], pols[0]
	}

	// Real reporters differ in key order: Mail.ru sorts, the others follow
	// the RFC.
	f := testgen.Format{Sorted: rep.style == mailru}
	if rep.pretty {
		f.Indent = "  "
	}
	b := testgen.Encode(testgen.Report(rep.org, rid, rep.contact, start.Format(layout), end.Format(layout), pols...), f)
	return name, b
}

// policy returns one entry of "policies": policy, summary and details.
func (g *gen) policy(rep *reporter, d *domain, ptype string, ok int64) testgen.Obj {
	r := g.r
	var results []string
	fetchErr := false // the MTA-STS policy could not be fetched or used
	failP := d.failP
	if rep.style == mailru {
		failP *= 2 // Mail.ru's reports in the wild are mostly about failures
	}
	if r.Float64() < failP {
		switch ptype {
		case "tlsa":
			results = tlsaResults
		case "no-policy-found":
			results = noPolResults
		default:
			results = stsSession
			if r.Float64() < d.fetchP {
				results, fetchErr = stsPolicy, true
			}
		}
	}
	if fetchErr && rep.style == mailru {
		ok = 0 // as in the real sample: nothing delivered under the policy
	}

	var details []testgen.Obj
	var sum int64
	if results != nil {
		// Failures scale with traffic: a broken MX at a big domain fails
		// thousands of sessions a day.
		scale := 1 + d.volume*rep.share*0.02
		for range 1 + r.IntN(3) {
			rt := results[r.IntN(len(results))]
			n := 1 + int64(r.ExpFloat64()*scale)
			if rep.style == mailru && fetchErr {
				n = 1 + int64(r.IntN(2))
			}
			sum += n
			details = append(details, g.detail(rep, d, rt, n))
		}
	}
	failed := sum
	if rep.style == mailru && sum >= 2 && r.Float64() < mailruMismatch {
		failed = sum - 1 - r.Int64N(sum/2) // Mail.ru sometimes counts fewer
	}

	entry := testgen.Policy(ptype, d.name, ok, failed, details...)
	pol := entry["policy"].(testgen.Obj)
	switch ptype {
	case "sts":
		if !fetchErr {
			pol["policy-string"] = testgen.STSLines(d.mode, d.stsMX, d.maxAge)
		}
		switch {
		case fetchErr:
		case rep.style == google:
			pol["mx-host"] = d.stsMX
		case rep.style == rfc:
			pol["mx-host"] = d.stsMX[0]
		}
	case "tlsa":
		if rep.style == microsoft {
			// Microsoft packs all records into one string holding a JSON array.
			pol["policy-string"] = []string{string(testgen.JSON(d.tlsa))}
		} else {
			pol["policy-string"], pol["mx-host"] = d.tlsa, d.mx[0]
		}
	}
	return entry
}

// detail returns one failure detail with the fields rep is known to send.
func (g *gen) detail(rep *reporter, d *domain, rt string, n int64) testgen.Obj {
	r := g.r
	i := r.IntN(len(d.mx))
	var ip string
	if g.diverse {
		ip = sendIP(rep.idx, r.IntN(sendPool))
	} else {
		ip = rep.sendIPs[r.IntN(d.ipCount)]
	}
	reason := reasonCode(r, rt, d) // drawn for every style, to keep the random sequence
	fd := detailFields(r, rep, d, rt, n, i, ip, reason)
	if g.diverse && !policyLevel[rt] && r.Float64() < byIPShare {
		delete(fd, "receiving-mx-hostname")
		delete(fd, "receiving-mx-helo")
		fd["receiving-ip"] = recvIP(d.idx, r.IntN(recvPool))
	}
	return fd
}

// detailFields returns the fields of one failure detail as rep sends them,
// about MX i of d and sending MTA ip.
func detailFields(r *rand.Rand, rep *reporter, d *domain, rt string, n int64, i int, ip, reason string) testgen.Obj {
	switch rep.style {
	case google:
		mx := d.mx[i]
		if policyLevel[rt] {
			mx = ""
		}
		return testgen.Detail(rt, n, testgen.Obj{"sending-mta-ip": ip, "receiving-mx-hostname": mx})
	case microsoft, mailru:
		if policyLevel[rt] {
			return testgen.Detail(rt, n, testgen.Obj{"failure-reason-code": reason})
		}
		if r.IntN(2) != 0 {
			reason = ""
		}
		return testgen.Detail(rt, n, testgen.Obj{"sending-mta-ip": ip, "receiving-mx-hostname": d.mx[i], "failure-reason-code": reason})
	}
	// The RFC example and its followers fill in every optional field.
	return testgen.Detail(rt, n, testgen.Obj{
		"sending-mta-ip":         ip,
		"receiving-mx-hostname":  d.mx[i],
		"receiving-mx-helo":      d.mx[i],
		"receiving-ip":           d.mxIP[i],
		"additional-information": fmt.Sprintf("https://reports.%s/report_info?id=%s#%s", rep.submitter, uuid(r)[:13], camel(rt)),
		"failure-reason-code":    reason,
	})
}

// reasonCode returns free text of the kind reporters put in
// failure-reason-code for this result type.
func reasonCode(r *rand.Rand, rt string, d *domain) string {
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	switch rt {
	case "starttls-not-supported":
		return pick("421 4.7.0", "STARTTLS not offered", "454 4.7.0 TLS not available due to local problem")
	case "certificate-host-mismatch":
		return pick("X509_V_ERR_HOSTNAME_MISMATCH", "MX_HOSTS_MISMATCH")
	case "certificate-expired":
		return "X509_V_ERR_CERT_HAS_EXPIRED"
	case "certificate-not-trusted":
		return pick("X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN", "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY")
	case "validation-failure":
		return pick("X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED", "X509_V_ERR_CERT_SIGNATURE_FAILURE")
	case "sts-policy-fetch-error":
		return pick("bad https response code: 404", "bad https response code: 500",
			`unable to do http request: Get "https://mta-sts.`+d.name+`/.well-known/mta-sts.txt": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`)
	case "sts-policy-invalid":
		return pick("invalid policy: missing mode", "policy domain mismatch")
	case "sts-webpki-invalid":
		return "X509_V_ERR_CERT_HAS_EXPIRED for mta-sts." + d.name
	case "tlsa-invalid":
		return "no TLSA record matched the certificate"
	case "dnssec-invalid":
		return "DNSSEC validation failed: bogus"
	case "dane-required":
		return "TLSA records found but STARTTLS not offered"
	}
	return ""
}

// camel turns "certificate-expired" into "CertificateExpired", the anchor
// style of the RFC example's additional-information URL.
func camel(s string) string {
	var b strings.Builder
	for _, w := range strings.Split(s, "-") {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// uuid returns a random UUID-shaped string drawn from r, so it is
// reproducible from the seed.
func uuid(r *rand.Rand) string {
	h := fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
