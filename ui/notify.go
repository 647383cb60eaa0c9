package ui

import (
	"strings"

	"fyne.io/fyne/v2"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// prefNotify remembers whether new problems raise a desktop notification.
const prefNotify = "notifyNewProblems"

// notifyHooks reach the desktop; tests count what send is handed.
type notifyHooks struct {
	send func(*fyne.Notification)
}

// notifier raises a desktop notification when reports nobody asked for (a
// watched folder's) bring a warning or critical finding the window has not
// shown before. Every finding the window has shown is known by its Key, so
// none is told of twice, and what was there when the window opened is
// never news. Its methods run on the UI goroutine.
type notifier struct {
	prefs fyne.Preferences
	hooks notifyHooks
	known map[string]bool
	// told is the most urgent finding of the last notification, until the
	// user comes to the window, which then shows it selected.
	told string
}

func newNotifier(a fyne.App, hooks notifyHooks) *notifier {
	if hooks.send == nil {
		hooks.send = a.SendNotification
	}
	return &notifier{prefs: a.Preferences(), hooks: hooks, known: map[string]bool{}}
}

func (n *notifier) enabled() bool { return n.prefs.BoolWithFallback(prefNotify, true) }

// observe learns the findings of a finished load; unasked tells a watched
// folder's import from one the user started, whose findings the user is
// looking at already.
func (n *notifier) observe(findings []analysis.Finding, unasked bool) {
	var fresh []*analysis.Finding
	for i := range findings {
		f := &findings[i]
		k := f.Key()
		if n.known[k] {
			continue
		}
		n.known[k] = true
		if unasked && f.Severity != analysis.SeverityInfo {
			fresh = append(fresh, f)
		}
	}
	if len(fresh) > 0 && n.enabled() {
		n.hooks.send(problemsNotification(fresh))
		n.told = fresh[0].Key()
	}
}

// take returns the finding last told of, once: the window selects it when
// the user comes to it.
func (n *notifier) take() string {
	k := n.told
	n.told = ""
	return k
}

// observeFindings tells the notifier of every finding of snap: those res
// shows, or under a filter, which would hide news about the rest, all of
// them, computed off the UI goroutine.
func (m *mainWindow) observeFindings(snap *analysis.Snapshot, res *analysis.Result, unasked bool) {
	if res.Filter.IsZero() {
		m.notes.observe(res.Findings, unasked)
		m.showCritical(res.Findings)
		return
	}
	m.bridge.spawn(func() {
		all := snap.Findings(analysis.Filter{})
		m.bridge.do(func() {
			m.notes.observe(all, unasked)
			m.showCritical(all)
		})
	})
}

// problemsNotification is one notification for the problems that arrived
// together: a desktop shows a handful of lines, so several are named by
// their headlines only.
func problemsNotification(fs []*analysis.Finding) *fyne.Notification {
	if len(fs) == 1 {
		head, rest := headline(fs[0].Title)
		return fyne.NewNotification(head, strings.TrimSuffix(rest, "."))
	}
	heads := make([]string, len(fs))
	for i, f := range fs {
		heads[i], _ = headline(f.Title)
	}
	return fyne.NewNotification(textfmt.Counted(len(fs), "new problem", "new problems")+": "+heads[0], strings.Join(heads, "\n"))
}

// headline splits a finding's title at its first colon outside brackets:
// "Certificate expired on mx1.example (sts example)" and the numbers after
// it. The reasons inside the brackets carry colons of their own.
func headline(title string) (head, rest string) {
	depth := 0
	for i, r := range title {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ':':
			if depth == 0 {
				return title[:i], strings.TrimSpace(title[i+1:])
			}
		}
	}
	return title, ""
}

// menuItem turns the notifications on and off; the check mark shows which.
func (n *notifier) menuItem(refresh func()) *fyne.MenuItem {
	item := fyne.NewMenuItem("Notify of new problems", nil)
	item.Checked = n.enabled()
	item.Action = func() {
		n.prefs.SetBool(prefNotify, !n.enabled())
		item.Checked = n.enabled()
		refresh()
	}
	return item
}
