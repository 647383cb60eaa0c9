package analysis_test

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoImportRunsUp holds the layering the README's "For developers" map
// draws: analysis is the lower layer, so no package under it imports the
// module's internal/ or ui/ (the commands, charts and window sit above it).
// Only the packages' own files count; tests may use internal/testgen.
func TestNoImportRunsUp(t *testing.T) {
	const module = "github.com/tlsrpt-analyzer/tlsrpt-analyzer/"
	checked := 0
	err := filepath.WalkDir(".", func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if d.Name() == "testdata" {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(dir, 0)
		if _, none := err.(*build.NoGoError); none {
			return nil
		} else if err != nil {
			return err
		}
		checked++
		for _, imp := range pkg.Imports {
			rest, ours := strings.CutPrefix(imp, module)
			if ours && !strings.HasPrefix(rest, "analysis") {
				t.Errorf("%s imports %s, a layer above analysis", filepath.Join("analysis", dir), imp)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 3 { // analysis, ordered, plain at least: the walk saw the tree
		t.Fatalf("checked %d packages under analysis/", checked)
	}
}
