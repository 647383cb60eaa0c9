package ui

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// Exported charts have a fixed size, whatever the window's, so that
// documents and tickets get the same picture every time.
const exportWidth, exportHeight = 1600, 900

// exportAllNames are the files export.WriteAll writes, to ask before
// replacing any of them.
func exportAllNames() []string { return export.FileNames() }

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
		m.rememberFolder(filepath.Dir(u.Path()))
		m.exportChart(id, u.Path())
	}, m.win)
	d.SetTitleText("Export “" + id.Title() + "” as PNG")
	d.SetFileName(id.FileName(".png"))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png"}))
	m.showFileDialog(d)
}

// exportChart writes chart id of the current result to path as a PNG.
func (m *mainWindow) exportChart(id charts.ID, path string) {
	res := m.result
	m.inBackground("Saving "+filepath.Base(path)+"…", func() (string, error) {
		err := export.WriteFile(path, func(w io.Writer) error {
			return charts.Encode(w, id, res, charts.ExportOptions(exportWidth, exportHeight), charts.PNG)
		})
		return "Saved " + path, err
	})
}

func (m *mainWindow) showExportCharts() {
	if m.result.Reports == 0 {
		return // the shortcut works even when the button is disabled
	}
	m.chooseFolder("Export all charts and tables into a folder", "Export here", m.exportAllTo)
}

// exportAllTo writes every chart and table into dir.
func (m *mainWindow) exportAllTo(dir string) {
	res := m.result
	m.confirmReplace(dir, exportAllNames(), func() {
		m.inBackground("Exporting charts…", func() (string, error) {
			names, err := export.WriteAll(dir, res, exportWidth, exportHeight)
			return fmt.Sprintf("Wrote %s to %s", textfmt.Counted(len(names), "file", "files"), dir), err
		})
	})
}

func (m *mainWindow) showExportCSV() {
	if m.result.Reports == 0 {
		return
	}
	m.chooseFolder("Export the tables as CSV into a folder", "Export here", m.exportCSVTo)
}

// exportCSVTo writes the failure details and the policies as CSV into dir.
func (m *mainWindow) exportCSVTo(dir string) {
	res := m.result
	m.confirmReplace(dir, []string{export.FailuresFile, export.PoliciesFile}, func() {
		m.inBackground("Exporting tables…", func() (string, error) {
			err := export.WriteFile(filepath.Join(dir, export.FailuresFile), func(w io.Writer) error { return export.FailuresCSV(w, res.Failures) })
			if err == nil {
				err = export.WriteFile(filepath.Join(dir, export.PoliciesFile), func(w io.Writer) error { return export.PoliciesCSV(w, res.Policies) })
			}
			return "Wrote " + export.FailuresFile + " and " + export.PoliciesFile + " to " + dir, err
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
	d := dialog.NewConfirm("Replace existing files?",
		fmt.Sprintf("%s already %s in\n%s\n\nReplace %s?", list, textfmt.Plural(len(existing), "exists", "exist"), dir,
			textfmt.Plural(len(existing), "it", "them")),
		func(ok bool) {
			if ok {
				write()
			}
		}, m.win)
	d.SetConfirmText("Replace")
	d.SetDismissText("Cancel")
	d.Show()
}

// inBackground runs an export off the UI goroutine and reports its outcome
// in the status bar, or in a dialog if it failed.
func (m *mainWindow) inBackground(status string, work func() (string, error)) {
	m.setStatus(status)
	m.bridge.spawn(func() {
		done, err := work()
		m.bridge.do(func() {
			if err != nil {
				m.setStatus("")
				m.showError(err)
				return
			}
			m.setStatus(done)
		})
	})
}
