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
	typePath                       action
	exportCharts, exportCSV, clear action
	back, clearFilters             action
	closeWindow, quit, about       action
	// views show each tab, Alt+1 to Alt+7 in the order of views: the tab
	// bar itself takes no keyboard focus.
	views []action
}

// actionHooks are what the window's commands run.
type actionHooks struct {
	openFile, openFolder, sample func()
	typePath                     func()
	export                       func(set export.Set, title string)
	clear, back, clearFilters    func()
	closeWindow, quit, about     func()
}

func newWindowActions(h actionHooks) *windowActions {
	return &windowActions{
		openFile:     action{label: "Open file…", icon: theme.FileIcon(), shortcut: shortcut(fyne.KeyO, 0), run: h.openFile},
		openFolder:   action{label: "Open folder…", icon: theme.FolderOpenIcon(), shortcut: shortcut(fyne.KeyO, fyne.KeyModifierShift), run: h.openFolder},
		typePath:     action{label: "Open a path…", icon: theme.DocumentIcon(), shortcut: shortcut(fyne.KeyL, 0), run: h.typePath}, // GTK's and browsers' key to type a location
		sample:       action{label: "Try a sample report", icon: theme.MediaPlayIcon(), run: h.sample},
		exportCharts: action{label: "Export all charts…", icon: theme.DocumentSaveIcon(), shortcut: shortcut(fyne.KeyE, 0), run: func() { h.export(export.All, "Export all charts and tables into a folder") }},
		exportCSV:    action{label: "Export CSV…", icon: theme.FileTextIcon(), run: func() { h.export(export.Tables, "Export the tables as CSV into a folder") }},
		clear:        action{label: "Clear", icon: theme.ContentClearIcon(), run: h.clear},
		// Alt+Left is Back in browsers and file managers.
		back:         action{label: "Back", icon: theme.NavigateBackIcon(), shortcut: &desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}, run: h.back},
		clearFilters: action{label: "Clear filters", icon: theme.CancelIcon(), run: h.clearFilters},
		closeWindow:  action{label: "Close window", icon: theme.CancelIcon(), shortcut: shortcut(fyne.KeyW, 0), run: h.closeWindow},
		quit:         action{label: "Quit", icon: theme.LogoutIcon(), shortcut: shortcut(fyne.KeyQ, 0), run: h.quit},
		about:        action{label: "About " + appTitle, run: h.about},
	}
}

// addViews makes the action that shows each tab of tabs, in their order.
func (a *windowActions) addViews(tabs *container.AppTabs) {
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7}
	for i, it := range tabs.Items[:min(len(tabs.Items), len(keys))] {
		a.views = append(a.views, action{label: it.Text, icon: it.Icon,
			shortcut: &desktop.CustomShortcut{KeyName: keys[i], Modifier: fyne.KeyModifierAlt},
			run:      func() { tabs.Select(it) }})
	}
}

func (a *windowActions) all() []*action {
	all := []*action{&a.openFile, &a.openFolder, &a.typePath, &a.sample, &a.exportCharts, &a.exportCSV, &a.clear,
		&a.back, &a.clearFilters, &a.closeWindow, &a.quit, &a.about}
	for i := range a.views {
		all = append(all, &a.views[i])
	}
	return all
}

// mainMenu is the window's menu bar. Every File item has an icon so the
// labels line up.
func (a *windowActions) mainMenu() *fyne.MainMenu {
	quit := a.quit.menuItem()
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		a.openFile.menuItem(),
		a.openFolder.menuItem(),
		a.typePath.menuItem(),
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
	filter := fyne.NewMenu("Filter", a.back.menuItem(), a.clearFilters.menuItem())
	view := fyne.NewMenu("View")
	for i := range a.views {
		view.Items = append(view.Items, a.views[i].menuItem())
	}
	help := fyne.NewMenu("Help", a.about.menuItem())
	return fyne.NewMainMenu(file, filter, view, help)
}

// toolbar is the row of buttons above the tabs.
func (a *windowActions) toolbar() fyne.CanvasObject {
	return container.NewVBox(container.NewHBox(a.openFile.button(), a.openFolder.button(), widget.NewSeparator(),
		a.exportCharts.button(), a.exportCSV.button(), layout.NewSpacer(), a.clear.button()), widget.NewSeparator())
}

// runShortcut runs the action whose shortcut s is, and says whether there
// was one: the filter bar's entries pass the window's shortcuts on.
func (a *windowActions) runShortcut(s fyne.Shortcut) bool {
	for _, act := range a.all() {
		if act.shortcut != nil && act.shortcut.ShortcutName() == s.ShortcutName() {
			act.run()
			return true
		}
	}
	return false
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
