package ui

import (
	"bytes"
	"errors"
	"log"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestFyneNoiseLeftOut opens a file dialog where the desktop defines no
// Videos folder (a new home: xdg-user-dir answers the home itself), as
// Fyne's own code logs it, and logs the other noise and a real error the
// way Fyne does: only the real error reaches the terminal.
func TestFyneNoiseLeftOut(t *testing.T) {
	var out bytes.Buffer
	log.SetOutput(QuietLog(&out))
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	t.Setenv("HOME", t.TempDir())

	m := newTestWindow(t)
	act(m, m.actions.openFile.run)
	act(m, func() { dismissTop(m.win.Canvas()) })
	fyne.LogError("Preferences load error:", errors.New("EOF"))
	fyne.LogError("Failed on saving preferences", errors.New("disk full"))
	fyne.LogError("Preferences load error:", errors.New("invalid character 'x' looking for beginning of value"))

	got := out.String()
	if strings.Contains(got, "favorite") || strings.Contains(got, "VIDEOS") || strings.Contains(got, "EOF") {
		t.Errorf("Fyne's harmless errors reached the log:\n%s", got)
	}
	if !strings.Contains(got, "Failed on saving preferences") || !strings.Contains(got, "Cause: disk full") || !strings.Contains(got, "At: ") {
		t.Errorf("a real error was left out:\n%s", got)
	}
	if !strings.Contains(got, "Preferences load error:\n") || !strings.Contains(got, "Cause: invalid character") {
		t.Errorf("a preferences file that is not JSON must still be told:\n%s", got)
	}
}
