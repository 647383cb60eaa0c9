package ui

import (
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
)

// loadMutes reads the findings muted in the library; it runs on the UI
// goroutine when the library is opened (one row of its meta table).
func (v *libraryView) loadMutes() {
	m, err := v.lib.Mutes()
	if err != nil {
		v.hooks.showError(err)
	}
	v.mutes = m
}

// isMuted tells whether the library mutes f today.
func (v *libraryView) isMuted(f *analysis.Finding) bool {
	return v.mutes.Muted(f, time.Now().UTC().Format(analysis.DayFormat))
}

// muteFinding mutes f until the day until ("" until it changes): shown so
// at once, kept in the library off the UI goroutine.
func (v *libraryView) muteFinding(f *analysis.Finding, until string) {
	v.mutes[f.Key()] = until
	g := *f
	v.keepMutes(func(lib *library.Library) error { return lib.Mute(&g, until) })
}

// unmuteFinding ends f's mute.
func (v *libraryView) unmuteFinding(f *analysis.Finding) {
	delete(v.mutes, f.Key())
	g := *f
	v.keepMutes(func(lib *library.Library) error { return lib.Unmute(&g) })
}

func (v *libraryView) keepMutes(write func(*library.Library) error) {
	lib := v.lib
	v.bridge.spawn(func() {
		if err := write(lib); err != nil {
			v.bridge.do(func() { v.hooks.showError(err) })
		}
	})
}
