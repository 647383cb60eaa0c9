package ui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
)

// press hands key to the window as GLFW's driver does: to the focused
// widget, else to the canvas.
func press(m *mainWindow, key fyne.KeyName) {
	act(m, func() {
		c := m.win.Canvas()
		e := &fyne.KeyEvent{Name: key}
		if f := c.Focused(); f != nil {
			f.TypedKey(e)
		} else if h := c.OnTypedKey(); h != nil {
			h(e)
		}
	})
}

// TestEscapeClosesEveryDialog opens each kind of dialog the window has and
// presses Escape: the dialog must close as by its Cancel button, doing
// nothing.
func TestEscapeClosesEveryDialog(t *testing.T) {
	dir := t.TempDir()
	m := windowOnLibrary(t, dir)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	exportDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(exportDir, "failures.csv"), []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	selectReport := func() {
		look(m, reportsView)
		act(m, func() { m.reports.reports.Select(widget.TableCellID{Row: 0, Col: 0}) })
	}
	for _, c := range []struct {
		name   string
		before func()
		open   func()
	}{
		{name: "Open file", open: m.actions.openFile.run},
		{name: "Open folder", open: m.actions.openFolder.run},
		{name: "Export chart (a save dialog, its file name focused)", open: func() { m.showExportChart(charts.SessionsPerPolicy) }},
		{name: "Export all charts (a folder dialog)", open: m.actions.exportCharts.run},
		{name: "Replace existing files?", open: func() { m.exportTo(export.Tables, exportDir) }},
		{name: "Watched sources", open: m.library.showWatches},
		{name: "Watch a folder", open: func() {
			m.chooseFolder("Watch a folder", "Watch", prefLastFolder, func(string) { t.Error("a folder was chosen") })
		}},
		{name: "Add mailbox", open: m.library.showAddMailbox},
		{name: "Remove report", before: selectReport, open: m.library.removeSelected},
		{name: "Forget the library", open: m.library.confirmForget},
		{name: "About", open: m.actions.about.run},
		{name: "Error", open: func() { m.showError(errors.New("something went wrong")) }},
	} {
		if c.before != nil {
			c.before()
		}
		act(m, c.open)
		if m.win.Canvas().Overlays().Top() == nil {
			t.Errorf("%s: no dialog opened", c.name)
			continue
		}
		press(m, fyne.KeyEscape)
		if top := m.win.Canvas().Overlays().Top(); top != nil {
			t.Errorf("%s: Escape left the dialog open (%s)", c.name, strings.Join(shownTexts(top), " "))
			act(m, func() { dismissTop(m.win.Canvas()) })
		}
	}
	if b, _ := os.ReadFile(filepath.Join(exportDir, "failures.csv")); string(b) != "keep me" {
		t.Error("Escape on Replace existing files? replaced them")
	}
	if n := libraryReports(t, dir); n != 1 {
		t.Errorf("Escape on Remove report or Forget: the library holds %d reports, want 1", n)
	}
}

// fakeMenuCanvas is a canvas with GLFW's menu bar: the test driver draws
// none.
type fakeMenuCanvas struct {
	fyne.Canvas
	toggled int
}

func (c *fakeMenuCanvas) ToggleMenu() { c.toggled++ }

func TestF10OpensTheMenu(t *testing.T) {
	m := newTestWindow(t)
	c := &fakeMenuCanvas{Canvas: m.win.Canvas()}
	act(m, func() { windowKeys(c) })
	act(m, func() { c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF10}) })
	if c.toggled != 1 {
		t.Errorf("F10 toggled the menu bar %d times, want 1", c.toggled)
	}
}
