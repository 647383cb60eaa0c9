package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// The two ways to reach an IMAP server, as the dialog names them.
const (
	securityTLS      = "TLS (imaps://, port 993)"
	securitySTARTTLS = "STARTTLS (imap://, port 143)"
)

// mailboxForm is the Add mailbox dialog's fields.
type mailboxForm struct {
	server, user, password, ca *dialogEntry
	security                   *widget.Select
	box                        *dialogSelectEntry
	ask                        *widget.Check
	result                     *widget.Label
	test, chooseCA             *widget.Button
	// untrusted is set when the last test met a certificate no trusted
	// CA signed: choosing a CA file then tests again.
	untrusted bool
}

// url is the mailbox the fields name, checked as a command line's would be.
func (f *mailboxForm) url() (mailbox.URL, error) {
	scheme := "imaps"
	if f.security.Selected == securitySTARTTLS {
		scheme = "imap"
	}
	server, user := strings.TrimSpace(f.server.Text), strings.TrimSpace(f.user.Text)
	box := strings.TrimSpace(f.box.Text)
	if server == "" || user == "" {
		return mailbox.URL{}, fmt.Errorf("give the server and the user")
	}
	return mailbox.ParseURL(scheme + "://" + url.User(user).String() + "@" + server + "/" + (&url.URL{Path: box}).EscapedPath())
}

// options log in with what was typed: the password is handed to the login
// only, never kept by the form.
func (f *mailboxForm) options() mailbox.Options {
	pw := f.password.Text
	return mailbox.Options{CAFile: strings.TrimSpace(f.ca.Text), Limit: source.MaxReportBytes, Timeout: 30 * time.Second,
		Prompt: func(string) (string, error) { return pw, nil }}
}

// showAddMailbox asks for a mailbox to watch: server, user, password, the
// mailbox (listed by the server once the test connected) and a CA file
// for a private server. Test says what happened in words.
func (v *libraryView) showAddMailbox() {
	_, d := v.addMailboxDialog(func() {})
	present(v.win.Canvas(), d)
}

// addMailboxDialog is the Add mailbox dialog, not yet shown, and its fields;
// adding runs added first.
func (v *libraryView) addMailboxDialog(added func()) (*mailboxForm, *dialog.ConfirmDialog) {
	f := &mailboxForm{server: newDialogEntry(), user: newDialogEntry(), password: newPasswordField(), ca: newDialogEntry(),
		security: widget.NewSelect([]string{securityTLS, securitySTARTTLS}, nil), box: newDialogSelectEntry([]string{"INBOX"}),
		result: widget.NewLabel("Test connects, lists the mailboxes and counts the messages with report attachments; nothing is downloaded or changed.")}
	f.server.SetPlaceHolder("imap.example.com or imap.example.com:1993")
	f.user.SetPlaceHolder("you@example.com")
	f.ca.SetPlaceHolder("only for a private CA: its PEM file")
	f.security.SetSelected(securityTLS)
	f.box.SetText("INBOX")
	f.result.Wrapping = fyne.TextWrapWord
	f.ask = widget.NewCheck("Ask for the password at each start instead of keeping it in the OS keyring", nil)
	if !mailbox.KeyringReachable() {
		f.ask.SetChecked(true)
		f.ask.Disable()
		f.ask.Text = "Ask for the password at each start (no OS keyring is reachable here)"
	}
	f.test = widget.NewButton("Test", func() { v.testMailbox(f) })
	f.chooseCA = widget.NewButton("Choose CA file…", func() {
		v.hooks.chooseFile("Choose the CA certificate (PEM)", "Choose", prefCAFolder, func(path string) {
			f.ca.SetText(path)
			if f.untrusted {
				v.testMailbox(f)
			}
		})
	})
	form := widget.NewForm(
		widget.NewFormItem("Server", f.server),
		widget.NewFormItem("Security", f.security),
		widget.NewFormItem("User", f.user),
		widget.NewFormItem("Password", f.password),
		widget.NewFormItem("Mailbox", f.box),
		widget.NewFormItem("CA file", container.NewBorder(nil, nil, nil, f.chooseCA, f.ca)),
	)
	body := container.NewVBox(form, f.ask, container.NewBorder(nil, nil, nil, f.test, f.result))
	d := dialog.NewCustomConfirm("Add mailbox", "Add and watch", "Cancel", body, func(ok bool) {
		if ok {
			added()
			v.addMailbox(f)
		}
	}, v.win)
	d.Resize(fyne.NewSize(720, 470))
	return f, d
}

// testMailbox connects with the form's settings off the UI goroutine and
// says what happened: the certificate, the messages, or why not.
func (v *libraryView) testMailbox(f *mailboxForm) {
	u, err := f.url()
	if err != nil {
		setText(f.result, err.Error())
		return
	}
	opt := f.options()
	setText(f.result, "Connecting to "+u.Addr()+"…")
	v.bridge.spawn(func() {
		words, names, untrusted := surveyMailbox(u, opt)
		v.bridge.do(func() {
			f.untrusted = untrusted
			setText(f.result, words)
			if names != nil {
				f.box.SetOptions(names)
			}
		})
	})
}

// surveyMailbox is the test: what it found in words, the mailboxes the
// server lists (nil when it could not log in), and whether the server's
// certificate was not trusted.
func surveyMailbox(u mailbox.URL, opt mailbox.Options) (words string, names []string, untrusted bool) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := mailbox.Open(ctx, u, opt)
	if err != nil {
		var ue *mailbox.UntrustedError
		if errors.As(err, &ue) {
			return "Not connected: " + notTrusted(ue) + " If the server uses a private CA, choose that CA's certificate (a PEM file) with Choose CA file…; the test then runs again.", nil, true
		}
		return "Not connected: " + err.Error(), nil, false
	}
	defer s.Close()
	via := "TLS"
	if !u.ImplicitTLS {
		via = "STARTTLS"
	}
	words = fmt.Sprintf("Connected to %s over %s, %s; logged in as %s.", u.Addr(), via, s.CertificateWords(), u.User)
	names, err = s.Mailboxes()
	if err != nil {
		return words + " " + err.Error(), nil, false
	}
	sv, err := s.Survey()
	if err != nil {
		return words + " " + err.Error(), names, false
	}
	return fmt.Sprintf("%s %s holds %s, %s with report attachments. %s on the server.", words, u.Mailbox,
		textfmt.Counted(sv.Messages, "message", "messages"), textfmt.Count(sv.WithReports), textfmt.Counted(len(names), "mailbox", "mailboxes")), names, false
}

// addMailbox watches the form's mailbox: the password goes to the OS
// keyring, or, where there is none or the user asked so, is kept in
// memory for this run and asked again at the next start.
func (v *libraryView) addMailbox(f *mailboxForm) {
	u, err := f.url()
	if err != nil {
		v.hooks.showError(err)
		return
	}
	pw, ask, ca := f.password.Text, f.ask.Checked, strings.TrimSpace(f.ca.Text)
	lib := v.lib
	v.bridge.spawn(func() {
		kept := ""
		if pw != "" && !ask {
			kept = "The password is in the OS keyring."
			if err := mailbox.SaveSecret(u, pw); err != nil {
				ask, kept = true, err.Error()+"."
			}
		}
		if ask {
			if pw != "" {
				v.keepSecret(mailbox.PromptFor(u), pw)
			}
			kept += " The password is asked at each start and kept in memory only."
		}
		err := lib.AddMailboxWatch(u, mailbox.Options{CAFile: ca})
		if err == nil {
			v.mail.watcher.Add(u)
		}
		v.afterChange()
		v.bridge.do(func() {
			if err != nil {
				v.hooks.showError(err)
				return
			}
			v.hooks.tell("Watching mailbox " + u.String() + ". " + strings.TrimSpace(kept))
		})
	})
}
