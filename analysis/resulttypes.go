package analysis

import "github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"

// ResultTypeInfo explains an RFC 8460 result type in plain words.
type ResultTypeInfo struct {
	Name    report.ResultType // as it appears in reports
	Title   string            // short plain-words name for charts
	Meaning string            // what the sending MTA saw
	Fix     string            // what the receiving domain's admin should do
}

// standardResultTypes explain the result types of RFC 8460 section 4.3,
// in report.StandardResultTypes' order.
var standardResultTypes = []ResultTypeInfo{
	{report.StartTLSNotSupported, "STARTTLS not offered",
		"The receiving MX host did not offer STARTTLS, so the message could not be sent over TLS.",
		"Enable STARTTLS on every MX host and check that no firewall or middlebox strips it from the EHLO response."},
	{report.CertificateHostMismatch, "Certificate name mismatch",
		"The certificate the MX host presented does not name the host the sender connected to.",
		"Install a certificate whose subject alternative names include every MX host name published in DNS and in the MTA-STS policy."},
	{report.CertificateExpired, "Certificate expired",
		"The MX host presented a certificate that has expired.",
		"Renew the certificate and automate renewal; then restart or reload the mail server so it serves the new one."},
	{report.CertificateNotTrusted, "Certificate not trusted",
		"The certificate was not signed by a certificate authority the sender trusts, or the chain was incomplete.",
		"Use a certificate from a public CA and serve the full chain, including intermediate certificates."},
	{report.ValidationFailure, "Validation failure",
		"The sender could not validate the TLS session for a reason not covered by the other result types.",
		"Read the failure reason code for details; check the certificate chain, protocol versions and ciphers the MX host offers."},
	{report.TLSAInvalid, "TLSA record invalid",
		"A DANE TLSA record for the MX host was invalid, or did not match the certificate presented.",
		"Publish TLSA records that match the served certificate or key, and update them before rolling certificates."},
	{report.DNSSECInvalid, "DNSSEC invalid",
		"The DNSSEC signatures for the domain's records could not be validated.",
		"Check the DNSSEC chain of trust (DS records at the parent, unexpired signatures) with a DNSSEC debugger."},
	{report.DANERequired, "DANE required",
		"The sender requires DANE for this domain but could not find valid TLSA records.",
		"Publish DNSSEC-signed TLSA records for each MX host, or ask the sender why it expects DANE."},
	{report.STSPolicyFetchError, "MTA-STS policy fetch error",
		"The sender could not fetch the MTA-STS policy over HTTPS from mta-sts.<domain>.",
		"Check that https://mta-sts.<domain>/.well-known/mta-sts.txt is reachable, serves a valid certificate and returns HTTP 200."},
	{report.STSPolicyInvalid, "MTA-STS policy invalid",
		"The MTA-STS policy was fetched but could not be parsed or was not valid.",
		"Validate the policy file: version STSv1, a mode, one mx line per host and a max_age, served as text/plain."},
	{report.STSWebPKIInvalid, "MTA-STS web PKI invalid",
		"The certificate of the HTTPS server that hosts the MTA-STS policy could not be validated.",
		"Serve mta-sts.<domain> with a valid, publicly trusted certificate that covers that name."},
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
		Fix:     "Look at the failure reason code and additional information of these rows, or ask the reporter's contact address what it means.",
	}
}
