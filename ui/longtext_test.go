package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// A report anyone can send names its organization and its hosts as long as
// it likes. Fyne measures a text whole each time it lays it out: a
// 100,000-character organization-name kept the UI thread busy for over
// 150 s. No widget may hold more than the detail bound, on any tab, with
// a row selected so the detail views show their texts whole.
func TestLongReportTextsAreShortened(t *testing.T) {
	const long = 100_000
	org := strings.Repeat("Org ", long/4-1) + "Org"
	host := strings.Repeat("a", long-len(".example")) + ".example"
	mx := []string{host}
	report := testgen.Report(org, "id-"+host, "", "2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z",
		testgen.STSPolicy(host, "testing", mx, "86400", 10, 90,
			testgen.Detail("certificate-host-mismatch", 90, testgen.Obj{
				"receiving-mx-hostname":  host,
				"receiving-mx-helo":      host,
				"additional-information": "https://" + host + "/",
				"failure-reason-code":    org,
			})))
	m := newTestWindow(t)
	var ui uiTimer
	ui.watch(m)
	drop(m, writeReports(t, report))
	if m.result.Reports != 1 {
		t.Fatalf("%d reports read, want 1", m.result.Reports)
	}
	check := func(where string) {
		t.Helper()
		objs := append([]fyne.CanvasObject{m.win.Canvas().Content()}, m.win.Canvas().Overlays().List()...)
		for _, top := range objs {
			walk(top, func(o fyne.CanvasObject) {
				for _, s := range texts(o) {
					// Line breaks are not laid out; the shortening adds
					// them so that Fyne wraps in short paragraphs.
					if n := utf8.RuneCountInString(s) - strings.Count(s, "\n"); n > textfmt.DetailRunes {
						t.Errorf("%s: a %T holds %d runes, more than %d: %.40q…", where, o, n, textfmt.DetailRunes, s)
					}
				}
			})
		}
	}
	for _, v := range []view{domainsView, overviewView, findingsView, failuresView, timelineView, sourcesView, reportsView} {
		look(m, v)
		check(m.items[v].Text)
	}
	act(m, func() { m.domains.table.Select(widget.TableCellID{}) })
	act(m, func() { m.overview.policies.Select(widget.TableCellID{}) })
	act(m, func() { m.findings.pick(0) })
	act(m, func() { m.failures.table.Select(widget.TableCellID{}) })
	act(m, func() { m.reports.reports.Select(widget.TableCellID{}) })
	for _, v := range []view{domainsView, overviewView, findingsView, failuresView, reportsView} {
		look(m, v)
		check(m.items[v].Text + " with a row selected")
		// Shortened is not enough: a line that neither wraps nor truncates
		// widens the window past a laptop's screen.
		if w := m.win.Canvas().Content().MinSize().Width; w > 1280 {
			t.Errorf("%s with a row selected: the window needs %.0f px, more than 1280", m.items[v].Text, w)
		}
	}
	for _, o := range m.overview.banners.Objects {
		act(m, func() { o.(*banner).Tapped(nil) })
	}
	look(m, overviewView)
	check("banners unfolded")

	// Filtered by the long reporter, picked as a user would (typing part
	// of it, then Enter), and by the long MX host with a double click on
	// its row: the chips, the pickers' lists and every tab again.
	act(m, func() { test.Type(m.filters.orgs, "org org") })
	check("reporter picker listing the name")
	act(m, func() { m.filters.orgs.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	look(m, sourcesView)
	act(m, func() { m.sources.tabs.SelectIndex(1) })
	hosts := m.sources.mxHosts
	act(m, func() { hosts.DoubleTapped(&fyne.PointEvent{Position: rowPosition(hosts, 0)}) })
	if f := m.result.Filter; len(f.Organizations) != 1 || f.Organizations[0] != org || len(f.MXHosts) != 1 || f.MXHosts[0] != host {
		t.Fatalf("filter %.80q…, want the long reporter and host", f.String())
	}
	for _, v := range []view{domainsView, overviewView, findingsView, failuresView, timelineView, sourcesView, reportsView} {
		look(m, v)
		check(m.items[v].Text + " filtered by the long names")
	}
	// A measurement, not a limit: the machine is shared.
	t.Logf("longest UI-thread call %v (CPU %v) over %d calls", ui.longest, ui.cpu, ui.calls)
}

// texts are the strings a canvas object lays out itself.
func texts(o fyne.CanvasObject) []string {
	switch w := o.(type) {
	case *widget.Label:
		return []string{w.Text}
	case *cutLabel:
		return []string{w.Text}
	case *widget.Button:
		return []string{w.Text}
	case *widget.Entry:
		return []string{w.Text}
	case *canvas.Text:
		return []string{w.Text}
	case *widget.RichText:
		var s []string
		for _, seg := range w.Segments {
			if t, ok := seg.(*widget.TextSegment); ok {
				s = append(s, t.Text)
			}
		}
		return s
	}
	return nil
}

// walk visits o and everything inside it: containers' objects and
// widgets' rendered objects.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			walk(child, visit)
		}
	case fyne.Widget:
		for _, child := range test.WidgetRenderer(c).Objects() {
			walk(child, visit)
		}
	}
}
