//go:build linux || freebsd || openbsd || netbsd || dragonfly

package autostart

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// parseEntry reads a desktop file's [Desktop Entry] keys, undoing the
// string type's escapes.
func parseEntry(t *testing.T, text string) map[string]string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if lines[0] != "[Desktop Entry]" {
		t.Fatalf("first line %q", lines[0])
	}
	keys := map[string]string{}
	for _, l := range lines[1:] {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf("line %q has no =", l)
		}
		var b strings.Builder
		for i := 0; i < len(v); i++ {
			if v[i] == '\\' && i+1 < len(v) {
				i++
				b.WriteByte(map[byte]byte{'\\': '\\', 'n': '\n', 't': '\t', 'r': '\r', 's': ' '}[v[i]])
				continue
			}
			b.WriteByte(v[i])
		}
		keys[k] = b.String()
	}
	return keys
}

// splitExec splits an Exec value into arguments as the spec says a
// launcher does: double quotes group, and in them a backslash escapes
// the next character; %% is a %.
func splitExec(t *testing.T, s string) []string {
	t.Helper()
	var args []string
	var cur strings.Builder
	in, has := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case in && c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case c == '"':
			in, has = !in, true
		case !in && c == ' ':
			if has {
				args = append(args, cur.String())
				cur.Reset()
				has = false
			}
		case c == '%' && i+1 < len(s) && s[i+1] == '%':
			i++
			cur.WriteByte('%')
			has = true
		default:
			if !in && strings.ContainsRune(reserved, rune(c)) {
				t.Fatalf("unquoted reserved %q in %q", c, s)
			}
			cur.WriteByte(c)
			has = true
		}
	}
	if in {
		t.Fatalf("unterminated quote in %q", s)
	}
	if has {
		args = append(args, cur.String())
	}
	return args
}

func TestEnableWritesAnEntryThatParsesBack(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	exe := `/opt/My Apps/tls "rpt" $HOME\x 100%/tlsrpt-analyzer`
	e := Entry{ID: "org.example.tlsrpt", Name: "TLS-RPT Analyzer", Exe: exe, Args: []string{"-tray", "a b"}}
	if err := Enable(e); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(cfg, "autostart", "org.example.tlsrpt.desktop")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	keys := parseEntry(t, string(data))
	for k, want := range map[string]string{"Type": "Application", "Name": "TLS-RPT Analyzer", "X-GNOME-Autostart-enabled": "true"} {
		if keys[k] != want {
			t.Errorf("%s = %q, want %q\n%s", k, keys[k], want, data)
		}
	}
	if got, want := splitExec(t, keys["Exec"]), []string{exe, "-tray", "a b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Exec splits into %q, want %q\n%s", got, want, data)
	}
	if on, err := Enabled(e.ID); !on || err != nil {
		t.Errorf("Enabled = %v, %v after Enable", on, err)
	}
	if err := Disable(e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Errorf("entry still there after Disable: %v", err)
	}
	if on, err := Enabled(e.ID); on || err != nil {
		t.Errorf("Enabled = %v, %v after Disable", on, err)
	}
	if err := Disable(e.ID); err != nil {
		t.Errorf("Disable of no entry: %v", err)
	}
}

func TestPlainPathIsNotQuoted(t *testing.T) {
	if got := execLine(Entry{Exe: "/usr/bin/tlsrpt-analyzer"}); got != "/usr/bin/tlsrpt-analyzer" {
		t.Errorf("Exec = %q", got)
	}
}
