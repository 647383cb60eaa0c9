package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/assets"
)

// emptyState invites a first load: it says what can be dropped (anywhere
// in the window) and offers the open dialogs and a built-in sample.
type emptyState struct {
	content              fyne.CanvasObject
	openFile, openFolder *widget.Button
	sample               *widget.Button
	// library shows the library's reports again after Clear, which only
	// empties the window; hidden while the library holds none.
	library *fyne.Container
}

func newEmptyState(a *windowActions) *emptyState {
	e := &emptyState{openFile: a.openFile.button(), openFolder: a.openFolder.button(), sample: a.sample.button(), library: container.NewCenter()}
	e.library.Hide()
	e.openFile.Importance = widget.HighImportance
	e.sample.Importance = widget.LowImportance

	icon := canvas.NewImageFromResource(assets.Icon)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSquareSize(96))

	title := widget.NewLabelWithStyle("Drop TLS-RPT reports here", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	kinds := widget.NewLabelWithStyle("Files or folders with .json   .json.gz   .zip   .eml   .mbox",
		fyne.TextAlignCenter, fyne.TextStyle{})
	privacy := widget.NewLabel("Reports are read on this computer. Nothing is uploaded, and links inside reports are never opened.")
	privacy.Alignment = fyne.TextAlignCenter
	privacy.SizeName = theme.SizeNameCaptionText

	inner := container.NewVBox(
		container.NewCenter(icon),
		title,
		kinds,
		container.NewCenter(container.NewHBox(e.openFile, e.openFolder)),
		e.library,
		container.NewCenter(e.sample),
		privacy,
	)
	zone := newPanel(theme.ColorNamePrimary, 0x10, theme.ColorNamePrimary, container.NewCenter(container.NewPadded(inner)))
	e.content = container.NewPadded(zone)
	return e
}

// offerLibrary puts the library's button b in the empty state.
func (e *emptyState) offerLibrary(b *widget.Button) {
	b.Importance = widget.HighImportance
	e.library.Objects = []fyne.CanvasObject{b}
}

// showLibrary shows or hides the library's button, as the library holds
// reports or not.
func (e *emptyState) showLibrary(on bool) {
	if setVisible(e.library, on) {
		e.content.Refresh()
	}
}
