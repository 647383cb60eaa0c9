package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
)

// The status line after a filtered export names the filter; once the
// filter changes it would speak of one no longer in effect ('Wrote 4 files
// to … (filtered: from 2026-11-01; severity info)' after Clear filters), so
// it goes. An export of everything says nothing of a filter and stays.
func TestStatusNamingAFilterGoesWithIt(t *testing.T) {
	m := loadTwo(t)
	under := analysis.Filter{Domains: []string{"company-y.example"}, From: time.Date(2016, 4, 1, 0, 0, 0, 0, time.UTC)}
	act(m, func() { m.filtering.set(under) })
	dir := t.TempDir()
	act(m, func() { m.exportTo(export.Tables, dir) })
	said := m.status.text.Text
	if !strings.HasPrefix(said, "Wrote ") || !strings.HasSuffix(said, " to "+dir+" (filtered: domain company-y.example; from 2016-04-01)") {
		t.Fatalf("status after the export %q", said)
	}
	look(m, failuresView) // the same filter, another tab: still true
	if got := m.status.text.Text; got != said {
		t.Errorf("status under the same filter %q, want %q", got, said)
	}
	act(m, m.actions.clearFilters.run)
	if !m.result.Filter.IsZero() {
		t.Fatalf("Clear filters left %v", m.result.Filter)
	}
	if got := m.status.text.Text; got != "" {
		t.Errorf("status after Clear filters %q, want none", got)
	}

	act(m, func() { m.exportTo(export.Tables, t.TempDir()) })
	said = m.status.text.Text
	if !strings.HasPrefix(said, "Wrote ") || strings.Contains(said, "filtered") {
		t.Fatalf("status after an export of everything %q", said)
	}
	act(m, func() { m.filtering.set(under) })
	if got := m.status.text.Text; got != said {
		t.Errorf("status of an export of everything, once filtered %q, want %q", got, said)
	}
}
