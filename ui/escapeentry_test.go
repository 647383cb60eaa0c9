package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
)

// textField is what every text field the window makes is: an entry of
// Fyne's or one built on it. A Select or a button has no placeholder.
type textField interface {
	fyne.Focusable
	SetPlaceHolder(string)
}

// fieldsIn is every text field inside o.
func fieldsIn(o fyne.CanvasObject) []textField {
	var fields []textField
	walk(o, func(o fyne.CanvasObject) {
		if f, ok := o.(textField); ok {
			fields = append(fields, f)
		}
	})
	return fields
}

// Escape in a text field that has the keyboard did nothing: an entry keeps
// every key, so the window's Escape never heard it. In each of the
// window's fields, on every tab, it now leaves the field and keeps what it
// holds; in each field of a dialog it closes the dialog, as Cancel.
func TestEscapeInEveryTextField(t *testing.T) {
	m := windowOnLibrary(t, t.TempDir())
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	c := m.win.Canvas()
	// As GLFW's driver: a canvas only for what the window holds, not for
	// a widget embedded in it (a picker's barEntry).
	driverCanvas := canvasOf
	t.Cleanup(func() { canvasOf = driverCanvas })
	canvasOf = func(o fyne.CanvasObject) fyne.Canvas {
		held := false
		for _, top := range append([]fyne.CanvasObject{c.Content()}, c.Overlays().List()...) {
			walk(top, func(x fyne.CanvasObject) { held = held || x == o })
		}
		if !held {
			return nil
		}
		return c
	}
	seen := 0
	for _, v := range []view{domainsView, overviewView, findingsView, failuresView, timelineView, sourcesView, reportsView} {
		look(m, v)
		for i, f := range fieldsIn(c.Content()) {
			where := fmt.Sprintf("%s, text field %d (%T)", m.items[v].Text, i, f)
			act(m, func() { c.Focus(f) })
			if c.Focused() != f {
				t.Fatalf("%s: not focused", where)
			}
			before := texts(f.(fyne.CanvasObject))
			press(m, fyne.KeyEscape)
			if c.Focused() != nil {
				t.Errorf("%s: Escape left it with the keyboard", where)
				act(m, c.Unfocus)
			}
			if after := texts(f.(fyne.CanvasObject)); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("%s: Escape changed %q to %q", where, before, after)
			}
			seen++
		}
	}
	// The filter bar's domain, reporter, from and to, and the Failures
	// filter.
	if seen < 5 {
		t.Errorf("%d text fields in the window, want 5 or more", seen)
	}

	dialogs := []struct {
		name string
		open func()
	}{
		{"Add mailbox", m.library.showAddMailbox},
		{"Mailbox password", func() { m.library.askPassword("Password for you@imap.example.com", "", func(string) {}) }},
	}
	for _, d := range dialogs {
		act(m, d.open)
		fields := fieldsIn(c.Overlays().Top())
		act(m, func() { dismissTop(c) })
		if len(fields) == 0 {
			t.Errorf("%s: no text field", d.name)
		}
		for i := range fields {
			act(m, d.open)
			top := c.Overlays().Top()
			if _, ok := dismissals[top]; !ok {
				t.Errorf("%s: not shown by present, so Escape would only hide it", d.name)
			}
			f := fieldsIn(top)[i]
			act(m, func() { c.Focus(f) })
			press(m, fyne.KeyEscape)
			if c.Overlays().Top() != nil {
				t.Errorf("%s, text field %d (%T): Escape left the dialog open", d.name, i, f)
				act(m, func() { dismissTop(c) })
			}
		}
	}
}
