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
