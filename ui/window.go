// Package ui is the desktop window of tlsrpt-analyzer: it loads reports in
// the background, shows the analysis in tabs and exports charts and tables.
package ui

import (
	"fmt"
	"io"
	"os"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/assets"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/gcpolicy"
)

const appTitle = "TLS-RPT Analyzer"

// Run shows the main window on a, opens the library in libraryDir (the
// default one when empty), loads paths (files or folders from the command
// line or a file manager's "Open with") and runs the app until the window
// is closed.
func Run(a fyne.App, version, libraryDir string, paths []string, mopt mailbox.Options) error {
	gcpolicy.Window()
	a.SetIcon(assets.Icon)
	w, err := newWindow(a)
	if err != nil {
		return err
	}
	m := newMainWindow(a, w, newBridge())
	m.version = version
	m.outcomes = os.Stderr
	w.Resize(fyne.NewSize(1280, 800))
	// Loading reports back to the window through fyne.Do, so start once
	// the event loop runs.
	m.library.mailOpt = mopt
	a.Lifecycle().SetOnStarted(func() {
		m.library.openLibrary(libraryDir)
		m.openPaths(paths)
	})
	a.Lifecycle().SetOnStopped(m.library.close)
	// Clicking a notification, or the window after one, brings the window
	// to the front: it then shows the finding told of.
	a.Lifecycle().SetOnEnteredForeground(m.showNotified)
	m.setUpTray(hasTray())
	w.ShowAndRun()
	return nil
}

// newWindow opens the window, or says why it cannot: when the display
// named in DISPLAY cannot be opened, GLFW's driver panics in NewWindow
// instead of returning an error.
func newWindow(a fyne.App) (w fyne.Window, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return a.NewWindow(appTitle), nil
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

	bridge    *bridge
	loads     *loader
	filtering *filtering       // the filter, Back, and the result for them
	result    *analysis.Result // what the window shows: the filtered result
	actions   *windowActions
	charts    *chartSet
	filters   *filterBar

	frame *fyne.Container // toolbar, the empty state or the tabs, status bar
	// The toolbar and the status bar only appear once there is something
	// to act on or report: the empty state has its own buttons.
	toolbar fyne.CanvasObject
	top     *fyne.Container // the toolbar and the filter bar
	status  *statusBar
	empty   *emptyState
	tabs    *container.AppTabs
	// Every tab shows the result it is given.
	domains  *domainsTab
	overview *overviewTab
	findings *findingsTab
	failures *failuresTab
	timeline *timelineTab
	sources  *sourcesTab
	reports  *reportsTab
	// items are the tabs by view, always in one order; updates shows a
	// result in a tab, and shown is the result each tab shows. Of the
	// other tabs than the headlines (Domains, Overview, Findings), only the selected one is
	// brought up to date at once, the rest when selected, so that a new
	// filter costs the UI goroutine little more than one tab's work.
	items   map[view]*container.TabItem
	updates map[*container.TabItem]func(*analysis.Result)
	shown   map[*container.TabItem]*analysis.Result
	// chosen tells whether a tab was selected for the reports loaded: at
	// the first load the window picks the tab, after it the user does.
	chosen  bool
	library *libraryView
	notes   *notifier
	tray    *tray           // nil without a system tray
	bottom  *fyne.Container // the status bar and the library's bar

	// fileDialog is the layer of the last file dialog shown, and fileAsk
	// what a path typed in its place (Ctrl+L) is for.
	fileDialog fyne.CanvasObject
	fileAsk    pathAsk
}

// newMainWindow builds the window content on w without showing it.
func newMainWindow(a fyne.App, w fyne.Window, b *bridge) *mainWindow {
	m := &mainWindow{app: a, win: w, bridge: b}
	m.notes = newNotifier(a, notifyHooks{})
	m.loads = newLoader(m.bridge, loadHooks{
		started: func(doing string) {
			m.status.startProgress()
			m.setStatus(doing)
		},
		progress: func(p source.Progress) { m.status.showProgress(p) },
		// Partial results follow the filter as the final ones do.
		partial: func(snap *analysis.Snapshot) { m.filtering.setPartial(snap) },
		library: func() bool { return m.library.lib != nil },
		done: func(snap *analysis.Snapshot, cancelled bool) {
			m.filtering.setSnapshot(snap)
			unasked := m.loads.unasked
			// Taken now: the next job, started before the result is shown,
			// brings its own outcome. A job with another behind it says
			// nothing: at a launch with paths, the library's read said
			// "0 files read: 0 reports" just before the paths' own line.
			outcome, last := m.loads.outcome, len(m.loads.queue) == 0
			m.filtering.then(func(res *analysis.Result) {
				m.observeFindings(snap, res, unasked)
				if last {
					m.tell(outcome(res, cancelled))
					gcpolicy.Settle()
				}
			})
		},
	})
	snap := m.loads.analysis.Snapshot()
	m.result = snap.Result(analysis.Filter{})
	m.filtering = newFiltering(m.bridge, snap, filteringHooks{
		names: func(domains, orgs []string) { m.filters.setNames(domains, orgs) },
		show:  m.applyResult,
		rows:  func() bool { return m.listsRows(m.tabs.Selected()) },
		at:    func() view { return m.viewOf(m.tabs.Selected()) },
	})
	m.charts = newChartSet(w, m.bridge, m.showExportChart, m.drillChart)
	m.actions = newWindowActions(actionHooks{
		openFile: m.showOpenFile, openFolder: m.showOpenFolder, typePath: m.typePath, sample: m.loadSample, export: m.showExport,
		clear: m.clearAll, back: m.back, clearFilters: m.clearFilters,
		closeWindow: m.requestClose, quit: a.Quit, about: m.showAbout,
	})
	w.SetTitle(appTitle)
	w.SetIcon(assets.Icon)

	m.toolbar = m.actions.toolbar()
	m.filters = newFilterBar(m.actions.back.button(), m.actions.clearFilters.button(), m.filtering.set, m.actions.runShortcut)
	m.status = newStatusBar(m.loads.cancelAll)
	m.empty = newEmptyState(m.actions)
	m.domains = newDomainsTab(m.drill)
	m.overview = newOverviewTab(m.charts.add, m.drill)
	m.findings = newFindingsTab(m.showFindingRows, m.triage)
	m.findings.rebadge = func() {
		m.findings.badge(m.tabs, m.result.AllFindings)
		m.domains.update(m.result) // its rows' worst findings and health leave the muted out
		m.overview.showBanners(m.result)
		if m.tray != nil {
			m.showCritical(m.tray.findings)
		}
	}
	m.failures = newFailuresTab(m.charts.add, m.drill)
	m.timeline = newTimelineTab(m.charts.add)
	m.sources = newSourcesTab(m.charts.add, m.drill)
	m.reports = newReportsTab(func(r *analysis.ReportInfo) { m.library.selectReport(r) })
	m.library = newLibraryView(m.bridge, w, a.Preferences(), libraryHooks{
		shown:        m.refreshState,
		relayout:     func() { m.frame.Refresh() },
		setStatus:    m.setStatus,
		tell:         m.tell,
		showError:    m.showError,
		enqueue:      m.enqueue,
		clearAll:     m.clearAll,
		chooseFolder: m.chooseFolder,
		chooseFile:   m.chooseFile,
		reportsShown: func() bool { return m.tabs != nil && m.tabs.Selected() == m.items[reportsView] },
		holdsReports: m.empty.showLibrary,
		opened: func() {
			m.findings.muted, m.findings.mute, m.findings.unmute = m.library.isMuted, m.library.muteFinding, m.library.unmuteFinding
			m.domains.muted, m.overview.muted = m.library.isMuted, m.library.isMuted
		},
	})
	m.empty.offerLibrary(m.library.show.button())
	m.items = map[view]*container.TabItem{
		domainsView:  container.NewTabItemWithIcon(domainsTitle, theme.HomeIcon(), m.domains.content),
		overviewView: container.NewTabItemWithIcon("Overview", theme.InfoIcon(), m.overview.content),
		findingsView: m.findings.item,
		failuresView: container.NewTabItemWithIcon("Failures", theme.WarningIcon(), m.failures.content),
		timelineView: container.NewTabItemWithIcon("Timeline", theme.CalendarIcon(), m.timeline.content),
		sourcesView:  container.NewTabItemWithIcon("Sources", theme.StorageIcon(), m.sources.content),
		reportsView:  container.NewTabItemWithIcon("Reports", theme.ListIcon(), m.reports.content),
	}
	for v, it := range m.items {
		if v == domainsView {
			continue // its table scrolls itself, and must keep its rows on screen
		}
		// A tab taller than the window scrolls rather than pushing the
		// status and library bars off a 1280x800 screen; at any larger
		// size the scroll fills the tab and never shows.
		it.Content = container.NewVScroll(it.Content)
	}
	m.tabs = container.NewAppTabs(m.items[domainsView], m.items[overviewView], m.items[findingsView], m.items[failuresView],
		m.items[timelineView], m.items[sourcesView], m.items[reportsView])
	m.updates = map[*container.TabItem]func(*analysis.Result){
		m.items[domainsView]:  m.domains.update,
		m.items[overviewView]: m.overview.update,
		m.items[findingsView]: m.findings.update,
		m.items[failuresView]: m.failures.update,
		m.items[timelineView]: m.timeline.update,
		m.items[sourcesView]:  m.sources.update,
		m.items[reportsView]:  m.reports.update,
	}
	m.shown = make(map[*container.TabItem]*analysis.Result)
	m.findings.onScreen = func() bool { return m.tabs.Selected() == m.findings.item }
	m.tabs.OnSelected = func(it *container.TabItem) {
		if it == m.findings.item {
			m.findings.reveal()
		}
		m.updateSelected()
		m.library.refreshButtons() // Remove acts on the Reports tab's selection
	}
	m.top = container.NewVBox(m.toolbar, m.filters.content)
	m.bottom = container.NewVBox(m.status.content, m.library.content)
	m.frame = container.NewBorder(m.top, m.bottom, nil, nil, container.NewStack(m.empty.content, m.tabs))
	m.filters.relayout = m.frame.Refresh
	w.SetContent(container.NewStack(m.frame, m.filters.lists, newTipLayer(b)))
	m.actions.addViews(m.tabs)
	menu := m.actions.mainMenu()
	lib := m.library.menu()
	lib.Items = append(lib.Items, fyne.NewMenuItemSeparator(), m.notes.menuItem(menu.Refresh), m.startAtLoginItem(menu.Refresh))
	menu.Items = slices.Insert(menu.Items, 1, lib) // between File and Help
	w.SetMainMenu(menu)
	m.actions.bindShortcuts(w.Canvas())
	windowKeys(w.Canvas())
	w.SetOnDropped(m.handleDrop)

	a.Settings().AddListener(func(fyne.Settings) { m.followTheme() })
	m.followTheme()
	m.filters.setNames(snap.Domains(), snap.Organizations())
	m.applyResult(m.result)
	return m
}

// triage lists only the findings of the severities and kinds chosen;
// Back returns.
func (m *mainWindow) triage(severities, kinds []string) {
	f := m.filtering.filter
	f.Severities, f.Kinds = severities, kinds
	m.filtering.set(f)
}

// showNotified shows the finding the last notification told of, once;
// under a filter that hides it, the Findings tab as it is.
func (m *mainWindow) showNotified() {
	if k := m.notes.take(); k != "" {
		m.tabs.Select(m.items[findingsView])
		m.findings.selectKey(k)
	}
}

func (m *mainWindow) followTheme() {
	m.charts.setDark(m.app.Settings().ThemeVariant() == theme.VariantDark)
}

// applyResult shows a filtered result in every tab, the filter bar and the
// status line.
func (m *mainWindow) applyResult(res *analysis.Result) {
	m.result = res
	m.filters.show(res.Filter)
	m.status.showScope(res)
	// The Domains, the Overview's cards and banners and the Findings tab
	// are the headlines, which the other tabs point to: always up to date.
	for _, v := range []view{domainsView, overviewView, findingsView} {
		m.updates[m.items[v]](res)
		m.shown[m.items[v]] = res
	}
	m.findings.badge(m.tabs, res.AllFindings)
	m.chooseTab(res)
	m.updateSelected()
	m.refreshState()
}

// chooseTab selects the tab a first load opens on: the Findings when one
// the user did not mute is critical, else the Domains. The tabs never
// move; later loads and filters leave the user's choice alone.
func (m *mainWindow) chooseTab(res *analysis.Result) {
	switch {
	case res.LoadedReports == 0:
		m.chosen = false
	case !m.chosen && !m.loads.running:
		m.chosen = true
		it := m.items[domainsView]
		if fs, _ := withoutMuted(res.AllFindings, m.findings.muted); len(fs) > 0 && fs[0].Severity == analysis.SeverityCritical {
			it = m.items[findingsView]
		}
		m.tabs.Select(it)
	}
}

// updateSelected brings the selected tab up to date.
func (m *mainWindow) updateSelected() {
	it := m.tabs.Selected()
	if it == nil || m.shown[it] == m.result || m.filtering.busy() {
		return // a result on its way updates the tab when shown
	}
	if m.listsRows(it) && !m.filtering.hasRows() {
		m.filtering.compute() // the tab is updated when its rows are shown
		return
	}
	m.updates[it](m.result)
	m.shown[it] = m.result
}

// viewOf is the view of tab it; -1 for none.
func (m *mainWindow) viewOf(it *container.TabItem) view {
	for v, i := range m.items {
		if i == it {
			return v
		}
	}
	return -1
}

// listsRows says whether tab it lists reports or failure details, which a
// result leaves out unless that tab is shown.
func (m *mainWindow) listsRows(it *container.TabItem) bool {
	return it != nil && (it == m.items[reportsView] || it == m.items[failuresView])
}

// refreshState shows the empty state or the tabs and enables what makes
// sense for what is loaded.
func (m *mainWindow) refreshState() {
	active := m.result.Files > 0 || m.loads.running
	changed := setVisible(m.tabs, active)
	changed = setVisible(m.top, active) || changed
	changed = setVisible(m.empty.content, !active) || changed
	changed = setVisible(m.status.content, active || m.status.text.Text != "") || changed
	changed = setVisible(m.status.progressBox, m.loads.running) || changed
	changed = setVisible(m.bottom, m.status.content.Visible() || m.library.content.Visible()) || changed
	if changed {
		// Showing an object does not lay out its container. Refresh would
		// also refresh every widget inside, reshaping the text of every tab
		// (a tenth of a second's CPU at each change, twice per load).
		m.frame.Layout.Layout(m.frame.Objects, m.frame.Size())
		canvas.Refresh(m.frame)
	}
	m.actions.exportCharts.setEnabled(m.result.Reports > 0)
	m.actions.exportCSV.setEnabled(m.result.Reports > 0)
	m.actions.clear.setEnabled(active)
	m.actions.back.setEnabled(len(m.filtering.history) > 0)
	m.actions.clearFilters.setEnabled(!m.result.Filter.IsZero())
}

func (m *mainWindow) setStatus(text string) { m.sayStatus(text, analysis.Filter{}) }

// sayStatus shows text, the outcome of work on what filter f kept
// (statusBar.say).
func (m *mainWindow) sayStatus(text string, f analysis.Filter) {
	m.status.say(text, f)
	m.refreshState()
}

// enqueue loads a job once the ones before it are read.
func (m *mainWindow) enqueue(job loadJob) { m.loads.enqueue(job) }

// clearAll starts over with nothing loaded and no filter.
func (m *mainWindow) clearAll() {
	m.loads.reset()
	m.filtering.reset()
	m.filtering.setSnapshot(m.loads.analysis.Snapshot())
	m.setStatus("")
}

// back returns to the filter before the last change.
func (m *mainWindow) back() { m.filtering.back(func(v view) { m.tabs.Select(m.items[v]) }) }

// clearFilters shows everything loaded; Back returns to the filter.
func (m *mainWindow) clearFilters() { m.filtering.set(analysis.Filter{}) }

// view names a tab, for a drill down to show the one that answers the next
// question.
type view int

const (
	domainsView view = iota
	overviewView
	findingsView
	failuresView
	timelineView
	sourcesView
	reportsView
)

// drill narrows the filter by f (replacing what f sets) and shows view.
func (m *mainWindow) drill(f analysis.Filter, v view) {
	// Narrowed first: the tab then waits for the narrowed result, computed
	// once and with the rows if it lists them.
	m.filtering.narrow(f, m.listsRows(m.items[v]))
	m.tabs.Select(m.items[v])
}

// drillChart follows a bar chosen in a chart: a policy or a host to its
// failures, a result type to its rows, a reporter to its overview, a
// period of the timeline to that period.
func (m *mainWindow) drillChart(id charts.ID, f analysis.Filter) {
	next := map[charts.ID]view{
		charts.SessionsPerPolicy:      failuresView,
		charts.FailuresByResultType:   failuresView,
		charts.FailuresByMXHost:       failuresView,
		charts.FailuresBySendingIP:    failuresView,
		charts.SessionsByOrganization: overviewView,
		charts.SessionsOverTime:       timelineView,
	}
	m.drill(f, next[id])
}

func (m *mainWindow) showError(err error) { present(m.win.Canvas(), dialog.NewError(err, m.win)) }

func (m *mainWindow) showAbout() {
	version := m.version
	if version == "" {
		version = "development build"
	}
	present(m.win.Canvas(), dialog.NewInformation("About "+appTitle, appTitle+" "+version+"\n\n"+
		"Reads SMTP TLS Reporting (RFC 8460) reports on this computer\n"+
		"and shows where mail to your domains failed to use TLS.\n"+
		"Nothing is uploaded and no link in a report is ever opened.", m.win))
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
