package ui

import (
	"errors"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
)

// prefCAFolder remembers where the user last chose a CA file: apart from
// the reports' folder, as the two seldom share one.
const prefCAFolder = "lastCAFolder"

// chooseFile asks for a local file, starting where pref remembers, and
// remembers its folder there.
func (m *mainWindow) chooseFile(title, confirm, pref string, then func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if r != nil {
			r.Close()
		}
		switch {
		case err != nil:
			m.showError(err)
		case r == nil: // cancelled
		case r.URI().Scheme() != "file":
			m.refuse([]string{r.URI().String()})
		default:
			m.rememberFolder(pref, filepath.Dir(r.URI().Path()))
			then(r.URI().Path())
		}
	}, m.win)
	d.SetConfirmText(confirm)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pem", ".crt", ".cer"}))
	m.showFileDialog(d, pref, pathAsk{title: title, confirm: confirm, then: func(p string) {
		m.rememberFolder(pref, filepath.Dir(p))
		then(p)
	}})
}

// mailErrorWords is a mailbox's error in the window's words: the command
// line's name a flag (-ca) where the window has a field.
func mailErrorWords(err error) string {
	var untrusted *mailbox.UntrustedError
	if !errors.As(err, &untrusted) {
		return err.Error()
	}
	return notTrusted(untrusted) + " If the server uses a private CA, give that CA's certificate (a PEM file) as the mailbox's CA file"
}

// notTrusted says what happened, naming the certificate as a person
// compares it with their server's.
func notTrusted(e *mailbox.UntrustedError) string {
	s := "the certificate of " + e.Addr
	if shown := e.Shown(); shown != "" {
		s += " (" + shown + ")"
	}
	return s + " is not trusted: no certificate authority this computer trusts signed it."
}
