package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
)

// Export runs "export -o DIR [-size WxH] PATH...".
func Export(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("export", stderr)
	dir := fs.String("o", "", "folder to write into (created if needed)")
	size := fs.String("size", export.DefaultSize.String(), "chart size in pixels, WIDTHxHEIGHT")
	libDir := libraryFlag(fs)
	mb := addMailboxFlags(fs)
	ff := addFilterFlags(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return ExitUsage
	}
	flt, ferr := ff.filter()
	chartSize, err := export.ParseSize(*size)
	switch {
	case ferr != nil:
		fmt.Fprintln(stderr, "export:", ferr)
		return ExitUsage
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
	if missingPaths("export", paths, stderr) {
		return ExitInputErrors
	}
	if in := readFolder(*dir, paths); in != "" {
		fmt.Fprintf(stderr, "export: -o %s is inside %s, which is read for reports: the exported files would land among them; choose a folder outside it\n", *dir, in)
		return ExitUsage
	}
	snap, err := load(paths, *libDir, mb)
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return ExitInputErrors
	}
	flt, ok := findNames("export", snap, flt, stderr)
	if !ok {
		return ExitUsage
	}
	snap.JudgeAsOf(*libDir != "", time.Time{})
	res := snap.Result(flt)
	noteEmptyFilter(stderr, "export", res)
	written, err := export.All.Write(*dir, res, chartSize)
	for _, p := range written {
		fmt.Fprintln(stdout, p)
	}
	if err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return ExitInputErrors
	}
	return printErrors(stderr, res.Errors)
}
