package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
)

// action is one command of the window. The toolbar, the main menu, the
// keyboard and the empty state are all built from it, so its label, icon
// and shortcut cannot differ between them.
type action struct {
	label    string
	icon     fyne.Resource
	shortcut fyne.Shortcut // nil for none; the menu shows the same value the canvas binds
	run      func()

	buttons []*widget.Button // made by button, enabled and disabled together
}

// button makes a button for the action; setEnabled reaches it later.
func (a *action) button() *widget.Button {
	b := widget.NewButtonWithIcon(a.label, a.icon, a.run)
	a.buttons = append(a.buttons, b)
	return b
}

func (a *action) menuItem() *fyne.MenuItem {
	i := fyne.NewMenuItemWithIcon(a.label, a.icon, a.run)
	i.Shortcut = a.shortcut
	return i
}

// setEnabled enables or disables every button of the action. Menu items and
// shortcuts stay enabled: their handlers check for themselves, as a native
// menu would need a refresh on every change.
func (a *action) setEnabled(on bool) {
	for _, b := range a.buttons {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// windowActions are the commands of the main window, each defined once.
type windowActions struct {
	openFile, openFolder, sample   action
	exportCharts, exportCSV, clear action
	closeWindow, quit, about       action
}

func newWindowActions(m *mainWindow) *windowActions {
	return &windowActions{
		openFile:     action{label: "Open file…", icon: theme.FileIcon(), shortcut: shortcut(fyne.KeyO, 0), run: m.showOpenFile},
		openFolder:   action{label: "Open folder…", icon: theme.FolderOpenIcon(), shortcut: shortcut(fyne.KeyO, fyne.KeyModifierShift), run: m.showOpenFolder},
		sample:       action{label: "Try a sample report", icon: theme.MediaPlayIcon(), run: m.loadSample},
		exportCharts: action{label: "Export all charts…", icon: theme.DocumentSaveIcon(), shortcut: shortcut(fyne.KeyE, 0), run: func() { m.showExport(export.All, "Export all charts and tables into a folder") }},
		exportCSV:    action{label: "Export CSV…", icon: theme.FileTextIcon(), run: func() { m.showExport(export.Tables, "Export the tables as CSV into a folder") }},
		clear:        action{label: "Clear", icon: theme.ContentClearIcon(), run: m.clearAll},
		closeWindow:  action{label: "Close window", icon: theme.CancelIcon(), shortcut: shortcut(fyne.KeyW, 0), run: m.win.Close},
		quit:         action{label: "Quit", icon: theme.LogoutIcon(), shortcut: shortcut(fyne.KeyQ, 0), run: m.app.Quit},
		about:        action{label: "About " + appTitle, run: m.showAbout},
	}
}

func (a *windowActions) all() []*action {
	return []*action{&a.openFile, &a.openFolder, &a.sample, &a.exportCharts, &a.exportCSV, &a.clear,
		&a.closeWindow, &a.quit, &a.about}
}

// mainMenu is the window's menu bar. Every File item has an icon so the
// labels line up.
func (a *windowActions) mainMenu() *fyne.MainMenu {
	quit := a.quit.menuItem()
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		a.openFile.menuItem(),
		a.openFolder.menuItem(),
		a.sample.menuItem(),
		fyne.NewMenuItemSeparator(),
		a.exportCharts.menuItem(),
		a.exportCSV.menuItem(),
		fyne.NewMenuItemSeparator(),
		a.clear.menuItem(),
		fyne.NewMenuItemSeparator(),
		a.closeWindow.menuItem(),
		quit,
	)
	help := fyne.NewMenu("Help", a.about.menuItem())
	return fyne.NewMainMenu(file, help)
}

// toolbar is the row of buttons above the tabs.
func (a *windowActions) toolbar() fyne.CanvasObject {
	return container.NewVBox(container.NewHBox(a.openFile.button(), a.openFolder.button(), widget.NewSeparator(),
		a.exportCharts.button(), a.exportCSV.button(), layout.NewSpacer(), a.clear.button()), widget.NewSeparator())
}

// bindShortcuts makes the keys the menu shows work: outside macOS, Fyne's
// menu bar only displays shortcuts.
func (a *windowActions) bindShortcuts(c fyne.Canvas) {
	for _, act := range a.all() {
		if act.shortcut != nil {
			c.AddShortcut(act.shortcut, func(fyne.Shortcut) { act.run() })
		}
	}
}

func shortcut(key fyne.KeyName, extra fyne.KeyModifier) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault | extra}
}
