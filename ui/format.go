package ui

import "strings"

// displaySources shortens source paths to what follows the folder they all
// share, and long ones from the start, so the table shows file names rather
// than the same long prefix; selecting a row shows the full path.
func displaySources(sources []string) func(string) string {
	if len(sources) == 0 {
		return func(s string) string { return s }
	}
	prefix := sources[0]
	for _, s := range sources[1:] {
		for !strings.HasPrefix(s, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	if i := strings.LastIndexAny(prefix, `/\`); i >= 0 {
		prefix = prefix[:i+1]
	} else {
		prefix = ""
	}
	return func(s string) string { return keepEnd(strings.TrimPrefix(s, prefix), maxSourceRunes) }
}

// maxSourceRunes is about what the source column shows at 1280 px.
const maxSourceRunes = 48

// keepEnd shortens s from the start: of a path, the file name at its end is
// what tells rows apart.
func keepEnd(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}
