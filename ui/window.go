// Package ui is the desktop window of tlsrpt-analyzer: it loads reports in
// the background, shows the analysis in tabs and exports charts and tables.
package ui

import (
	"io"
	"os"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/assets"
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
	m.outcomes = os.Stderr
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

// mainWindow wires the parts of the window together: the actions, the
// loader, the tabs and the charts each own their state and widgets. All
// fields are used on the UI goroutine only; loading, drawing and exporting
// report back through the bridge.
type mainWindow struct {
	app      fyne.App
	win      fyne.Window
	version  string
	outcomes io.Writer // where tell writes what became of a load or a drop

	bridge  *bridge
	loads   *loader
	result  *analysis.Result // what the window shows
	actions *windowActions
	charts  *chartSet

	frame *fyne.Container // toolbar, the empty state or the tabs, status bar
	// The toolbar and the status bar only appear once there is something
	// to act on or report: the empty state has its own buttons.
	toolbar fyne.CanvasObject
	status  *statusBar
	empty   *emptyState
	tabs    *container.AppTabs
	// Every tab shows the result it is given.
	overview *overviewTab
	failures *failuresTab
	timeline *timelineTab
	sources  *sourcesTab
	reports  *reportsTab
	library  *libraryView
	bottom   *fyne.Container // the status bar and the library's bar
}

// newMainWindow builds the window content on w without showing it.
func newMainWindow(a fyne.App, w fyne.Window) *mainWindow {
	m := &mainWindow{app: a, win: w, bridge: newBridge()}
	m.loads = newLoader(m.bridge, loadHooks{
		started: func() {
			m.status.startProgress()
			m.setStatus("Loading…")
		},
		progress: func(p analysis.Progress) { m.status.showProgress(p) },
		partial:  m.applyResult,
		done: func(res *analysis.Result, cancelled bool) {
			m.applyResult(res)
			m.tell(m.loads.describe(res, cancelled))
		},
	})
	m.result = m.loads.analysis.Result(analysis.Filter{})
	m.charts = newChartSet(w, m.bridge, m.showExportChart)
	m.actions = newWindowActions(m)
	w.SetTitle(appTitle)
	w.SetIcon(assets.Icon)

	m.toolbar = m.actions.toolbar()
	m.status = newStatusBar(m.loads.cancelAll)
	m.empty = newEmptyState(m.actions)
	m.overview = newOverviewTab(m.charts.add)
	m.failures = newFailuresTab(m.charts.add)
	m.timeline = newTimelineTab(m.charts.add)
	m.sources = newSourcesTab(m.charts.add)
	m.reports = newReportsTab()
	m.library = newLibraryView(m)
	m.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Overview", theme.HomeIcon(), m.overview.content),
		container.NewTabItemWithIcon("Failures", theme.WarningIcon(), m.failures.content),
		container.NewTabItemWithIcon("Timeline", theme.CalendarIcon(), m.timeline.content),
		container.NewTabItemWithIcon("Sources", theme.StorageIcon(), m.sources.content),
		container.NewTabItemWithIcon("Reports", theme.ListIcon(), m.reports.content),
	)

	m.bottom = container.NewVBox(m.status.content, m.library.content)
	m.frame = container.NewBorder(m.toolbar, m.bottom, nil, nil, container.NewStack(m.empty.content, m.tabs))
	w.SetContent(m.frame)
	menu := m.actions.mainMenu()
	menu.Items = slices.Insert(menu.Items, 1, m.library.menu()) // between File and Help
	w.SetMainMenu(menu)
	m.actions.bindShortcuts(w.Canvas())
	w.SetOnDropped(m.handleDrop)

	a.Settings().AddListener(func(fyne.Settings) { m.followTheme() })
	m.followTheme()
	m.applyResult(m.result)
	return m
}

func (m *mainWindow) followTheme() {
	m.charts.setDark(m.app.Settings().ThemeVariant() == theme.VariantDark)
}

// applyResult shows a snapshot in every tab.
func (m *mainWindow) applyResult(res *analysis.Result) {
	m.result = res
	m.overview.update(res)
	m.failures.update(res)
	m.timeline.update(res)
	m.sources.update(res)
	m.reports.update(res)
	m.charts.setResult(res)
	m.refreshState()
}

// refreshState shows the empty state or the tabs and enables what makes
// sense for what is loaded.
func (m *mainWindow) refreshState() {
	active := m.result.Files > 0 || m.loads.running
	changed := setVisible(m.tabs, active)
	changed = setVisible(m.toolbar, active) || changed
	changed = setVisible(m.empty.content, !active) || changed
	changed = setVisible(m.status.content, active || m.status.text.Text != "") || changed
	changed = setVisible(m.status.progressBox, m.loads.running) || changed
	changed = setVisible(m.bottom, m.status.content.Visible() || m.library.content.Visible()) || changed
	if changed {
		m.frame.Refresh() // showing an object does not lay out its container
	}
	m.actions.exportCharts.setEnabled(m.result.Reports > 0)
	m.actions.exportCSV.setEnabled(m.result.Reports > 0)
	m.actions.clear.setEnabled(active)
}

func (m *mainWindow) setStatus(text string) {
	m.status.text.SetText(text)
	m.refreshState()
}

// enqueue loads a job once the ones before it are read.
func (m *mainWindow) enqueue(job loadJob) { m.loads.enqueue(job) }

// clearAll starts over with nothing loaded.
func (m *mainWindow) clearAll() {
	m.loads.reset()
	m.applyResult(m.loads.analysis.Result(analysis.Filter{}))
	m.setStatus("")
}

func (m *mainWindow) showError(err error) { dialog.ShowError(err, m.win) }

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
