package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// setText is the one way text reaches a label: shortened to a line's
// bound, or to the detail bound when the label wraps (it then shows the
// text whole), so that no label is ever measured with a text a report
// made as long as it liked.
func setText(l *widget.Label, text string) {
	l.SetText(shown(text, l.Wrapping != fyne.TextWrapOff))
}

// line is textfmt.Line of a text shortened to the detail bound first: Line
// reads a text whole, and a report's names can be as long as it likes.
func line(s string) string {
	return textfmt.Line(textfmt.Short(s, textfmt.DetailRunes))
}

// shown is text as a widget may hold it: whole (up to the detail bound, in
// paragraphs Fyne wraps quickly: only an overlong one is broken) or as one
// line.
func shown(text string, whole bool) string {
	if whole {
		return textfmt.Paragraphs(textfmt.Short(text, textfmt.DetailRunes), textfmt.LongParagraphRunes, textfmt.ParagraphRunes)
	}
	return textfmt.Short(text, textfmt.LineRunes)
}
