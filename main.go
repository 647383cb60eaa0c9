// Command tlsrpt-analyzer reads SMTP TLS Reporting (RFC 8460) reports and
// shows them as charts and tables in a window, or summarises and exports
// them on the command line.
package main

import (
	_ "embed"
	"fmt"
	"log"
	"os"
	"regexp"
	"runtime"

	"fyne.io/fyne/v2/app"

	_ "github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/cleanlocale"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/cli"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/ui"
)

const appID = "io.github.tlsrptanalyzer.app"

// FyneApp.toml is the one place the version is written; embedding it keeps
// a plain "go build" honest too.
//
//go:embed FyneApp.toml
var fyneAppTOML string

func version() string {
	if m := regexp.MustCompile(`(?m)^\s*Version\s*=\s*"([^"]+)"`).FindStringSubmatch(fyneAppTOML); m != nil {
		return m[1]
	}
	return "unknown"
}

func main() {
	args := os.Args[1:]
	if len(args) > 0 {
		switch args[0] {
		case "summary":
			os.Exit(cli.Summary(args[1:], os.Stdout, os.Stderr))
		case "export":
			os.Exit(cli.Export(args[1:], os.Stdout, os.Stderr))
		case "import":
			os.Exit(cli.Import(args[1:], os.Stdout, os.Stderr))
		case "library":
			os.Exit(cli.Library(args[1:], os.Stdout, os.Stderr))
		case "check":
			os.Exit(cli.Check(args[1:], os.Stdout, os.Stderr))
		case "metrics":
			os.Exit(cli.Metrics(args[1:], os.Stdout, os.Stderr))
		case "mute":
			os.Exit(cli.Mute(args[1:], os.Stdout, os.Stderr))
		case "unmute":
			os.Exit(cli.Unmute(args[1:], os.Stdout, os.Stderr))
		case "-version", "--version", "version":
			fmt.Println("tlsrpt-analyzer", version())
			return
		case "-h", "-help", "--help", "help":
			fmt.Print(cli.Usage)
			return
		}
	}
	if len(args) > 0 {
		if msg, bad := cli.UnknownCommand(args[0]); bad {
			fmt.Fprintln(os.Stderr, "tlsrpt-analyzer:", msg)
			os.Exit(cli.ExitUsage)
		}
	}
	libraryDir, paths, mopt, err := cli.WindowArgs(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tlsrpt-analyzer:", err)
		os.Exit(cli.ExitUsage)
	}
	if !haveDisplay() {
		fmt.Fprintln(os.Stderr, "tlsrpt-analyzer: no graphical display (DISPLAY and WAYLAND_DISPLAY are unset), so no window can open.\n"+cliHint)
		os.Exit(cli.ExitUsage)
	}
	log.SetOutput(ui.QuietLog(os.Stderr))
	if err := ui.Run(app.NewWithID(appID), version(), libraryDir, paths, mopt); err != nil {
		fmt.Fprintf(os.Stderr, "tlsrpt-analyzer: no window can open on this display (%s=%s): %v.\n%s\n",
			displayVar(), os.Getenv(displayVar()), err, cliHint)
		os.Exit(cli.ExitUsage)
	}
}

// cliHint points a user without a window to the commands that need none.
const cliHint = "On the command line, use: tlsrpt-analyzer summary PATH... or tlsrpt-analyzer export -o DIR PATH... (-h for help)"

// displayVar names the variable that chose the display the window tried.
func displayVar() string {
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		return "WAYLAND_DISPLAY"
	}
	return "DISPLAY"
}

// haveDisplay tells whether a window can open. Without one GLFW fails with
// a panic and a stack trace, which says nothing useful to a user who ran
// the program over ssh or mistyped a subcommand.
func haveDisplay() bool {
	switch runtime.GOOS {
	case "windows", "darwin", "android", "ios":
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}
