package ui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
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
// that another process imported before (what's new) and whose reports
// stopped three days ago (the stale banner).
func manyDomains(t *testing.T, n int) (m *mainWindow, first time.Time) {
	t.Helper()
	const days = 14
	in, dir := t.TempDir(), t.TempDir()
	first = time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -days-3)
	var paths []string
	for name, data := range testgen.DomainReports(testgen.ManyDomains(n, days), first, days) {
		paths = append(paths, testgen.WriteFile(t, in, name, data))
	}
	lib, err := library.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Import(context.Background(), analysis.New(), paths, library.ImportOptions{Unattended: true}); err != nil {
		t.Fatal(err)
	}
	lib.Close()
	m = windowOnLibrary(t, dir)
	act(m, func() {
		m.app.Settings().SetTheme(theme.DefaultTheme()) // the real window's sizes
		m.win.Resize(fyne.NewSize(1280, 800-menuBarHeight))
	})
	look(m, domainsView)
	return m, first
}

// TestTenDomainsBelowTwoBannersAndThreeChips: 300 domains at 1280x800
// with the stale banner, what's new and three chips show at least 10
// rows. The trial saw 5: what's new listed every domain failing for the
// first time in 7 lines, and did not fold on a click. Every banner is one
// line until clicked, and a click unfolds and folds it.
func TestTenDomainsBelowTwoBannersAndThreeChips(t *testing.T) {
	m, first := manyDomains(t, 300)
	act(m, func() {
		m.filtering.set(analysis.Filter{Organizations: testgen.Reporters, From: first})
	})
	if got := len(chips(m)); got != 3 {
		t.Fatalf("%d chips, want 3", got)
	}
	news, top := m.library.news, m.domains.banners.Objects
	if !news.Visible() || len(top) != 1 || !strings.HasPrefix(top[0].(*banner).text, "No report since") {
		t.Fatalf("banners: what's new shown %v, %d on the page (want the stale one)", news.Visible(), len(top))
	}
	lineH := top[0].Size().Height
	if h := news.Size().Height; h > lineH+1 {
		t.Errorf("what's new takes %.0f px, a banner's line %.0f", h, lineH)
	}
	if rows := rowsInView(m.domains.table); len(rows) < 10 {
		t.Errorf("%d domain rows in view, want at least 10", len(rows))
	}
	for _, b := range []*banner{news, top[0].(*banner)} {
		at := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Add(fyne.NewPos(b.Size().Width/2, b.Size().Height/2))
		act(m, func() { test.TapCanvas(m.win.Canvas(), at) })
		if h := b.Size().Height; h < 2*lineH {
			t.Errorf("%.40q clicked: %.0f px, want it unfolded", b.text, h)
		}
		act(m, func() { test.TapCanvas(m.win.Canvas(), at) })
		if h := b.Size().Height; h > lineH+1 {
			t.Errorf("%.40q clicked twice: %.0f px, want one line of %.0f", b.text, h, lineH)
		}
	}
}

// The Domains table scrolled with the wheel and then given the rows of
// another filter shows them from the first: the trial's 300 domains went
// blank (grid lines and headers only, "300 domains, worst first" below)
// after a chip's x or a To date while scrolled. Fyne's ScrollToTop moves
// the table's offset but not its cells while the rows take the same
// height, so the first rows were drawn above the view.
func TestScrolledDomainsShowTheRowsOfANewFilter(t *testing.T) {
	m, _ := manyDomains(t, 300)
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
