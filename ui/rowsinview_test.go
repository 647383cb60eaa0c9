package ui

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// rowsInView is what a user sees of table t: the rows whose cells are
// drawn whole inside its visible area, below the header, in order from
// the top, each as the texts of its cells. It reads where the cells are
// on the canvas, as a screenshot would, not what the table holds: a cell
// given its text but left above the view shows nothing.
func rowsInView[T any](t *dataTable[T]) [][]string {
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(t).Y + t.CreateHeader().MinSize().Height
	bottom := d.AbsolutePositionForObject(t).Y + t.Size().Height
	byY := map[float32][]string{}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *headerCell:
			return
		case *cutLabel:
			y := d.AbsolutePositionForObject(v).Y
			if v.Text != "" && y >= top-0.5 && y+v.Size().Height <= bottom+0.5 {
				byY[y] = append(byY[y], v.Text)
			}
			return
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(t)
	ys := make([]float32, 0, len(byY))
	for y := range byY {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	rows := make([][]string, len(ys))
	for i, y := range ys {
		rows[i] = byY[y]
	}
	return rows
}

// manyDomains is a window at 1280x800 on a library of n generated domains
// whose reports stopped three days ago (the stale banner), and a drop of
// the real samples besides.
func manyDomains(t *testing.T, n int) *mainWindow {
	t.Helper()
	const days = 14
	dir := t.TempDir()
	first := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -days-3)
	for name, data := range testgen.DomainReports(testgen.ManyDomains(n, days), first, days) {
		testgen.WriteFile(t, dir, name, data)
	}
	m := windowOnLibrary(t, t.TempDir())
	act(m, func() {
		m.app.Settings().SetTheme(theme.DefaultTheme()) // the real window's sizes
		m.win.Resize(fyne.NewSize(1280, 800-menuBarHeight))
	})
	drop(m, storage.NewFileURI(dir))
	look(m, domainsView)
	return m
}

// The Domains table scrolled with the wheel and then given the rows of
// another filter shows them from the first: the trial's 300 domains went
// blank (grid lines and headers only, "300 domains, worst first" below)
// after a chip's x or a To date while scrolled. Fyne's ScrollToTop moves
// the table's offset but not its cells while the rows take the same
// height, so the first rows were drawn above the view.
func TestScrolledDomainsShowTheRowsOfANewFilter(t *testing.T) {
	m := manyDomains(t, 300)
	d := m.domains.table
	first := func() string { return d.cellText(0, 1) }
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(d).Add(fyne.NewPos(d.Size().Width/2, d.Size().Height/2))
	for range 40 {
		act(m, func() { test.Scroll(m.win.Canvas(), at, 0, -30) })
	}
	if rows := rowsInView(d); len(rows) == 0 || slices.Contains(rows[0], first()) {
		t.Fatalf("the test needs the table scrolled down by the wheel; it shows %q", rows)
	}
	for _, f := range []analysis.Filter{
		{Organizations: testgen.Reporters[:1]},
		{Organizations: testgen.Reporters[:1], To: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)},
	} {
		act(m, func() { m.filtering.set(f) })
		if len(d.rows) != 300 {
			t.Fatalf("%v: %d rows, want the 300 domains", f, len(d.rows))
		}
		if rows := rowsInView(d); len(rows) < 5 || !slices.Contains(rows[0], first()) {
			t.Errorf("%v while scrolled: the table shows %q, want its first rows from %s", f, rows, first())
		}
		for range 40 {
			act(m, func() { test.Scroll(m.win.Canvas(), at, 0, -30) })
		}
	}
}
