package testgen

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// SampleReport is a small valid report with a distinct report-id: one day
// of Google's, 40 sessions and 2 failures on one MTA-STS policy.
func SampleReport(id string) []byte {
	return JSON(Report("Google Inc.", id, "tlsrpt@googleinc..example", "2024-06-01T00:00:00Z", "2024-06-01T23:59:59Z",
		STSPolicy("example.com", "enforce", []string{"mx.example.com"}, "604800", 40, 2,
			Detail("certificate-expired", 2, Obj{"sending-mta-ip": "209.85.220.1", "receiving-mx-hostname": "mx.example.com", "receiving-ip": "192.0.2.25"}))))
}

// Wrap76 breaks base64 text into CRLF-terminated lines of 76 characters.
func Wrap76(s string) string {
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	b.WriteString(s + "\r\n")
	return b.String()
}

// ReportEmail is a multipart/report TLS-RPT email (RFC 8460 section 5.3)
// whose report part has the given media type, transfer encoding, file name
// and (encoded) body.
func ReportEmail(mediaType, cte, filename, body string) string {
	var part strings.Builder
	fmt.Fprintf(&part, "Content-Type: %s", mediaType)
	if filename != "" {
		fmt.Fprintf(&part, "; name=\"%s\"\r\nContent-Disposition: attachment;\r\n\tfilename=\"%s\"", filename, filename)
	}
	part.WriteString("\r\n")
	if cte != "" {
		fmt.Fprintf(&part, "Content-Transfer-Encoding: %s\r\n", cte)
	}
	return "From: noreply-smtp-tls-reporting@google.com\r\n" +
		"To: tlsrpt@example.com\r\n" +
		"Subject: Report Domain: example.com Submitter: google.com Report-ID: <x@google.com>\r\n" +
		"Date: Sun, 02 Jun 2024 12:00:00 +0000\r\n" +
		"TLS-Report-Domain: example.com\r\n" +
		"TLS-Report-Submitter: google.com\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=tlsrpt;\r\n\tboundary=\"BOUNDARY\"\r\n" +
		"\r\n" +
		"This is a multi-part message in MIME format.\r\n" +
		"--BOUNDARY\r\n" +
		"Content-Type: text/plain; charset=UTF-8\r\n" +
		"Content-Transfer-Encoding: quoted-printable\r\n" +
		"\r\n" +
		"This is an aggregate TLS report from google.com=\r\n for example.com.\r\n" +
		"--BOUNDARY\r\n" +
		part.String() +
		"\r\n" +
		body +
		"\r\n--BOUNDARY--\r\n"
}

// MboxMessage is one mailbox entry with its "From " envelope line, body
// lines escaped the mboxrd way (">"+line for lines matching ^>*From ).
func MboxMessage(body string) string {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, ">"), "From ") {
			lines[i] = ">" + l
		}
	}
	return "From MAILER-DAEMON Sun Jun  2 12:00:00 2024\n" + strings.Join(lines, "\n") + "\n"
}

// ReportMessage is a report email carrying SampleReport(id) gzipped.
func ReportMessage(id string) string {
	return ReportEmail("application/tlsrpt+gzip", "base64", id+".json.gz", Wrap76(base64.StdEncoding.EncodeToString(Gzip(SampleReport(id)))))
}

// GoogleStyleReport is a realistic Google-style daily report of about
// 3 KB: one enforced MTA-STS policy with two MX hosts and a dozen failure
// details from Google's sending ranges; seq varies the details.
func GoogleStyleReport(domain, day string, seq int) []byte {
	var details []Obj
	results := []string{"certificate-expired", "starttls-not-supported", "validation-failure", "certificate-host-mismatch"}
	for i := range 12 {
		details = append(details, Obj{
			"result-type":           results[(i+seq)%len(results)],
			"sending-mta-ip":        fmt.Sprintf("209.85.%d.%d", 128+i, (seq*7+i)%250),
			"receiving-mx-hostname": fmt.Sprintf("mx%d.%s", i%2+1, domain),
			"receiving-ip":          fmt.Sprintf("198.51.100.%d", i%2+10),
			"failed-session-count":  int64(i + 1),
			"failure-reason-code":   "X509_V_ERR_CERT_HAS_EXPIRED",
		})
	}
	var failed int64
	for i := range 12 {
		failed += int64(i + 1)
	}
	return JSON(Report("Google Inc.", day+"T00:00:00Z_"+domain, "tlsrpt@googleinc..example", day+"T00:00:00Z", day+"T23:59:59Z",
		STSPolicy(domain, "enforce", []string{"mx1." + domain, "mx2." + domain}, "604800", int64(1000+seq%500), failed, details...)))
}
