package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/godbus/dbus/v5"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/assets"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/autostart"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
)

// statusNotifierWatcher is the name fyne.io/systray registers its item
// with on Linux and the BSDs: with no owner there is no tray.
const statusNotifierWatcher = "org.kde.StatusNotifierWatcher"

// hasTray tells whether the desktop shows a system tray: Windows and
// macOS always do; elsewhere the session bus is asked.
func hasTray() bool {
	switch runtime.GOOS {
	case "windows", "darwin":
		return true
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return false
	}
	defer conn.Close()
	return trayAvailable(conn)
}

// trayAvailable tells whether a StatusNotifierWatcher owns its name on
// the bus conn is connected to.
func trayAvailable(conn *dbus.Conn) bool {
	var owned bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, statusNotifierWatcher).Store(&owned); err != nil {
		return false
	}
	return owned
}

// closeHooks decide what closing the window does: hide it to the tray
// while sources are watched and there is a tray, quit otherwise.
type closeHooks struct {
	tray     func() bool
	watching func() bool
	hide     func()
	quit     func()
}

// closeRequested is the window's close intercept.
func (h closeHooks) closeRequested() {
	if h.tray() && h.watching() {
		h.hide()
		return
	}
	h.quit()
}

// trayIcon and trayCriticalIcon are the tray's icons: the app's, and the
// app's with a red mark when a critical finding exists, drawn when first
// shown. Drawn in the package's init, decoding and encoding the PNG took
// 55 ms and 3 MB of heap at the start of every command, summary included
// (GODEBUG=inittrace=1; issue 23).
var (
	trayIcon         = assets.Icon
	trayCriticalIcon = sync.OnceValue(func() fyne.Resource { return criticalIcon(assets.Icon) })
)

// criticalIcon draws a red dot in icon's lower right corner.
func criticalIcon(icon fyne.Resource) fyne.Resource {
	src, err := png.Decode(bytes.NewReader(icon.Content()))
	if err != nil {
		return icon
	}
	b := src.Bounds()
	img := image.NewRGBA(b)
	draw.Draw(img, b, src, b.Min, draw.Src)
	r := b.Dx() * 3 / 10
	cx, cy := b.Max.X-r-1, b.Max.Y-r-1
	red, white := color.RGBA{0xd0, 0x10, 0x10, 0xff}, color.RGBA{0xff, 0xff, 0xff, 0xff}
	for y := cy - r; y <= cy+r; y++ {
		for x := cx - r; x <= cx+r; x++ {
			d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
			switch {
			case d <= (r-r/5)*(r-r/5):
				img.Set(x, y, red)
			case d <= r*r:
				img.Set(x, y, white)
			}
		}
	}
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		return icon
	}
	return fyne.NewStaticResource("icon-critical.png", out.Bytes())
}

// tray is the system tray's menu and icon, when the app has one.
type tray struct {
	app      desktop.App
	critical bool
	// findings are the last ones of everything loaded, judged again when
	// the user mutes or unmutes one.
	findings []analysis.Finding
}

// setUpTray puts the app in the tray when there is one, and makes closing
// the window hide it while sources are watched.
func (m *mainWindow) setUpTray(available bool) {
	d, ok := m.app.(desktop.App)
	if !ok || !available {
		return
	}
	m.tray = &tray{app: d}
	d.SetSystemTrayMenu(fyne.NewMenu(appTitle,
		fyne.NewMenuItem("Open", m.showFromTray),
		fyne.NewMenuItem("Check now", m.library.checkNow),
		// Fyne adds Quit itself, as the menu's last item.
	))
	d.SetSystemTrayIcon(trayIcon)
	m.win.SetCloseIntercept(m.closeHooks(true).closeRequested)
}

// closeHooks are the window's close decision.
func (m *mainWindow) closeHooks(tray bool) closeHooks {
	return closeHooks{
		tray:     func() bool { return tray },
		watching: func() bool { return len(m.library.stats.Watches) > 0 },
		hide:     m.win.Hide,
		quit:     m.win.Close,
	}
}

// requestClose is Close window (Ctrl+W, the File menu): what the window's
// close button does, which hides it in the tray while sources are watched.
// Fyne's Close skips the close intercept: it closed the window for good,
// and the tray's Open then had nothing to show (found under Xvfb with
// xfce4-panel's tray).
func (m *mainWindow) requestClose() { m.closeHooks(m.tray != nil).closeRequested() }

func (m *mainWindow) showFromTray() {
	m.win.Show()
	m.win.RequestFocus()
}

// showCritical marks the tray icon when a critical finding exists that the
// user did not mute.
func (m *mainWindow) showCritical(findings []analysis.Finding) {
	if m.tray == nil {
		return
	}
	m.tray.findings = findings
	findings, _ = withoutMuted(findings, m.findings.muted)
	critical := false
	for i := range findings {
		if findings[i].Severity == analysis.SeverityCritical {
			critical = true
			break
		}
	}
	if critical == m.tray.critical {
		return
	}
	m.tray.critical = critical
	if critical {
		m.tray.app.SetSystemTrayIcon(trayCriticalIcon())
	} else {
		m.tray.app.SetSystemTrayIcon(trayIcon)
	}
}

// checkNow has the watchers look at every watched source at once: the
// folders for files that changed without an event, the mailboxes logged
// in to or read again (what arrived since the last read).
func (v *libraryView) checkNow() {
	if v.watcher != nil {
		v.watcher.CheckNow()
	}
	if v.mail.watcher != nil {
		v.mail.watcher.CheckNow()
	}
}

// autostartEntry is what Start at login starts: this executable, on
// libDir (the library the window runs on, "" for none) unless that is the
// default library: without -library the app started at login would open
// another library than the one the user chose.
func autostartEntry(id, libDir string) (autostart.Entry, error) {
	exe, err := os.Executable()
	if err != nil {
		return autostart.Entry{}, err
	}
	e := autostart.Entry{ID: id, Name: appTitle, Exe: exe}
	if libDir != "" {
		if def, err := library.DefaultDir(); err != nil || filepath.Clean(def) != filepath.Clean(libDir) {
			e.Args = []string{"-library", libDir}
		}
	}
	return e, nil
}

// startAtLoginItem is the Library menu's Start at login: ticked when the
// app's autostart entry exists; choosing it writes or removes the entry.
// Where starting at login is not supported it is disabled.
func (m *mainWindow) startAtLoginItem(refresh func()) *fyne.MenuItem {
	id := m.app.UniqueID()
	item := fyne.NewMenuItem("Start at login", nil)
	on, err := autostart.Enabled(id)
	item.Checked = on
	if err != nil {
		item.Disabled = true
		return item
	}
	item.Action = func() {
		var err error
		if item.Checked {
			err = autostart.Disable(id)
		} else {
			var e autostart.Entry
			libDir := ""
			if m.library.lib != nil {
				libDir = m.library.lib.Dir()
			}
			if e, err = autostartEntry(id, libDir); err == nil {
				err = autostart.Enable(e)
			}
		}
		if err != nil {
			m.showError(err)
		}
		item.Checked, _ = autostart.Enabled(id)
		refresh()
	}
	return item
}
