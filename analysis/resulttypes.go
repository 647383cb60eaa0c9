package analysis

import (
	"cmp"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// ResultTypeInfo explains a result type in plain words. It is the one
// place of the advice for each result type: the Failures tab shows it for
// a row, the findings give it for a host.
type ResultTypeInfo struct {
	Name    report.ResultType // as it appears in reports
	Title   string            // short plain-words name for charts
	Meaning string            // what the sending MTA saw
	fix     func(Site) string
}

// Site is what a result type's advice names: where the failures were
// seen, as far as the reports say. Every field may be empty; the advice
// then names the place in general words.
type Site struct {
	Host   string // the receiving MX host name
	IP     string // the receiving IP, used when no host name was reported
	Domain string // the policy domain (punycode, as DNS and URLs write it)
	Policy report.PolicyType
	Since  string // the day (DayFormat) the failures were first seen
}

// Fix says what the receiving domain's admin should do about failures of
// this type at s.
func (i ResultTypeInfo) Fix(s Site) string { return i.fix(s) }

// where names the host the failures were seen on.
func (s Site) where() string {
	switch {
	case s.Host != "":
		return s.Host
	case s.IP != "":
		return "the MX host at " + s.IP
	}
	return "the MX hosts"
}

// target is what a command connects to: the host, else its IP.
func (s Site) target() string { return cmp.Or(s.Host, s.IP, "<MX host>") }

// name is the host's DNS name, as a TLSA record's owner name uses it.
func (s Site) name() string { return cmp.Or(s.Host, "<MX host>") }

func (s Site) domain() string { return cmp.Or(s.Domain, "<domain>") }

// since is ", first on DAY", or nothing when the day is not known.
func (s Site) since() string {
	if s.Since == "" {
		return ""
	}
	return ", first on " + s.Since
}

// policyFile is the URL an MTA-STS policy is served at (RFC 8461 section 3.3).
func policyFile(domain string) string {
	return "https://mta-sts." + domain + "/.well-known/mta-sts.txt"
}

// certificateFix adds to a certificate's advice what DANE needs: the
// TLSA records must match the new certificate (RFC 7671 section 8.1).
func certificateFix(s Site, advice string) string {
	if s.Policy == report.PolicyTLSA {
		advice += " Publish TLSA records for the new certificate's key before it goes live."
	}
	return advice
}

func tlsaFix(s Site) string {
	return "The usual cause is a certificate or key rotated on " + s.where() + " without new TLSA records at _25._tcp." + s.name() + s.since() +
		": publish a TLSA record for the key now served (3 1 1 with its SHA-256) next to the old one, and from now on publish the next key's record at least two TTLs before each rotation."
}

// standardResultTypes explain the result types of RFC 8460 section 4.3,
// in report.StandardResultTypes' order.
var standardResultTypes = []ResultTypeInfo{
	{report.StartTLSNotSupported, "STARTTLS not offered",
		"The receiving MX host did not offer STARTTLS, so the message could not be sent over TLS.",
		func(s Site) string {
			return "Enable STARTTLS with a valid certificate on " + s.where() + " (in Postfix, smtpd_tls_cert_file, smtpd_tls_key_file and smtpd_tls_security_level = may) and check that no firewall or proxy strips STARTTLS from the EHLO reply."
		}},
	{report.CertificateHostMismatch, "Certificate name mismatch",
		"The certificate the MX host presented does not name the host the sender connected to.",
		func(s Site) string {
			names := "the name in its MX record"
			if s.Host != "" {
				names = s.Host + ", the name in the MX record"
			}
			return certificateFix(s, "Serve on "+s.where()+" a certificate whose subject alternative names include "+names+" and in the MTA-STS mx: lines.")
		}},
	{report.CertificateExpired, "Certificate expired",
		"The MX host presented a certificate that has expired.",
		func(s Site) string {
			return certificateFix(s, "Renew the certificate of "+s.where()+", reload the mail server so it serves the new one, and automate renewal with an expiry alert.")
		}},
	{report.CertificateNotTrusted, "Certificate not trusted",
		"The certificate was not signed by a certificate authority the sender trusts, or the chain was incomplete.",
		func(s Site) string {
			return certificateFix(s, "Serve on "+s.where()+" a certificate from a public CA with its full chain (the intermediates in the mail server's certificate file, after the server certificate).")
		}},
	{report.ValidationFailure, "Validation failure",
		"The sender could not validate the TLS session for a reason not covered by the other result types.",
		func(s Site) string {
			if s.Policy == report.PolicyTLSA {
				return tlsaFix(s) // RFC 7672: the certificate matched no TLSA record
			}
			return "Check the certificate chain served by " + s.where() + " (every intermediate, in order), the TLS versions and ciphers offered, and the reporters' reason codes; openssl s_client -starttls smtp -connect " + s.target() + ":25 shows what senders see."
		}},
	{report.TLSAInvalid, "TLSA record invalid",
		"A DANE TLSA record for the MX host was invalid, or did not match the certificate presented.",
		tlsaFix},
	{report.DNSSECInvalid, "DNSSEC invalid",
		"The DNSSEC signatures for the domain's records could not be validated.",
		func(s Site) string {
			return "The DNSSEC chain for " + s.where() + " failed" + s.since() + ": check the DS record at the parent zone and that the signatures have not expired (a DNSSEC debugger shows where the chain breaks)."
		}},
	{report.DANERequired, "DANE required",
		"The sender requires DANE for this domain but could not find valid TLSA records.",
		func(s Site) string {
			return "Publish DNSSEC-signed TLSA records at _25._tcp." + s.name() + " for " + s.where() + ", or ask the sender why it expects DANE."
		}},
	{report.STSPolicyFetchError, "MTA-STS policy fetch error",
		"The sender could not fetch the MTA-STS policy over HTTPS from mta-sts.<domain>.",
		func(s Site) string {
			return "Check that " + policyFile(s.domain()) + " answers HTTP 200 over IPv4 and IPv6 without redirects."
		}},
	{report.STSPolicyInvalid, "MTA-STS policy invalid",
		"The MTA-STS policy was fetched but could not be parsed or was not valid.",
		func(s Site) string {
			return "Make " + policyFile(s.domain()) + " a valid policy (version: STSv1, mode, one mx: line per host, max_age), served as text/plain."
		}},
	{report.STSWebPKIInvalid, "MTA-STS web PKI invalid",
		"The certificate of the HTTPS server that hosts the MTA-STS policy could not be validated.",
		func(s Site) string {
			return "Serve mta-sts." + s.domain() + " with a publicly trusted certificate that names it."
		}},
}

var resultTypeIndex = func() map[string]int {
	m := make(map[string]int, len(standardResultTypes))
	for i, rt := range standardResultTypes {
		m[string(rt.Name)] = i
	}
	return m
}()

// DescribeResultType explains a result type. Non-standard types, which some
// reporters send, get an honest fallback rather than a guess.
func DescribeResultType(name string) ResultTypeInfo {
	if i, ok := resultTypeIndex[name]; ok {
		return standardResultTypes[i]
	}
	return ResultTypeInfo{
		Name:    report.ResultType(name),
		Title:   name + " (non-standard)",
		Meaning: "This result type is not defined by RFC 8460; the reporting organization uses its own name for a failure.",
		fix: func(Site) string {
			return "Look at the failure reason code and additional information of these rows, or ask the reporter's contact address what it means."
		},
	}
}

// clause is advice as a part of a longer sentence: its first letter
// lower-case and its full stop left off.
func clause(sentence string) string {
	s := strings.TrimSuffix(sentence, ".")
	if s != "" && s[0] >= 'A' && s[0] <= 'Z' {
		s = string(s[0]+'a'-'A') + s[1:]
	}
	return s
}
