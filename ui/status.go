package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// statusBar is the line under the tabs: what happened last, and while a
// load runs, its progress and a Cancel button.
type statusBar struct {
	content     fyne.CanvasObject
	text        *widget.Label
	scope       *widget.Label // how much of what is loaded the window shows
	progress    *widget.ProgressBar
	cancel      *widget.Button
	progressBox *fyne.Container // the progress bar and Cancel, shown while loading
	// under is the filter text names ("Wrote 4 files … (filtered: …)"),
	// zero when it names none: the text goes when the window shows another
	// filter, as it would then speak of a filter no longer in effect.
	under analysis.Filter
}

// say shows text, the outcome of work on what filter f kept (zero: all
// that is loaded), and names f: the files it wrote hold only that.
func (s *statusBar) say(text string, f analysis.Filter) {
	s.under = f
	if !f.IsZero() {
		text += " (filtered: " + textfmt.Filter(f) + ")"
	}
	setText(s.text, text)
}

func newStatusBar(onCancel func()) *statusBar {
	s := &statusBar{text: widget.NewLabel(""), scope: widget.NewLabel(""), progress: widget.NewProgressBar()}
	s.scope.TextStyle.Bold = true
	s.text.Truncation = fyne.TextTruncateEllipsis
	s.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), onCancel)
	s.progressBox = container.NewHBox(container.NewGridWrap(fyne.NewSize(300, s.cancel.MinSize().Height), s.progress), s.cancel)
	s.progressBox.Hide()
	s.content = container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, container.NewHBox(s.scope, s.progressBox), s.text))
	return s
}

// startProgress shows a load that has not counted its files yet.
func (s *statusBar) startProgress() {
	s.progress.Max, s.progress.Value = 1, 0
	s.progress.TextFormatter = func() string { return "Reading files…" }
	s.progress.Refresh()
}

func (s *statusBar) showProgress(p source.Progress) {
	total := textfmt.Count(p.Found)
	if p.Walking {
		total += "+" // folders are still being searched
	}
	s.progress.Max = float64(max(p.Found, 1))
	s.progress.Value = float64(p.Done)
	s.progress.TextFormatter = func() string { return textfmt.Count(p.Done) + " / " + total + " files" }
	s.progress.Refresh()
}

// showScope says how many of the loaded reports a filtered result keeps.
func (s *statusBar) showScope(res *analysis.Result) {
	if !s.under.IsZero() && !s.under.Equal(res.Filter) {
		s.say("", analysis.Filter{})
	}
	switch {
	case res.Filter.IsZero():
		setText(s.scope, "")
	case !res.Filter.NarrowsReports() && !res.Filter.NarrowsFailures():
		setText(s.scope, "Filtered: findings only")
	case !res.Filter.NarrowsReports():
		setText(s.scope, "Filtered: failure details only")
	default:
		setText(s.scope, fmt.Sprintf("Filtered: %s of %s", textfmt.Count(res.Reports), textfmt.Counted(res.LoadedReports, "report", "reports")))
	}
}
