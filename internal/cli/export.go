package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
)

// Export runs "export -o DIR [-size WxH] PATH...".
func Export(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("export", stderr)
	dir := fs.String("o", "", "folder to write into (created if needed)")
	size := fs.String("size", "1600x900", "chart size in pixels, WIDTHxHEIGHT")
	libDir := libraryFlag(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return ExitUsage
	}
	width, height, err := parseSize(*size)
	switch {
	case err != nil:
		fmt.Fprintln(stderr, "export:", err)
		return ExitUsage
	case *dir == "":
		fmt.Fprintln(stderr, "export: -o DIR is required")
		return ExitUsage
	case len(paths) == 0 && *libDir == "":
		fmt.Fprintln(stderr, "export: no PATH given")
		return ExitUsage
	}
	res, err := load(analysis.New(), paths, *libDir)
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return ExitInputErrors
	}
	written, err := export.WriteAll(*dir, res, width, height)
	for _, p := range written {
		fmt.Fprintln(stdout, p)
	}
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return ExitInputErrors
	}
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "%s: %s\n", oneLine(e.Source), oneLine(e.Error))
	}
	return exitStatus(res)
}

// parseSize reads "WIDTHxHEIGHT" within bounds that go-chart renders sanely.
func parseSize(s string) (int, int, error) {
	w, h, ok := strings.Cut(strings.ToLower(s), "x")
	width, errW := strconv.Atoi(w)
	height, errH := strconv.Atoi(h)
	if !ok || errW != nil || errH != nil || width < 200 || height < 150 || width > 10000 || height > 10000 {
		return 0, 0, fmt.Errorf("-size %q: want WIDTHxHEIGHT between 200x150 and 10000x10000", s)
	}
	return width, height, nil
}
