package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
)

// menuItem is the item labelled label in the window's menus.
func menuItem(t *testing.T, m *mainWindow, label string) *fyne.MenuItem {
	t.Helper()
	for _, menu := range m.win.MainMenu().Items {
		for _, it := range menu.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no %s in the menus", label)
	return nil
}

// startAtLogin ticks Library > Start at login and returns the Exec line
// of the autostart entry it wrote, as in the file.
func startAtLogin(t *testing.T, m *mainWindow) string {
	t.Helper()
	act(m, menuItem(t, m, "Start at login").Action)
	data, err := os.ReadFile(filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "autostart", m.app.UniqueID()+".desktop"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "Exec="); ok {
			return v
		}
	}
	t.Fatalf("no Exec line in\n%s", data)
	return ""
}

// The app started at login opens the library the window runs on: a
// library that is not the default one is named with -library, quoted as
// the Desktop Entry spec's Exec key wants (in double quotes, $ escaped
// with a backslash, and that backslash escaped again by the string type);
// the default library needs none.
func TestStartAtLoginKeepsTheLibrary(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(exe, " \"'\\$%") {
		t.Skipf("the test binary's path %q would need quoting of its own", exe)
	}
	dir := filepath.Join(t.TempDir(), "my $reports")
	m := windowOnLibrary(t, dir)
	if got, want := startAtLogin(t, m), exe+` -library "`+strings.ReplaceAll(dir, "$", `\\$`)+`"`; got != want {
		t.Errorf("on %s: Exec=%s\nwant Exec=%s", dir, got, want)
	}

	t.Setenv("XDG_DATA_HOME", t.TempDir())
	def, err := library.DefaultDir()
	if err != nil {
		t.Fatal(err)
	}
	m = windowOnLibrary(t, def)
	if got := startAtLogin(t, m); got != exe {
		t.Errorf("on the default library: Exec=%s, want Exec=%s", got, exe)
	}
}
