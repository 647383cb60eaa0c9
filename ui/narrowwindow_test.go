package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// A window of 1000x650 (the trial's xdotool windowsize) holds the whole
// filter bar and the Domains table's columns, and the library bar's line,
// cut, is read whole on hover. The trial saw "Clear filte" cut by the
// window's edge and the last report and the strip off screen, behind a
// sideways scroll: the window could not be narrower than 1033 px.
func TestWindowAt1000x650(t *testing.T) {
	m, first := manyDomains(t, 300)
	act(m, func() {
		m.filtering.set(analysis.Filter{Organizations: testgen.Reporters, From: first})
		m.win.Resize(fyne.NewSize(1000, 650-menuBarHeight))
	})
	act(m, func() { m.win.Content().Refresh() })
	if w := m.win.Canvas().Content().MinSize().Width; w > 1000 {
		t.Errorf("the window needs %.0f px, more than 1000", w)
	}
	d := m.domains.table
	pad := d.Theme().Size(theme.SizeNamePadding)
	var sum float32
	for _, w := range d.widths {
		sum += w + pad
	}
	if room := d.Size().Width - d.Theme().Size(theme.SizeNameScrollBar); sum > room {
		t.Errorf("the Domains columns take %.0f px of the table's %.0f", sum, room)
	}
	if rows := rowsInView(d); len(rows) == 0 || len(rows[0]) != len(d.cols)-1 { // the strip has no text
		t.Errorf("the first row in view shows %q, want every column's text", rows)
	}
	bar, whole := m.library.info, libraryLine(m)
	if fyne.MeasureText(whole, theme.TextSize(), fyne.TextStyle{}).Width < bar.Size().Width {
		t.Fatalf("the library bar fits %q at 1000 px: nothing to show", whole)
	}
	if !hoverShows(t, m, bar, whole) {
		t.Errorf("hovering the library bar shows no tip with %q", whole)
	}
}
