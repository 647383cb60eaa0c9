package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// Cancel in Watch a folder… and in Add mailbox… returns to Watched
// sources, which asked (the trial found Watched sources closed).
func TestCancelReturnsToWatchedSources(t *testing.T) {
	m := windowOnLibrary(t, t.TempDir())
	for _, button := range []string{"Watch a folder…", "Add mailbox…"} {
		act(m, m.library.showWatches)
		watches := m.win.Canvas().Overlays().Top()
		act(m, func() { test.Tap(findButton(t, watches, button)) })
		if top := m.win.Canvas().Overlays().Top(); top == nil || top == watches {
			t.Fatalf("%s opened no dialog over Watched sources", button)
		}
		// As its Cancel button does.
		act(m, func() { dismissTop(m.win.Canvas()) })
		top := m.win.Canvas().Overlays().Top()
		if top != watches || !watches.Visible() {
			t.Errorf("after Cancel in %s: %v on top, want Watched sources", button, top)
			continue
		}
		if got := strings.Join(shownTexts(top), " "); !strings.Contains(got, "Watched sources") {
			t.Errorf("after Cancel in %s the dialog on top says %q", button, got)
		}
		act(m, func() { dismissTop(m.win.Canvas()) })
	}
}
