package ui

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/assets"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// prefLastFolder remembers where the user last opened or exported files.
const prefLastFolder = "lastFolder"

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
		if a, err := filepath.Abs(p); err == nil {
			p = a
		}
		abs = append(abs, p)
	}
	m.enqueue(m.library.openJob(abs))
}

// handleDrop loads dropped files and folders. Anything that is not a local
// file, such as a link dragged from a browser, is refused without being
// touched: reports are only ever read from disk.
func (m *mainWindow) handleDrop(_ fyne.Position, uris []fyne.URI) {
	var paths, refused []string
	for _, u := range uris {
		if u.Scheme() != "file" {
			refused = append(refused, u.String())
			continue
		}
		paths = append(paths, u.Path())
	}
	if len(refused) > 0 {
		m.refuse(refused)
	}
	m.openPaths(paths)
}

func (m *mainWindow) refuse(links []string) {
	shown := links[0]
	if len(shown) > 80 {
		shown = shown[:77] + "…"
	}
	if len(links) > 1 {
		shown += " and " + textfmt.Count(len(links)-1) + " more"
	}
	m.setStatus("Not loaded: " + shown + " is not a file on this computer.")
	dialog.ShowInformation("Only local files can be loaded",
		"TLS-RPT Analyzer reads reports from this computer and never downloads anything.\n"+
			"Save the report to disk first, then drop the file.\n\nNot loaded: "+shown, m.win)
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
			m.rememberFolder(filepath.Dir(u.Path()))
		}
		m.handleDrop(fyne.Position{}, []fyne.URI{u})
	}, m.win)
	d.SetFilter(storage.NewExtensionFileFilter(analysis.ReportExtensions()))
	m.showFileDialog(d)
}

func (m *mainWindow) showOpenFolder() {
	m.chooseFolder("Open folder", "Open", func(dir string) { m.openPaths([]string{dir}) })
}

// chooseFolder asks for a local folder and remembers it.
func (m *mainWindow) chooseFolder(title, confirm string, then func(dir string)) {
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
		m.rememberFolder(u.Path())
		then(u.Path())
	}, m.win)
	d.SetTitleText(title)
	d.SetConfirmText(confirm)
	m.showFileDialog(d)
}

// showFileDialog opens d in the folder used last.
func (m *mainWindow) showFileDialog(d *dialog.FileDialog) {
	if dir := m.app.Preferences().String(prefLastFolder); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	room := m.win.Canvas().Size().SubtractWidthHeight(40, 40)
	if room.Width < 400 || room.Height < 300 {
		room = dialogSize // not laid out yet
	}
	d.Resize(dialogSize.Min(room))
	d.Show()
}

func (m *mainWindow) rememberFolder(dir string) {
	m.app.Preferences().SetString(prefLastFolder, dir)
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
