package mailbox

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"testing"
)

// A certificate is named the same way whether the server was trusted (the
// Add mailbox dialog's "Connected … certificate …") or not (its "not
// trusted" answer), so a person compares the same words.
func TestCertificateNamedAlike(t *testing.T) {
	cert := &x509.Certificate{Subject: pkix.Name{CommonName: "mail.example.org"}, Issuer: pkix.Name{Organization: []string{"Example CA"}}}
	trusted := (&Session{Cert: cert}).CertificateWords()
	untrusted := (&UntrustedError{Addr: "mail.example.org:993", Subject: nameOf(cert.Subject), Issuer: nameOf(cert.Issuer)}).Shown()
	if want := `certificate "mail.example.org", issued by "O=Example CA"`; trusted != want {
		t.Errorf("trusted: %s; want %s", trusted, want)
	}
	if want := `"mail.example.org", issued by "O=Example CA"`; untrusted != want {
		t.Errorf("untrusted: %s; want %s", untrusted, want)
	}
}
