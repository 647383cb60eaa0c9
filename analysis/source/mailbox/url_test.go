package mailbox

import (
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	for _, c := range []struct{ in, addr, box, canon string }{
		{"imaps://me@mail.example.com/INBOX", "mail.example.com:993", "INBOX", "imaps://me@mail.example.com/INBOX"},
		{"imaps://me@mail.example.com", "mail.example.com:993", "INBOX", "imaps://me@mail.example.com/INBOX"},
		{"imap://me@mail.example.com:1143/Reports/TLS", "mail.example.com:1143", "Reports/TLS", "imap://me@mail.example.com:1143/Reports/TLS"},
		{"imaps://me;AUTH=*@h/INBOX;UIDVALIDITY=5/;UID=3", "h:993", "INBOX", "imaps://me@h/INBOX"},
		{"IMAPS://a%40b.example@h:993/My%20Box", "h:993", "My Box", "imaps://a%40b.example@h/My%20Box"},
	} {
		u, err := ParseURL(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if u.Addr() != c.addr || u.Mailbox != c.box || u.String() != c.canon {
			t.Errorf("%s: addr %s box %q canon %s, want %s %q %s", c.in, u.Addr(), u.Mailbox, u, c.addr, c.box, c.canon)
		}
	}
	for in, words := range map[string]string{
		"imaps://mail.example.com/INBOX":        "names no user",
		"imaps://me:hunter2@mail.example.com/x": "holds a password",
		"/home/me/reports":                      "not an IMAP URL",
	} {
		_, err := ParseURL(in)
		if err == nil || !strings.Contains(err.Error(), words) {
			t.Errorf("%s: error %v, want %q", in, err, words)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: the error repeats the password: %v", in, err)
		}
	}
}

func FuzzParseURL(f *testing.F) {
	f.Add("imaps://me@h:993/INBOX")
	f.Add("imap://u;AUTH=*@[::1]:143/a%2Fb;UIDVALIDITY=1")
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseURL(s)
		if err != nil {
			return
		}
		// The canonical form names the same mailbox.
		v, err := ParseURL(u.String())
		if err != nil || v != u {
			t.Fatalf("%q -> %q -> %+v, %v; want %+v", s, u.String(), v, err, u)
		}
	})
}
