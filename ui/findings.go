package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// findingsTitle names the tab; the overview banner points to it by name.
const findingsTitle = "Findings"

// findingsTab lists the findings, most urgent first as the analysis orders
// them, and shows the selected one whole: what, evidence, what to do, and a
// button that opens the failure rows behind it.
type findingsTab struct {
	content  fyne.CanvasObject
	item     *container.TabItem
	summary  *widget.Label
	list     *widget.List
	findings []analysis.Finding
	selected int
	// picked is set when the user chose the selected finding, selecting
	// while the tab selects one itself.
	picked, selecting bool
	// stale is set when the detail waits for the tab to be shown: a tab
	// not shown keeps the narrow size it was built with, where wrapping a
	// long finding made a row of every few characters and cost a load
	// 300 ms on the UI thread for a 100,000-character host name.
	stale bool
	// onScreen tells whether the tab is the one selected; a tab on its own
	// always is.
	onScreen func() bool

	title, evidence, advice *widget.Label
	heading                 *widget.Label
	showRows                *widget.Button
	detail                  *container.Scroll
}

// newFindingsTab builds the tab; showRows is called with the filter that
// narrows the analysis to a finding's failure rows.
func newFindingsTab(showRows func(analysis.Filter)) *findingsTab {
	t := &findingsTab{summary: widget.NewLabel(""), title: wrapped(), evidence: wrapped(), advice: wrapped(), heading: heading(""), selected: -1,
		onScreen: func() bool { return true }}
	t.title.TextStyle.Bold = true
	t.advice.Selectable = true
	t.list = widget.NewList(
		func() int { return len(t.findings) },
		func() fyne.CanvasObject {
			line, note := widget.NewLabel(""), widget.NewLabel("")
			line.Truncation, note.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
			note.SizeName = theme.SizeNameCaptionText
			lines := container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()), line, note)
			return container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, lines)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			f := &t.findings[id]
			c := o.(*fyne.Container)
			lines := c.Objects[0].(*fyne.Container).Objects
			setLabel(lines[0].(*widget.Label), findingLine(f), fyne.TextAlignLeading)
			setLabel(lines[1].(*widget.Label), findingNote(f), fyne.TextAlignLeading)
			c.Objects[1].(*widget.Icon).SetResource(severityIcon(f.Severity))
		})
	t.list.OnSelected = func(id widget.ListItemID) {
		t.show(id)
		if !t.selecting {
			t.picked = true
		}
	}
	t.showRows = widget.NewButtonWithIcon("Show the failure rows", theme.SearchIcon(), func() {
		if t.selected >= 0 && t.selected < len(t.findings) {
			showRows(t.findings[t.selected].Rows)
		}
	})
	advice := container.NewBorder(heading("What to do"), nil, nil, nil, t.advice)
	t.detail = container.NewVScroll(container.NewVBox(t.heading, t.title, t.evidence, advice, container.NewHBox(t.showRows)))
	split := container.NewHSplit(container.NewBorder(t.summary, nil, nil, nil, t.list), t.detail)
	split.SetOffset(0.5)
	t.content = split
	t.item = container.NewTabItemWithIcon(findingsTitle, theme.WarningIcon(), t.content)
	return t
}

func (t *findingsTab) update(res *analysis.Result) {
	// Keep the finding the user picked while partial results arrive; one
	// selected for them follows the most urgent.
	keep := -1
	if t.picked && t.selected >= 0 && t.selected < len(t.findings) {
		was := &t.findings[t.selected]
		keep = slices.IndexFunc(res.Findings, func(f analysis.Finding) bool {
			return f.Kind == was.Kind && f.PolicyType == was.PolicyType && f.PolicyDomain == was.PolicyDomain && f.Subject == was.Subject
		})
	}
	t.findings = res.Findings
	if len(t.findings) == 0 {
		setText(t.summary, "No findings: nothing in these reports needs attention.")
	} else {
		setText(t.summary, textfmt.Counted(len(t.findings), "finding", "findings")+" as of "+res.AsOf.Format(analysis.DayFormat)+": "+
			analysis.SeverityCounts(t.findings)+", most urgent first")
	}
	t.picked = keep >= 0
	t.selecting = true
	defer func() { t.selecting = false }()
	t.list.Refresh()
	switch {
	case keep >= 0:
		t.reselect(keep)
	case len(t.findings) > 0:
		t.reselect(0)
		// Selecting scrolls the row into view, which a list not laid out
		// yet (a hidden tab) does by scrolling past it.
		t.list.ScrollToTop()
	default:
		t.list.UnselectAll()
		t.show(-1)
	}
}

// selectKey selects the finding whose Key is k, if listed, as if the user
// had picked it.
func (t *findingsTab) selectKey(k string) {
	if i := slices.IndexFunc(t.findings, func(f analysis.Finding) bool { return f.Key() == k }); i >= 0 {
		t.list.Select(i)
		t.list.ScrollTo(i)
		t.picked = true
	}
}

// reselect selects finding i of new findings: the list calls back only for
// a row that was not selected already, and each call refreshes its rows.
func (t *findingsTab) reselect(i int) {
	if t.selected == i {
		t.show(i)
		return
	}
	t.list.Select(i)
}

// show fills the detail side with finding i, or empties it.
func (t *findingsTab) show(i int) {
	t.selected = i
	none := i < 0 || i >= len(t.findings)
	if none {
		t.showRows.Disable()
	} else {
		t.showRows.Enable()
	}
	t.stale = !t.onScreen()
	if t.stale {
		return
	}
	if none {
		setText(t.heading, "")
		setText(t.title, "")
		setText(t.evidence, "")
		setText(t.advice, "")
		return
	}
	f := &t.findings[i]
	setText(t.heading, findingLine(f))
	setText(t.title, line(f.Title))
	setText(t.evidence, safeLines(evidence(f)))
	setText(t.advice, line(f.Advice))
	// A wrapped label's height follows its new text only once the box
	// holding it is laid out again; without this a longer title overlaps
	// the evidence below it.
	t.detail.Content.Refresh()
	t.detail.Refresh()
}

// reveal fills the detail the tab left stale while it was not shown.
func (t *findingsTab) reveal() {
	if t.stale {
		t.show(t.selected)
	}
}

// findingLine is a finding's one-line label: severity, kind, policy, subject.
func findingLine(f *analysis.Finding) string {
	parts := []string{strings.ToUpper(string(f.Severity)), string(f.Kind), textfmt.Policy(f.PolicyType, f.PolicyDomain)}
	if f.Subject != "" {
		parts = append(parts, f.Subject)
	}
	return line(strings.Join(parts, " · "))
}

// findingNote sums a finding up under its line: sessions, days, reporters.
func findingNote(f *analysis.Finding) string {
	days := f.FirstSeen
	if f.LastSeen != f.FirstSeen {
		days += " – " + f.LastSeen
	}
	return textfmt.Counted(f.FailedSessions, "failed session", "failed sessions") + " · " + days + " · " +
		textfmt.Counted(len(f.Reporters), "reporter", "reporters")
}

// evidence lists the numbers, days and reporters behind a finding.
func evidence(f *analysis.Finding) []string {
	days := "Seen on " + f.FirstSeen
	if f.LastSeen != f.FirstSeen {
		days = "Seen from " + f.FirstSeen + " to " + f.LastSeen
	}
	return []string{
		days + " (UTC days the reports start on)",
		textfmt.Counted(f.FailedSessions, "failed session", "failed sessions") + " in " + textfmt.Counted(f.Reports, "report", "reports"),
		"Reported by " + strings.Join(f.Reporters, ", "),
	}
}

func severityIcon(s analysis.Severity) fyne.Resource {
	switch s {
	case analysis.SeverityCritical:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case analysis.SeverityWarning:
		return theme.NewWarningThemedResource(theme.WarningIcon())
	}
	return theme.InfoIcon()
}

// urgent tells whether any finding is a warning or critical.
func urgent(fs []analysis.Finding) bool {
	return len(fs) > 0 && fs[0].Severity.Rank() <= analysis.SeverityWarning.Rank()
}

// badge shows on the tab how many findings are urgent, in words and by its
// icon, as the tab keeps its place: Alt+3 is always the Findings.
func (t *findingsTab) badge(tabs *container.AppTabs, findings []analysis.Finding) {
	text, icon := findingsTitle, theme.InfoIcon()
	if urgent(findings) {
		text = findingsTitle + " (" + analysis.SeverityCounts(urgentOnly(findings)) + ")"
		icon = severityIcon(findings[0].Severity)
	}
	if t.item.Text != text || t.item.Icon == nil || t.item.Icon.Name() != icon.Name() {
		t.item.Text, t.item.Icon = text, icon
		tabs.Refresh()
	}
}

// urgentOnly is the critical and warning findings, which come first.
func urgentOnly(fs []analysis.Finding) []analysis.Finding {
	n := 0
	for n < len(fs) && fs[n].Severity.Rank() <= analysis.SeverityWarning.Rank() {
		n++
	}
	return fs[:n]
}

// showFindingRows narrows the window to a finding's failure rows and
// shows them; Back returns.
func (m *mainWindow) showFindingRows(f analysis.Filter) { m.drill(f, failuresView) }
