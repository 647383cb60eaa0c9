package ui

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/assets"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// prefLastFolder remembers where the user last opened reports, and
// prefExportFolder where they last exported: apart, so that exports never
// land among the reports unless put there.
const (
	prefLastFolder   = "lastFolder"
	prefExportFolder = "lastExportFolder"
)

// dialogSize gives file dialogs room for long file names.
var dialogSize = fyne.NewSize(900, 600)

// openPaths adds local files or folders to what is loaded: from the command
// line, a drop or a dialog.
func (m *mainWindow) openPaths(paths []string) {
	if len(paths) == 0 {
		return
	}
	abs := make([]string, 0, len(paths))
	for _, p := range paths {
		if mailbox.IsURL(p) {
			m.library.openMailbox(p)
			continue
		}
		if a, err := filepath.Abs(p); err == nil {
			p = a
		}
		abs = append(abs, p)
	}
	if len(abs) > 0 {
		m.enqueue(m.library.openJob(abs))
	}
}

// handleDrop loads dropped files and folders. Anything that is not a local
// file, such as a link dragged from a browser, is refused without being
// touched: reports are only ever read from disk.
func (m *mainWindow) handleDrop(_ fyne.Position, uris []fyne.URI) {
	var paths, refused []string
	for _, u := range uris {
		if link, ok := droppedLink(u); ok {
			refused = append(refused, link)
			continue
		}
		paths = append(paths, u.Path())
	}
	if len(refused) > 0 {
		m.refuse(refused)
	}
	m.openPaths(paths)
}

// urlScheme matches a URL scheme and its colon (RFC 3986, section 3.1) at
// the start of a name. It asks for two characters at least, so that a
// Windows drive ("C:") is not taken for a scheme.
var urlScheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]+):(.*)$`)

// droppedLink tells whether u is a link rather than a local file, and
// returns the link as the user would recognise it.
//
// GLFW (3.3, as Fyne 2.7 vendors it) strips only "file://" from the lines
// of a dropped text/uri-list and passes any other line on as a file name,
// which Fyne makes absolute against the working directory with
// storage.NewFileURI: a link dragged from a browser,
// "http://example.com/r.json", arrives as
// file:///CWD/http:/example.com/r.json. Such a name, relative to the
// working directory, starts with a scheme and a colon; a file of that name
// that really exists is still a file.
func droppedLink(u fyne.URI) (string, bool) {
	if u.Scheme() != "file" {
		return u.String(), true
	}
	cwd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	p := filepath.FromSlash(u.Path())
	rel, err := filepath.Rel(cwd, p)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	parts := urlScheme.FindStringSubmatch(filepath.ToSlash(rel))
	if parts == nil {
		return "", false
	}
	if _, err := os.Lstat(p); err == nil {
		return "", false
	}
	// Making the name absolute folded the "//" before the host into "/".
	scheme, rest := parts[1], parts[2]
	if strings.HasPrefix(rest, "/") {
		rest = "/" + rest
	}
	return scheme + ":" + rest, true
}

func (m *mainWindow) refuse(links []string) {
	shown := links[0]
	if len(shown) > 80 {
		shown = shown[:77] + "…"
	}
	if len(links) > 1 {
		shown += " and " + textfmt.Count(len(links)-1) + " more"
	}
	m.tell("Not loaded: " + shown + " is not a file on this computer.")
	present(m.win.Canvas(), dialog.NewInformation("Only local files can be loaded",
		"TLS-RPT Analyzer reads reports from this computer and never downloads anything.\n"+
			"Save the report to disk first, then drop the file.\n\nNot loaded: "+shown, m.win))
}

// tell shows the outcome of a load or a drop in the status bar and writes
// it to m.outcomes: someone who started the program from a terminal reads
// there what it made of their files, and so does scripts/dragdrop.sh.
func (m *mainWindow) tell(text string) {
	m.setStatus(text)
	if m.outcomes != nil {
		fmt.Fprintln(m.outcomes, "tlsrpt-analyzer: "+text)
	}
}

func (m *mainWindow) showOpenFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			m.showError(err)
			return
		}
		if r == nil {
			return // cancelled
		}
		u := r.URI()
		r.Close()
		if u.Scheme() == "file" {
			m.rememberFolder(prefLastFolder, filepath.Dir(u.Path()))
		}
		m.handleDrop(fyne.Position{}, []fyne.URI{u})
	}, m.win)
	d.SetFilter(storage.NewExtensionFileFilter(source.ReportExtensions()))
	ask := m.openAsk()
	ask.title = "Open file"
	m.showFileDialog(d, prefLastFolder, ask)
}

func (m *mainWindow) showOpenFolder() {
	m.chooseFolder("Open folder", "Open", prefLastFolder, func(dir string) { m.openPaths([]string{dir}) })
}

// chooseFolder asks for a local folder, starting where pref remembers, and
// remembers it there.
func (m *mainWindow) chooseFolder(title, confirm, pref string, then func(dir string)) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			m.showError(err)
			return
		}
		if u == nil {
			return
		}
		if u.Scheme() != "file" {
			m.refuse([]string{u.String()})
			return
		}
		m.rememberFolder(pref, u.Path())
		then(u.Path())
	}, m.win)
	d.SetConfirmText(confirm)
	m.showFileDialog(d, pref, pathAsk{title: title, confirm: confirm, folder: true, then: func(dir string) {
		m.rememberFolder(pref, dir)
		then(dir)
	}})
}

// showFileDialog opens d in the folder pref remembers; exports start in
// the Documents folder until there was one. A path typed instead (Ctrl+L)
// goes to ask.
func (m *mainWindow) showFileDialog(d *dialog.FileDialog, pref string, ask pathAsk) {
	if dir := m.startFolder(pref); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	room := m.win.Canvas().Size().SubtractWidthHeight(40, 40)
	if room.Width < 400 || room.Height < 300 {
		room = dialogSize // not laid out yet
	}
	d.Resize(dialogSize.Min(room))
	d.SetTitleText(ask.title + typedPathHint)
	present(m.win.Canvas(), d)
	m.fileDialog, m.fileAsk = m.win.Canvas().Overlays().Top(), ask
}

// startFolder is where a dialog for pref starts; "" leaves it to Fyne.
func (m *mainWindow) startFolder(pref string) string {
	if dir := m.app.Preferences().String(pref); dir != "" || pref != prefExportFolder {
		return dir
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if docs := filepath.Join(home, "Documents"); isDir(docs) {
		return docs
	}
	return home
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

func (m *mainWindow) rememberFolder(pref, dir string) {
	m.app.Preferences().SetString(pref, dir)
}

// loadSample loads the reports embedded in the binary. The loader reads
// paths, so they are copied to a temporary folder that is removed once read.
func (m *mainWindow) loadSample() {
	dir, err := os.MkdirTemp("", "tlsrpt-sample-")
	if err != nil {
		m.showError(err)
		return
	}
	err = fs.WalkDir(assets.Samples, "sample", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(assets.Samples, p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, path.Base(p)), data, 0o600)
	})
	if err != nil {
		os.RemoveAll(dir)
		m.showError(err)
		return
	}
	m.enqueue(loadJob{paths: []string{dir}, cleanup: func() { os.RemoveAll(dir) }})
}
