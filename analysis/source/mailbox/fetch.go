package mailbox

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"
)

// Options are what a command line or the window gives for a mailbox. They
// hold no secret: the secret is asked for when connecting.
type Options struct {
	// PasswordCommand is run with sh -c; its first line is the password,
	// or the OAuth2 access token when Auth is "xoauth2".
	PasswordCommand string
	// CAFile is a PEM file of CA certificates trusted beside the system's
	// roots, for a private mail server.
	CAFile string
	// Auth is "" (LOGIN with a password) or "xoauth2".
	Auth string
	// Limit bounds one decoded part, as files are bounded (the caller passes
	// its MaxReportBytes so this package need not import it).
	Limit int64
	// Prompt asks a person for the secret; nil where nobody can answer.
	Prompt func(prompt string) (string, error)
	// Timeout bounds each IMAP command; zero means two minutes.
	Timeout time.Duration
}

// State is what a mailbox read leaves for the next one (RFC 3501 section
// 2.3.1.1): UIDs below LastUID were read, as long as UIDValidity holds.
type State struct {
	UIDValidity uint32
	LastUID     uint32
}

// Stats counts what a read did, for the caller's words.
type Stats struct {
	// Total is how many messages the mailbox holds.
	Total int
	// Messages is how many new messages' structures were read.
	Messages int
	// WithParts is how many of those have a part that may hold a report.
	WithParts int
	// Parts is how many parts were downloaded.
	Parts int
	// Bytes is the encoded size of the downloaded parts.
	Bytes int64
}

// Part is one report-bearing part, decoded from its transfer encoding, or
// the reason it could not be (Err, with Data nil).
type Part struct {
	Name string
	Data []byte
	Err  error
	// Through is where a read that stopped after this part would go on
	// from: every message up to it has had all its parts handed over, this
	// part's message included when this is its last part. A caller that
	// saves it with the parts it kept can be killed and lose neither a
	// part nor the download of those it kept.
	Through State
}

// PartFunc receives each part; its error stops the read.
type PartFunc func(Part) error

// Session is one logged-in connection to a mail server.
type Session struct {
	u   URL
	ctx context.Context
	c   *client.Client
	// stop ends the watch that terminates the connection with ctx.
	stop func() bool
	// changed is signalled when the server says the mailbox changed.
	changed chan struct{}
	// read is how many messages the mailbox held at the last Read.
	read uint32
	// Cert is the server's certificate, verified.
	Cert *x509.Certificate
}

// Open connects to u's server, with TLS verified before a word of IMAP,
// and logs in. The connection ends with ctx or Close.
func Open(ctx context.Context, u URL, opt Options) (*Session, error) {
	if opt.Limit <= 0 {
		return nil, errors.New("mailbox: no size limit given")
	}
	if opt.Auth != "" && opt.Auth != "xoauth2" {
		return nil, fmt.Errorf("unknown -auth %q: leave it out for a password, or give xoauth2 for an OAuth2 token", opt.Auth)
	}
	tlsConf, err := tlsConfig(u, opt.CAFile)
	if err != nil {
		return nil, err
	}
	s := &Session{u: u, ctx: ctx, changed: make(chan struct{}, 1)}
	// Called only once the chain and the name were verified.
	tlsConf.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) > 0 {
			s.Cert = cs.PeerCertificates[0]
		}
		return nil
	}
	timeout := opt.Timeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	c, err := connect(ctx, u, tlsConf, timeout)
	if err != nil {
		return nil, err
	}
	s.c = c
	s.stop = context.AfterFunc(ctx, func() { c.Terminate() })
	if err := login(ctx, c, u, opt); err != nil {
		s.stop()
		c.Terminate()
		return nil, ctxErr(ctx, err)
	}
	// The client blocks until its updates are taken; what matters is that
	// the mailbox changed (RFC 3501 section 7.3.1, EXISTS), for Wait.
	updates := make(chan client.Update, 16)
	c.Updates = updates
	go func() {
		for up := range updates {
			if _, ok := up.(*client.MailboxUpdate); ok {
				select {
				case s.changed <- struct{}{}:
				default:
				}
			}
		}
	}()
	return s, nil
}

// Close logs out.
func (s *Session) Close() error {
	s.stop()
	err := s.c.Logout()
	s.c.Terminate()
	return err
}

// Mailboxes lists the mailboxes the user can open (RFC 3501 section 6.3.8:
// those marked \Noselect cannot be).
func (s *Session) Mailboxes() ([]string, error) {
	ch := make(chan *imap.MailboxInfo, 16)
	done := make(chan error, 1)
	go func() { done <- s.c.List("", "*", ch) }()
	var names []string
	for m := range ch {
		if !slices.ContainsFunc(m.Attributes, func(a string) bool { return strings.EqualFold(a, imap.NoSelectAttr) }) {
			names = append(names, m.Name)
		}
	}
	if err := <-done; err != nil {
		return nil, ctxErr(s.ctx, fmt.Errorf("%s: listing the mailboxes: %v", s.u.Addr(), err))
	}
	slices.Sort(names)
	return names, nil
}

// Wait returns when the server says the mailbox changed (RFC 2177 IDLE,
// where offered), after most, when wake is signalled (a person asked to
// check now) or when the session's context ends. Without IDLE it only
// waits: the caller polls.
func (s *Session) Wait(most time.Duration, wake <-chan struct{}) error {
	t := time.NewTimer(most)
	defer t.Stop()
	if ok, err := s.c.Support("IDLE"); err != nil || !ok {
		select {
		case <-t.C:
		case <-wake:
		case <-s.ctx.Done():
		}
		return s.ctx.Err()
	}
	stop := make(chan struct{})
	done := make(chan error, 1)
	// RFC 2177 section 3: IDLE is renewed within 29 minutes; the caller's
	// most is shorter, and LogoutTimeout -1 keeps go-imap from its own.
	go func() { done <- s.c.Idle(stop, &client.IdleOptions{LogoutTimeout: -1}) }()
wait:
	for {
		select {
		case <-s.changed:
			// The EXISTS of the last EXAMINE, or a flag another client
			// changed, is no news: only more messages are.
			if box := s.c.Mailbox(); box != nil && box.Messages > s.read {
				break wait
			}
		case <-t.C:
			break wait
		case <-wake:
			break wait
		case <-s.ctx.Done():
			break wait
		case err := <-done:
			return ctxErr(s.ctx, fmt.Errorf("%s: IDLE: %v", s.u.Addr(), err))
		}
	}
	close(stop)
	if err := <-done; err != nil {
		return ctxErr(s.ctx, fmt.Errorf("%s: IDLE: %v", s.u.Addr(), err))
	}
	return s.ctx.Err()
}

// Fetch opens u, reads it (Session.Read) and logs out.
func Fetch(ctx context.Context, u URL, opt Options, st State, fn PartFunc) (State, Stats, error) {
	s, err := Open(ctx, u, opt)
	if err != nil {
		return st, Stats{}, err
	}
	defer s.Close()
	return s.Read(st, opt.Limit, fn)
}

// Read reads the messages of the session's mailbox newer than st and
// hands their report-bearing parts, each within limit bytes, to fn. It
// only ever EXAMINEs the mailbox and fetches with BODY.PEEK, so no flag
// changes (RFC 3501 sections 6.3.2 and 6.4.5); it never sends STORE, COPY
// or EXPUNGE. The state returned is the one to pass next time; on an error
// it is st, so nothing is skipped.
func (s *Session) Read(st State, limit int64, fn PartFunc) (State, Stats, error) {
	var stats Stats
	u, c, ctx := s.u, s.c, s.ctx
	box, err := s.examine()
	if err != nil {
		return st, stats, err
	}
	stats.Total = int(box.Messages)
	s.read = box.Messages
	next := st
	if box.UidValidity != st.UIDValidity {
		// RFC 3501 section 2.3.1.1: the UIDs of another validity mean
		// nothing; read all again (the library counts duplicates once).
		next = State{UIDValidity: box.UidValidity}
	}
	if box.Messages == 0 || (box.UidNext != 0 && box.UidNext <= next.LastUID+1) {
		return next, stats, nil
	}
	msgs, err := structures(c, next.LastUID)
	if err != nil {
		return st, stats, ctxErr(ctx, fmt.Errorf("%s: reading message structures: %v", u, err))
	}
	stats.Messages = len(msgs)
	var withParts []message
	for _, m := range msgs {
		next.LastUID = max(next.LastUID, m.uid)
		if len(m.parts) > 0 {
			withParts = append(withParts, m)
		}
	}
	stats.WithParts = len(withParts)
	// Messages are downloaded in windows in UID order, so that Through
	// moves on in a mailbox of mixed shapes too: grouped over the whole
	// mailbox, the first message of the last shape would hold it back
	// until the end.
	slices.SortFunc(withParts, func(a, b message) int { return cmp.Compare(a.uid, b.uid) })
	pr := &progress{final: next, msgs: withParts, done: make(map[uint32]bool)}
	for w := range slices.Chunk(withParts, downloadWindow) {
		if err := download(c, u, w, limit, fn, &stats, pr); err != nil {
			return st, stats, ctxErr(ctx, err)
		}
	}
	return next, stats, nil
}

// downloadWindow is how many messages with report parts one window of
// downloads holds: few commands per window (one per shape), and after a
// kill at most a window of parts that arrived out of UID order is read
// again.
const downloadWindow = 500

// progress tells, as parts are handed over, through which UID every
// message of a read is complete.
type progress struct {
	// final is the state once every message is.
	final State
	// msgs are the messages with parts, in UID order; msgs[next] is the
	// first not complete.
	msgs []message
	next int
	done map[uint32]bool
}

func (p *progress) complete(uid uint32) {
	p.done[uid] = true
	for p.next < len(p.msgs) && p.done[p.msgs[p.next].uid] {
		p.next++
	}
}

// through is the state as of now. Below the first incomplete message
// there are only complete ones and messages without parts (UIDs ascend,
// RFC 3501 section 2.3.1.1, so none can appear there later).
func (p *progress) through() State {
	if p.next == len(p.msgs) {
		return p.final
	}
	return State{UIDValidity: p.final.UIDValidity, LastUID: p.msgs[p.next].uid - 1}
}

// hand gives fn part i of m; with m's last part, m is complete.
func (p *progress) hand(fn PartFunc, u URL, m message, i int, data []byte, err error) error {
	if i == len(m.parts)-1 {
		p.complete(m.uid)
	}
	return fn(Part{Name: partName(u, p.final.UIDValidity, m.uid, m.parts[i].section), Data: data, Err: err, Through: p.through()})
}

func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

func tlsConfig(u URL, caFile string) (*tls.Config, error) {
	roots, err := x509.SystemCertPool()
	if err != nil || roots == nil {
		roots = x509.NewCertPool()
	}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("CA file: %v", err)
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CA file %s holds no PEM certificate", caFile)
		}
	}
	return &tls.Config{ServerName: u.Host, RootCAs: roots, MinVersion: tls.VersionTLS12}, nil
}

// connect dials u and has TLS up before anything else is said: implicit
// TLS for imaps://, STARTTLS for imap:// (refused if the server does not
// offer it, rather than carrying on in clear).
func connect(ctx context.Context, u URL, conf *tls.Config, timeout time.Duration) (*client.Client, error) {
	d := net.Dialer{Timeout: 30 * time.Second}
	raw, err := d.DialContext(ctx, "tcp", u.Addr())
	if err != nil {
		return nil, fmt.Errorf("cannot reach %s: %v", u.Addr(), err)
	}
	conn := raw
	if u.ImplicitTLS {
		tc := tls.Client(raw, conf)
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, tlsError(u, err)
		}
		conn = tc
	}
	c, err := client.New(conn)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("%s: no IMAP greeting: %v", u.Addr(), err)
	}
	c.ErrorLog = log.New(io.Discard, "", 0)
	c.Timeout = timeout
	if u.ImplicitTLS {
		return c, nil
	}
	ok, err := c.SupportStartTLS()
	if err != nil {
		c.Terminate()
		return nil, fmt.Errorf("%s: %v", u.Addr(), err)
	}
	if !ok {
		c.Terminate()
		return nil, fmt.Errorf("%s does not offer STARTTLS, so the login would travel in clear: refused (use imaps:// if the server has implicit TLS on port 993)", u.Addr())
	}
	if err := c.StartTLS(conf); err != nil {
		c.Terminate()
		return nil, tlsError(u, err)
	}
	return c, nil
}

func tlsError(u URL, err error) error {
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &unknown):
		e := &UntrustedError{Addr: u.Addr()}
		if unknown.Cert != nil {
			e.Subject, e.Issuer = nameOf(unknown.Cert.Subject), nameOf(unknown.Cert.Issuer)
		}
		return e
	case errors.As(err, &host):
		return fmt.Errorf("the certificate of %s is not for %q: %v", u.Addr(), u.Host, err)
	case errors.As(err, &invalid):
		return fmt.Errorf("the certificate of %s is not valid: %v", u.Addr(), err)
	}
	return fmt.Errorf("TLS with %s failed: %v", u.Addr(), err)
}

// UntrustedError is a server's certificate that no CA trusted here
// signed: a private CA's, which the command line's -ca or the window's CA
// file names.
type UntrustedError struct {
	Addr string
	// Subject and Issuer name the certificate as nameOf does; empty when
	// the server sent none.
	Subject, Issuer string
}

// Shown is what the certificate says it is, as a person compares it with
// their server's: its name and issuer, quoted.
func (e *UntrustedError) Shown() string {
	if e.Subject == "" {
		return ""
	}
	return certificateWords(e.Subject, e.Issuer)
}

// certificateWords names a certificate as a person compares it with their
// server's, whether it was trusted or not.
func certificateWords(subject, issuer string) string {
	return fmt.Sprintf("%q, issued by %q", subject, issuer)
}

// Error is in the command line's words.
func (e *UntrustedError) Error() string {
	name := ""
	if shown := e.Shown(); shown != "" {
		name = " (" + shown + ")"
	}
	return fmt.Sprintf("the certificate of %s%s is not trusted: give -ca FILE with its CA if the server uses a private one", e.Addr, name)
}

// nameOf is a certificate name's common name, or the whole name (RFC 4514)
// where it has none.
func nameOf(n pkix.Name) string {
	if n.CommonName != "" {
		return n.CommonName
	}
	return n.String()
}

func login(ctx context.Context, c *client.Client, u URL, opt Options) error {
	s, err := secret(ctx, u, opt)
	if err != nil {
		return err
	}
	if opt.Auth == "xoauth2" {
		err = c.Authenticate(xoauth2{user: u.User, token: s})
	} else {
		err = c.Login(u.User, s)
	}
	if err != nil {
		// go-imap gives a tagged NO or BAD (RFC 3501 section 6.2.3) as the
		// server's text alone, and the connection's failures as net errors,
		// io.EOF or its own "imap: " words.
		var ne net.Error
		if errors.As(err, &ne) || errors.Is(err, io.EOF) || strings.HasPrefix(err.Error(), "imap: ") {
			return fmt.Errorf("%s: the login of %q failed: %v", u.Addr(), u.User, err)
		}
		return &LoginRefusedError{Addr: u.Addr(), User: u.User, Words: err.Error()}
	}
	return nil
}

// LoginRefusedError is the server's answer to a login: a wrong password
// or an expired token. Trying the same secret again only repeats it, and
// a server may lock the account for it.
type LoginRefusedError struct {
	Addr, User string
	// Words are the server's own.
	Words string
}

func (e *LoginRefusedError) Error() string {
	return fmt.Sprintf("%s refused the login of %q: %s", e.Addr, e.User, e.Words)
}

// ErrNoSecret is the answer of a Prompt that a person left unanswered.
var ErrNoSecret = errors.New("no password given")

// NeedsSecret tells whether err means that u cannot be logged in to until
// a person gives another password or token: the server refused the one
// given, or nobody gave one. A watcher waits for them instead of trying
// again.
func NeedsSecret(err error) bool {
	var refused *LoginRefusedError
	return errors.As(err, &refused) || errors.Is(err, ErrNoSecret)
}

// xoauth2 is the SASL mechanism Gmail and Microsoft 365 take an OAuth2
// access token with (Google's "XOAUTH2 mechanism" description).
type xoauth2 struct{ user, token string }

func (x xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

// Next answers the server's error challenge (a JSON status) with an empty
// line, after which the server fails the command with its own words.
func (x xoauth2) Next([]byte) ([]byte, error) { return []byte{}, nil }

type message struct {
	uid   uint32
	parts []reportPart
}

// structures fetches UID and BODYSTRUCTURE of the messages after last.
func structures(c *client.Client, last uint32) ([]message, error) {
	set := new(imap.SeqSet)
	set.AddRange(last+1, 0)
	ch := make(chan *imap.Message, 64)
	done := make(chan error, 1)
	go func() { done <- c.UidFetch(set, []imap.FetchItem{imap.FetchUid, imap.FetchBodyStructure}, ch) }()
	var out []message
	for m := range ch {
		// "n:*" also matches the last message when n is past it (RFC 3501
		// section 6.4.8), so older UIDs are dropped here.
		if m.Uid <= last {
			continue
		}
		out = append(out, message{uid: m.Uid, parts: reportParts(m.BodyStructure)})
	}
	return out, <-done
}

// download fetches the report parts, one command per group of messages
// with the same sections (most reporters send one shape), so a mailbox of
// reports costs a few round trips, not one per message.
func download(c *client.Client, u URL, msgs []message, limit int64, fn PartFunc, stats *Stats, pr *progress) error {
	groups := map[string][]message{}
	var keys []string
	for _, m := range msgs {
		var secs []string
		for _, p := range m.parts {
			secs = append(secs, p.section)
		}
		if len(secs) == 0 {
			continue
		}
		k := strings.Join(secs, " ")
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], m)
	}
	for _, k := range keys {
		if err := downloadGroup(c, u, groups[k], limit, fn, stats, pr); err != nil {
			return err
		}
	}
	return nil
}

func downloadGroup(c *client.Client, u URL, msgs []message, limit int64, fn PartFunc, stats *Stats, pr *progress) error {
	byUID := map[uint32]message{}
	set := new(imap.SeqSet)
	var items []imap.FetchItem
	sections := map[string]*imap.BodySectionName{}
	for _, p := range msgs[0].parts {
		sec := &imap.BodySectionName{BodyPartName: imap.BodyPartName{Path: p.path}, Peek: true}
		sections[p.section] = sec
		items = append(items, sec.FetchItem())
	}
	for _, m := range msgs {
		// A part too large to decode within the limit is refused from
		// its structure, before a byte of it is downloaded.
		if tooLarge(m.parts, limit) {
			for i, p := range m.parts {
				if err := pr.hand(fn, u, m, i, nil, fmt.Errorf("part of %d bytes is larger than %d MiB: not downloaded", p.size, limit>>20)); err != nil {
					return err
				}
			}
			continue
		}
		byUID[m.uid] = m
		set.AddNum(m.uid)
	}
	if set.Empty() {
		return nil
	}
	ch := make(chan *imap.Message, 4)
	done := make(chan error, 1)
	go func() { done <- c.UidFetch(set, append(items, imap.FetchUid), ch) }()
	var cbErr error
	for im := range ch {
		m, ok := byUID[im.Uid]
		if !ok || cbErr != nil {
			continue
		}
		delete(byUID, im.Uid)
		for i, p := range m.parts {
			lit := im.GetBody(sections[p.section])
			if lit == nil {
				if cbErr = pr.hand(fn, u, m, i, nil, errors.New("the server sent no body for this part")); cbErr != nil {
					break
				}
				continue
			}
			raw, err := io.ReadAll(io.LimitReader(lit, encodedLimit(limit)+1))
			if err == nil && int64(len(raw)) > encodedLimit(limit) {
				err = fmt.Errorf("part is larger than %d MiB", limit>>20)
			}
			stats.Parts++
			stats.Bytes += int64(len(raw))
			var data []byte
			if err == nil {
				data, err = decodeTransfer(p.encoding, raw, limit)
			}
			if cbErr = pr.hand(fn, u, m, i, data, err); cbErr != nil {
				break
			}
		}
	}
	if err := <-done; err != nil {
		return fmt.Errorf("%s: fetching report parts: %v", u, err)
	}
	return cbErr
}

// encodedLimit is the largest encoded size whose decoding can fit limit:
// base64 is 4/3 of the data plus line breaks (RFC 2045 section 6.8).
func encodedLimit(limit int64) int64 { return limit/3*4 + limit/38 + 4096 }

func tooLarge(parts []reportPart, limit int64) bool {
	return slices.ContainsFunc(parts, func(p reportPart) bool { return int64(p.size) > encodedLimit(limit) })
}

// partName is the RFC 5092 section 6 URL of one part, so a finding can say
// which message of which mailbox a report came from.
func partName(u URL, validity, uid uint32, section string) string {
	return fmt.Sprintf("%s;UIDVALIDITY=%d/;UID=%d/;SECTION=%s", u, validity, uid, section)
}

// URL is the mailbox the session reads.
func (s *Session) URL() URL { return s.u }

// Survey is what a look at a mailbox found, without downloading a part.
type Survey struct {
	Messages, WithReports int
}

// Survey EXAMINEs the session's mailbox and reads its messages'
// structures: how many there are and how many have a part that may hold a
// report, for a person testing their settings.
func (s *Session) Survey() (Survey, error) {
	box, err := s.examine()
	if err != nil {
		return Survey{}, err
	}
	sv := Survey{Messages: int(box.Messages)}
	if box.Messages == 0 {
		return sv, nil
	}
	msgs, err := structures(s.c, 0)
	if err != nil {
		return sv, ctxErr(s.ctx, fmt.Errorf("%s: reading message structures: %v", s.u, err))
	}
	for _, m := range msgs {
		if len(m.parts) > 0 {
			sv.WithReports++
		}
	}
	return sv, nil
}

// CertificateWords names the server's certificate as a person compares it
// with their server's: its subject and issuer.
func (s *Session) CertificateWords() string {
	if s.Cert == nil {
		return "no certificate"
	}
	return "certificate " + certificateWords(nameOf(s.Cert.Subject), nameOf(s.Cert.Issuer))
}

// examine opens the mailbox read-only (EXAMINE, RFC 3501 section 6.3.2).
func (s *Session) examine() (*imap.MailboxStatus, error) {
	box, err := s.c.Select(s.u.Mailbox, true)
	if err != nil {
		return nil, ctxErr(s.ctx, fmt.Errorf("%s: cannot open mailbox %q: %v", s.u, s.u.Mailbox, err))
	}
	return box, nil
}
