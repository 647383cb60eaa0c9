package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// prefKeep remembers whether opened reports are kept in the library.
const prefKeep = "keepOpenedReports"

// libraryView is the library's part of the window: the bar at the bottom
// (where the library is, how big, whether opened reports are kept, the
// watched folders, removing and forgetting) and the news banner. Its
// widgets are used on the UI goroutine only; lib is also read on the load
// goroutine, by readLibrary and readPaths (the load jobs).
type libraryView struct {
	bridge  *bridge
	win     fyne.Window // its dialogs' parent
	hooks   libraryHooks
	lib     *library.Library // nil when none could be opened
	mutes   library.Mutes    // the findings the library mutes
	watcher *library.Watcher
	mail    mailState
	// arrivals follows what other processes add to the library.
	arrivals arrivals
	// mailOpt logs in to the mailboxes named on the command line.
	mailOpt mailbox.Options

	content fyne.CanvasObject
	keep    *widget.Check
	info    *cutLabel
	// The library's commands, in the bar and in the Library menu.
	watch, remove, forget, show action
	news                        *banner              // what is new since the user last looked
	selected                    *analysis.ReportInfo // in the Reports tab
	stats                       library.Stats
	watchErr                    string // what watchFailed said last
}

// libraryHooks are the calls the library's part makes into the window,
// all on the UI goroutine.
type libraryHooks struct {
	shown        func() // the library bar appeared: show it with the rest of the window's state
	relayout     func() // the news banner appeared or went
	setStatus    func(string)
	tell         func(string) // says what became of a job: status bar and stderr
	showError    func(error)
	enqueue      func(loadJob)
	clearAll     func()
	chooseFolder func(title, confirm, pref string, then func(dir string))
	chooseFile   func(title, confirm, pref string, then func(path string))
	// reportsShown tells whether the Reports tab, whose selection Remove
	// removes, is shown; holdsReports whether the library holds reports,
	// for the empty state to offer them back.
	reportsShown func() bool
	holdsReports func(bool)
	opened       func() // a library is open: its mutes can be read and kept
}

func newLibraryView(b *bridge, win fyne.Window, prefs fyne.Preferences, hooks libraryHooks) *libraryView {
	v := &libraryView{bridge: b, win: win, hooks: hooks, info: newCutLabel()}
	v.info.setLine("No library")
	v.keep = widget.NewCheck("Keep opened reports in the library", nil)
	v.keep.SetChecked(prefs.BoolWithFallback(prefKeep, true))
	// Set after the first SetChecked: writing the preferences while Fyne
	// still loads them makes it log a load error.
	v.keep.OnChanged = func(on bool) { prefs.SetBool(prefKeep, on) }
	v.watch = action{label: "Watched sources…", icon: theme.VisibilityIcon(), run: v.showWatches}
	v.remove = action{label: "Remove selected report", icon: theme.DeleteIcon(), run: v.removeSelected}
	v.forget = action{label: "Forget all…", icon: theme.ContentClearIcon(), run: v.confirmForget}
	v.show = action{label: "Show the library", icon: theme.StorageIcon(), run: v.showAll}
	// One line until clicked, as the other banners: listing every domain
	// failing for the first time, it took 7 lines of 300 domains' front page.
	v.news = newBanner(theme.ColorNamePrimary, theme.InfoIcon(), "")
	v.news.end = widget.NewButtonWithIcon("Seen", theme.ConfirmIcon(), v.markSeen)
	v.news.Hide()
	v.content = container.NewVBox(
		v.news,
		widget.NewSeparator(),
		container.NewBorder(nil, nil, v.keep, container.NewHBox(v.watch.button(), v.remove.button(), v.forget.button()), v.info),
	)
	v.content.Hide() // until there is a library, or a reason why not
	v.refreshButtons()
	return v
}

// selectReport is the Reports tab's selection: what "Remove selected
// report" removes.
func (v *libraryView) selectReport(r *analysis.ReportInfo) {
	v.selected = r
	v.refreshButtons()
}

// menu is the main menu's Library menu: the bar's commands.
func (v *libraryView) menu() *fyne.Menu {
	return fyne.NewMenu("Library", v.show.menuItem(), v.watch.menuItem(), v.remove.menuItem(), fyne.NewMenuItemSeparator(), v.forget.menuItem())
}

// openLibrary opens the library in dir (the default one when empty), reads
// it into the window and starts watching its folders. A library that
// cannot be opened is said so; the window then works without one.
func (v *libraryView) openLibrary(dir string) {
	if dir == "" {
		d, err := library.DefaultDir()
		if err != nil {
			v.failed(err)
			return
		}
		dir = d
	}
	lib, err := library.Open(dir)
	if err != nil {
		v.failed(err)
		return
	}
	v.use(lib)
}

func (v *libraryView) failed(err error) {
	v.content.Show()
	v.hooks.shown()
	v.info.setLine("No library: " + err.Error())
	v.hooks.showError(fmt.Errorf("the report library cannot be used, so nothing will be kept: %w", err))
	v.refreshButtons()
}

// use reads lib into the window and watches its folders.
func (v *libraryView) use(lib *library.Library) {
	v.lib = lib
	v.loadMutes()
	v.hooks.opened()
	v.content.Show()
	v.hooks.shown()
	v.info.setLine("Library " + lib.Dir() + ": reading…")
	v.refreshButtons()
	v.hooks.enqueue(v.readJob(""))
	w, err := library.NewWatcher(lib, v.watchedFilesReady, v.watchedFolderGone, v.watchCheckFailed)
	if err != nil {
		v.hooks.setStatus("Watched folders cannot be watched: " + err.Error())
		return
	}
	v.watcher = w
	watches, err := lib.Watches()
	if err != nil {
		v.hooks.showError(err)
	}
	v.startMail(lib)
	v.watchArrivals(lib)
	for _, p := range watches {
		if v.watchMailbox(p) {
			continue
		}
		v.bridge.spawn(func() {
			if err := w.Add(p); err != nil {
				v.bridge.do(func() { v.hooks.setStatus("Watched folder " + p + " is not there: " + err.Error()) })
			}
		})
	}
}

// close stops watching and closes the library; the window is going away.
func (v *libraryView) close() {
	v.stopArrivals()
	v.closeMail()
	if v.watcher != nil {
		v.watcher.Close()
	}
	if v.lib != nil {
		v.lib.Close()
	}
}

// readJob is the load job that shows the library; done, it says done, or
// what reading the library gave.
func (v *libraryView) readJob(done string) loadJob {
	return loadJob{read: v.readLibrary, outcome: func(res *analysis.Result, cancelled bool) string {
		if done != "" && !cancelled {
			return done
		}
		return v.outcome(res, cancelled)
	}}
}

// outcome says what reading the library gave: reports, as the library
// keeps no files.
func (v *libraryView) outcome(res *analysis.Result, cancelled bool) string {
	var s string
	switch {
	case res.Reports > 0 || len(res.Errors) > 0:
		s = "Library read: " + textfmt.Counted(res.Reports, "report", "reports") + problemsNote(len(res.Errors), len(res.Warnings))
	case v.keeping():
		s = "The library is empty: what you open is kept in it."
	default:
		s = "The library is empty."
	}
	if cancelled {
		s = "Reading the library cancelled. " + s
	}
	return s
}

// readLibrary reads the library into a.
func (v *libraryView) readLibrary(ctx context.Context, a *analysis.Analysis, onProgress func(source.Progress)) error {
	through, err := v.lib.LoadThrough(ctx, a, onProgress)
	// A read of the whole library (at the start, after Clear or a removal)
	// is the ground the news of other processes is told against; a job for
	// them queued before it was dropped with the old analysis.
	v.arrivals.through.Store(through)
	v.arrivals.queued.Store(false)
	v.arrivals.ready.Store(true)
	v.afterChange()
	return err
}

// readPaths reads a job's paths, into the library too when the user keeps
// what they open. It runs on the load goroutine.
func (v *libraryView) readPaths(ctx context.Context, a *analysis.Analysis, paths []string, opt library.ImportOptions) error {
	_, err := v.lib.Import(ctx, a, paths, opt)
	v.afterChange()
	// Every failure to keep is said (a full disk, a read-only folder, a
	// damaged file): the window still shows what it read, and "Keep"
	// ticked must not suggest it was kept.
	if err != nil && !errors.Is(err, context.Canceled) {
		v.bridge.do(func() { v.hooks.showError(fmt.Errorf("what was opened is shown but was not all kept: %w", err)) })
	}
	return err
}

// keeping tells whether opened reports go into the library.
func (v *libraryView) keeping() bool { return v.lib != nil && v.keep.Checked }

// watchedFilesReady imports what a watched folder received; it runs on the
// watcher's goroutine.
func (v *libraryView) watchedFilesReady(paths []string, tentative bool) {
	v.bridge.do(func() {
		v.hooks.enqueue(loadJob{paths: paths, unasked: true, read: func(ctx context.Context, a *analysis.Analysis, onProgress func(source.Progress)) error {
			s, err := v.lib.Import(ctx, a, paths, library.ImportOptions{Tentative: tentative, Remember: true, Unattended: true, OnProgress: onProgress})
			v.watcher.Retry(s.Retry)
			v.afterChange()
			v.bridge.do(func() { v.watchFailed(err) })
			return err
		}})
	})
}

// watchFailed says why a watched folder's import could not keep what it
// read, once for as long as the reason stays the same: a full disk fails
// every import after it, and a dialog for each would pile up.
func (v *libraryView) watchFailed(err error) {
	if err == nil || errors.Is(err, context.Canceled) {
		v.watchErr = ""
		return
	}
	if err.Error() != v.watchErr {
		v.watchErr = err.Error()
		v.hooks.showError(fmt.Errorf("reports from watched folders are shown but were not all kept: %w", err))
	}
}

func (v *libraryView) watchedFolderGone(root string) {
	v.bridge.do(func() {
		v.hooks.setStatus("Watched folder " + root + " is gone; its reports stay in the library. It is watched again if it comes back.")
	})
}

// watchCheckFailed says what a Check now of the watched folders could not
// do; it runs on the watcher's goroutine.
func (v *libraryView) watchCheckFailed(err error) {
	v.bridge.do(func() { v.hooks.setStatus("Check now: " + err.Error()) })
}

// afterChange reads the library's size and news again, off the UI
// goroutine, and shows them.
func (v *libraryView) afterChange() {
	s, err := v.lib.Stats()
	n, errNews := v.lib.News()
	boxes := v.mailboxesOf(s.Watches)
	v.bridge.do(func() {
		v.mail.kept = boxes
		if err != nil {
			v.info.setLine("Library " + v.lib.Dir() + ": " + err.Error())
			return
		}
		v.stats = s
		v.info.setLine(libraryInfo(v.lib.Dir(), s))
		if errNews == nil {
			v.showNews(n)
		}
		v.refreshButtons()
	})
}

// libraryInfo is the bar's line: where the library is and how big.
func libraryInfo(dir string, s library.Stats) string {
	if home, err := os.UserHomeDir(); err == nil && strings.HasPrefix(dir, home+string(filepath.Separator)) {
		dir = "~" + dir[len(home):] // the bar is narrow; the full path is in the forget dialog
	}
	text := fmt.Sprintf("Library %s: %s, %s", dir, textfmt.Counted(s.Reports, "report", "reports"), textfmt.Bytes(s.DiskBytes))
	if n := len(s.Watches); n > 0 {
		text += ", watching " + textfmt.Counted(n, "source", "sources")
	}
	return text
}

func (v *libraryView) showNews(n library.News) {
	if n.Reports == 0 {
		v.news.Hide()
		v.hooks.relayout()
		return
	}
	v.news.setText(newsWords(n))
	v.news.Show()
	v.hooks.relayout()
}

func (v *libraryView) markSeen() {
	lib := v.lib
	v.news.Hide()
	v.hooks.relayout()
	v.bridge.spawn(func() {
		if err := lib.MarkSeen(); err != nil {
			v.bridge.do(func() { v.hooks.showError(err) })
		}
	})
}

func (v *libraryView) refreshButtons() {
	on := v.lib != nil
	v.watch.setEnabled(on)
	v.forget.setEnabled(on && v.stats.Reports > 0)
	v.remove.setEnabled(v.removable() != nil)
	v.show.setEnabled(on)
	if v.hooks.holdsReports != nil {
		v.hooks.holdsReports(on && v.stats.Reports > 0)
	}
	if on {
		v.keep.Enable()
	} else {
		v.keep.Disable()
	}
}

// reload shows the library afresh after reports left it.
func (v *libraryView) reload(status string) {
	v.selected = nil
	v.hooks.clearAll()
	v.hooks.enqueue(v.readJob(status))
}

// showAll shows what the library holds, and only that: after Clear, the
// way back to the reports without a restart.
func (v *libraryView) showAll() {
	if v.lib == nil {
		return
	}
	v.reload("")
}

// removable is the report Remove acts on: the one selected in the Reports
// tab, while that tab shows it.
func (v *libraryView) removable() *analysis.ReportInfo {
	if v.lib == nil || v.hooks.reportsShown == nil || !v.hooks.reportsShown() {
		return nil
	}
	return v.selected
}

// removeSelected asks whether to remove the selected report, naming it.
func (v *libraryView) removeSelected() {
	r := v.removable()
	if r == nil {
		v.hooks.setStatus("Select the report to remove in the Reports tab.")
		return
	}
	msg := fmt.Sprintf("Remove this report from the library?\n\n%s\n\nThe file it was read from is not touched.",
		shown(textfmt.Line(fmt.Sprintf("%s, report %s, %s", textfmt.Field(r.OrganizationName), textfmt.Field(r.ReportID), textfmt.Span(r.Start, r.End))), false))
	confirmDestructive(v.win, "Remove report", widget.NewLabel(msg), "Remove", func() { v.remove1(r) })
}

// remove1 removes r from the library and then from the window's reports,
// in place: the library is not read again and the tab stays.
func (v *libraryView) remove1(r *analysis.ReportInfo) {
	lib := v.lib
	k := library.Key{Organization: r.OrganizationName, ReportID: r.ReportID, Source: r.Source}
	var n int
	v.hooks.enqueue(loadJob{
		doing: "Removing report " + shown(textfmt.Line(r.ReportID), false) + "…",
		read: func(_ context.Context, a *analysis.Analysis, _ func(source.Progress)) error {
			var err error
			n, err = lib.Remove([]library.Key{k})
			if n > 0 {
				a.Remove(r.OrganizationName, r.ReportID, r.Source)
				v.afterChange()
			}
			if err != nil {
				v.bridge.do(func() { v.hooks.showError(err) })
			}
			return err
		},
		outcome: func(*analysis.Result, bool) string {
			if n == 0 {
				return "That report is not in the library (it was opened without keeping it)."
			}
			return "Removed report " + shown(textfmt.Line(r.ReportID), false) + " from the library."
		},
	})
}

func (v *libraryView) confirmForget() {
	if v.lib == nil {
		return
	}
	msg := fmt.Sprintf("Forget all %s in the library?\n\n%s\n\nThe originals are deleted from the library and the watched folders\nare no longer watched. The files they came from are not touched.",
		textfmt.Counted(v.stats.Reports, "report", "reports"), v.lib.Dir())
	confirmDestructive(v.win, "Forget the library", widget.NewLabel(msg), "Forget all", v.forgetAll)
}

// forgetAll empties the library and the window.
func (v *libraryView) forgetAll() {
	v.bridge.spawn(func() {
		err := v.lib.Forget()
		v.bridge.do(func() {
			if err != nil {
				v.hooks.showError(err)
				return
			}
			for _, p := range v.stats.Watches {
				v.unwatch(p)
			}
			v.reload("The library is empty.")
		})
	})
}

// showWatches lists the watched folders and mailboxes with a way to add
// and remove them; a mailbox says when it was last read and what that
// found.
func (v *libraryView) showWatches() {
	if v.lib == nil {
		return
	}
	list := container.NewVBox()
	var d dialog.Dialog
	if len(v.stats.Watches) == 0 {
		list.Add(widget.NewLabel("No folder or mailbox is watched yet."))
	}
	for _, p := range v.stats.Watches {
		stop := widget.NewButtonWithIcon("Stop watching", theme.CancelIcon(), func() { v.confirmUnwatch(p, func() { d.Hide() }) })
		row := fyne.CanvasObject(widget.NewLabel(shown(p, false)))
		buttons := fyne.CanvasObject(stop)
		if m, ok := v.mail.kept[p]; ok {
			problem, refused := v.mail.problem(p)
			// Wrapped: a failure's words (the server's) would widen the
			// dialog past the window.
			check := widget.NewLabel("")
			check.Wrapping = fyne.TextWrapWord
			setText(check, mailboxCheck(m, problem, refused))
			row = container.NewVBox(row, check)
			if refused {
				buttons = container.NewVBox(stop, widget.NewButtonWithIcon("Log in again…", theme.LoginIcon(), func() {
					d.Hide()
					v.logInAgain(m)
				}))
			}
		}
		list.Add(container.NewBorder(nil, nil, nil, buttons, row))
	}
	// Both ask over Watched sources, so that their Cancel returns to it.
	add := widget.NewButtonWithIcon("Watch a folder…", theme.FolderOpenIcon(), func() {
		v.hooks.chooseFolder("Watch a folder", "Watch", prefLastFolder, func(dir string) {
			d.Hide()
			v.addWatch(dir)
		})
	})
	addMailbox := widget.NewButtonWithIcon("Add mailbox…", theme.MailComposeIcon(), func() {
		_, md := v.addMailboxDialog(func() { d.Hide() })
		present(v.win.Canvas(), md)
	})
	body := container.NewBorder(widget.NewLabel("New reports in these folders and mailboxes are kept in the library while the app runs,\n"+
		"and what arrived while it was closed is read when it starts."), container.NewHBox(layout.NewSpacer(), addMailbox, add), nil, nil,
		container.NewVScroll(list))
	d = dialog.NewCustom("Watched sources", "Close", body, v.win)
	d.Resize(fyne.NewSize(760, 420))
	present(v.win.Canvas(), d)
}

// addWatch watches dir from now on, and reads what is in it.
func (v *libraryView) addWatch(dir string) {
	lib, w := v.lib, v.watcher
	v.bridge.spawn(func() {
		path, err := lib.AddWatch(dir)
		if err == nil && w != nil {
			err = w.Add(path)
		}
		v.afterChange()
		v.bridge.do(func() {
			if err != nil {
				v.hooks.showError(err)
				return
			}
			v.hooks.setStatus("Watching " + path + ".")
		})
	})
}

func (v *libraryView) confirmUnwatch(path string, then func()) {
	drop := widget.NewCheck("Also remove the reports read from it", nil)
	body := container.NewVBox(widget.NewLabel(shown("Stop watching "+filepath.Clean(path)+"?", false)), drop)
	confirmDestructive(v.win, "Stop watching", body, "Stop watching", func() {
		then()
		v.unwatch(path)
		dropReports := drop.Checked
		v.bridge.spawn(func() {
			err := v.lib.RemoveWatch(path, dropReports)
			v.afterChange()
			v.bridge.do(func() {
				switch {
				case err != nil:
					v.hooks.showError(err)
				case dropReports:
					v.reload("No longer watching " + path + "; its reports were removed.")
				default:
					v.hooks.setStatus("No longer watching " + path + "; its reports stay in the library.")
				}
			})
		})
	})
}

// openJob reads paths the user opened, into the library too when they
// keep what they open.
func (v *libraryView) openJob(paths []string) loadJob {
	job := loadJob{paths: paths}
	if v.keeping() {
		job.read = func(ctx context.Context, a *analysis.Analysis, onProgress func(source.Progress)) error {
			return v.readPaths(ctx, a, paths, library.ImportOptions{OnProgress: onProgress})
		}
	}
	return job
}
