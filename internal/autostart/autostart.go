// Package autostart starts the app when the user logs in: an XDG autostart
// entry ($XDG_CONFIG_HOME/autostart/<id>.desktop) on Linux and the BSDs,
// the Run key on Windows, and an honest ErrUnsupported elsewhere.
package autostart

import (
	"errors"
	"strings"
)

// ErrUnsupported says starting at login is not offered on this system.
var ErrUnsupported = errors.New("starting at login is not supported on this system")

// Entry is what starts at login: id names the entry (the app id), name is
// shown to the user, exe is the executable's path and args follow it.
type Entry struct {
	ID   string
	Name string
	Exe  string
	Args []string
}

// reserved are the characters the Desktop Entry spec says an Exec
// argument must be quoted for.
const reserved = " \t\n\"'\\><~|&;$*?#()`"

// quoteArg quotes one Exec argument per the Desktop Entry spec: within
// double quotes, ", `, $ and \ are escaped with a backslash.
func quoteArg(s string) string {
	if s != "" && !strings.ContainsAny(s, reserved) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		if strings.ContainsRune("\"`$\\", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

// execLine is the Exec key's value as written in the file: the quoted
// arguments, % doubled (field codes), then the string escapes of the
// spec's string type (a backslash becomes \\).
func execLine(e Entry) string {
	args := make([]string, 0, 1+len(e.Args))
	for _, a := range append([]string{e.Exe}, e.Args...) {
		args = append(args, quoteArg(a))
	}
	line := strings.ReplaceAll(strings.Join(args, " "), "%", "%%")
	return escapeValue(line)
}

// escapeValue escapes a value of the string type: backslash, newline,
// tab and carriage return.
func escapeValue(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`, "\r", `\r`).Replace(s)
}

// desktopFile is the autostart entry's content.
func desktopFile(e Entry) string {
	return "[Desktop Entry]\n" +
		"Type=Application\n" +
		"Name=" + escapeValue(e.Name) + "\n" +
		"Exec=" + execLine(e) + "\n" +
		"Terminal=false\n" +
		"X-GNOME-Autostart-enabled=true\n"
}
