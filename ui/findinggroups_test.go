package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// 8,000 findings over 100 domains: the Findings tab lists a header a
// domain, collapsed but for the selected finding's, each counting its
// findings by severity as a plain count of the findings says; headers
// expand and collapse on a click or Enter, all at once from the buttons;
// selecting, the detail, Mute, Show the failure rows and a notification's
// finding all work on a finding of a collapsed domain.
func TestFindingsGroupedByDomain(t *testing.T) {
	const domains, hosts = 100, 80
	m := windowOnLibrary(t, t.TempDir())
	var ui uiTimer
	ui.watch(m)
	// A library judges as of today: the story ends yesterday.
	day1 := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -2)
	drop(m, writeReports(t, testgen.ManyFindings(domains, hosts, day1)...))
	look(m, findingsView)
	// The load's longest call apart from the tab's own afterwards.
	loadLongest, loadCPU, loadCalls := ui.longest, ui.cpu, ui.calls
	ui.longest, ui.cpu, ui.calls = 0, 0, 0
	ft := m.findings
	if len(ft.findings) != domains*hosts {
		t.Fatalf("%d findings, want %d", len(ft.findings), domains*hosts)
	}

	// The independent count: by domain and severity, from the findings.
	type tally struct{ n, critical, warning, info, muted int }
	count := func() map[string]*tally {
		by := map[string]*tally{}
		for i := range ft.findings {
			f := &ft.findings[i]
			c := by[f.PolicyDomain]
			if c == nil {
				c = &tally{}
				by[f.PolicyDomain] = c
			}
			c.n++
			switch {
			case ft.muted(f):
				c.muted++
			case f.Severity == analysis.SeverityCritical:
				c.critical++
			case f.Severity == analysis.SeverityWarning:
				c.warning++
			default:
				c.info++
			}
		}
		return by
	}
	want := func(c *tally) (word, note string) {
		var parts []string
		for _, p := range []struct {
			n         int
			one, many string
		}{{c.critical, "critical", "critical"}, {c.warning, "warning", "warnings"}, {c.info, "info", "info"}, {c.muted, "muted", "muted"}} {
			switch {
			case p.n == 1:
				parts = append(parts, "1 "+p.one)
			case p.n > 1:
				parts = append(parts, fmt.Sprintf("%d %s", p.n, p.many))
			}
		}
		switch {
		case c.critical > 0:
			word = "CRITICAL"
		case c.warning > 0:
			word = "WARNING"
		default:
			word = "INFO"
		}
		return word, fmt.Sprintf("%d findings: %s", c.n, strings.Join(parts, ", "))
	}
	headers := func() (n int) {
		t.Helper()
		by := count()
		for r, row := range ft.rows {
			if row.finding >= 0 {
				continue
			}
			n++
			line, note := rowTexts(t, m, r)
			d := ft.groups[row.group].domain
			word, wantNote := want(by[d])
			if !strings.HasSuffix(line, d+" · "+word) || note != wantNote {
				t.Errorf("header of %s: %q / %q, want %s and %q", d, line, note, word, wantNote)
			}
		}
		return n
	}
	first := ft.groupOf(0)
	if n := headers(); n != domains || len(ft.rows) != domains+len(ft.groups[first].members) {
		t.Errorf("%d headers and %d rows, want %d headers and the selected finding's domain expanded (%d rows)",
			n, len(ft.rows), domains, domains+len(ft.groups[first].members))
	}

	act(m, func() { ft.expandAll(false) })
	if len(ft.rows) != domains || ft.selected != 0 || ft.listed != -1 || ft.title.Text != line(ft.findings[0].Title) {
		t.Errorf("Collapse all: %d rows, finding %d selected on row %d, detail %q", len(ft.rows), ft.selected, ft.listed, ft.title.Text)
	}
	act(m, func() { ft.expandAll(true) })
	if len(ft.rows) != domains+domains*hosts || ft.listed != ft.rowOf(0) {
		t.Errorf("Expand all: %d rows, the selected on row %d", len(ft.rows), ft.listed)
	}
	act(m, func() { ft.expandAll(false) })

	// A click on a header, then Enter on it, expand and collapse it.
	act(m, func() { ft.list.Select(5) })
	g := ft.rows[5].group
	if !ft.isExpanded(g) || len(ft.rows) != domains+len(ft.groups[g].members) || ft.selected != 0 {
		t.Errorf("a click on header 5: expanded %v, %d rows, selected %d", ft.isExpanded(g), len(ft.rows), ft.selected)
	}
	act(m, func() { m.win.Canvas().Focus(ft.list) })
	for range 5 {
		act(m, func() { ft.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown}) })
	}
	act(m, func() { ft.list.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if ft.isExpanded(g) || len(ft.rows) != domains {
		t.Errorf("Enter on header 5: expanded %v, %d rows", ft.isExpanded(g), len(ft.rows))
	}

	// A finding of a collapsed domain, picked: shown, muted, its rows.
	i := ft.groups[7].members[3]
	f := ft.findings[i]
	act(m, func() { ft.pick(i) })
	if ft.selected != i || ft.rows[ft.listed].finding != i || ft.title.Text != line(f.Title) {
		t.Fatalf("picked %d: selected %d, row %d, detail %q", i, ft.selected, ft.listed, ft.title.Text)
	}
	act(m, func() { ft.muteFor.SetSelected(muteChoices[0].label) })
	if !ft.muted(&f) {
		t.Fatal("Mute did not mute the picked finding")
	}
	headers()
	act(m, func() { ft.showRows.OnTapped() })
	if rows := m.result.Filter; len(rows.MXHosts) != 1 || rows.MXHosts[0] != f.Subject {
		t.Errorf("Show the failure rows: filter %v, want %s's", rows, f.Subject)
	}
	act(m, m.back)

	// A notification's finding, in a collapsed domain, shown selected.
	j := ft.groups[domains-1].members[0]
	k := ft.findings[j].Key()
	look(m, domainsView)
	m.notes.told = k
	act(m, m.showNotified)
	if m.tabs.Selected() != ft.item || ft.selected != j || ft.listed < 0 || ft.rows[ft.listed].finding != j {
		t.Errorf("notification's finding %d: selected %d on row %d", j, ft.selected, ft.listed)
	}
	// A measurement, not a limit: the machine is shared.
	t.Logf("%d findings, %d groups: longest UI-thread call %v (CPU %v) over %d calls while loading and showing them; %v (CPU %v) over %d calls on the Findings tab after",
		len(ft.findings), len(ft.groups), loadLongest, loadCPU, loadCalls, ui.longest, ui.cpu, ui.calls)
}

// rowTexts are the texts the list shows on row r, as its item renders them.
func rowTexts(t *testing.T, m *mainWindow, r int) (line, note string) {
	t.Helper()
	o := m.findings.list.CreateItem()
	m.findings.list.UpdateItem(r, o)
	lines := o.(*fyne.Container).Objects[0].(*fyne.Container).Objects
	return lines[0].(*widget.Label).Text, lines[1].(*widget.Label).Text
}
