package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// The Findings detail wraps at the width only: a line break the window
// did not write left 'still seen on' alone on a line above '2026-12-06.',
// and went with the text a user selects and copies from the label. The
// testing-mode finding of the RFC 8460 example (a title of 300-odd runes)
// and the STARTTLS advice (270-odd) were both broken at 200 runes.
func TestFindingsDetailHoldsTheTextWhole(t *testing.T) {
	m := newTestWindow(t)
	drop(m, realDir(t))
	look(m, findingsView)
	long := 0
	for i := range m.findings.findings {
		f := m.findings.findings[i]
		if utf8.RuneCountInString(f.Title) > textfmt.ParagraphRunes || utf8.RuneCountInString(f.Advice) > textfmt.ParagraphRunes {
			long++
		}
		act(m, func() { m.findings.pick(i) })
		// What the user copies from each label is what it holds.
		for _, c := range []struct{ what, got, want string }{
			{"title", m.findings.title.Text, f.Title},
			{"advice", m.findings.advice.Text, f.Advice},
		} {
			if strings.Contains(c.want, "\n") {
				t.Fatalf("%s %s: the finding's own text has a line break: %q", f.Kind, c.what, c.want)
			}
			if c.got != c.want {
				t.Errorf("%s %s (%d runes) shown as\n%q\nwant\n%q", f.Kind, c.what, utf8.RuneCountInString(c.want), c.got, c.want)
			}
		}
	}
	if long < 2 {
		t.Fatalf("%d findings of testdata/real say more than %d runes in a paragraph, want 2 or more", long, textfmt.ParagraphRunes)
	}
}
