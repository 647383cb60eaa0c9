package ui

import "testing"

// Forget all names its buttons, as Remove does: the trial saw "No / Yes"
// with Yes the default of a deletion.
func TestForgetNamesItsButtons(t *testing.T) {
	m := windowOnLibrary(t, t.TempDir())
	act(m, m.library.confirmForget)
	top := m.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Forget all asked nothing")
	}
	findButton(t, top, "Forget all")
	findButton(t, top, "Cancel")
}
