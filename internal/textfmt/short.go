package textfmt

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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

// Fyne wraps a paragraph by measuring what is left of it once for every
// row it makes and again at each step of a search for the row's end, so the
// cost grows with the square of the paragraph: a 2,000-rune paragraph took
// 60–110 ms to lay out in a 600-point label, the same text in paragraphs of
// 200 runes 1 ms. In the window's test with a 100,000-character name,
// 500-rune paragraphs still made a 117 ms UI call, 200-rune ones 54 ms.
const (
	// LongParagraphRunes is where a paragraph is too long to wrap whole.
	// The window's own paragraphs stay far below it (the longest, a
	// testing-mode finding's title naming three MX hosts, is under 400
	// runes) and wrap at the width only: a line break the window did not
	// write leaves a mostly empty line mid-sentence and is copied with the
	// text. Only a name a report made as long as it liked goes past it.
	LongParagraphRunes = 1000
	// ParagraphRunes bounds the lines a longer paragraph is broken into.
	ParagraphRunes = 200
)

// Paragraphs breaks each paragraph of s longer than long runes into lines
// of at most max runes, each ending at its last sentence end, else its last
// space, where one is in its second half, else after max runes.
func Paragraphs(s string, long, max int) string {
	if len(s) <= long {
		return s
	}
	var b strings.Builder
	for i, para := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if utf8.RuneCountInString(para) <= long {
			b.WriteString(para)
			continue
		}
		for utf8.RuneCountInString(para) > max {
			cut, space, sentence := 0, -1, -1
			prev := ' '
			for n := 0; n < max; n++ {
				r, size := utf8.DecodeRuneInString(para[cut:])
				if unicode.IsSpace(r) && n >= max/2 {
					space = cut
					if prev == '.' {
						sentence = cut
					}
				}
				prev = r
				cut += size
			}
			if sentence >= 0 {
				space = sentence
			}
			rest := cut
			if space >= 0 {
				cut = space
				_, size := utf8.DecodeRuneInString(para[space:])
				rest = space + size
			}
			b.WriteString(para[:cut])
			b.WriteByte('\n')
			para = para[rest:]
		}
		b.WriteString(para)
	}
	return b.String()
}
