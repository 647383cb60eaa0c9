package textfmt

import "unicode/utf8"

// The window lays out every text it shows, and Fyne measures a text whole
// (through harfbuzz) each time it is laid out: a 100,000-character
// organization-name, which anyone can put in a report, kept the UI thread
// busy for over two minutes. These bounds cap what any widget holds.
const (
	// LineRunes bounds a text shown on one line: a table cell, a banner
	// folded, a heading, a list row, the status bar.
	LineRunes = 200
	// DetailRunes bounds a text shown whole: the detail view beside a
	// table, a banner unfolded. Longer than any real report field.
	DetailRunes = 2000
)

// Short keeps at most max runes of s. A longer text loses its middle, not
// its end, to one "…": host names and addresses differ at the end
// ("mx1.example.com", "mx2.example.com") as often as names at the start.
func Short(s string, max int) string {
	if len(s) <= max || utf8.RuneCountInString(s) <= max {
		return s
	}
	if max < 2 {
		return string([]rune(s)[:max])
	}
	head := (max - 1) * 2 / 3
	tail := max - 1 - head
	start, end := 0, len(s)
	for i := 0; i < head; i++ {
		_, n := utf8.DecodeRuneInString(s[start:])
		start += n
	}
	for i := 0; i < tail; i++ {
		_, n := utf8.DecodeLastRuneInString(s[:end])
		end -= n
	}
	return s[:start] + "…" + s[end:]
}
