package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// banner is a tinted strip with an icon and a sentence. It takes one line,
// cut with an ellipsis, until tapped: then the sentence wraps whole. Two
// banners of three lines each used to leave a 1280x800 window no room for
// its tables.
type banner struct {
	widget.BaseWidget
	color  fyne.ThemeColorName
	icon   fyne.Resource
	text   string // the sentence whole; the label holds it shortened as one line until unfolded
	label  *widget.Label
	toggle *widget.Icon
	end    fyne.CanvasObject // after the toggle, when set before the banner is shown: the news banner's Seen
}

func newBanner(color fyne.ThemeColorName, icon fyne.Resource, text string) *banner {
	b := &banner{color: color, icon: icon, text: text, label: widget.NewLabel(""), toggle: widget.NewIcon(theme.MenuExpandIcon())}
	b.label.Truncation = fyne.TextTruncateEllipsis
	b.show()
	b.ExtendBaseWidget(b)
	return b
}

func (b *banner) CreateRenderer() fyne.WidgetRenderer {
	var right fyne.CanvasObject = container.NewCenter(b.toggle)
	if b.end != nil {
		right = container.NewHBox(right, b.end)
	}
	row := container.NewBorder(nil, nil, container.NewCenter(widget.NewIcon(b.icon)), right, b.label)
	return widget.NewSimpleRenderer(newPanel(b.color, 0x30, "", row))
}

// expanded tells whether the banner shows its whole sentence.
func (b *banner) expanded() bool { return b.label.Wrapping == fyne.TextWrapWord }

// Tapped shows the whole sentence, or folds it back to one line.
func (b *banner) Tapped(*fyne.PointEvent) {
	if b.expanded() {
		b.label.Wrapping, b.label.Truncation = fyne.TextWrapOff, fyne.TextTruncateEllipsis
		b.toggle.SetResource(theme.MenuExpandIcon())
	} else {
		b.label.Wrapping, b.label.Truncation = fyne.TextWrapWord, fyne.TextTruncateOff
		b.toggle.SetResource(theme.MenuDropUpIcon())
	}
	b.show()
	b.Refresh()
	// The box holding the banner grows or shrinks with it.
	if c := fyne.CurrentApp().Driver().CanvasForObject(b); c != nil {
		c.Content().Refresh()
	}
}

// setText gives the banner another sentence, folded or not as it was.
func (b *banner) setText(text string) {
	b.text = text
	b.show()
}

// show puts the sentences in the label: whole, or folded into one line
// that the label cuts at its end only (a line shortened in its middle
// first was cut twice).
func (b *banner) show() {
	if b.expanded() {
		setText(b.label, b.text)
	} else {
		b.label.SetText(line(b.text))
	}
}

func (b *banner) Cursor() desktop.Cursor { return desktop.PointerCursor }
