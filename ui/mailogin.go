package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
)

// askPassword asks for a mailbox's password on the UI goroutine; then gets
// the answer, "" when cancelled.
func (v *libraryView) askPassword(prompt, note string, then func(string)) {
	entry := newPasswordField()
	body := container.NewVBox(widget.NewLabel(prompt), entry, widget.NewLabel(note))
	d := dialog.NewCustomConfirm("Mailbox password", "Log in", "Cancel", body, func(ok bool) {
		if !ok {
			entry.SetText("")
		}
		then(entry.Text)
	}, v.win)
	entry.OnSubmitted = func(string) { d.Confirm() }
	d.Resize(fyne.NewSize(560, 220))
	present(v.win.Canvas(), d)
	v.win.Canvas().Focus(entry)
}

// logInAgain is Watched sources' answer to a refused login: the mailbox
// waits (a refused password is never tried again by itself) until a person
// gives another one here, or fixed its password command.
func (v *libraryView) logInAgain(m library.Mailbox) {
	u := m.URL
	if m.PasswordCommand != "" {
		v.hooks.tell("Logging in to " + u.String() + " again: its password command runs again.")
		v.mail.watcher.Check(u)
		return
	}
	v.askPassword(mailbox.PromptFor(u), "The password the server refused is not used again.", func(pw string) {
		if pw == "" {
			return
		}
		v.bridge.spawn(func() {
			// Where the keyring held the refused one, the new one
			// replaces it; else it is kept in memory for this run.
			if !mailbox.SavedSecret(u) || mailbox.SaveSecret(u, pw) != nil {
				v.keepSecret(mailbox.PromptFor(u), pw)
			}
			v.mail.watcher.Check(u)
		})
	})
}
