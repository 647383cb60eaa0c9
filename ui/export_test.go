package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
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
	if b := img.Bounds(); b.Dx() != exportWidth || b.Dy() != exportHeight {
		t.Errorf("exported %dx%d, want %dx%d", b.Dx(), b.Dy(), exportWidth, exportHeight)
	}
	if m.status.text.Text != "Saved "+path {
		t.Errorf("status = %q", m.status.text.Text)
	}
}

func TestExportAllWritesEveryNamedFile(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	dir := t.TempDir()
	act(m, func() { m.exportAllTo(dir) })

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := exportAllNames()
	slices.Sort(got)
	slices.Sort(want)
	// The overwrite question lists exportAllNames: it must match what
	// export.WriteAll really writes.
	if !slices.Equal(got, want) {
		t.Errorf("wrote %v, the overwrite check knows %v", got, want)
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

	act(m, func() { m.exportCSVTo(dir) })
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
