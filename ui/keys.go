package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// windowKeys are the keys the window answers itself, whatever dialog is
// open: Fyne 2.7's dialogs and file dialogs close only by their buttons,
// and its menu bar opens from the keyboard only by pressing and releasing
// Alt. A key reaches the canvas when no widget has the keyboard focus.
func windowKeys(c fyne.Canvas) {
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		switch e.Name {
		case fyne.KeyEscape:
			dismissTop(c)
		case fyne.KeyF10:
			// F10 is the menu key of GTK, KDE and Windows.
			if m, ok := c.(interface{ ToggleMenu() }); ok {
				m.ToggleMenu()
			}
		}
	})
}

// dismissals are how to close each dialog shown by present, by its pop-up
// layer: as its Cancel or Close button would, so that whoever waits for its
// answer hears "no". Used on the UI goroutine only.
var dismissals = map[fyne.CanvasObject]func(){}

// present shows d on c so that Escape closes it.
func present(c fyne.Canvas, d dialog.Dialog) {
	d.Show()
	for layer := range dismissals {
		if !layer.Visible() {
			delete(dismissals, layer) // closed by a button
		}
	}
	if top := c.Overlays().Top(); top != nil {
		dismissals[top] = d.Dismiss
	}
	// A focused text field keeps Escape to itself (Fyne's save dialog
	// focuses its file name): left unfocused, it is one click or Tab away.
	if _, ok := c.Focused().(*widget.Entry); ok {
		c.Unfocus()
	}
}

// dismissTop closes the dialog or pop-up on top of c and reports whether
// there was one. A pop-up not shown by present (a dialog whose Cancel does
// nothing, a menu) is hidden.
func dismissTop(c fyne.Canvas) bool {
	top := c.Overlays().Top()
	if top == nil {
		return false
	}
	if dismiss, ok := dismissals[top]; ok {
		delete(dismissals, top)
		dismiss()
		return true
	}
	top.Hide()
	return true
}

// escaped is what Escape does in every text field the window makes: the
// field keeps the key from the window's handler while it has the keyboard.
// It closes the dialog or pop-up on top, as Escape does anywhere else, or
// else leaves the field, so that the window has the keys again, keeping
// what was typed: a period or the Failures filter is in effect as typed
// (Clear filters or a chip's x drops it), a picker's search waits for the
// next key. It reports whether k was Escape.
func escaped(field fyne.CanvasObject, k *fyne.KeyEvent) bool {
	if k.Name != fyne.KeyEscape {
		return false
	}
	if c := canvasOf(field); c != nil && !dismissTop(c) {
		c.Unfocus()
	}
	return true
}

// canvasOf is the canvas that shows o, nil for an object no window holds
// (a widget embedded in the one it holds). Tests put in its place one as
// strict as GLFW's driver: the test driver answers its window for any
// object.
var canvasOf = func(o fyne.CanvasObject) fyne.Canvas {
	return fyne.CurrentApp().Driver().CanvasForObject(o)
}

// dialogEntry is a text field for a dialog that Escape closes even while
// the field has the keyboard; with completes set, Tab runs onTab instead of
// moving on.
type dialogEntry struct {
	widget.Entry
	completes bool
	onTab     func()
}

func newDialogEntry() *dialogEntry {
	e := &dialogEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// newPasswordField is a dialogEntry that hides what is typed (Fyne adds
// the button that shows it).
func newPasswordField() *dialogEntry {
	e := newDialogEntry()
	e.Password = true
	return e
}

func (e *dialogEntry) AcceptsTab() bool { return e.completes }

func (e *dialogEntry) TypedKey(k *fyne.KeyEvent) {
	switch {
	case escaped(e, k):
	case k.Name == fyne.KeyTab && e.completes && e.onTab != nil:
		e.onTab()
	default:
		e.Entry.TypedKey(k)
	}
}

// dialogSelectEntry is a dialogEntry that also offers a list to pick from.
type dialogSelectEntry struct {
	widget.SelectEntry
}

func newDialogSelectEntry(options []string) *dialogSelectEntry {
	e := &dialogSelectEntry{}
	e.ExtendBaseWidget(e)
	e.SetOptions(options)
	return e
}

func (e *dialogSelectEntry) TypedKey(k *fyne.KeyEvent) {
	if !escaped(e, k) {
		e.SelectEntry.TypedKey(k)
	}
}

// TypedKey lets Escape leave a filter bar entry (escaped).
func (e *barEntry) TypedKey(k *fyne.KeyEvent) {
	if !escaped(e, k) {
		e.Entry.TypedKey(k)
	}
}
