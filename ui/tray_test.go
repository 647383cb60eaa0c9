package ui

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/godbus/dbus/v5"
)

// TestCloseHidesOnlyWithTrayAndWatching closes the window through its
// close intercept with and without a tray, with and without watched
// sources: it hides only with both, and closes otherwise.
func TestCloseHidesOnlyWithTrayAndWatching(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, c := range []struct {
		tray, watching, hidden bool
	}{{false, false, false}, {false, true, false}, {true, false, false}, {true, true, true}} {
		m := newTestWindow(t)
		if c.watching {
			m.library.stats.Watches = []string{t.TempDir()}
		}
		h := m.closeHooks(c.tray)
		hid, quit := false, false
		hide := h.hide
		h.hide = func() { hid = true; hide() }
		// The test window is closed by its cleanup: closing it here too
		// would close it twice.
		h.quit = func() { quit = true }
		m.win.SetCloseIntercept(h.closeRequested)
		act(m, h.closeRequested)
		if hid != c.hidden || quit == c.hidden {
			t.Errorf("tray %v, watching %v: hidden %v, quit %v; want hidden %v", c.tray, c.watching, hid, quit, c.hidden)
		}
		if c.hidden && len(fyne.CurrentApp().Driver().AllWindows()) == 0 {
			t.Errorf("tray %v, watching %v: the hidden window is gone", c.tray, c.watching)
		}
	}
}

// privateBus starts a session bus of its own for the test.
func privateBus(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("no dbus-daemon")
	}
	cmd := exec.Command(bin, "--session", "--print-address=1", "--nofork")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Skip("dbus-daemon does not start:", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(addr)
}

func connect(t *testing.T, addr string) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// TestTrayAvailableAsksTheBus: no tray until a connection owns
// org.kde.StatusNotifierWatcher, and none after it lets go.
func TestTrayAvailableAsksTheBus(t *testing.T) {
	addr := privateBus(t)
	app := connect(t, addr)
	if trayAvailable(app) {
		t.Fatal("tray available on a bus with no StatusNotifierWatcher")
	}
	watcher := connect(t, addr)
	reply, err := watcher.RequestName(statusNotifierWatcher, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning %s: %v, %v", statusNotifierWatcher, reply, err)
	}
	if !trayAvailable(app) {
		t.Error("no tray while a connection owns StatusNotifierWatcher")
	}
	if _, err := watcher.ReleaseName(statusNotifierWatcher); err != nil {
		t.Fatal(err)
	}
	if trayAvailable(app) {
		t.Error("tray available after the watcher let go of its name")
	}
}

// TestCriticalIconDiffers: the tray's critical icon is a PNG of its own.
func TestCriticalIconDiffers(t *testing.T) {
	if critical := trayCriticalIcon(); critical == trayIcon || string(critical.Content()) == string(trayIcon.Content()) {
		t.Error("the critical tray icon is the plain icon")
	}
}

// TestStartAtLoginWritesAndRemovesTheEntry ticks Library > Start at login
// and unticks it: the autostart entry comes and goes with the tick.
func TestStartAtLoginWritesAndRemovesTheEntry(t *testing.T) {
	m := newTestWindow(t)
	item := menuItem(t, m, "Start at login")
	entry := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "autostart", m.app.UniqueID()+".desktop")
	if item.Checked {
		t.Fatal("ticked before any entry was written")
	}
	act(m, item.Action)
	data, err := os.ReadFile(entry)
	if err != nil || !item.Checked {
		t.Fatalf("after ticking: checked %v, entry %v", item.Checked, err)
	}
	if !strings.Contains(string(data), "X-GNOME-Autostart-enabled=true") {
		t.Errorf("entry:\n%s", data)
	}
	act(m, item.Action)
	if _, err := os.Stat(entry); !os.IsNotExist(err) || item.Checked {
		t.Errorf("after unticking: checked %v, entry %v", item.Checked, err)
	}
}

// Close window (Ctrl+W) decides as the close button does: in the tray
// while watching, the window is hidden, not closed.
func TestCloseWindowActionHidesInTheTray(t *testing.T) {
	m := newTestWindow(t)
	m.tray = &tray{}
	m.library.stats.Watches = []string{t.TempDir()}
	act(m, m.actions.closeWindow.run)
	if !slices.Contains(fyne.CurrentApp().Driver().AllWindows(), m.win) {
		t.Error("Close window closed the window while it sits in the tray")
	}
}
