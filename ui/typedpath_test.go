package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// pathField is the field of the typed-path dialog on top, and the words
// below it.
func pathField(t *testing.T, m *mainWindow) (*dialogEntry, *widget.Label) {
	t.Helper()
	var e *dialogEntry
	var note *widget.Label
	walk(m.win.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *dialogEntry:
			e = v
		case *widget.Label:
			if v.Wrapping == fyne.TextWrapWord {
				note = v
			}
		}
	})
	if e == nil || note == nil {
		t.Fatal("no typed-path dialog on top")
	}
	return e, note
}

func typeIn(m *mainWindow, e *dialogEntry, text string) {
	act(m, func() {
		e.SetText("")
		test.Type(e, text)
	})
}

// TestTypedPathOpensReports types a path where a file dialog has no field
// for one: Ctrl+L with no dialog open opens reports by path, Tab completes
// the path from the folder's names, a wrong path is said beside the field,
// and Ctrl+L in a folder dialog asks for a folder for the same purpose.
func TestTypedPathOpensReports(t *testing.T) {
	m := newTestWindow(t)
	real, err := filepath.Abs(filepath.Join("..", "testdata", "real"))
	if err != nil {
		t.Fatal(err)
	}
	act(m, func() { m.actions.runShortcut(shortcut(fyne.KeyL, 0)) })
	e, note := pathField(t, m)
	if m.win.Canvas().Focused() != e {
		t.Error("the path field does not have the keyboard")
	}

	typeIn(m, e, filepath.Join(real, "nosuch"))
	press(m, fyne.KeyReturn)
	if !strings.Contains(note.Text, "There is no file or folder") || m.win.Canvas().Overlays().Top() == nil {
		t.Errorf("a wrong path: note %q, dialog open %v", note.Text, m.win.Canvas().Overlays().Top() != nil)
	}

	// testdata holds real/ and no other name starting with "re".
	typeIn(m, e, filepath.Join(filepath.Dir(real), "re"))
	press(m, fyne.KeyTab)
	if want := real + string(filepath.Separator); e.Text != want {
		t.Errorf("Tab completed to %q, want %q", e.Text, want)
	}
	press(m, fyne.KeyReturn)
	if m.win.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stayed open after a good path")
	}
	if m.result.Reports != 36 { // testdata/real: 36 reports once duplicates count once
		t.Errorf("%d reports opened, want 36", m.result.Reports)
	}

	// In a folder dialog, Ctrl+L asks for a folder for what it was for.
	var chosen string
	act(m, func() { m.chooseFolder("Watch a folder", "Watch", prefLastFolder, func(dir string) { chosen = dir }) })
	act(m, func() { m.actions.runShortcut(shortcut(fyne.KeyL, 0)) })
	e, note = pathField(t, m)
	typeIn(m, e, filepath.Join(real, "parsedmarc_rfc8460.json"))
	press(m, fyne.KeyReturn)
	if !strings.Contains(note.Text, "is a file: type a folder") {
		t.Errorf("a file for a folder: note %q", note.Text)
	}
	dir := t.TempDir()
	typeIn(m, e, dir)
	press(m, fyne.KeyReturn)
	if chosen != dir || m.win.Canvas().Overlays().Top() != nil {
		t.Errorf("chosen %q, want %q; dialogs still open: %v", chosen, dir, m.win.Canvas().Overlays().Top() != nil)
	}
	if got := m.app.Preferences().String(prefLastFolder); got != dir {
		t.Errorf("the folder typed is not remembered for the next dialog: %q", got)
	}

	// Escape closes it even while the field has the keyboard.
	act(m, m.actions.typePath.run)
	pathField(t, m)
	press(m, fyne.KeyEscape)
	if m.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape left the typed-path dialog open")
	}
}

func TestCompletePathFromHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, d := range []string{"reports-2025", "reports-2026", ".hidden"} {
		if err := os.Mkdir(filepath.Join(home, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(home, "report.json"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	got, matches := completePath("~/rep", true)
	if got != "~/reports-202" || strings.Join(matches, " ") != "reports-2025/ reports-2026/" {
		t.Errorf("folders only: %q %q", got, matches)
	}
	if got, _ := completePath("~/rep", false); got != "~/report" {
		t.Errorf("files too: %q, want ~/report", got)
	}
	if got, _ := completePath("~/", true); got != "~/reports-202" {
		t.Errorf("hidden folders are offered only for a typed dot: %q", got)
	}
}
