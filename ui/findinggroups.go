package ui

import (
	"cmp"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// The Findings list is grouped by policy domain: a header row a domain,
// its findings below it when expanded. Thousands of findings over a
// hundred domains read as a hundred rows, worst first, each saying what it
// holds; the domain of the selected finding is expanded to show it.

// findingGroup is one policy domain's findings, indexes into the tab's
// findings in their order (most urgent first).
type findingGroup struct {
	domain  string
	members []int
	// rank is the index of its first finding not muted (findings come
	// most urgent first), len(findings) when all are muted.
	rank int
}

// findingRow is one row of the list: a group's header (finding < 0) or one
// of its findings.
type findingRow struct {
	group, finding int
}

// groupedList is the findings list, where Enter does what Space does in a
// widget.List: it selects the focused row, which for a header expands or
// collapses it.
type groupedList struct {
	widget.List
}

func (l *groupedList) TypedKey(e *fyne.KeyEvent) {
	if e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter {
		e = &fyne.KeyEvent{Name: fyne.KeySpace}
	}
	l.List.TypedKey(e)
}

// regroup makes the groups of the tab's findings, in the order of their
// most urgent finding not muted, the groups whose findings are all muted
// last (the trial saw "dane.example · all muted" above a critical
// domain), and the rows the expanded ones show. A lone domain is always
// expanded: a header alone would only hide its findings.
func (t *findingsTab) regroup() {
	t.groups = t.groups[:0]
	at := map[string]int{}
	for i := range t.findings {
		d := t.findings[i].PolicyDomain
		g, ok := at[d]
		if !ok {
			g = len(t.groups)
			at[d] = g
			t.groups = append(t.groups, findingGroup{domain: d, rank: len(t.findings)})
		}
		t.groups[g].members = append(t.groups[g].members, i)
		if t.groups[g].rank == len(t.findings) && !t.muted(&t.findings[i]) {
			t.groups[g].rank = i
		}
	}
	// Stable: all-muted groups keep the order of their most urgent finding.
	slices.SortStableFunc(t.groups, func(x, y findingGroup) int { return cmp.Compare(x.rank, y.rank) })
	t.rerow()
}

// rerow makes the rows from the groups and which of them are expanded.
func (t *findingsTab) rerow() {
	t.rows = t.rows[:0]
	for g := range t.groups {
		t.rows = append(t.rows, findingRow{g, -1})
		if t.isExpanded(g) {
			for _, i := range t.groups[g].members {
				t.rows = append(t.rows, findingRow{g, i})
			}
		}
	}
}

func (t *findingsTab) isExpanded(g int) bool {
	return len(t.groups) == 1 || t.expanded[t.groups[g].domain]
}

// groupOf is the group of finding i.
func (t *findingsTab) groupOf(i int) int {
	for g := range t.groups {
		if d := t.groups[g].domain; d == t.findings[i].PolicyDomain {
			return g
		}
	}
	return -1
}

// rowOf is the row showing finding i; -1 when its group is collapsed.
func (t *findingsTab) rowOf(i int) int {
	for r, row := range t.rows {
		if row.finding == i {
			return r
		}
	}
	return -1
}

// toggle expands or collapses group g, keeping the selected finding
// selected where it stays on show.
func (t *findingsTab) toggle(g int) {
	d := t.groups[g].domain
	t.setExpanded(func(domain string) bool {
		if domain == d {
			return !t.expanded[d]
		}
		return t.expanded[domain]
	})
}

// expandAll expands every group, or collapses every one.
func (t *findingsTab) expandAll(on bool) {
	t.setExpanded(func(string) bool { return on })
}

func (t *findingsTab) setExpanded(on func(domain string) bool) {
	for _, g := range t.groups {
		if on(g.domain) {
			t.expanded[g.domain] = true
		} else {
			delete(t.expanded, g.domain)
		}
	}
	t.rerow()
	t.list.Refresh()
	t.selectRow(t.selected)
}

// selectRow marks finding i's row selected in the list, or none when it
// is not on show; the detail stays as it is.
func (t *findingsTab) selectRow(i int) {
	r := -1
	if i >= 0 && i < len(t.findings) {
		r = t.rowOf(i)
	}
	t.selecting = true
	defer func() { t.selecting = false }()
	t.listed = r
	if r < 0 {
		t.list.UnselectAll()
		return
	}
	t.list.Select(r)
}

// expand shows finding i's group expanded.
func (t *findingsTab) expand(i int) {
	if g := t.groupOf(i); g >= 0 && !t.isExpanded(g) {
		t.expanded[t.groups[g].domain] = true
		t.rerow()
		t.list.Refresh()
	}
}

// pick selects finding i as the user would: its group expanded, its row
// selected and scrolled to.
func (t *findingsTab) pick(i int) {
	t.expand(i)
	r := t.rowOf(i)
	t.list.Select(r)
	t.list.ScrollTo(r)
	t.picked = true
}

// headerTexts are a group's header's line and note: the domain with its
// worst severity, and how many findings of each severity it holds, the
// muted counted apart. The worst is among those not muted.
func (t *findingsTab) headerTexts(g int) (line, note string, worst analysis.Severity) {
	grp := &t.groups[g]
	fs := make([]analysis.Finding, len(grp.members))
	for k, i := range grp.members {
		fs[k] = t.findings[i]
	}
	shown, muted := withoutMuted(fs, t.muted)
	arrow := "▸ "
	if t.isExpanded(g) {
		arrow = "▾ "
	}
	word := "all muted"
	worst = analysis.SeverityInfo
	if len(shown) > 0 {
		worst = shown[0].Severity
		word = severityWord(worst)
	}
	return arrow + textfmt.Domain(grp.domain) + " · " + word,
		textfmt.Counted(len(fs), "finding", "findings") + ": " + analysis.CountsMutedApart(shown, muted), worst
}
