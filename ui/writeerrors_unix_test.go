//go:build unix

package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// paddedReport writes a real sample padded to about 300 KB, so that
// keeping it writes past a small file size limit; id makes it a report of
// its own.
func paddedReport(t *testing.T, id string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "real", "parsedmarc_rfc8460.json"))
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Repeat(" \n", 150<<10) + strings.Replace(string(b), `"report-id": "`, `"report-id": "`+id, 1))
	p := filepath.Join(t.TempDir(), id+".json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A library that cannot be written (a disk failing to write, made here by
// a file size limit) is said in the words of the library's table, naming
// its file, in a dialog: for what the user opened, and for what a watched
// folder brought, which was kept in silence before, once while the reason
// stays. What was read is shown either way, all of it: a failed write ends
// the writing, not the reading (issue 22 point 4).
func TestLibraryWriteErrorsInWords(t *testing.T) {
	dir := t.TempDir()
	m := windowOnLibrary(t, dir)
	words := "library " + filepath.Join(dir, "library.db") + ": the disk holding it failed to read or write (an input/output error); check the disk."
	dialogSays := func(lead string, reports int) {
		t.Helper()
		top := m.win.Canvas().Overlays().Top()
		var said []string
		walk(top, func(o fyne.CanvasObject) { said = append(said, texts(o)...) })
		if got := strings.Join(said, " "); !strings.Contains(got, lead+words) || m.result.Reports != reports {
			t.Errorf("dialog %q, %d reports shown; want %q and %d reports", got, m.result.Reports, lead+words, reports)
		}
		if top != nil {
			act(m, top.Hide)
		}
	}
	opened, second := paddedReport(t, "opened-"), paddedReport(t, "second-")
	watched, again := paddedReport(t, "watched-"), paddedReport(t, "again-")
	testgen.WithFileSizeLimit(t, 200<<10, func() { drop(m, driverDrop(opened), driverDrop(second)) })
	dialogSays("shown but was not all kept: ", 2)

	testgen.WithFileSizeLimit(t, 200<<10, func() {
		m.library.watchedFilesReady([]string{watched}, false)
		m.bridge.wait()
		dialogSays("Reports from watched folders are shown but were not all kept: ", 3)
		m.library.watchedFilesReady([]string{again}, false)
		m.bridge.wait()
	})
	if top := m.win.Canvas().Overlays().Top(); top != nil || m.result.Reports != 4 {
		t.Errorf("the same reason again: dialog %v, %d reports shown; want none and 4", top, m.result.Reports)
	}
}
