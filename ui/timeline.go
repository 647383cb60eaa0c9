package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

type timelineTab struct {
	content fyne.CanvasObject
	chart   *chartView
	summary *widget.Label
}

func newTimelineTab(newChart chartFactory) *timelineTab {
	t := &timelineTab{chart: newChart(charts.SessionsOverTime), summary: widget.NewLabel("")}
	t.summary.Wrapping = fyne.TextWrapWord
	t.content = container.NewBorder(nil, t.summary, nil, nil, chartPanel(t.chart))
	return t
}

func (t *timelineTab) update(res *analysis.Result) {
	t.chart.setResult(res)
	if len(res.Days) == 0 {
		setText(t.summary, "")
		return
	}
	first, last := res.Span()
	when := "All reports start on " + textfmt.Day(first)
	if len(res.Days) > 1 {
		when = fmt.Sprintf("Reports start on %s different days (%s)", textfmt.Count(len(res.Days)), textfmt.Span(first, last))
	}
	setText(t.summary, when+". Each report counts on the UTC day it starts. Click a column to narrow to its period, Back to return.")
}
