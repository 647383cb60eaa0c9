package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// Fyne 2.7's file dialog has no field for a path: Ctrl+L (the key GTK's
// and browsers' dialogs type a location with) opens one in its place, for
// the same purpose, and opens reports by a typed or pasted path when no
// file dialog is open.

// pathAsk is what a typed path is for.
type pathAsk struct {
	title, confirm string
	folder         bool // a folder, not a file, is wanted
	save           bool // a file to write, which need not exist yet
	then           func(path string)
}

// typedPathHint goes into every file dialog's title.
const typedPathHint = " (Ctrl+L: type a path)"

// openAsk opens a typed file or folder as a drop would.
func (m *mainWindow) openAsk() pathAsk {
	return pathAsk{title: "Open a file or folder", confirm: "Open", then: func(p string) { m.openPaths([]string{p}) }}
}

// typePath asks for a path for the file dialog on top, closing it, or
// else for reports to open.
func (m *mainWindow) typePath() {
	ask := m.openAsk()
	if c := m.win.Canvas(); m.fileDialog != nil && c.Overlays().Top() == m.fileDialog {
		ask = m.fileAsk
		dismissTop(c)
	}
	m.showTypedPath(ask)
}

func (m *mainWindow) showTypedPath(ask pathAsk) {
	entry := newDialogEntry()
	entry.SetPlaceHolder("/path/to/reports or ~/reports; Tab completes")
	entry.completes = true
	note := widget.NewLabel("")
	note.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	try := func() {
		p, problem := checkPath(entry.Text, ask)
		if problem != "" {
			setText(note, problem)
			return
		}
		d.Hide()
		ask.then(p)
	}
	entry.onTab = func() {
		text, matches := completePath(entry.Text, ask.folder)
		entry.SetText(text)
		entry.CursorColumn = len([]rune(text))
		entry.Refresh()
		setText(note, matchesNote(matches))
	}
	entry.OnSubmitted = func(string) { try() }
	open := widget.NewButton(ask.confirm, try)
	open.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	body := container.NewVBox(entry, note, container.NewHBox(layout.NewSpacer(), cancel, open))
	d = dialog.NewCustomWithoutButtons(ask.title, body, m.win)
	d.Resize(fyne.NewSize(640, 200))
	present(m.win.Canvas(), d)
	m.win.Canvas().Focus(entry)
}

// checkPath is text as a path fit for ask, or what is wrong with it.
func checkPath(text string, ask pathAsk) (path, problem string) {
	p := expandHome(strings.TrimSpace(text))
	if p == "" {
		return "", "Type a path."
	}
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err.Error()
	}
	info, err := os.Stat(p)
	switch {
	case ask.save && err != nil:
		if !isDir(filepath.Dir(p)) {
			return "", "There is no folder " + filepath.Dir(p) + "."
		}
	case err != nil:
		return "", "There is no file or folder " + p + "."
	case ask.folder && !info.IsDir():
		return "", p + " is a file: type a folder."
	case ask.save && info.IsDir():
		return "", p + " is a folder: type the name of the file to write in it."
	}
	return p, ""
}

// expandHome reads a leading ~ as the home folder, as a shell would.
func expandHome(p string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return p
	}
	return filepath.Join(home, p[1:])
}

// completePath completes the last part of text from the names in its
// folder (only folders when folder is set), as far as they agree, and
// returns the names that matched.
func completePath(text string, folder bool) (string, []string) {
	base := text[strings.LastIndex(text, string(filepath.Separator))+1:]
	dir := expandHome(text[:len(text)-len(base)])
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return text, nil
	}
	var matches []string
	for _, e := range entries {
		isDir := e.IsDir() || (e.Type()&os.ModeSymlink != 0 && isDir(filepath.Join(dir, e.Name())))
		if strings.HasPrefix(e.Name(), base) && (isDir || !folder) && (strings.HasPrefix(base, ".") || !strings.HasPrefix(e.Name(), ".")) {
			name := e.Name()
			if isDir {
				name += string(filepath.Separator)
			}
			matches = append(matches, name)
		}
	}
	if len(matches) == 0 {
		return text, nil
	}
	slices.Sort(matches)
	common := []rune(matches[0])
	for _, n := range matches[1:] {
		for !strings.HasPrefix(n, string(common)) {
			common = common[:len(common)-1]
		}
	}
	// What the user typed before the last part stays as typed (~ included).
	return text[:len(text)-len(base)] + string(common), matches
}

func matchesNote(matches []string) string {
	const shown = 8
	switch {
	case len(matches) < 2:
		return ""
	case len(matches) > shown:
		return textfmt.Count(len(matches)) + " match: " + strings.Join(matches[:shown], "  ") + " …"
	}
	return strings.Join(matches, "  ")
}
