package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
)

// Every destructive question names its action on a red button beside
// Cancel, and no button looks like the default way on (Fyne's confirm makes
// its Yes blue: the trial saw Forget all ask "No / Yes", Yes blue). Cancel
// does nothing.
func TestDestructiveConfirmsNameTheirAction(t *testing.T) {
	dir := t.TempDir()
	m := windowOnLibrary(t, dir)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	exportDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(exportDir, export.FailuresFile), []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	watched := t.TempDir()
	act(m, func() { m.library.addWatch(watched) })
	m.bridge.wait()
	for _, c := range []struct {
		action string
		before func()
		open   func()
	}{
		{"Forget all", nil, m.library.confirmForget},
		{"Remove", func() { look(m, reportsView) }, func() {
			m.reports.reports.Select(widget.TableCellID{Row: 0, Col: 0})
			m.library.removeSelected()
		}},
		{"Replace", nil, func() { m.exportTo(export.Tables, exportDir) }},
		{"Stop watching", nil, func() { m.library.confirmUnwatch(watched, func() {}) }},
	} {
		if c.before != nil {
			c.before()
		}
		act(m, c.open)
		top := m.win.Canvas().Overlays().Top()
		if top == nil {
			t.Errorf("%s: asked nothing", c.action)
			continue
		}
		if b := findButton(t, top, c.action); b.Importance != widget.DangerImportance {
			t.Errorf("%s: its button's importance is %v, want danger", c.action, b.Importance)
		}
		act(m, func() { test.Tap(findButton(t, top, "Cancel")) })
		if m.win.Canvas().Overlays().Top() != nil {
			t.Errorf("%s: Cancel left a dialog open", c.action)
		}
	}
	m.bridge.wait()
	if n := libraryReports(t, dir); n != 1 {
		t.Errorf("after Cancel everywhere the library holds %d reports, want 1", n)
	}
	if b, _ := os.ReadFile(filepath.Join(exportDir, export.FailuresFile)); string(b) != "keep me" {
		t.Error("Cancel on Replace replaced the file")
	}
	if w := m.library.stats.Watches; len(w) != 1 {
		t.Errorf("after Cancel on Stop watching, watches %q", w)
	}
}
