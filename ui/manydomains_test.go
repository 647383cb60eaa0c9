package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// TestThreeHundredDomains: an operator's 300 domains on the front page at
// 1280x800, below two banners and three filter chips (both reporters and
// a start day, which keep every domain), show at least 10 rows; scrolling them
// lays out the rows that come into view, not all 300.
func TestThreeHundredDomains(t *testing.T) {
	const n, days = 300, 3
	dir := t.TempDir()
	// Ending yesterday: reports this fresh raise no "no report since".
	today := time.Now().UTC().Truncate(24 * time.Hour)
	first := today.AddDate(0, 0, -days)
	for name, data := range testgen.DomainReports(testgen.ManyDomains(n, days), first, days) {
		testgen.WriteFile(t, dir, name, data)
	}
	m := windowOnLibrary(t, t.TempDir())
	act(m, func() {
		m.app.Settings().SetTheme(theme.DefaultTheme()) // the real window's sizes
		m.win.Resize(fyne.NewSize(1280, 800-menuBarHeight))
	})
	drop(m, storage.NewFileURI(dir))
	act(m, func() {
		m.filtering.set(analysis.Filter{Organizations: testgen.Reporters, From: first})
	})
	look(m, domainsView)
	act(m, func() { m.win.Content().Refresh() })
	d := m.domains
	if got := len(chips(m)); got != 3 {
		t.Fatalf("%d chips, want 3", got)
	}
	if got := len(headlineBanners(m.result, time.Now().UTC(), nil)); got < 2 {
		t.Fatalf("%d banners, want at least 2", got)
	}
	if got := len(d.table.rows); got != n {
		t.Fatalf("%d domain rows, want %d", got, n)
	}
	rowH := rowHeight(d.table)
	shown := (d.table.Size().Height - headerHeight(d.table)) / rowH
	if shown < 10 {
		t.Errorf("%.1f domain rows in view, want at least 10", shown)
	}

	updates, lastRow := 0, 0
	update := d.table.UpdateCell
	d.table.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		updates++
		lastRow = max(lastRow, id.Row)
		update(id, o)
	}
	var ui uiTimer
	ui.watch(m)
	at := fyne.NewPos(d.table.Size().Width/2, d.table.Size().Height/2)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(d.table).Add(at)
	const steps = 20
	for range steps {
		act(m, func() { test.Scroll(m.win.Canvas(), pos, 0, -rowH*3) })
	}
	if lastRow < 2*steps {
		t.Fatalf("scrolled down to row %d only, want past %d", lastRow, 2*steps)
	}
	// Each step may lay out every cell in view again, never the other
	// rows' cells.
	perStep := float64(updates) / steps
	if limit := float64((int(shown) + 2) * len(d.table.cols)); perStep > limit {
		t.Errorf("a scroll step updated %.0f cells, more than the %.0f in view", perStep, limit)
	}
	// A measurement, not a limit: the machine is shared.
	t.Logf("%.1f rows in view; a scroll step updated %.0f cells; longest UI-thread call while scrolling %v (CPU %v)", shown, perStep, ui.longest, ui.cpu)
}

// The front page's numbers and its strip's period are shown whole at
// 1280x800: the trial read "561,142,…" sessions and "2026-08-12 – 2026-…".
func TestDomainNumbersAreWhole(t *testing.T) {
	m := newTestWindow(t)
	act(m, func() { m.app.Settings().SetTheme(theme.DefaultTheme()) })
	// 99,999,999,999 sessions a year (11 digits) with 9,999,999,999 failed.
	drop(m, writeReports(t, testgen.Report("Org", "1", "", "2026-08-12T00:00:00Z", "2026-08-12T23:59:59Z",
		testgen.Policy("sts", "big.example", 90_000_000_000, 9_999_999_999))))
	look(m, domainsView)
	d := m.domains.table
	fits := func(text string, col int, bold bool) bool {
		pad := 2 * compactTheme{}.Size(theme.SizeNameInnerPadding) // the cells' padding
		return fyne.MeasureText(text, theme.DefaultTheme().Size(theme.SizeNameText), fyne.TextStyle{Bold: bold}).Width+pad <= d.widths[col]
	}
	for col, c := range d.cols {
		if c.numeric && !fits(d.cellText(0, col), col, false) {
			t.Errorf("%s: %q does not fit %.0f px", c.title, d.cellText(0, col), d.widths[col])
		}
	}
	if title := d.cols[stripCol].title; !fits(title, stripCol, true) {
		t.Errorf("the strip's header %q does not fit %.0f px", title, d.widths[stripCol])
	}
	if w := m.win.Canvas().Content().MinSize().Width; w > 1280 {
		t.Errorf("the window needs %.0f px, more than 1280", w)
	}
}
