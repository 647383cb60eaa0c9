package dovecottest

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// PhotoBytes is the size of the non-report attachment Seed delivers: a
// client that fetched it would show it in Dovecot's out= count.
const PhotoBytes = 5 << 20

// Seeded says what Seed delivered.
type Seeded struct {
	// EML are the real sample files delivered, in UID order.
	EML []string
	// DMARCZip is the zip attachment of the DMARC report (decoded).
	DMARCZip []byte
	// Total is the number of messages delivered.
	Total int
}

// Seed delivers every .eml of realDir (the project's real samples), an
// ordinary mail, a DMARC aggregate report (a zip of XML) and a mail with a
// 5 MB photo. Every third message is marked seen, the rest unread, so a
// test can see that neither kind changes.
func (s *Server) Seed(t testing.TB, realDir string) Seeded {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(realDir, "*.eml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no .eml in %s: %v", realDir, err)
	}
	sort.Strings(paths)
	var sd Seeded
	deliver := func(data []byte) {
		s.Deliver(t, data, sd.Total%3 == 2)
		sd.Total++
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		deliver(data)
		sd.EML = append(sd.EML, p)
	}
	deliver([]byte("From: alice@example.net\r\nTo: postmaster@example.com\r\nSubject: lunch\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\nMessage-ID: <lunch@example.net>\r\n\r\nNoon at the usual place?\r\n"))
	sd.DMARCZip = dmarcZip(t)
	deliver(AttachmentMail("DMARC aggregate report", "application/zip", "google.com!example.com!1765000000!1765086399.zip", sd.DMARCZip))
	photo := make([]byte, PhotoBytes)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range photo {
		photo[i] = byte(r.Uint32())
	}
	deliver(AttachmentMail("holiday", "image/jpeg", "beach.jpg", photo))
	return sd
}

func dmarcZip(t testing.TB) []byte {
	return Zip(t, map[string][]byte{"google.com!example.com!1765000000!1765086399.xml": []byte(`<?xml version="1.0" encoding="UTF-8" ?><feedback><report_metadata><org_name>google.com</org_name><report_id>1</report_id></report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published></feedback>`)})
}

// Zip is a zip archive of members, in the order of their names.
func Zip(t testing.TB, members map[string][]byte) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	names := make([]string, 0, len(members))
	for name := range members {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(members[name])
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// AttachmentMail is an email with a short text and one base64 attachment
// of the given type and file name.
func AttachmentMail(subject, ctype, name string, data []byte) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: noreply@example.org\r\nTo: postmaster@example.com\r\nSubject: %s\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n", subject)
	b.WriteString("--b1\r\nContent-Type: text/plain\r\n\r\nAttached.\r\n")
	fmt.Fprintf(&b, "--b1\r\nContent-Type: %s; name=\"%s\"\r\nContent-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", ctype, name, name)
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n--b1--\r\n")
	return []byte(b.String())
}
