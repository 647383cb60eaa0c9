//go:build linux || freebsd || openbsd || netbsd || dragonfly

package autostart

import (
	"errors"
	"os"
	"path/filepath"
)

// path is where e's autostart entry is: $XDG_CONFIG_HOME/autostart, or
// ~/.config/autostart when XDG_CONFIG_HOME is unset or not absolute.
func path(id string) (string, error) {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "autostart", id+".desktop"), nil
}

// Enable writes e's autostart entry.
func Enable(e Entry) error {
	p, err := path(e.ID)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(desktopFile(e)), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// Disable removes id's autostart entry; none is not an error.
func Disable(id string) error {
	p, err := path(id)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Enabled tells whether id's autostart entry exists.
func Enabled(id string) (bool, error) {
	p, err := path(id)
	if err != nil {
		return false, err
	}
	_, err = os.Stat(p)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}
