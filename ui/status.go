package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// statusBar is the line under the tabs: what happened last, and while a
// load runs, its progress and a Cancel button.
type statusBar struct {
	content     fyne.CanvasObject
	text        *widget.Label
	progress    *widget.ProgressBar
	cancel      *widget.Button
	progressBox *fyne.Container // the progress bar and Cancel, shown while loading
}

func newStatusBar(onCancel func()) *statusBar {
	s := &statusBar{text: widget.NewLabel(""), progress: widget.NewProgressBar()}
	s.text.Truncation = fyne.TextTruncateEllipsis
	s.cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), onCancel)
	s.progressBox = container.NewHBox(container.NewGridWrap(fyne.NewSize(300, s.cancel.MinSize().Height), s.progress), s.cancel)
	s.progressBox.Hide()
	s.content = container.NewVBox(widget.NewSeparator(), container.NewBorder(nil, nil, nil, s.progressBox, s.text))
	return s
}

// startProgress shows a load that has not counted its files yet.
func (s *statusBar) startProgress() {
	s.progress.Max, s.progress.Value = 1, 0
	s.progress.TextFormatter = func() string { return "Reading files…" }
	s.progress.Refresh()
}

func (s *statusBar) showProgress(p analysis.Progress) {
	total := textfmt.Count(p.Found)
	if p.Walking {
		total += "+" // folders are still being searched
	}
	s.progress.Max = float64(max(p.Found, 1))
	s.progress.Value = float64(p.Done)
	s.progress.TextFormatter = func() string { return textfmt.Count(p.Done) + " / " + total + " files" }
	s.progress.Refresh()
}
