package mailbox_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox/dovecottest"
)

const limit = 64 << 20

var realDir = filepath.Join("..", "..", "..", "testdata", "real")

func options(t *testing.T, s *dovecottest.Server, password string) mailbox.Options {
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte(password+"\nsecond line is ignored\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return mailbox.Options{PasswordCommand: "cat " + pw, CAFile: s.CAFile, Limit: limit}
}

func mustURL(t *testing.T, s string) mailbox.URL {
	u, err := mailbox.ParseURL(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

type got struct {
	names []string
	data  map[[32]byte]int
}

func fetch(t *testing.T, u mailbox.URL, opt mailbox.Options, st mailbox.State) (got, mailbox.State, mailbox.Stats, error) {
	g := got{data: map[[32]byte]int{}}
	through := st
	next, stats, err := mailbox.Fetch(context.Background(), u, opt, st, func(p mailbox.Part) error {
		// The state to resume from only moves on, and never past a
		// message whose part is still to come.
		_, rest, _ := strings.Cut(p.Name, ";UID=")
		uid, _, _ := strings.Cut(rest, "/")
		n, _ := strconv.Atoi(uid)
		if p.Through.UIDValidity != through.UIDValidity {
			through = mailbox.State{UIDValidity: p.Through.UIDValidity}
		}
		if p.Through.LastUID < through.LastUID || through.LastUID >= uint32(n) {
			t.Errorf("%s: resume state %+v after %+v", p.Name, p.Through, through)
		}
		through = p.Through
		if p.Err != nil {
			t.Errorf("%s: %v", p.Name, p.Err)
			return nil
		}
		g.names = append(g.names, p.Name)
		g.data[key(p.Data)]++
		return nil
	})
	if err == nil && len(g.names) > 0 && through != next {
		t.Errorf("the last part's resume state %+v is not the read's %+v", through, next)
	}
	return g, next, stats, err
}

// TestDovecotFetch reads the real samples from a real Dovecot: the parts
// fetched are exactly the report attachments of the .eml files, the second
// read with the saved state downloads almost nothing, the 5 MB photo is
// never downloaded and no \Seen flag changes.
func TestDovecotFetch(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	seeded := s.Seed(t, realDir)
	before := s.Flags(t)

	want := map[[32]byte]int{key(seeded.DMARCZip): 1}
	wantReports := 0
	for _, p := range seeded.EML {
		for _, part := range tlsrptParts(t, p) {
			want[key(part)]++
			wantReports += countReports(t, p, part)
		}
	}
	if wantReports < 15 {
		t.Fatalf("the samples' own MIME parse found %d reports; the samples changed?", wantReports)
	}

	u := mustURL(t, fmt.Sprintf("imaps://%s@localhost:%d/INBOX", dovecottest.User, s.IMAPSPort))
	opt := options(t, s, dovecottest.Password)
	g, st, stats, err := fetch(t, u, opt, mailbox.State{})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(g.data) != fmt.Sprint(want) {
		t.Errorf("fetched parts differ from the .eml files' report attachments:\n got %d distinct %v\nwant %d distinct %v", len(g.data), g.data, len(want), want)
	}
	if stats.Messages != seeded.Total {
		t.Errorf("read the structure of %d messages, delivered %d", stats.Messages, seeded.Total)
	}
	if st.LastUID != uint32(seeded.Total) || st.UIDValidity == 0 {
		t.Errorf("state after the first read = %+v, want last UID %d and a UIDVALIDITY", st, seeded.Total)
	}
	if !strings.HasPrefix(g.names[0], fmt.Sprintf("%s;UIDVALIDITY=%d/;UID=1/;SECTION=", u, st.UIDValidity)) {
		t.Errorf("first part's name %q is not the RFC 5092 URL of its part", g.names[0])
	}

	g2, st2, _, err := fetch(t, u, opt, st)
	if err != nil {
		t.Fatal(err)
	}
	if len(g2.names) != 0 || st2 != st {
		t.Errorf("second read with the saved state returned %d parts, state %+v (want none, %+v)", len(g2.names), st2, st)
	}
	sessions := s.Sessions(t, 2)
	first, second := sessions[0], sessions[1]
	t.Logf("Dovecot: first session out=%d, second out=%d", first.Out, second.Out)
	if first.Out >= dovecottest.PhotoBytes/2 {
		t.Errorf("first session sent %d bytes: the 5 MB photo was downloaded", first.Out)
	}
	var wantBytes int
	for _, p := range seeded.EML {
		for _, part := range tlsrptParts(t, p) {
			wantBytes += len(part)
		}
	}
	if first.Out < int64(wantBytes) {
		t.Errorf("first session sent %d bytes, less than the %d bytes of the reports", first.Out, wantBytes)
	}
	if second.Out > 2000 {
		t.Errorf("second session sent %d bytes, want almost nothing", second.Out)
	}
	if after := s.Flags(t); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("Maildir flags changed:\nbefore %v\nafter  %v", before, after)
	}

	// A new report arrives: only it is read.
	data, err := os.ReadFile(seeded.EML[0])
	if err != nil {
		t.Fatal(err)
	}
	s.Deliver(t, data, false)
	g3, st3, stats3, err := fetch(t, u, opt, st)
	if err != nil {
		t.Fatal(err)
	}
	if stats3.Messages != 1 || st3.LastUID != st.LastUID+1 || len(g3.names) != len(tlsrptParts(t, seeded.EML[0])) {
		t.Errorf("after one new mail: %d messages read, state %+v, %d parts", stats3.Messages, st3, len(g3.names))
	}

	// A changed UIDVALIDITY reads everything again.
	g4, _, _, err := fetch(t, u, opt, mailbox.State{UIDValidity: st.UIDValidity + 1, LastUID: st3.LastUID})
	if err != nil {
		t.Fatal(err)
	}
	if len(g4.names) != len(g.names)+len(g3.names) {
		t.Errorf("a changed UIDVALIDITY read %d parts, want all %d", len(g4.names), len(g.names)+len(g3.names))
	}
}

// TestDovecotSTARTTLS reads over imap:// and checks that Dovecot saw TLS.
func TestDovecotSTARTTLS(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	data, err := os.ReadFile(filepath.Join(realDir, "tlsrpt-rs_google1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	s.Deliver(t, data, false)
	u := mustURL(t, fmt.Sprintf("imap://%s@127.0.0.1:%d/INBOX", dovecottest.User, s.IMAPPort))
	g, _, _, err := fetch(t, u, options(t, s, dovecottest.Password), mailbox.State{})
	if err != nil {
		t.Fatal(err, s.Log())
	}
	if len(g.names) != 1 {
		t.Errorf("got %d parts over STARTTLS, want 1", len(g.names))
	}
	logins := s.Logins()
	if len(logins) != 1 || !strings.Contains(logins[0], ", TLS") {
		t.Errorf("Dovecot's login lines do not say TLS: %q", logins)
	}
}

// TestDovecotRefusals: a wrong password, an untrusted certificate and a
// server without STARTTLS each fail with words that say so.
func TestDovecotRefusals(t *testing.T) {
	s := dovecottest.Start(t, dovecottest.Options{})
	u := mustURL(t, fmt.Sprintf("imaps://%s@localhost:%d/INBOX", dovecottest.User, s.IMAPSPort))
	refused := func(name string, u mailbox.URL, opt mailbox.Options, words ...string) {
		t.Helper()
		_, _, _, err := fetch(t, u, opt, mailbox.State{})
		if err == nil {
			t.Errorf("%s: no error", name)
			return
		}
		for _, w := range words {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", name, err, w)
			}
		}
	}
	refused("wrong password", u, options(t, s, "not-the-password"), "refused the login", "reports", "Authentication failed")
	noCA := options(t, s, dovecottest.Password)
	noCA.CAFile = ""
	refused("untrusted certificate", u, noCA, "is not trusted", "tlsrpt-analyzer test CA", "-ca")

	clear := dovecottest.Start(t, dovecottest.Options{NoTLS: true})
	cu := mustURL(t, fmt.Sprintf("imap://%s@127.0.0.1:%d/INBOX", dovecottest.User, clear.IMAPPort))
	opt := options(t, s, dovecottest.Password)
	refused("no STARTTLS", cu, opt, "does not offer STARTTLS", "refused")
	if logins := clear.Logins(); len(logins) != 0 {
		t.Errorf("a login reached the server without TLS: %q", logins)
	}
}

// key identifies a part's content. A plain JSON part travels with CRLF line
// ends over IMAP (RFC 3501 section 2.2) where the sample file has LF.
func key(data []byte) [32]byte {
	if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) && !bytes.HasPrefix(data, []byte("PK")) {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return sha256.Sum256(data)
}

// tlsrptParts extracts, with the standard library alone, the decoded
// application/tlsrpt* attachments of an .eml file.
func tlsrptParts(t *testing.T, path string) [][]byte {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out [][]byte
	var walk func(ctype, cte string, body io.Reader)
	walk = func(ctype, cte string, body io.Reader) {
		mt, params, _ := mime.ParseMediaType(ctype)
		if strings.HasPrefix(mt, "multipart/") {
			r := multipart.NewReader(body, params["boundary"])
			for {
				p, err := r.NextRawPart()
				if err != nil {
					return
				}
				walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
			}
		}
		if !strings.HasPrefix(mt, "application/tlsrpt") {
			return
		}
		var r io.Reader = body
		switch strings.ToLower(strings.TrimSpace(cte)) {
		case "base64":
			raw, _ := io.ReadAll(body)
			clean := strings.Map(func(r rune) rune {
				if strings.ContainsRune(" \t\r\n", r) {
					return -1
				}
				return r
			}, string(raw))
			b, err := base64.StdEncoding.DecodeString(clean)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			out = append(out, b)
			return
		case "quoted-printable":
			r = quotedprintable.NewReader(body)
		}
		b, _ := io.ReadAll(r)
		out = append(out, b)
	}
	walk(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body)
	return out
}

func countReports(t *testing.T, path string, part []byte) int {
	if zr, err := gzip.NewReader(bytes.NewReader(part)); err == nil {
		if part, err = io.ReadAll(zr); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	var r struct {
		ReportID string `json:"report-id"`
	}
	if err := json.Unmarshal(part, &r); err != nil || r.ReportID == "" {
		t.Fatalf("%s: attachment is not a TLS-RPT report: %v", path, err)
	}
	return 1
}
