package report

// ResultType names why a session failed: a result-type of RFC 8460
// section 4.3. Reporters also send types of their own, kept as sent.
type ResultType string

// The result types RFC 8460 section 4.3 defines: negotiation failures
// (4.3.1), policy failures (4.3.2: DANE, then MTA-STS) and general ones
// (4.3.3).
const (
	StartTLSNotSupported    ResultType = "starttls-not-supported"
	CertificateHostMismatch ResultType = "certificate-host-mismatch"
	CertificateExpired      ResultType = "certificate-expired"
	CertificateNotTrusted   ResultType = "certificate-not-trusted"
	ValidationFailure       ResultType = "validation-failure"
	TLSAInvalid             ResultType = "tlsa-invalid"
	DNSSECInvalid           ResultType = "dnssec-invalid"
	DANERequired            ResultType = "dane-required"
	STSPolicyFetchError     ResultType = "sts-policy-fetch-error"
	STSPolicyInvalid        ResultType = "sts-policy-invalid"
	STSWebPKIInvalid        ResultType = "sts-webpki-invalid"
)

// StandardResultTypes lists the section 4.3 types in the RFC's order.
var StandardResultTypes = []ResultType{
	StartTLSNotSupported, CertificateHostMismatch, CertificateExpired, CertificateNotTrusted, ValidationFailure,
	TLSAInvalid, DNSSECInvalid, DANERequired,
	STSPolicyFetchError, STSPolicyInvalid, STSWebPKIInvalid,
}

// IsStandardResultType reports whether name is one of the RFC 8460 result types.
func IsStandardResultType(name string) bool {
	for _, t := range StandardResultTypes {
		if string(t) == name {
			return true
		}
	}
	return false
}
