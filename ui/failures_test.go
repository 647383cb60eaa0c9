package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

func loadFailures(t *testing.T) *failuresTab {
	t.Helper()
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"), sample(t, "tls-rpt-monitor_microsoft-report_edited-malformed.json"))
	look(m, failuresView)
	if n := len(m.failures.table.rows); n != 4 {
		t.Fatalf("%d failure rows, want 4", n)
	}
	return m.failures
}

func columnText(f *failuresTab, col int) []string {
	var out []string
	for r := range f.table.rows {
		out = append(out, f.table.cellText(r, col))
	}
	return out
}

func TestFailuresSortByHeader(t *testing.T) {
	f := loadFailures(t)
	typeCol := slices.Index(f.sortedBy, analysis.ByResultType)

	f.sortBy(typeCol)
	asc := columnText(f, typeCol)
	if !slices.IsSorted(asc) {
		t.Errorf("result types not ascending: %q", asc)
	}
	if f.table.sortCol != typeCol || f.table.desc {
		t.Error("the sort arrow does not point up on the result type header")
	}

	f.sortBy(typeCol)
	desc := columnText(f, typeCol)
	slices.Reverse(desc)
	if !slices.IsSorted(desc) {
		t.Errorf("a second tap should reverse the order: %q", columnText(f, typeCol))
	}

	failedCol := slices.Index(f.sortedBy, analysis.ByFailedSessions)
	f.sortBy(failedCol)
	if got := columnText(f, failedCol); got[0] != "200" {
		t.Errorf("sorting by failed sessions starts with the largest, got %q", got)
	}
}

func TestFailuresFilter(t *testing.T) {
	f := loadFailures(t)
	test.Type(f.filter, "STARTTLS")
	if n := len(f.table.rows); n != 1 || f.table.rows[0].ResultType != "starttls-not-supported" {
		t.Errorf("filter kept %d rows", n)
	}
	if f.shown.Text != "1 of 4 rows" {
		t.Errorf("count label = %q", f.shown.Text)
	}
	f.filter.SetText("")
	if len(f.table.rows) != 4 || f.shown.Text != "4 rows" {
		t.Errorf("clearing the filter shows %d rows (%q)", len(f.table.rows), f.shown.Text)
	}
}

func TestFailuresExplainResultTypes(t *testing.T) {
	f := loadFailures(t)

	f.types.OnSelected(widget.TableCellID{Row: slices.IndexFunc(f.types.rows, func(c analysis.Count) bool { return c.Name == "certificate-expired" })})
	text := f.explanation.String()
	if !strings.Contains(text, "Certificate expired (certificate-expired)") || !strings.Contains(text, "Renew the certificate") {
		t.Errorf("explanation of certificate-expired = %q", text)
	}

	f.explain("Testing", analysis.Site{})
	if text := f.explanation.String(); !strings.Contains(text, "not defined by RFC 8460") {
		t.Errorf("a non-standard result type gets %q", text)
	}

	row := slices.IndexFunc(f.table.rows, func(r analysis.FailureRow) bool { return r.AdditionalInformation != "" })
	f.table.OnSelected(widget.TableCellID{Row: row})
	if !strings.Contains(f.explanation.String(), "STARTTLS not offered") {
		t.Errorf("selecting a row should explain its result type, got %q", f.explanation.String())
	}
	// Its advice names the row's host (RFC 8460's example report), in the
	// findings' words: one advice per result type.
	if !strings.Contains(f.explanation.String(), "Enable STARTTLS with a valid certificate on mx2.mail.company-y.example (in Postfix") {
		t.Errorf("the row's advice does not name its host: %q", f.explanation.String())
	}
	// The link stays a plain Label: nothing in the window can open it.
	if !strings.Contains(f.detail.Text, "https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported") {
		t.Errorf("the reporter's link is not shown as text: %q", f.detail.Text)
	}
}

// TestFailuresAdviceFollowsTheFilter checks that a result type's advice
// names the one host the filter narrows to, and general words without one.
func TestFailuresAdviceFollowsTheFilter(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	act(m, func() { m.drill(analysis.Filter{MXHosts: []string{"mx1.mail.company-y.example"}}, failuresView) })
	if text := m.failures.explanation.String(); !strings.Contains(text, "Renew the certificate of mx1.mail.company-y.example,") {
		t.Errorf("advice under a one-host filter: %q", text)
	}
	act(m, m.clearFilters)
	look(m, failuresView)
	m.failures.explain("certificate-expired", m.failures.site)
	if text := m.failures.explanation.String(); !strings.Contains(text, "Renew the certificate of the MX hosts,") {
		t.Errorf("advice without a host filter: %q", text)
	}
}
