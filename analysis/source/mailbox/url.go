// Package mailbox reads TLS-RPT reports from an IMAP mailbox, read-only and
// incrementally. It hands each report-bearing MIME part to a callback and
// knows nothing of the report format, so it sits with the other sources.
package mailbox

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// URL is a parsed RFC 5092 IMAP URL naming one mailbox of one user.
type URL struct {
	// ImplicitTLS is true for imaps:// (TLS from the first byte, RFC 8314
	// section 3.2) and false for imap:// (STARTTLS, RFC 3501 section 6.2.1).
	ImplicitTLS bool
	User        string
	Host        string
	Port        string
	Mailbox     string
}

// IsURL says whether s names a mailbox rather than a file, so a caller can
// route an argument without parsing it twice.
func IsURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "imaps://") || strings.HasPrefix(l, "imap://")
}

// ParseURL reads imaps://USER@HOST[:PORT]/MAILBOX or imap://… (RFC 5092
// section 3). A password in the URL is refused: it would end up in shell
// history and process lists.
func ParseURL(s string) (URL, error) {
	if !IsURL(s) {
		return URL{}, fmt.Errorf("%q is not an IMAP URL (imaps://USER@HOST/MAILBOX or imap://USER@HOST/MAILBOX)", s)
	}
	p, err := url.Parse(s)
	if err != nil {
		return URL{}, fmt.Errorf("IMAP URL %q: %v", s, err)
	}
	u := URL{ImplicitTLS: strings.EqualFold(p.Scheme, "imaps"), Host: p.Hostname(), Port: p.Port()}
	if p.User == nil || p.User.Username() == "" {
		return URL{}, fmt.Errorf("IMAP URL %q names no user: write imaps://USER@%s/MAILBOX", s, p.Host)
	}
	if _, has := p.User.Password(); has {
		return URL{}, fmt.Errorf("IMAP URL %q holds a password: remove it and give -password-command or save it in the keyring", redact(p))
	}
	// RFC 5092 section 3.2: an ";AUTH=" suffix chooses the mechanism; this
	// program takes that from -auth, so it is dropped from the user name.
	u.User, _, _ = strings.Cut(p.User.Username(), ";")
	if u.User == "" {
		return URL{}, fmt.Errorf("IMAP URL %q names no user: write imaps://USER@%s/MAILBOX", s, p.Host)
	}
	if u.Host == "" || (strings.Contains(u.Host, ":") && net.ParseIP(u.Host) == nil) {
		return URL{}, fmt.Errorf("IMAP URL %q names no server", s)
	}
	if u.Port == "" {
		u.Port = "143"
		if u.ImplicitTLS {
			u.Port = "993"
		}
	}
	// RFC 5092 section 6: the mailbox is the path up to the first ";" (a
	// UIDVALIDITY or UID part) and INBOX when empty.
	box, _, _ := strings.Cut(strings.TrimPrefix(p.Path, "/"), ";")
	box = strings.TrimRight(box, "/") // "a//" names a; "//" alone, INBOX, so that String round-trips
	if box == "" {
		box = "INBOX"
	}
	u.Mailbox = box
	return u, nil
}

func redact(p *url.URL) string {
	q := *p
	q.User = url.User(p.User.Username())
	return q.String()
}

// String is the canonical form: the library's key for the mailbox's state
// and the prefix of every report name taken from it.
func (u URL) String() string {
	scheme, port := "imap", "143"
	if u.ImplicitTLS {
		scheme, port = "imaps", "993"
	}
	host := u.Host
	if u.Port != port {
		host = net.JoinHostPort(u.Host, u.Port)
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return scheme + "://" + url.User(u.User).String() + "@" + host + "/" + (&url.URL{Path: u.Mailbox}).EscapedPath()
}

// Addr is the host:port to dial.
func (u URL) Addr() string { return net.JoinHostPort(u.Host, u.Port) }
