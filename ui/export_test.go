package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
)

func TestExportChartWritesPNG(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))

	path := filepath.Join(t.TempDir(), charts.FailuresByResultType.FileName(".png"))
	act(m, func() { m.exportChart(charts.FailuresByResultType, path) })

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the export is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 900 {
		t.Errorf("exported %dx%d, want the default 1600x900", b.Dx(), b.Dy())
	}
	if m.status.text.Text != "Saved "+path {
		t.Errorf("status = %q", m.status.text.Text)
	}
}

func TestExportAllWritesEveryNamedFile(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	dir := t.TempDir()
	act(m, func() { m.exportTo(export.All, dir) })

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := export.All.Names()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("wrote %v, want %v", got, want)
	}
	if m.status.text.Text != "Wrote 12 files to "+dir { // 6 charts, report.html, 4 CSV files, summary.json
		t.Errorf("status = %q", m.status.text.Text)
	}
}

func TestExportCSVAsksBeforeReplacing(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	dir := t.TempDir()
	old := filepath.Join(dir, "failures.csv")
	if err := os.WriteFile(old, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}

	act(m, func() { m.exportTo(export.Tables, dir) })
	if b, _ := os.ReadFile(old); string(b) != "keep me" {
		t.Fatal("an existing file was replaced without asking")
	}
	if _, err := os.Stat(filepath.Join(dir, "policies.csv")); err == nil {
		t.Error("exported before the user answered")
	}
	confirm := m.win.Canvas().Overlays().Top()
	if confirm == nil {
		t.Fatal("no confirmation dialog")
	}

	replace := findButton(t, confirm, "Replace")
	act(m, func() { test.Tap(replace) })
	if b, _ := os.ReadFile(old); string(b) == "keep me" {
		t.Error("confirming did not replace the file")
	}
	if _, err := os.Stat(filepath.Join(dir, "policies.csv")); err != nil {
		t.Error(err)
	}
}

// Export dialogs start in a folder of their own, the last one exported
// to, else Documents: never where the reports were opened from.
func TestExportsStartOutsideTheReports(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	docs := filepath.Join(home, "Documents")
	if err := os.Mkdir(docs, 0o700); err != nil {
		t.Fatal(err)
	}
	m := newTestWindow(t)
	reports := t.TempDir()
	m.rememberFolder(prefLastFolder, reports) // as opening a file from there does
	if got := m.startFolder(prefExportFolder); got != docs {
		t.Errorf("the first export starts in %q, want %q", got, docs)
	}
	if got := m.startFolder(prefLastFolder); got != reports {
		t.Errorf("opening starts in %q, want %q", got, reports)
	}
	out := t.TempDir()
	m.rememberFolder(prefExportFolder, out)
	if got := m.startFolder(prefExportFolder); got != out {
		t.Errorf("the next export starts in %q, want the last, %q", got, out)
	}
}

// Open folder… never starts in the last export folder: left to Fyne, a
// file dialog starts where the last one of any purpose ended (the trial
// saw it after an export).
func TestOpeningStartsOutsideTheExports(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	m := newTestWindow(t)
	out := t.TempDir()
	m.rememberFolder(prefExportFolder, out)
	m.app.Preferences().SetString("fyne:fileDialogLastFolder", "file://"+out) // as Fyne's dialog keeps it
	if got := m.startFolder(prefLastFolder); got != home {
		t.Errorf("the first Open folder starts in %q, want the home %q", got, home)
	}
}
