package textfmt

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShort(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"mx.example", 10, "mx.example"},
		// 11 runes into 10: 6 from the start, "…", 3 from the end.
		{"mx1.example", 10, "mx1.ex…ple"},
		{"ääääääbbbbcc", 7, "ääää…cc"},
		{"abc", 1, "a"},
	} {
		if got := Short(c.in, c.max); got != c.want {
			t.Errorf("Short(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
	long := strings.Repeat("x", 100_000) + "tail.example"
	got := Short(long, LineRunes)
	if n := utf8.RuneCountInString(got); n != LineRunes {
		t.Errorf("a 100,012-rune text shortened to %d runes, want %d", n, LineRunes)
	}
	// 199 runes beside the "…": 132 before it, 67 after it.
	if !strings.HasSuffix(got, "…"+strings.Repeat("x", 55)+"tail.example") {
		t.Errorf("the end is not kept: %q", got[len(got)-80:])
	}
}

func TestParagraphs(t *testing.T) {
	for _, c := range []struct {
		in        string
		long, max int
		want      string
	}{
		{"short\ntext", 10, 10, "short\ntext"},
		// The last space in the second half of the first 10 runes.
		{"aaaa bbb cc dddd", 10, 10, "aaaa bbb\ncc dddd"},
		// A paragraph no longer than long is left to wrap at the width.
		{"aaaa bbb cc dddd", 16, 10, "aaaa bbb cc dddd"},
		{"aaaa bbb cc dddd\n" + strings.Repeat("ä", 25), 16, 10, "aaaa bbb cc dddd\n" + strings.Repeat("ä", 10) + "\n" + strings.Repeat("ä", 10) + "\n" + strings.Repeat("ä", 5)},
		// A sentence end in the second half before a later space.
		{"aaa bbb. cc ddd eee", 10, 12, "aaa bbb.\ncc ddd eee"},
		// A space in the first half is too early: 10 runes, then the rest.
		{"aa bbbbbbbbbbbbbbb", 10, 10, "aa bbbbbbb\nbbbbbbbb"},
		{strings.Repeat("ä", 25), 10, 10, strings.Repeat("ä", 10) + "\n" + strings.Repeat("ä", 10) + "\n" + strings.Repeat("ä", 5)},
		{"x\n" + "aaaaa bbbbb ccccc", 10, 10, "x\naaaaa\nbbbbb\nccccc"},
	} {
		if got := Paragraphs(c.in, c.long, c.max); got != c.want {
			t.Errorf("Paragraphs(%q, %d, %d) = %q, want %q", c.in, c.long, c.max, got, c.want)
		}
	}
	// A 2,000-rune name in ten lines of 200 runes.
	got := Paragraphs(strings.Repeat("a", 2000), LongParagraphRunes, ParagraphRunes)
	if lines := strings.Split(got, "\n"); len(lines) != 10 || len(lines[9]) != 200 {
		t.Errorf("2,000 runes in %d lines, want 10 of 200", len(lines))
	}
	// 1,000 runes of words: as long as a paragraph may be and still whole.
	words := strings.Repeat("word ", 199) + "word."
	if got := Paragraphs(words, LongParagraphRunes, ParagraphRunes); got != words {
		t.Errorf("a %d-rune paragraph was broken into %d lines", len(words), strings.Count(got, "\n")+1)
	}
}
