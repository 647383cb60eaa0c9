package cli

import (
	"fmt"
	"os"
	"regexp"
)

// commands are the subcommands main dispatches, for a typo's suggestion.
var commands = []string{"summary", "export", "import", "library", "check", "metrics", "mute", "unmute", "version", "help"}

// commandWord is what a subcommand looks like; a report file or folder
// name has a dot, a slash or a digit far more often than not.
var commandWord = regexp.MustCompile(`^[a-z]{3,12}$`)

// UnknownCommand says what is wrong when the first argument looks like a
// mistyped subcommand ("sumary"), not a path: without it the window opened
// and kept the word's missing path in the library. It reports false for an
// existing path or an argument that does not look like a command word.
func UnknownCommand(arg string) (string, bool) {
	if !commandWord.MatchString(arg) {
		return "", false
	}
	if _, err := os.Stat(arg); err == nil {
		return "", false
	}
	best, dist := "", 3 // suggest only within two edits
	for _, c := range commands {
		if d := editDistance(arg, c); d < dist {
			best, dist = c, d
		}
	}
	if best == "" {
		return fmt.Sprintf("unknown command %q, and no file or folder of that name (-h for help)", arg), true
	}
	return fmt.Sprintf("unknown command %q, did you mean %s?", arg, best), true
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
