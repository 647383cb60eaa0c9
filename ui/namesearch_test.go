package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// The Reporter… and Domain… pickers find names by the rule the command
// line's -org and -domain use (analysis.Search): on the real samples each
// typed text offers the names the command line takes it for, in the same
// order, and picking the one offered keeps the reports the whole name
// keeps (trial: "summary -org google" found nothing where the window
// offered Google Inc.).
func TestPickersFindNamesAsTheCommandLine(t *testing.T) {
	m := newTestWindow(t)
	drop(m, realDir(t))
	snap := m.loads.analysis.Snapshot()
	for _, c := range []struct {
		p     *picker
		typed string
		want  []string // read off the samples' organization-name and policy-domain fields
	}{
		{m.filters.orgs, "google", []string{"Google Inc."}},
		{m.filters.orgs, "GOOGLE", []string{"Google Inc."}},
		{m.filters.orgs, "example", []string{"Example Inc.", "Example LLC.", "Example Reporter", "Reporter Example"}},
		{m.filters.orgs, "micro", []string{"Microsoft Corporation"}},
		{m.filters.domains, "GÖPHER", []string{"xn--gpher-jua.test"}},
		{m.filters.domains, "xn--gpher", []string{"xn--gpher-jua.test"}},
	} {
		act(m, func() { c.p.SetText(""); test.Type(c.p, c.typed) })
		var got []string
		for _, it := range c.p.matches {
			got = append(got, it.value)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("typing %q offers %v, want %v", c.typed, got, c.want)
		}
		// What the command line takes the same text for.
		var f analysis.Filter
		if c.p == m.filters.orgs {
			f.Organizations = []string{c.typed}
		} else {
			f.Domains = []string{c.typed}
		}
		_, found := snap.FindNames(f)
		if len(found) != 1 || !slices.Equal(found[0].Names, c.want) {
			t.Errorf("the command line finds %q in %+v, the window in %v", c.typed, found, got)
		}
	}

	act(m, func() { m.filters.orgs.SetText(""); test.Type(m.filters.orgs, "google") })
	act(m, func() { m.filters.orgs.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) })
	if got := m.result.Filter.Organizations; !slices.Equal(got, []string{"Google Inc."}) || m.result.Reports != 14 {
		t.Errorf("picking google: reporter %v, %d reports; want Google Inc., 14 (15 report-ids of Google Inc. in the samples, stalwart-mail-auth_rpt03.json unreadable)", got, m.result.Reports)
	}
}
