// Package dovecottest runs a real Dovecot IMAP server in a test's temporary
// folder (the recipe of docs/mail-and-monitoring.md): 127.0.0.1 only, a
// private CA made with openssl at test time, one passwd-file user, and a
// Maildir the test seeds. Tests read Dovecot's own log to learn how many
// bytes each session sent.
package dovecottest

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// User and Password are the test login; the password exists only in the
// test's temporary passwd file.
const (
	User     = "reports"
	Password = "test-secret-7d2f"
)

// Options shape the server.
type Options struct {
	// NoTLS starts a server with TLS off (so no STARTTLS) and plain
	// logins allowed: what a client must refuse to log in to.
	NoTLS bool
}

// Server is a running Dovecot.
type Server struct {
	Dir string
	// CAFile is the PEM of the private CA that signed the server's
	// certificate (CN=localhost, SAN localhost and 127.0.0.1).
	CAFile string
	// IMAPPort offers STARTTLS (unless NoTLS); IMAPSPort is implicit TLS.
	IMAPPort, IMAPSPort int
	// Maildir is the user's INBOX.
	Maildir string
	logPath string
	pidPath string
	seq     int
}

// Start runs Dovecot until the test ends. It skips the test, saying why,
// when Dovecot or openssl is not installed (scripts/sysdeps.sh test
// installs both).
func Start(t testing.TB, opt Options) *Server {
	t.Helper()
	for _, bin := range []string{"dovecot", "openssl"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s is not installed (scripts/sysdeps.sh test installs dovecot-imapd and openssl): %v", bin, err)
		}
	}
	dir := t.TempDir()
	// Dovecot's unprivileged processes must reach the folders below.
	for d := dir; d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s := &Server{Dir: dir, Maildir: filepath.Join(dir, "mail", User, "Maildir"), logPath: filepath.Join(dir, "dovecot.log"), pidPath: filepath.Join(dir, "run", "master.pid")}
	for _, sub := range []string{"cur", "new", "tmp"} {
		if err := os.MkdirAll(filepath.Join(s.Maildir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if !opt.NoTLS {
		s.makeCerts(t)
	}
	s.IMAPPort, s.IMAPSPort = freePort(t), freePort(t)
	write(t, filepath.Join(dir, "passwd"), User+":{PLAIN}"+Password+"::::::\n")
	write(t, filepath.Join(dir, "dovecot.conf"), s.config(opt))
	s.chownMail(t)
	// Dovecot's daemon keeps the descriptors it was started with, so its
	// output goes to a file: a pipe would never reach end of file.
	outPath := filepath.Join(dir, "start.out")
	outFile, err := os.Create(outPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("dovecot", "-c", filepath.Join(dir, "dovecot.conf"))
	cmd.Stdout, cmd.Stderr = outFile, outFile
	err = cmd.Run()
	outFile.Close()
	if err != nil {
		out, _ := os.ReadFile(outPath)
		t.Fatalf("dovecot did not start: %v\n%s\nlog:\n%s", err, out, s.readLog())
	}
	t.Cleanup(func() { s.stop(t) })
	s.waitListening(t)
	return s
}

func (s *Server) config(opt Options) string {
	ssl := fmt.Sprintf(`ssl = required
ssl_cert = <%[1]s/srv.pem
ssl_key = <%[1]s/srv.key
disable_plaintext_auth = yes
`, s.Dir)
	imaps := fmt.Sprintf("  inet_listener imaps {\n    port = %d\n    ssl = yes\n  }\n", s.IMAPSPort)
	if opt.NoTLS {
		ssl = "ssl = no\ndisable_plaintext_auth = no\n"
		imaps = ""
	}
	owner := "dovecot"
	if u, err := user.Current(); err == nil && u.Uid != "0" {
		// Not root: Dovecot runs everything as the current user.
		owner = u.Username
	}
	return fmt.Sprintf(`base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
listen = 127.0.0.1
protocols = imap
default_login_user = dovenull
default_internal_user = %[2]s
default_internal_group = %[2]s
mail_uid = %[2]s
mail_gid = %[2]s
%[3]s
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = scheme=PLAIN %[1]s/passwd
}
userdb {
  driver = static
  args = uid=%[2]s gid=%[2]s home=%[1]s/mail/%%u
}
first_valid_uid = 1
mail_location = maildir:%[1]s/mail/%%u/Maildir
service imap-login {
  chroot =
  inet_listener imap {
    port = %[4]d
  }
%[5]s}
service anvil {
  chroot =
}
`, s.Dir, owner, ssl, s.IMAPPort, imaps)
}

func (s *Server) makeCerts(t testing.TB) {
	t.Helper()
	ext := filepath.Join(s.Dir, "ext.cnf")
	write(t, ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
	ec := []string{"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"}
	s.CAFile = filepath.Join(s.Dir, "ca.pem")
	run(t, s.Dir, "openssl", append(append([]string{"req", "-x509"}, ec...), "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
		"-subj", "/CN=tlsrpt-analyzer test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")...)
	run(t, s.Dir, "openssl", append(append([]string{"req"}, ec...), "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=localhost")...)
	run(t, s.Dir, "openssl", "x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "srv.pem", "-days", "2", "-extfile", ext)
}

// Deliver writes one message into the INBOX's cur/ folder, unread or
// seen, as a mail delivery agent would; Dovecot gives it the next UID
// when it next looks. It returns the file's unique base name.
func (s *Server) Deliver(t testing.TB, data []byte, seen bool) string {
	t.Helper()
	s.seq++
	base := fmt.Sprintf("%d.M%dP1.test", 1765000000+s.seq, s.seq)
	flags := ":2,"
	if seen {
		flags += "S"
	}
	path := filepath.Join(s.Maildir, "cur", base+flags)
	write(t, path, string(data))
	s.chownMail(t)
	return base
}

// Flags maps each message's base name to its Maildir flag letters (the
// part after ":2,"), from the files as they are now, new/ included.
func (s *Server) Flags(t testing.TB) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, sub := range []string{"cur", "new"} {
		entries, err := os.ReadDir(filepath.Join(s.Maildir, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			base, flags, _ := strings.Cut(e.Name(), ":2,")
			out[base] = flags
		}
	}
	return out
}

// Session is one IMAP session as Dovecot logged it.
type Session struct {
	// In and Out are the bytes Dovecot received and sent after login.
	In, Out int64
}

var loggedOut = regexp.MustCompile(`imap\([^)]*\).*(?:Logged out|Disconnected).* in=(\d+) out=(\d+)`)

// Sessions waits until Dovecot has logged at least n finished sessions and
// returns all of them, oldest first. Dovecot writes the line as the
// session's process ends, a moment after the client has gone.
func (s *Server) Sessions(t testing.TB, n int) []Session {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var out []Session
		for _, m := range loggedOut.FindAllStringSubmatch(s.readLog(), -1) {
			in, _ := strconv.ParseInt(m[1], 10, 64)
			o, _ := strconv.ParseInt(m[2], 10, 64)
			out = append(out, Session{In: in, Out: o})
		}
		if len(out) >= n || time.Now().After(deadline) {
			if len(out) < n {
				t.Fatalf("Dovecot logged %d finished sessions, want %d; log:\n%s", len(out), n, s.readLog())
			}
			return out
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Logins returns Dovecot's login lines ("imap-login: Info: Login: user=<…>, …,
// TLS, …"), which say whether each session was encrypted.
func (s *Server) Logins() []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s.readLog()))
	for sc.Scan() {
		if strings.Contains(sc.Text(), "imap-login: ") && strings.Contains(sc.Text(), "Login: user=") {
			out = append(out, sc.Text())
		}
	}
	return out
}

// Log is Dovecot's whole log, for failure messages.
func (s *Server) Log() string { return s.readLog() }

func (s *Server) readLog() string {
	b, _ := os.ReadFile(s.logPath)
	return string(b)
}

func (s *Server) chownMail(t testing.TB) {
	t.Helper()
	if os.Getuid() != 0 {
		return
	}
	run(t, s.Dir, "chown", "-R", "dovecot:dovecot", filepath.Join(s.Dir, "mail"))
}

func (s *Server) waitListening(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(s.IMAPPort)))
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("dovecot is not listening on %d: %v\nlog:\n%s", s.IMAPPort, err, s.readLog())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *Server) stop(t testing.TB) {
	pid, err := os.ReadFile(s.pidPath)
	if err != nil {
		t.Logf("dovecot pid file: %v", err)
		return
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(pid)))
	if err != nil {
		return
	}
	p, err := os.FindProcess(n)
	if err != nil {
		return
	}
	p.Signal(os.Interrupt)
	// Dovecot removes its pid file as it exits; wait so t.TempDir's
	// removal does not race its last writes.
	for i := 0; i < 100; i++ {
		if _, err := os.Stat(s.pidPath); err != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	p.Kill()
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func write(t testing.TB, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t testing.TB, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
}

// RenumberUIDs makes Dovecot forget the UIDs it gave (its uidlist and
// indexes), as a mailbox restored from a backup or rebuilt does: the next
// session sees a new UIDVALIDITY (RFC 3501 section 2.3.1.1) and new UIDs.
// Dovecot takes the new UIDVALIDITY from the clock in seconds, so this
// waits for the next second first.
func (s *Server) RenumberUIDs(t testing.TB) {
	t.Helper()
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 10*time.Millisecond)))
	for _, pattern := range []string{"dovecot-uidlist", "dovecot.index*", "dovecot.list.index*"} {
		paths, _ := filepath.Glob(filepath.Join(s.Maildir, pattern))
		for _, p := range paths {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// DeliverMaildir copies the messages of another Maildir (its cur/ and
// new/, names kept) into the INBOX at once, with one chown for all: a
// benchmark's ten thousand messages. It returns how many it copied.
func (s *Server) DeliverMaildir(t testing.TB, dir string) int {
	t.Helper()
	n := 0
	for _, sub := range []string{"cur", "new"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(dir, sub, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(s.Maildir, sub, e.Name()), string(data))
			n++
		}
	}
	s.chownMail(t)
	return n
}
