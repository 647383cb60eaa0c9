package ui

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// The two samples the drill-down tests load, and what they hold:
//
//	parsedmarc_rfc8460.json (Company-X, 2016-04-01): sts company-y.example,
//	  5,326 successful, 303 failed: certificate-expired 100 (mx1),
//	  starttls-not-supported 200 (mx2), validation-failure 3 (mx-backup).
//	sebastka-tlsrpt_synthetic-failures.json (Example Reporter, 2026-09-10):
//	  sts example.com, 90 successful, 10 failed: certificate-expired 7 and
//	  starttls-not-supported 3, both mx.example.com; no-policy-found
//	  example.org, 5 successful.
func loadTwo(t *testing.T) *mainWindow {
	t.Helper()
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"), sample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	// Their urgent findings open the Findings tab; the tests start where
	// a user reads the numbers.
	look(m, overviewView)
	return m
}

// tapBar clicks the middle of the bar labelled label in chart id. The test
// canvas has scale 1 and a chart is drawn at its widget's size, so image
// pixels are widget positions.
func tapBar(t *testing.T, m *mainWindow, id charts.ID, label string) {
	t.Helper()
	c := m.charts.views[id]
	if c.drawing == nil {
		t.Fatalf("%s is not drawn", id)
	}
	if got := c.drawing.Image.Bounds().Size(); got.X != int(c.Size().Width+0.5) || got.Y != int(c.Size().Height+0.5) {
		t.Fatalf("%s drawn %v for a widget of %v", id, got, c.Size())
	}
	var labels []string
	for _, b := range c.drawing.Bars {
		if b.Label == label {
			mid := b.Rect.Min.Add(b.Rect.Max).Div(2)
			act(m, func() { test.TapAt(c, fyne.NewPos(float32(mid.X), float32(mid.Y))) })
			return
		}
		labels = append(labels, b.Label)
	}
	t.Fatalf("%s has no bar %q, only %q", id, label, labels)
}

// chips are the labels of the filter bar's chips.
func chips(m *mainWindow) []string {
	var out []string
	for _, o := range m.filters.chips.Objects {
		out = append(out, o.(*widget.Button).Text)
	}
	return out
}

type windowState struct {
	reports, sessions, failed string // the cards
	failureRows               int
	chips                     []string
	tab                       view
}

// stateOf reads the window as a user would: the cards on the Overview,
// the rows on the Failures tab, then back to the tab that was shown.
func stateOf(m *mainWindow) windowState {
	tab := viewOf(m)
	look(m, overviewView)
	s := windowState{m.overview.reports.value.Text, m.overview.sessions.value.Text, m.overview.failed.value.Text, 0, chips(m), tab}
	look(m, failuresView)
	s.failureRows = len(m.failures.table.rows)
	look(m, tab)
	return s
}

// viewOf is the view of the selected tab.
func viewOf(m *mainWindow) view { return m.viewOf(m.tabs.Selected()) }

func checkState(t *testing.T, step string, m *mainWindow, want windowState) {
	t.Helper()
	got := stateOf(m)
	if got.reports != want.reports || got.sessions != want.sessions || got.failed != want.failed ||
		got.failureRows != want.failureRows || !slices.Equal(got.chips, want.chips) || got.tab != want.tab {
		t.Errorf("%s:\n got %+v\nwant %+v", step, got, want)
	}
}

func TestChartBarsDrillDownAndBackReturns(t *testing.T) {
	m := loadTwo(t)
	all := windowState{"2", "5,734", "313", 5, nil, overviewView}
	checkState(t, "loaded", m, all)

	// A policy leads to its failures: example.com's 90+10 sessions, its two
	// failure rows.
	tapBar(t, m, charts.SessionsPerPolicy, "sts example.com")
	domain := windowState{"1", "100", "10", 2, []string{"domain example.com"}, failuresView}
	checkState(t, "policy bar", m, domain)
	if got := m.status.scope.Text; got != "Filtered: 1 of 2 reports" {
		t.Errorf("status line = %q", got)
	}

	// A result type leads to its rows; the session cards are not split by
	// it and say so.
	tapBar(t, m, charts.FailuresByResultType, "Certificate expired")
	resultType := windowState{"1", "100", "10", 1, []string{"domain example.com", "result certificate-expired"}, failuresView}
	checkState(t, "result type bar", m, resultType)
	if got := m.failures.table.cellText(0, 4); got != "7" {
		t.Errorf("the one row left has %s failed sessions, want 7", got)
	}
	look(m, overviewView)
	if !strings.Contains(m.overview.sessions.note.Text, "not split") || !strings.Contains(m.filters.note.Text, "failure details only") {
		t.Errorf("cards and bar do not say the result filter leaves session totals alone: %q, %q", m.overview.sessions.note.Text, m.filters.note.Text)
	}

	look(m, failuresView)
	act(m, func() { test.Tap(findButton(t, m.filters.content, "Back")) })
	checkState(t, "back once", m, windowState{domain.reports, domain.sessions, domain.failed, domain.failureRows, domain.chips, failuresView})
	act(m, func() { m.win.Canvas().(fyne.Shortcutable).TypedShortcut(m.actions.back.shortcut) }) // Alt+Left
	// The policy bar was on the Overview: Back returns there.
	checkState(t, "back twice", m, all)
	if !findButton(t, m.filters.content, "Back").Disabled() {
		t.Error("Back is enabled with nothing to go back to")
	}
}

func TestTimelineColumnZoomsToItsPeriod(t *testing.T) {
	m := loadTwo(t)
	look(m, timelineView)
	// 2016-04 to 2026-09 is too long for days or weeks: one column a month.
	tapBar(t, m, charts.SessionsOverTime, "April 2016")
	checkState(t, "April 2016", m, windowState{"1", "5,629", "303", 3, []string{"2016-04-01 to 2016-04-30"}, timelineView})
	if got := m.filters.from.Text + " " + m.filters.to.Text; got != "2016-04-01 2016-04-30" {
		t.Errorf("date entries show %q", got)
	}
	// The timeline now shows the days of April, of which only the one with
	// a report can be drilled into.
	if d := m.charts.views[charts.SessionsOverTime].drawing; len(d.Bars) != 1 || d.Bars[0].Label != "2016-04-01" {
		t.Errorf("timeline after the drill has %d columns to choose", len(d.Bars))
	}
}

func TestTableRowsDrillDown(t *testing.T) {
	m := loadTwo(t)

	// Enter on a policy row: company-y.example's 5,326+303 sessions.
	p := m.overview.policies
	row := slices.IndexFunc(p.rows, func(x analysis.PolicyTotal) bool { return x.Domain == "company-y.example" })
	act(m, func() {
		p.Select(widget.TableCellID{Row: row, Col: 0})
		p.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	checkState(t, "Enter on a policy", m, windowState{"1", "5,629", "303", 3, []string{"domain company-y.example"}, failuresView})

	act(m, func() { test.Tap(findButton(t, m.filters.content, "Clear filters")) })
	checkState(t, "Clear filters", m, windowState{"2", "5,734", "313", 5, nil, failuresView})

	// A double click on an MX host row: the two failure rows at
	// mx.example.com; the session totals stay those of every report.
	look(m, sourcesView)
	act(m, func() { m.sources.tabs.SelectIndex(1) })
	hosts := m.sources.mxHosts
	row = slices.IndexFunc(hosts.rows, func(c analysis.Count) bool { return c.Name == "mx.example.com" })
	if row < 0 {
		t.Fatalf("no mx.example.com row in %v", hosts.rows)
	}
	act(m, func() { hosts.DoubleTapped(&fyne.PointEvent{Position: rowPosition(hosts, row)}) })
	checkState(t, "double click on a host", m, windowState{"2", "5,734", "313", 2, []string{"MX host mx.example.com"}, failuresView})

	// Removing the chip removes the filter.
	act(m, func() { test.Tap(findButton(t, m.filters.content, "MX host mx.example.com")) })
	checkState(t, "chip removed", m, windowState{"2", "5,734", "313", 5, nil, failuresView})
}

// rowPosition is the middle of the first cell of row in a table: below the
// header.
func rowPosition[T any](t *dataTable[T], row int) fyne.Position {
	return fyne.NewPos(10, headerHeight(t)+rowHeight(t)*(float32(row)+0.5))
}

func TestPickersAndDatesSetTheFilter(t *testing.T) {
	m := loadTwo(t)
	act(m, func() { test.Type(m.filters.domains, "COMPANY") })
	if got := m.filters.domains.matches; len(got) != 1 || got[0].value != "company-y.example" {
		t.Fatalf("typing COMPANY offers %v", got)
	}
	act(m, func() { m.filters.domains.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	checkState(t, "picked", m, windowState{"1", "5,629", "303", 3, []string{"domain company-y.example"}, overviewView})
	if m.filters.domains.Text != "" {
		t.Errorf("the picker keeps %q after picking", m.filters.domains.Text)
	}
	// Alt+Left works while typing in the bar (and Ctrl+A still selects, below).
	act(m, func() { m.filters.domains.TypedShortcut(m.actions.back.shortcut) })
	checkState(t, "Back from the picker", m, windowState{"2", "5,734", "313", 5, nil, overviewView})

	act(m, func() { test.Tap(findButton(t, m.filters.content, "Clear filters")) })
	act(m, func() { test.Type(m.filters.from, "2026-01-01"); m.filters.from.FocusLost() })
	checkState(t, "from 2026", m, windowState{"1", "105", "10", 2, []string{"from 2026-01-01"}, overviewView})
	// A start after the end is refused, both ends are marked, and the
	// reason is beside them.
	act(m, func() { test.Type(m.filters.to, "2025-12-31") })
	if m.result.Filter.To.IsZero() == false || !m.filters.dayNote.Visible() ||
		m.filters.dayNote.Text != "From and To: the period starts on 2026-01-01, after its end on 2025-12-31" {
		t.Errorf("from after to: filter %v, beside the dates %q", m.result.Filter, m.filters.dayNote.Text)
	}
	// Fyne marks an entry once the keyboard leaves it: From at once, To
	// when the user moves on.
	if !entryMarked(m.filters.from) {
		t.Error("From is not marked as wrong")
	}
	act(m, m.filters.to.FocusLost)
	if !entryMarked(m.filters.to) {
		t.Error("To is not marked as wrong")
	}
	act(m, func() { m.filters.to.TypedShortcut(&fyne.ShortcutSelectAll{}) })
	if got := m.filters.to.SelectedText(); got != "2025-12-31" {
		t.Errorf("Ctrl+A in a date entry selected %q", got)
	}
}

// An entry that is not a day says so as the first wrong character is
// typed, beside the entry, and the filter waits.
func TestWrongDaySaysWhyAtOnce(t *testing.T) {
	m := loadTwo(t)
	act(m, func() { test.Type(m.filters.to, "2026-13") })
	if got := m.filters.dayNote.Text; !m.filters.dayNote.Visible() || got != `To: "2026-13" is not a day of the calendar written as YYYY-MM-DD` {
		t.Errorf("beside the dates: %q (shown %v)", got, m.filters.dayNote.Visible())
	}
	if !m.result.Filter.IsZero() {
		t.Errorf("filter %v from a day half typed", m.result.Filter)
	}
	act(m, m.filters.to.FocusLost)
	if !entryMarked(m.filters.to) || entryMarked(m.filters.from) {
		t.Errorf("marked: To %v, From %v; want To only", entryMarked(m.filters.to), entryMarked(m.filters.from))
	}
	act(m, func() {
		m.filters.to.SetText("2026-12")
		test.Type(m.filters.to, "-01")
		m.filters.to.FocusLost()
	})
	if m.filters.dayNote.Visible() || entryMarked(m.filters.to) || m.result.Filter.To.IsZero() {
		t.Errorf("2026-12-01 typed: note %q shown %v, To marked %v, filter %v", m.filters.dayNote.Text, m.filters.dayNote.Visible(), entryMarked(m.filters.to), m.result.Filter)
	}
}

// entryMarked tells whether e shows its error mark.
func entryMarked(e *barEntry) bool {
	var walk func(fyne.CanvasObject) bool
	walk = func(o fyne.CanvasObject) bool {
		if !o.Visible() {
			return false
		}
		switch v := o.(type) {
		case *canvas.Image:
			return v.Resource != nil && strings.HasPrefix(v.Resource.Name(), "error")
		case *fyne.Container:
			return slices.ContainsFunc(v.Objects, walk)
		case fyne.Widget:
			return slices.ContainsFunc(test.WidgetRenderer(v).Objects(), walk)
		}
		return false
	}
	return walk(e)
}

// Only the result of the latest filter is shown, whichever finishes first.
func TestLatestFilterWins(t *testing.T) {
	m := loadTwo(t)
	last := analysis.Filter{Domains: []string{"example.com"}}
	act(m, func() {
		for _, d := range []string{"company-y.example", "example.org", "nothing.example"} {
			m.filtering.set(analysis.Filter{Domains: []string{d}})
		}
		m.filtering.set(last)
	})
	if got := m.result.Filter; !got.Equal(last) {
		t.Errorf("showing %v, want the last filter %v", got, last)
	}
}

// An export made under a filter holds only what the filter keeps and says
// what it was.
func TestExportUnderFilter(t *testing.T) {
	m := loadTwo(t)
	act(m, func() {
		m.filtering.set(analysis.Filter{Domains: []string{"company-y.example"}, From: time.Date(2016, 4, 1, 0, 0, 0, 0, time.UTC)})
	})
	dir := t.TempDir()
	act(m, func() { m.exportTo(export.All, dir) })

	b, err := os.ReadFile(filepath.Join(dir, export.SummaryFile))
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Filter struct {
			Domains []string `json:"domains"`
			From    string   `json:"from"`
		} `json:"filter"`
		Reports    int   `json:"reports"`
		Successful int64 `json:"successful_sessions"`
		Failed     int64 `json:"failed_sessions"`
		Policies   []struct {
			Domain string `json:"policy_domain"`
		} `json:"policies"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Filter.Domains, []string{"company-y.example"}) || s.Filter.From != "2016-04-01" ||
		s.Reports != 1 || s.Successful != 5326 || s.Failed != 303 || len(s.Policies) != 1 || s.Policies[0].Domain != "company-y.example" {
		t.Errorf("summary.json under the filter: %s", b)
	}

	f, err := os.Open(filepath.Join(dir, export.FailuresFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+3 {
		t.Errorf("failures.csv has %d rows, want a header and company-y.example's 3", len(rows))
	}
	for _, r := range rows[1:] {
		if r[5] != "company-y.example" {
			t.Errorf("failures.csv row of %s", r[5])
		}
	}
	if got := m.status.text.Text; !strings.HasSuffix(got, "(filtered: domain company-y.example; from 2016-04-01)") {
		t.Errorf("status after export = %q", got)
	}
}

// The bars of a chart are reachable by keyboard: focus, arrows, Enter.
func TestChartBarsByKeyboard(t *testing.T) {
	m := loadTwo(t)
	c := m.charts.views[charts.SessionsByOrganization]
	look(m, sourcesView)
	// Failed sessions first: Company-X (303), then Example Reporter (10).
	act(m, func() {
		m.win.Canvas().Focus(c)
		c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	})
	if !c.highlight.Visible() || c.hint.Text != "Example Reporter: Enter to filter" {
		t.Errorf("after Down: highlight shown %v, hint %q", c.highlight.Visible(), c.hint.Text)
	}
	act(m, func() { c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	checkState(t, "Enter on a reporter's bar", m, windowState{"1", "105", "10", 2, []string{"reporter Example Reporter"}, overviewView})
}

// The order chosen for a chart orders the table beside it too.
func TestOrderFollowsIntoTheTable(t *testing.T) {
	m := loadTwo(t)
	domains := func() string {
		var d []string
		for _, p := range m.overview.policies.rows {
			d = append(d, p.Domain)
		}
		return strings.Join(d, " ")
	}
	// By failed sessions: 303, 10, 0.
	if got := domains(); got != "company-y.example example.com example.org" {
		t.Errorf("default order %q", got)
	}
	act(m, func() { m.overview.chart.orderPick.SetSelected(analysis.BySuccessRate.String()) })
	// 90/100 = 90%, 5,326/5,629 = 94.6%, 100%.
	if got := domains(); got != "example.com company-y.example example.org" {
		t.Errorf("by success rate %q", got)
	}
}

// writeReports writes report documents as files in a new folder.
func writeReports(t *testing.T, reports ...testgen.Obj) fyne.URI {
	t.Helper()
	dir := t.TempDir()
	for i, r := range reports {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%d.json", i)), testgen.JSON(r), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return storage.NewFileURI(dir)
}

// Forty policies, four of them failing and small: the chart shows the
// failing ones first, never in "others", and pages through the rest.
func TestManyPoliciesFailingFirstAndPaged(t *testing.T) {
	var pols []testgen.Obj
	for i := range 40 {
		var failed int64
		if i%10 == 9 {
			failed = 5
		}
		pols = append(pols, testgen.Policy("sts", fmt.Sprintf("d%02d.example", i), int64(10000-100*i), failed))
	}
	m := newTestWindow(t)
	drop(m, writeReports(t, testgen.Report("Org", "1", "", "2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z", pols...)))
	look(m, overviewView)
	c := m.overview.chart
	d := c.drawing
	if d == nil || d.Page.Items != 40 || d.Page.Shown < 4 {
		t.Fatalf("chart page %+v: want at least the 4 failing of 40 shown", d.Page)
	}
	// Failed sessions first (5 each), ties by sessions: d09, d19, d29, d39.
	for i, want := range []string{"sts d09.example", "sts d19.example", "sts d29.example", "sts d39.example"} {
		if d.Bars[i].Label != want {
			t.Errorf("bar %d is %q, want %q", i, d.Bars[i].Label, want)
		}
	}
	shown := d.Page.Shown
	if got, want := c.page.Text, fmt.Sprintf("1–%d of 40", shown); got != want || !c.prev.Disabled() {
		t.Errorf("pager says %q (back enabled: %v), want %q", got, !c.prev.Disabled(), want)
	}
	act(m, func() { test.Tap(c.next) })
	if got := c.drawing.Page; got.First != shown {
		t.Errorf("after Next the chart shows from item %d, want %d", got.First, shown)
	}
	// The table lists them in the same order.
	if got := m.overview.policies.rows[0].Domain; got != "d09.example" {
		t.Errorf("first table row %q", got)
	}
}

// A policy whose MTA-STS mode changed between its reports says so.
func TestModeChangeShownInThePolicyRow(t *testing.T) {
	mx := []string{"mx.m.example"}
	m := newTestWindow(t)
	drop(m, writeReports(t,
		testgen.Report("Org", "1", "", "2026-09-30T00:00:00Z", "2026-10-01T00:00:00Z", testgen.STSPolicy("m.example", "testing", mx, "86400", 10, 0)),
		testgen.Report("Org", "2", "", "2026-10-01T00:00:00Z", "2026-10-02T00:00:00Z", testgen.STSPolicy("m.example", "enforce", mx, "86400", 10, 0)),
	))
	if got := m.overview.policies.cellText(0, 2); got != "testing → enforce from 2026-10-01" {
		t.Errorf("STS mode column = %q", got)
	}
}

// Microsoft lists the same 4 sessions under the domain's tlsa and sts
// policies: the window counts them once and says so on each policy row.
func TestSharedSessionsCountedOnceAndShown(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "sebastka-tlsrpt_microsoft-tlsa-sts.json"))
	if got := m.overview.sessions.value.Text; got != "4" {
		t.Errorf("sessions card = %q, want 4", got)
	}
	p := m.overview.policies
	last := len(p.cols) - 1
	for row := range p.rows {
		other := map[report.PolicyType]string{report.PolicySTS: "tlsa", report.PolicyTLSA: "sts"}[p.rows[row].Type]
		if got, want := p.cellText(row, last), "also under "+other+" in 1 report"; got != want {
			t.Errorf("%s row: %q, want %q", p.rows[row].Type, got, want)
		}
	}
}

// Tab reaches every control of the filter bar, the chart and the table of
// the Overview.
func TestFilterBarAndChartsReachableByTab(t *testing.T) {
	m := loadTwo(t)
	want := map[fyne.Focusable]string{
		m.filters.domains: "domain picker", m.filters.orgs: "reporter picker",
		m.filters.from: "from", m.filters.to: "to",
		m.overview.chart: "policy chart", m.overview.policies: "policies table",
	}
	c := m.win.Canvas()
	for range 100 {
		act(m, func() { c.FocusNext() })
		delete(want, c.Focused())
	}
	if len(want) > 0 {
		t.Errorf("Tab never reaches %v", want)
	}
}

// A filter set before reports arrive applies to them as they load.
func TestLoadFollowsTheFilter(t *testing.T) {
	m := newTestWindow(t)
	act(m, func() { m.filtering.set(analysis.Filter{Domains: []string{"example.com"}}) })
	drop(m, sample(t, "parsedmarc_rfc8460.json"), sample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	look(m, overviewView)
	checkState(t, "loaded under a filter", m, windowState{"1", "100", "10", 2, []string{"domain example.com"}, overviewView})
	if got := m.status.text.Text; !strings.Contains(got, "2 files read: 2 reports") {
		t.Errorf("status = %q, want every report read counted", got)
	}
}
