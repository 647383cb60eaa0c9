package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// mailboxFlags are how a command logs in to the IMAP mailboxes among its
// PATHs. There is no flag for the password itself: it would be seen in ps
// and kept in shell history.
type mailboxFlags struct {
	passwordCommand, ca, auth string
}

func addMailboxFlags(fs *flag.FlagSet) *mailboxFlags {
	f := &mailboxFlags{}
	fs.StringVar(&f.passwordCommand, "password-command", "", "for imap(s):// PATHs: run CMD with sh -c; its first line is the password (or the OAuth2 token with -auth xoauth2)")
	fs.StringVar(&f.ca, "ca", "", "for imap(s):// PATHs: trust the CA certificates in this PEM FILE too (a private mail server)")
	fs.StringVar(&f.auth, "auth", "", "for imap(s):// PATHs: xoauth2 to log in with an OAuth2 access token")
	return f
}

// options are the mailbox.Options the flags ask for; without a password
// command the keyring is asked, then the person at the terminal, if any.
func (f *mailboxFlags) options() mailbox.Options {
	opt := mailbox.Options{Limit: source.MaxReportBytes}
	if f != nil {
		opt.PasswordCommand, opt.CAFile, opt.Auth = f.passwordCommand, f.ca, f.auth
	}
	if term.IsTerminal(int(os.Stdin.Fd())) {
		opt.Prompt = terminalPrompt
	}
	return opt
}

// terminalPrompt asks on the terminal without echo.
func terminalPrompt(prompt string) (string, error) {
	fmt.Fprint(os.Stderr, prompt)
	b, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(os.Stderr)
	return string(b), err
}

// splitSources separates the IMAP URLs among paths from the files.
func splitSources(paths []string) (files []string, boxes []mailbox.URL, err error) {
	for _, p := range paths {
		if !mailbox.IsURL(p) {
			files = append(files, p)
			continue
		}
		u, err := mailbox.ParseURL(p)
		if err != nil {
			return nil, nil, err
		}
		boxes = append(boxes, u)
	}
	return files, boxes, nil
}

// readMailboxes adds the reports of boxes to a, all of each mailbox.
func readMailboxes(ctx context.Context, a *analysis.Analysis, boxes []mailbox.URL, mb *mailboxFlags) error {
	for _, u := range boxes {
		if _, err := library.ReadMailboxInto(ctx, a, u, mb.options()); err != nil {
			return err
		}
	}
	return nil
}

// mailboxLine says what one mailbox read did.
func mailboxLine(w io.Writer, u mailbox.URL, s mailbox.Stats) {
	fmt.Fprintf(w, "%s: %s, %s new, %s with report attachments, %s of them downloaded.\n", u,
		textfmt.Counted(s.Total, "message", "messages"), textfmt.Count(s.Messages), textfmt.Count(s.WithParts), textfmt.Bytes(s.Bytes))
}
