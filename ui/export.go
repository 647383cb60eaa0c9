package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

func (m *mainWindow) showExportChart(id charts.ID) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			m.showError(err)
			return
		}
		if wc == nil {
			return // cancelled
		}
		// The dialog already asked before replacing a file and created it;
		// the export replaces it in one step once the picture is ready.
		u := wc.URI()
		wc.Close()
		if u.Scheme() != "file" {
			m.refuse([]string{u.String()})
			return
		}
		m.rememberFolder(prefExportFolder, filepath.Dir(u.Path()))
		m.exportChart(id, u.Path())
	}, m.win)
	title := "Export “" + id.Title() + "” as PNG"
	d.SetFileName(export.ChartFile(id))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png"}))
	m.showFileDialog(d, prefExportFolder, pathAsk{title: title, confirm: "Save", save: true, then: func(p string) {
		m.confirmReplace(filepath.Dir(p), []string{filepath.Base(p)}, func() {
			m.rememberFolder(prefExportFolder, filepath.Dir(p))
			m.exportChart(id, p)
		})
	}})
}

// exportChart writes chart id of the current result to path as a PNG.
func (m *mainWindow) exportChart(id charts.ID, path string) {
	res := m.result
	m.inBackground("Saving "+filepath.Base(path)+"…", res.Filter, func() (string, error) {
		return "Saved " + path, export.WriteChart(path, id, res, export.DefaultSize)
	})
}

// showExport asks for a folder and writes set into it.
func (m *mainWindow) showExport(set export.Set, title string) {
	if m.result.Reports == 0 {
		return // the shortcut works even when the button is disabled
	}
	m.chooseFolder(title, "Export here", prefExportFolder, func(dir string) { m.exportTo(set, dir) })
}

// exportTo writes set for the current result into dir, asking first if
// that would replace files.
func (m *mainWindow) exportTo(set export.Set, dir string) {
	res, full := m.result, m.filtering.full(m.result)
	m.confirmReplace(dir, set.Names(), func() {
		m.inBackground("Exporting…", res.Filter, func() (string, error) {
			names, err := set.Write(dir, full(), export.DefaultSize)
			return fmt.Sprintf("Wrote %s to %s", textfmt.Counted(len(names), "file", "files"), dir), err
		})
	})
}

// confirmReplace runs write at once if none of names exists in dir, and
// otherwise only after the user agreed to replace them.
func (m *mainWindow) confirmReplace(dir string, names []string, write func()) {
	var existing []string
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			existing = append(existing, n)
		}
	}
	if len(existing) == 0 {
		write()
		return
	}
	list := strings.Join(existing, ", ")
	if len(existing) > 4 {
		list = strings.Join(existing[:3], ", ") + " and " + textfmt.Count(len(existing)-3) + " more"
	}
	confirmDestructive(m.win, "Replace existing files?",
		widget.NewLabel(fmt.Sprintf("%s already %s in\n%s\n\nReplace %s?", list, textfmt.Plural(len(existing), "exists", "exist"), dir,
			textfmt.Plural(len(existing), "it", "them"))),
		"Replace", write)
}

// inBackground runs an export of what filter f keeps off the UI goroutine
// and reports its outcome in the status bar, or in a dialog if it failed.
func (m *mainWindow) inBackground(status string, f analysis.Filter, work func() (string, error)) {
	m.setStatus(status)
	m.bridge.spawn(func() {
		done, err := work()
		m.bridge.do(func() {
			if err != nil {
				m.setStatus("")
				m.showError(err)
				return
			}
			m.sayStatus(done, f)
		})
	})
}
