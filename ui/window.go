// Package ui is the desktop window of tlsrpt-analyzer: it loads reports in
// the background, shows the analysis in tabs and exports charts and tables.
package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/assets"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
)

const appTitle = "TLS-RPT Analyzer"

// Run shows the main window on a, opens the library in libraryDir (the
// default one when empty), loads paths (files or folders from the command
// line or a file manager's "Open with") and runs the app until the window
// is closed.
func Run(a fyne.App, version, libraryDir string, paths []string) {
	a.SetIcon(assets.Icon)
	w := a.NewWindow(appTitle)
	m := newMainWindow(a, w)
	m.version = version
	w.Resize(fyne.NewSize(1280, 800))
	// Loading reports back to the window through fyne.Do, so start once
	// the event loop runs.
	a.Lifecycle().SetOnStarted(func() {
		m.library.openLibrary(libraryDir)
		m.openPaths(paths)
	})
	a.Lifecycle().SetOnStopped(m.library.close)
	w.ShowAndRun()
}

// mainWindow holds the state of the window and every widget a test needs to
// reach. All fields are used on the UI goroutine only; loading, drawing and
// exporting report back through the bridge.
type mainWindow struct {
	app     fyne.App
	win     fyne.Window
	version string

	analysis *analysis.Analysis // owned by the running load while loading
	result   *analysis.Result   // what the window shows
	queue    []loadJob          // paths dropped while a load runs
	loading  bool
	cancel   context.CancelFunc
	gen      int // bumped by Clear so late news from an old load is ignored

	bridge *bridge

	frame    *fyne.Container // toolbar, the empty state or the tabs, status bar
	empty    *emptyState
	tabs     *container.AppTabs
	overview *overviewTab
	failures *failuresTab
	timeline *timelineTab
	sources  *sourcesTab
	reports  *reportsTab
	library  *libraryView
	charts   map[charts.ID]*chartView

	// The toolbar and the status bar only appear once there is something
	// to act on or report: the empty state has its own buttons.
	toolbar, statusBar                                   fyne.CanvasObject
	openFile, openFolder, exportCharts, exportCSV, clear *widget.Button
	status                                               *widget.Label
	progress                                             *widget.ProgressBar
	cancelLoad                                           *widget.Button
	progressBox                                          *fyne.Container
}

// newMainWindow builds the window content on w without showing it.
func newMainWindow(a fyne.App, w fyne.Window) *mainWindow {
	m := &mainWindow{app: a, win: w, bridge: newBridge(), analysis: analysis.New(), charts: make(map[charts.ID]*chartView)}
	m.result = m.analysis.Result()
	w.SetTitle(appTitle)
	w.SetIcon(assets.Icon)

	m.openFile = widget.NewButtonWithIcon("Open file…", theme.FileIcon(), m.showOpenFile)
	m.openFolder = widget.NewButtonWithIcon("Open folder…", theme.FolderOpenIcon(), m.showOpenFolder)
	m.exportCharts = widget.NewButtonWithIcon("Export charts…", theme.DocumentSaveIcon(), m.showExportCharts)
	m.exportCSV = widget.NewButtonWithIcon("Export CSV…", theme.FileTextIcon(), m.showExportCSV)
	m.clear = widget.NewButtonWithIcon("Clear", theme.ContentClearIcon(), m.clearAll)
	m.toolbar = container.NewVBox(container.NewHBox(m.openFile, m.openFolder, widget.NewSeparator(), m.exportCharts,
		m.exportCSV, layout.NewSpacer(), m.clear), widget.NewSeparator())

	m.status = widget.NewLabel("")
	m.status.Truncation = fyne.TextTruncateEllipsis
	m.progress = widget.NewProgressBar()
	m.cancelLoad = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), m.cancelLoading)
	m.progressBox = container.NewHBox(container.NewGridWrap(fyne.NewSize(300, m.cancelLoad.MinSize().Height), m.progress), m.cancelLoad)
	m.progressBox.Hide()
	m.statusBar = container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, m.progressBox, m.status))

	m.empty = newEmptyState(m)
	m.overview = newOverviewTab(m)
	m.failures = newFailuresTab(m)
	m.timeline = newTimelineTab(m)
	m.sources = newSourcesTab(m)
	m.reports = newReportsTab(m)
	m.library = newLibraryView(m)
	m.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Overview", theme.HomeIcon(), m.overview.content),
		container.NewTabItemWithIcon("Failures", theme.WarningIcon(), m.failures.content),
		container.NewTabItemWithIcon("Timeline", theme.CalendarIcon(), m.timeline.content),
		container.NewTabItemWithIcon("Sources", theme.StorageIcon(), m.sources.content),
		container.NewTabItemWithIcon("Reports", theme.ListIcon(), m.reports.content),
	)

	m.statusBar = container.NewVBox(m.statusBar, m.library.content)
	m.frame = container.NewBorder(m.toolbar, m.statusBar, nil, nil, container.NewStack(m.empty.content, m.tabs))
	w.SetContent(m.frame)
	w.SetMainMenu(m.mainMenu())
	m.addShortcuts()
	w.SetOnDropped(m.handleDrop)

	a.Settings().AddListener(func(fyne.Settings) { m.followTheme() })
	m.followTheme()
	m.applyResult(m.result)
	return m
}

// newChart makes the view of one chart and registers it for new results,
// theme changes and export.
func (m *mainWindow) newChart(id charts.ID) *chartView {
	c := newChartView(id, m.win, m.bridge, func() { m.showExportChart(id) })
	m.charts[id] = c
	return c
}

func (m *mainWindow) followTheme() {
	dark := m.app.Settings().ThemeVariant() == theme.VariantDark
	for _, c := range m.charts {
		c.setDark(dark)
	}
}

// applyResult shows a snapshot in every tab.
func (m *mainWindow) applyResult(res *analysis.Result) {
	m.result = res
	m.overview.update(res)
	m.failures.update(res)
	m.timeline.update(res)
	m.sources.update(res)
	m.reports.update(res)
	for _, c := range m.charts {
		c.setResult(res)
	}
	m.refreshState()
}

// refreshState shows the empty state or the tabs and enables what makes
// sense for what is loaded.
func (m *mainWindow) refreshState() {
	active := m.result.Files > 0 || m.loading
	changed := setVisible(m.tabs, active)
	changed = setVisible(m.toolbar, active) || changed
	changed = setVisible(m.empty.content, !active) || changed
	changed = setVisible(m.statusBar, active || m.status.Text != "" || m.library.content.Visible()) || changed
	changed = setVisible(m.progressBox, m.loading) || changed
	if changed {
		m.frame.Refresh() // showing an object does not lay out its container
	}
	for _, b := range []*widget.Button{m.exportCharts, m.exportCSV} {
		setEnabled(b, m.result.Reports > 0)
	}
	setEnabled(m.clear, active)
}

func (m *mainWindow) setStatus(text string) {
	m.status.SetText(text)
	m.refreshState()
}

func (m *mainWindow) showError(err error) { dialog.ShowError(err, m.win) }

func (m *mainWindow) mainMenu() *fyne.MainMenu {
	item := func(label string, icon fyne.Resource, s fyne.Shortcut, action func()) *fyne.MenuItem {
		i := fyne.NewMenuItemWithIcon(label, icon, action)
		i.Shortcut = s
		return i
	}
	// Every item has an icon so the labels line up.
	quit := item("Quit", theme.LogoutIcon(), shortcut(fyne.KeyQ, 0), m.app.Quit)
	quit.IsQuit = true
	file := fyne.NewMenu("File",
		item("Open file…", theme.FileIcon(), shortcut(fyne.KeyO, 0), m.showOpenFile),
		item("Open folder…", theme.FolderOpenIcon(), shortcut(fyne.KeyO, fyne.KeyModifierShift), m.showOpenFolder),
		item("Try a sample report", theme.MediaPlayIcon(), nil, m.loadSample),
		fyne.NewMenuItemSeparator(),
		item("Export all charts…", theme.DocumentSaveIcon(), shortcut(fyne.KeyE, 0), m.showExportCharts),
		item("Export CSV…", theme.FileTextIcon(), nil, m.showExportCSV),
		fyne.NewMenuItemSeparator(),
		item("Clear", theme.ContentClearIcon(), nil, m.clearAll),
		fyne.NewMenuItemSeparator(),
		item("Close window", theme.CancelIcon(), shortcut(fyne.KeyW, 0), m.win.Close),
		quit,
	)
	help := fyne.NewMenu("Help", fyne.NewMenuItem("About "+appTitle, m.showAbout))
	return fyne.NewMainMenu(file, help)
}

// addShortcuts binds the keys the menu shows: outside macOS, Fyne's menu
// bar only displays shortcuts.
func (m *mainWindow) addShortcuts() {
	for _, s := range []struct {
		key    fyne.KeyName
		mod    fyne.KeyModifier
		action func()
	}{
		{fyne.KeyO, 0, m.showOpenFile},
		{fyne.KeyO, fyne.KeyModifierShift, m.showOpenFolder},
		{fyne.KeyE, 0, m.showExportCharts},
		{fyne.KeyW, 0, m.win.Close},
		{fyne.KeyQ, 0, m.app.Quit},
	} {
		action := s.action
		m.win.Canvas().AddShortcut(shortcut(s.key, s.mod), func(fyne.Shortcut) { action() })
	}
}

func shortcut(key fyne.KeyName, extra fyne.KeyModifier) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault | extra}
}

func (m *mainWindow) showAbout() {
	version := m.version
	if version == "" {
		version = "development build"
	}
	dialog.ShowInformation("About "+appTitle, appTitle+" "+version+"\n\n"+
		"Reads SMTP TLS Reporting (RFC 8460) reports on this computer\n"+
		"and shows where mail to your domains failed to use TLS.\n"+
		"Nothing is uploaded and no link in a report is ever opened.", m.win)
}

// setVisible shows or hides o and reports whether that changed anything.
func setVisible(o fyne.CanvasObject, on bool) bool {
	if o.Visible() == on {
		return false
	}
	if on {
		o.Show()
	} else {
		o.Hide()
	}
	return true
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}
