package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// DANE failures in reports that name no MX host: neither the Findings tab
// nor the Failures tab writes the words for the host into a TLSA owner
// name ("new TLSA records at _25._tcp.the MX hosts", the trial read).
func TestDANEAdviceWithoutHostInTheWindow(t *testing.T) {
	pol := testgen.Policy("tlsa", "example.com", 1, 3, testgen.Detail("tlsa-invalid", 3, testgen.Obj{}))
	pol["policy"].(testgen.Obj)["policy-string"] = []string{"3 1 1 " + strings.Repeat("ab", 32)}
	m := newTestWindow(t)
	drop(m, writeReports(t, testgen.Report("Microsoft Corporation", "m1", "", "2026-10-05T00:00:00Z", "2026-10-05T23:59:59Z", pol)))
	look(m, findingsView)
	look(m, failuresView)
	shown := func(o fyne.CanvasObject) string {
		var all []string
		walk(o, func(o fyne.CanvasObject) { all = append(all, texts(o)...) })
		return strings.Join(all, " ")
	}
	for where, text := range map[string]string{
		"Findings": shown(m.findings.item.Content),
		"Failures": shown(m.failures.content),
	} {
		if !strings.Contains(text, "TLSA") {
			t.Errorf("%s: no TLSA advice shown: %q", where, text)
		}
		if strings.Contains(text, "_25._tcp.the") {
			t.Errorf("%s: the advice writes a hole into the owner name: %q", where, text)
		}
	}
}
