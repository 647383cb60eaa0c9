package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// realDir is the shared corpus in testdata/real as a dropped folder.
func realDir(t *testing.T) fyne.URI {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "testdata", "real"))
	if err != nil {
		t.Fatal(err)
	}
	return storage.NewFileURI(p)
}

// menuBarHeight is the height of the menu bar GLFW's driver draws at the
// top of a 1280x800 window on Linux (measured on a screenshot under Xvfb);
// the test driver draws none.
const menuBarHeight = 28

// threeChips narrows to one domain, one reporter and a start day, as a
// user would from the filter bar, on a window of w×h.
func threeChips(t *testing.T, w, h float32) *mainWindow {
	t.Helper()
	m := windowOnLibrary(t, t.TempDir()) // with the library's bar, as a launch shows it
	// The sizes of the real window: the test driver's theme has others.
	act(m, func() {
		m.app.Settings().SetTheme(theme.DefaultTheme())
		m.win.Resize(fyne.NewSize(w, h))
	})
	drop(m, realDir(t))
	act(m, func() {
		m.filtering.set(analysis.Filter{Domains: []string{"example.com"}, Organizations: []string{"Example Reporter"},
			From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
	})
	if got := len(chips(m)); got != 3 {
		t.Fatalf("%d chips, want 3", got)
	}
	return m
}

// TestOverviewKeepsRoomForTheChartAndPolicies: at 1280x800, below two
// banners and three filter chips, the cards take one compact row and the
// chart and the policies table keep a useful height. The figures are what
// was chosen from screenshots: the chart at its least height, where three
// bars still read, and three policies in view (there were 1.1).
func TestOverviewKeepsRoomForTheChartAndPolicies(t *testing.T) {
	m := threeChips(t, 1280, 800-menuBarHeight)
	look(m, overviewView)
	act(m, func() { m.win.Content().Refresh() })
	o := m.overview
	headlines := headlineBanners(m.result, time.Now().UTC(), nil)
	if len(headlines) < 2 {
		t.Fatalf("%d banners, want at least 2", len(headlines))
	}
	line1 := o.banners.Objects[0].Size().Height
	if h := o.banners.Size().Height; h > line1+1 {
		t.Errorf("the banners take %.0f px, want one line of %.0f", h, line1)
	}
	if h := o.reports.content.Size().Height; h > 1.3*line1 {
		t.Errorf("the cards are %.0f px tall, a banner %.0f: want one compact row", h, line1)
	}
	if h := o.chart.Size().Height; h < o.chart.MinSize().Height {
		t.Errorf("the chart is %.0f px tall, want at least %.0f", h, o.chart.MinSize().Height)
	}
	rows := (o.policies.Size().Height - headerHeight(o.policies)) / rowHeight(o.policies)
	if rows < 3 {
		t.Errorf("the policies table shows %.1f rows, want at least 3", rows)
	}
	// Unfolded, the one line says every banner's sentences.
	joined := o.banners.Objects[0].(*banner)
	act(m, func() { joined.Tapped(nil) })
	for _, h := range headlines {
		first := line(h.(*banner).text)[:40]
		if !strings.Contains(textfmt.Line(joined.label.Text), first) {
			t.Errorf("the unfolded banner %q lacks %q", joined.label.Text, first)
		}
	}
}

// headerHeight and rowHeight are how far a table's first row is below its
// top and the rows from each other: Fyne's Table parts its rows by the
// theme's padding, not by a separator's thickness.
func headerHeight[T any](t *dataTable[T]) float32 {
	return t.CreateHeader().MinSize().Height
}

func rowHeight[T any](t *dataTable[T]) float32 {
	return t.CreateCell().MinSize().Height + t.Theme().Size(theme.SizeNamePadding)
}

// A folded banner is cut once, by its label at the end: the trial read
// "Certificate expired o…om Example Reporter" and then an ellipsis at the
// end, the middle cut first by the one-line bound.
func TestFoldedBannerIsCutOnceAtTheEnd(t *testing.T) {
	test.NewTempApp(t)
	text := strings.Repeat("Certificate expired on mx.example.com for a while. ", 8) + "The end."
	b := newBanner(theme.ColorNameWarning, theme.WarningIcon(), text)
	if got := b.label.Text; got != textfmt.Line(text) || b.label.Truncation != fyne.TextTruncateEllipsis {
		t.Errorf("folded banner holds %q (truncation %v), want the whole line cut by the label", got, b.label.Truncation)
	}
}
