package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// After Findings > Show the failure rows (four chips: domain, period,
// result type, MX host, and what's new below) at 1280x800, the rows the
// button promised are in view without resizing. The trial saw none, the
// table's header cut at the bottom, while it said "20 rows": the chips'
// row had kept room for a chip per line (~130 px empty under the note).
func TestShownFailureRowsAreInView(t *testing.T) {
	m, _ := manyDomains(t, 300)
	look(m, findingsView)
	ft := m.findings
	i := slices.IndexFunc(ft.findings, func(f analysis.Finding) bool {
		return len(f.Rows.MXHosts) == 1 && len(f.Rows.ResultTypes) == 1
	})
	if i < 0 {
		t.Fatal("no finding of one MX host and one result type")
	}
	act(m, func() { ft.pick(i) })
	act(m, func() { ft.showRows.OnTapped() })
	if got := chips(m); len(got) != 4 {
		t.Fatalf("chips %q, want domain, period, result type and MX host", got)
	}
	if m.tabs.Selected() != m.items[failuresView] || !m.library.news.Visible() {
		t.Fatalf("the test needs the Failures tab with what's new shown")
	}
	n := len(m.failures.table.rows)
	if n < 3 {
		t.Fatalf("%d failure rows, the test needs 3", n)
	}
	if rows := rowsInView(m.failures.table); len(rows) < 3 {
		t.Errorf("%d of the %d failure rows in view, want at least 3", len(rows), n)
	}
	d := fyne.CurrentApp().Driver()
	gap := d.AbsolutePositionForObject(m.tabs).Y - (d.AbsolutePositionForObject(m.filters.note).Y + m.filters.note.Size().Height)
	if gap > 20 { // the bar's separator and paddings: 9 px
		t.Errorf("%.0f px between the chips' note and the tabs", gap)
	}
}
