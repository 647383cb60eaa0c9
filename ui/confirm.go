package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// confirmDestructive asks before an action that cannot be undone, the one
// way every such question is put: its button names the action ("Forget
// all", "Remove", "Replace") in the danger colour, beside Cancel. Fyne's
// confirm marks Yes as the default (blue); here nothing destructive looks
// like the way on, and Escape cancels (present). body is the question:
// a label, or a label and choices.
func confirmDestructive(win fyne.Window, title string, body fyne.CanvasObject, action string, do func()) {
	d := dialog.NewCustomConfirm(title, action, "Cancel", body, func(ok bool) {
		if ok {
			do()
		}
	}, win)
	d.SetConfirmImportance(widget.DangerImportance)
	present(win.Canvas(), d)
}
