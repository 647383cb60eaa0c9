//go:build !windows && !linux && !freebsd && !openbsd && !netbsd && !dragonfly

package autostart

// Enable is not offered here.
func Enable(Entry) error { return ErrUnsupported }

// Disable is not offered here.
func Disable(string) error { return ErrUnsupported }

// Enabled is never true here.
func Enabled(string) (bool, error) { return false, ErrUnsupported }
