package mailbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"github.com/zalando/go-keyring"
)

// KeyringService is the service name under which the OS keyring holds a
// mailbox's password (the account is the URL's user@host:port).
const KeyringService = "tlsrpt-analyzer"

// KeyringAccount is the keyring account of u: one secret per login, shared
// by the mailboxes of that login.
func KeyringAccount(u URL) string { return u.User + "@" + u.Addr() }

// secret finds the password or token for u: the password command first (as
// mbsync's PassCmd), then the OS keyring, then the prompt. It is never taken
// from the command line, so it cannot leak through ps or shell history.
func secret(ctx context.Context, u URL, opt Options) (string, error) {
	if opt.PasswordCommand != "" {
		return runPasswordCommand(ctx, opt.PasswordCommand)
	}
	if KeyringReachable() {
		s, err := keyring.Get(KeyringService, KeyringAccount(u))
		if err == nil && s != "" {
			return s, nil
		}
	}
	if opt.Prompt != nil {
		return opt.Prompt(PromptFor(u))
	}
	return "", fmt.Errorf("no password for %s: give -password-command CMD, save it in the OS keyring (service %q, account %q), or run in a terminal to be asked", u, KeyringService, KeyringAccount(u))
}

// PromptFor is what a person is asked for u's secret: a caller keeping
// answers for a run keys them by it.
func PromptFor(u URL) string { return fmt.Sprintf("Password for %s: ", KeyringAccount(u)) }

// KeyringReachable avoids go-keyring's D-Bus autolaunch on Linux when no
// session bus exists (a server, CI, cron): it would start a bus daemon or
// wait, and there is no keyring to find anyway.
func KeyringReachable() bool {
	if runtime.GOOS == "linux" || runtime.GOOS == "freebsd" || runtime.GOOS == "openbsd" {
		return os.Getenv("DBUS_SESSION_BUS_ADDRESS") != ""
	}
	return true
}

// runPasswordCommand runs cmd with sh -c; its first output line is the
// secret. Its stderr is passed through so a password manager can ask.
func runPasswordCommand(ctx context.Context, cmd string) (string, error) {
	c := exec.CommandContext(ctx, "sh", "-c", cmd)
	c.Stdin = os.Stdin
	c.Stderr = os.Stderr
	out, err := c.Output()
	if err != nil {
		// The command's words are not repeated: they may hold a vault path
		// but never the secret, which is in stdout only.
		return "", fmt.Errorf("password command failed: %v", err)
	}
	line, _, _ := bytes.Cut(out, []byte("\n"))
	s := strings.TrimRight(string(line), "\r")
	if s == "" {
		return "", errors.New("password command printed nothing on its first line")
	}
	return s, nil
}

// SavedSecret tells whether the OS keyring holds a secret for u's login.
func SavedSecret(u URL) bool {
	if !KeyringReachable() {
		return false
	}
	s, err := keyring.Get(KeyringService, KeyringAccount(u))
	return err == nil && s != ""
}

// SaveSecret keeps secret in the OS keyring for u's login, where the next
// start finds it. Without a reachable keyring it says so, and the caller
// offers to ask at each start instead.
func SaveSecret(u URL, secret string) error {
	if !KeyringReachable() {
		return errors.New("no OS keyring is reachable here (no D-Bus session for the Secret Service)")
	}
	if err := keyring.Set(KeyringService, KeyringAccount(u), secret); err != nil {
		return fmt.Errorf("the OS keyring did not keep the password: %v", err)
	}
	return nil
}
