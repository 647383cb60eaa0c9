package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestTmpWrap(t *testing.T) {
	test.NewTempApp(t)
	for _, width := range []float32{191, 600} {
		for _, c := range []struct{ name, text string }{
			{"words2000", strings.Repeat("Org ", 500)},
			{"run2000", strings.Repeat("a", 2000)},
			{"words2000-shown", shown(strings.Repeat("Org ", 500), true)},
			{"run2000-shown", shown(strings.Repeat("a", 2000), true)},
		} {
			l := widget.NewLabel("")
			l.Wrapping = fyne.TextWrapWord
			w := test.NewTempWindow(t, l)
			w.Resize(fyne.NewSize(width, 400))
			start := time.Now()
			l.SetText(c.text)
			d1 := time.Since(start)
			start = time.Now()
			l.Resize(fyne.NewSize(width-10, 400))
			d2 := time.Since(start)
			t.Logf("%v %s: SetText %v Resize %v", width, c.name, d1, d2)
		}
	}
}
