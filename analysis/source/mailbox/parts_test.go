package mailbox

import (
	"fmt"
	"testing"

	"github.com/emersion/go-imap"
)

func leaf(typ, sub, name string) *imap.BodyStructure {
	bs := &imap.BodyStructure{MIMEType: typ, MIMESubType: sub, Encoding: "base64", Size: 100}
	if name != "" {
		bs.Disposition = "attachment"
		bs.DispositionParams = map[string]string{"filename": name}
	}
	return bs
}

func multi(parts ...*imap.BodyStructure) *imap.BodyStructure {
	return &imap.BodyStructure{MIMEType: "multipart", MIMESubType: "mixed", Parts: parts}
}

func attached(inner *imap.BodyStructure) *imap.BodyStructure {
	return &imap.BodyStructure{MIMEType: "message", MIMESubType: "rfc822", BodyStructure: inner}
}

// TestReportParts: the section numbers are those RFC 3501 section 6.4.5
// gives (its example numbers the parts of an attached message 3.1, 3.2 and
// a single-part message's body 1), written out here by hand.
func TestReportParts(t *testing.T) {
	text := leaf("text", "plain", "")
	for _, c := range []struct {
		name string
		bs   *imap.BodyStructure
		want string
	}{
		{"single-part report", leaf("application", "tlsrpt+gzip", "r.json.gz"), "[1]"},
		{"report beside text", multi(text, leaf("application", "tlsrpt+gzip", "r.json.gz")), "[2]"},
		{"forwarded report", multi(text, attached(multi(text, leaf("application", "tlsrpt+json", "r.json")))), "[2.2]"},
		{"forwarded single-part report", multi(text, attached(leaf("application", "gzip", "r.json.gz"))), "[2.1]"},
		{"nested multipart", multi(multi(text, text), leaf("application", "zip", "r.zip")), "[2]"},
		{"octet-stream with a report name", multi(text, leaf("application", "octet-stream", "google.com!example.com!1!2.json.gz")), "[2]"},
		{"octet-stream photo", multi(text, leaf("application", "octet-stream", "beach.jpg")), "[]"},
		{"photo", multi(text, leaf("image", "jpeg", "beach.jpg")), "[]"},
		{"plain mail", text, "[]"},
	} {
		var got []string
		for _, p := range reportParts(c.bs) {
			got = append(got, p.section)
		}
		if s := fmt.Sprint(got); s != c.want {
			t.Errorf("%s: sections %s, want %s", c.name, s, c.want)
		}
	}
}
