package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// The front page lists each domain once, worst first, and a double-click
// opens that domain's slice in the tab that answers next.
func TestDomainsFrontPage(t *testing.T) {
	m := newTestWindow(t)
	// The RFC 8460 example (company-y.example: testing mode, 303 failed,
	// four warnings) beside a clean domain of another report.
	drop(m, sample(t, "parsedmarc_rfc8460.json"), writeReports(t,
		testgen.Report("Org", "1", "", "2016-04-01T00:00:00Z", "2016-04-01T23:59:59Z",
			testgen.Policy("sts", "clean.example", 50, 0), testgen.Policy("tlsa", "clean.example", 50, 0))))
	if m.tabs.Selected() != m.items[domainsView] {
		t.Fatalf("selected %q at launch, want the Domains", m.tabs.Selected().Text)
	}
	rows := m.domains.table.rows
	var got []string
	for i := range rows {
		got = append(got, m.domains.table.cellText(i, 0)+" "+m.domains.table.cellText(i, 1)+" "+m.domains.table.cellText(i, 4))
	}
	want := fmt.Sprint([]string{"Warning company-y.example 5,629", "OK clean.example 50"})
	if fmt.Sprint(got) != want {
		t.Errorf("rows %q, want %s", got, want)
	}
	act(m, func() { m.domains.table.Select(widget.TableCellID{Row: 0, Col: 1}) })
	act(m, m.domains.table.activate)
	if f := m.result.Filter; len(f.Domains) != 1 || f.Domains[0] != "company-y.example" || m.tabs.Selected() != m.findings.item {
		t.Errorf("after opening the first row: filter %v, tab %q", f, m.tabs.Selected().Text)
	}
}

// After a click on a row, Down moves to the next row and Enter opens it,
// as the hint says (the trial found both did nothing).
func TestDomainsKeysGoOnFromTheRowClicked(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"), writeReports(t,
		testgen.Report("Org", "1", "", "2016-04-01T00:00:00Z", "2016-04-01T23:59:59Z",
			testgen.Policy("sts", "a.example", 50, 0), testgen.Policy("sts", "b.example", 50, 0))))
	look(m, domainsView)
	d := m.domains.table
	if len(d.rows) != 3 {
		t.Fatalf("%d rows, want 3", len(d.rows))
	}
	act(m, func() { test.TapAt(d, rowPosition(d, 0)) })
	if m.win.Canvas().Focused() != d || d.selected != 0 {
		t.Fatalf("a click on row 0: focus %v, selected %d", m.win.Canvas().Focused(), d.selected)
	}
	press(m, fyne.KeyDown)
	if d.selected != 1 {
		t.Fatalf("Down after the click selected row %d, want 1", d.selected)
	}
	want := d.rows[1].Domain
	press(m, fyne.KeyReturn)
	if f := m.result.Filter; len(f.Domains) != 1 || f.Domains[0] != want {
		t.Errorf("Enter opened %v, want %s", f.Domains, want)
	}
}
