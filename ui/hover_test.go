package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// A text cut to its place is read whole where the pointer rests on it (the
// trial: IPv6 addresses, MX hosts, mode changes, the library bar "watching
// 1 so…", the strip's header, with no way to read them): the Failures
// tab's address cut in its middle, the Domains strip's period in its
// header, and the library bar on a library deep in folders. Moving away
// takes the tip away. Fails on the code before, which had no tips.
func TestCutTextsShowWholeOnHover(t *testing.T) {
	const ip = "2a01:111:f400:7e8b::9f3c:77aa"
	report := testgen.Report("Microsoft Corporation", "r1", "", "2026-10-01T00:00:00Z", "2026-10-01T23:59:59Z",
		testgen.STSPolicy("example.com", "enforce", []string{"mx.example.com"}, "86400", 10, 5,
			testgen.Detail("certificate-expired", 5, testgen.Obj{"receiving-mx-hostname": "mx.example.com", "sending-mta-ip": ip})))
	dir := filepath.Join(t.TempDir(), strings.Repeat("a-library-in-a-folder-with-a-long-name/", 3))
	m := windowOnLibrary(t, dir)
	drop(m, writeReports(t, report))

	look(m, failuresView)
	cell := objectShowing(m.failures.table, func(s string) bool { return strings.HasPrefix(s, "2a01:") && strings.Contains(s, "…") })
	if !hoverShows(t, m, cell, ip) {
		t.Errorf("hovering the cut address %q shows no tip with %q", textsOf(cell), ip)
	}
	act(m, func() { test.MoveMouse(m.win.Canvas(), fyne.NewPos(1, 1)) })
	if shownTimes(m, ip) > 0 {
		t.Error("the tip stays after the pointer left the cell")
	}

	// The strip's column dragged narrower than its period.
	look(m, domainsView)
	act(m, func() { m.domains.table.setWidth(stripCol, 90) })
	span := m.domains.table.cols[stripCol].title
	header := objectShowing(m.domains.table, func(s string) bool { return s != span && strings.HasPrefix(s, span[:4]) })
	if !hoverShows(t, m, header, span) {
		t.Errorf("hovering the strip's header %q shows no tip with %q", textsOf(header), span)
	}

	// The bar's line is cut by the ellipsis Fyne draws, not in its text.
	bar := m.library.info
	whole := libraryLine(m)
	if w := fyne.MeasureText(whole, theme.TextSize(), fyne.TextStyle{}).Width; w < bar.Size().Width {
		t.Fatalf("the library bar %.0f px wide fits %q (%.0f px): nothing to show", bar.Size().Width, whole, w)
	}
	if !hoverShows(t, m, bar, whole) {
		t.Errorf("hovering the library bar shows no tip with %q", whole)
	}
}

// libraryLine is the library bar's whole line.
func libraryLine(m *mainWindow) string {
	s, _ := m.library.lib.Stats()
	return libraryInfo(m.library.lib.Dir(), s)
}

// objectShowing is the first object in o whose text matches.
func objectShowing(o fyne.CanvasObject, match func(string) bool) fyne.CanvasObject {
	var found fyne.CanvasObject
	walk(o, func(c fyne.CanvasObject) {
		for _, s := range texts(c) {
			if found == nil && c.Visible() && match(s) {
				found = c
			}
		}
	})
	return found
}

func textsOf(o fyne.CanvasObject) []string {
	if o == nil {
		return nil
	}
	return texts(o)
}

// hoverShows rests the pointer on o, as the driver tells the widget under
// it, and says whether the window then shows want once more than before.
func hoverShows(t *testing.T, m *mainWindow, o fyne.CanvasObject, want string) bool {
	t.Helper()
	if o == nil {
		t.Fatal("no such text in the window")
	}
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(o).AddXY(3, 3)
	act(m, func() { test.MoveMouse(m.win.Canvas(), fyne.NewPos(1, 1)) })
	before := shownTimes(m, want)
	act(m, func() { test.MoveMouse(m.win.Canvas(), at) })
	return shownTimes(m, want) > before
}

// shownTimes counts the visible objects of the window that lay out want
// exactly.
func shownTimes(m *mainWindow, want string) int {
	n := 0
	var visit func(o fyne.CanvasObject)
	visit = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		for _, s := range texts(o) {
			if s == want {
				n++
			}
		}
		switch c := o.(type) {
		case *fyne.Container:
			for _, child := range c.Objects {
				visit(child)
			}
		case fyne.Widget:
			for _, child := range test.WidgetRenderer(c).Objects() {
				visit(child)
			}
		}
	}
	visit(m.win.Canvas().Content())
	return n
}
