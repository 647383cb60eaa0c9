package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// An IPv6 address too wide for its column keeps its distinguishing end:
// the cell cuts its middle (where Fyne's ellipsis at the end showed
// "2a01:111:f400:7e8b::…" for every host of the network), and the row's
// detail writes it whole.
func TestAddressesKeepTheirEnd(t *testing.T) {
	const ip = "2a01:111:f400:7e8b::9f3c:77aa" // as the window writes it (RFC 5952)
	report := testgen.Report("Microsoft Corporation", "r1", "", "2026-10-01T00:00:00Z", "2026-10-01T23:59:59Z",
		testgen.STSPolicy("example.com", "enforce", []string{"mx.example.com"}, "86400", 10, 5,
			testgen.Detail("certificate-expired", 5, testgen.Obj{"receiving-mx-hostname": "mx.example.com", "sending-mta-ip": ip})))
	m := newTestWindow(t)
	drop(m, writeReports(t, report))
	look(m, failuresView)
	var cells []string
	walk(m.failures.table, func(o fyne.CanvasObject) {
		if l, ok := o.(*cutLabel); ok && strings.Contains(l.Text, "…") {
			cells = append(cells, l.Text)
		}
	})
	if len(cells) != 1 || !strings.HasPrefix(cells[0], "2a01:") || !strings.HasSuffix(cells[0], ":77aa") {
		t.Errorf("cells cut: %q, want the address cut in its middle, ending :77aa", cells)
	}
	act(m, func() { m.failures.table.Select(widget.TableCellID{Row: 0, Col: 0}) })
	if !strings.Contains(m.failures.detail.Text, ip) {
		t.Errorf("the row's detail %q lacks the whole address", m.failures.detail.Text)
	}
}

func TestFitMiddle(t *testing.T) {
	const size, text = 14, "2a01:111:f400:7e8b::9f3c:77aa"
	w := fyne.MeasureText(text, size, fyne.TextStyle{}).Width / 2
	got := fitMiddle(text, w, size)
	if fyne.MeasureText(got, size, fyne.TextStyle{}).Width > w || !strings.HasPrefix(got, "2a01:") || !strings.HasSuffix(got, ":77aa") || !strings.Contains(got, "…") {
		t.Errorf("fitMiddle in half the width = %q", got)
	}
	if got := fitMiddle("mx.example.com", 1000, size); got != "mx.example.com" {
		t.Errorf("a text that fits is cut: %q", got)
	}
	if got := fitMiddle(text, 1, size); got != "…" {
		t.Errorf("no room: %q, want the ellipsis alone", got)
	}
}
