package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/gcpolicy"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// stdin is where "-" reads from; tests replace it.
var stdin io.Reader = os.Stdin

// stdinSource names standard input in messages and in the library.
const stdinSource = "standard input"

// readStdin reads one report, email or mailbox from standard input, with
// the bound the library puts on one file.
func readStdin() ([]byte, error) {
	data, err := library.ReadStream(stdin)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", stdinSource, err)
	}
	return data, nil
}

// withoutStdin takes "-" out of paths and tells whether it was there;
// standard input is read once however often it is named.
func withoutStdin(paths []string) (files []string, stdin bool) {
	for _, p := range paths {
		if p == "-" {
			stdin = true
		} else {
			files = append(files, p)
		}
	}
	return files, stdin
}

// libraryFlag adds -library DIR to a command.
func libraryFlag(fs *flag.FlagSet) *string {
	return fs.String("library", "", "the library folder (default: the one the window uses)")
}

// openLibrary opens dir, or the default library when dir is empty,
// creating it: for the commands that keep reports (import, library).
func openLibrary(dir string) (*library.Library, error) { return openWith(library.Open, dir) }

// openReading opens dir, or the default library, only if it is there:
// the commands that read one (summary, check, metrics, export) never
// create a library where a typo or a missing folder put it.
func openReading(dir string) (*library.Library, error) { return openWith(library.OpenExisting, dir) }

func openWith(open func(string) (*library.Library, error), dir string) (*library.Library, error) {
	dir, err := libraryDir(dir)
	if err != nil {
		return nil, err
	}
	return open(dir)
}

// libraryDir is the library folder -library names, or the default one.
func libraryDir(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	d, err := library.DefaultDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the default library folder: %w", err)
	}
	return d, nil
}

// openLibraryFor opens the library for the command cmd with open, or says
// on stderr why it cannot.
func openLibraryFor(cmd string, open func(string) (*library.Library, error), dir string, stderr io.Writer) *library.Library {
	lib, err := open(dir)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
	}
	return lib
}

// load reads the library in libDir (when set), then paths, with Ctrl+C
// cancelling cleanly. A path "-" is standard input. What was read before a
// cancel is in the snapshot too.
func load(paths []string, libDir string, mb *mailboxFlags) (*analysis.Snapshot, error) {
	var lib *library.Library
	if libDir != "" {
		var err error
		if lib, err = openReading(libDir); err != nil {
			return nil, err
		}
		defer lib.Close()
	}
	return loadInto(lib, paths, mb)
}

// loadInto reads lib (when not nil), then paths, as load does. An IMAP URL
// among paths is read whole, logged in to as mb says.
func loadInto(lib *library.Library, paths []string, mb *mailboxFlags) (*analysis.Snapshot, error) {
	paths, boxes, err := splitSources(paths)
	if err != nil {
		return nil, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	a := analysis.New()
	if lib != nil {
		if err := lib.Load(ctx, a, nil); err != nil {
			return nil, err
		}
	}
	files, useStdin := withoutStdin(paths)
	if useStdin {
		data, err := readStdin()
		if err != nil {
			return nil, err
		}
		a.AddDecoded(source.DecodeBytes(stdinSource, data))
	}
	if err := readMailboxes(ctx, a, boxes, mb); err != nil {
		return nil, err
	}
	err = (&analysis.Loader{OnProgress: gcpolicy.Command()}).Load(ctx, a, files)
	return a.Snapshot(), err
}

// Import runs "import [-library DIR] PATH...".
func Import(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("import", stderr)
	libDir := libraryFlag(fs)
	mb := addMailboxFlags(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return ExitUsage
	}
	paths, boxes, err := splitSources(paths)
	if err != nil {
		fmt.Fprintln(stderr, "import:", err)
		return ExitUsage
	}
	if len(paths) == 0 && len(boxes) == 0 {
		fmt.Fprintln(stderr, "import: no PATH given")
		fs.Usage()
		return ExitUsage
	}
	// As summary and export refuse a PATH that is not there, so does
	// import, before it creates a library to keep nothing in.
	if missingPaths("import", paths, stderr) {
		return ExitInputErrors
	}
	lib := openLibraryFor("import", openLibrary, *libDir, stderr)
	if lib == nil {
		return ExitInputErrors
	}
	defer lib.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	a := analysis.New()
	var total library.ImportStats
	add := func(s library.ImportStats) {
		total.Files += s.Files
		total.New += s.New
		total.Known += s.Known
	}
	files, useStdin := withoutStdin(paths)
	if useStdin {
		data, err := readStdin()
		if err == nil {
			var s library.ImportStats
			s, err = lib.ImportData(ctx, a, stdinSource, data, library.ImportOptions{Unattended: true})
			add(s)
		}
		if err != nil {
			fmt.Fprintln(stderr, "import:", err)
			return ExitInputErrors
		}
	}
	for _, u := range boxes {
		s, ms, err := lib.ImportMailbox(ctx, a, u, mb.options(), library.ImportOptions{Unattended: true})
		add(s)
		if err != nil {
			fmt.Fprintln(stderr, "import:", err)
			return ExitInputErrors
		}
		mailboxLine(stdout, u, ms)
	}
	s, err := lib.Import(ctx, a, files, library.ImportOptions{Unattended: true})
	add(s)
	snap := a.Snapshot()
	errs := snap.Errors()
	status := printErrors(stderr, errs)
	for _, w := range snap.Warnings() {
		fmt.Fprintf(stderr, "%s: warning: %s\n", textfmt.Line(w.Source), textfmt.Line(w.Warning))
	}
	if err != nil {
		fmt.Fprintln(stderr, "import:", err)
		return ExitInputErrors
	}
	st, err := lib.Stats()
	if err != nil {
		fmt.Fprintln(stderr, "import:", err)
		return ExitInputErrors
	}
	fmt.Fprintf(stdout, "%s read: %s new, %s already in the library", textfmt.Counted(total.Files, "input", "inputs"),
		textfmt.Counted(total.New, "report", "reports"), textfmt.Count(total.Known))
	if s := textfmt.InputProblems(len(errs), len(snap.Warnings())); s != "" {
		fmt.Fprintf(stdout, ", %s", s)
	}
	fmt.Fprintf(stdout, ".\nLibrary %s: %s\n", lib.Dir(), statsLine(st))
	return status
}

func statsLine(st library.Stats) string {
	return fmt.Sprintf("%s, %s on disk", textfmt.Counted(st.Reports, "report", "reports"), textfmt.Bytes(st.DiskBytes))
}

// Library runs "library [-library DIR] [-forget [-yes]]".
func Library(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("library", stderr)
	libDir := libraryFlag(fs)
	forget := fs.Bool("forget", false, "remove every report from the library (asks first)")
	yes := fs.Bool("yes", false, "with -forget: do not ask")
	watch := fs.String("watch", "", "watch this folder, mailbox file or imap(s):// mailbox: the window imports what arrives in it")
	mb := addMailboxFlags(fs)
	unwatch := fs.String("unwatch", "", "stop watching this folder; its reports stay in the library")
	paths, err := parseArgs(fs, args)
	if err != nil {
		return ExitUsage
	}
	if len(paths) > 0 {
		fmt.Fprintf(stderr, "library: unexpected argument %q\n", paths[0])
		return ExitUsage
	}
	// What -watch names is checked before the library is opened: a refused
	// command writes nothing, not even an empty library where -library
	// pointed (trial: "-library NEW -watch /nonexistent" made NEW).
	var watchURL mailbox.URL
	if mailbox.IsURL(*watch) {
		if watchURL, err = mailbox.ParseURL(*watch); err != nil {
			fmt.Fprintln(stderr, "library:", err)
			return ExitInputErrors
		}
	} else if *watch != "" {
		if _, err := os.Stat(*watch); err != nil {
			why := "there is no such folder or file"
			if pe := (*os.PathError)(nil); !errors.Is(err, os.ErrNotExist) && errors.As(err, &pe) {
				why = pe.Err.Error() // "permission denied", without the path a second time
			}
			fmt.Fprintf(stderr, "library: cannot watch %s: %s\n", *watch, why)
			return ExitInputErrors
		}
	}
	// Only -watch keeps something, as the window's Watch does, so only it
	// creates the library; showing, forgetting and unwatching need one.
	open := openReading
	if *watch != "" {
		open = openLibrary
	}
	lib, err := open(*libDir)
	if errors.Is(err, library.ErrNoLibrary) && *unwatch == "" && !*forget {
		// Where the library is, asked before there is one, is an answer.
		dir, _ := libraryDir(*libDir)
		abs, _ := filepath.Abs(dir)
		fmt.Fprintf(stdout, "Library: %s\nThere is no library there yet: import or the window create one.\n", abs)
		return ExitOK
	}
	if err != nil {
		fmt.Fprintln(stderr, "library:", err)
		return ExitInputErrors
	}
	defer lib.Close()
	st, err := lib.Stats()
	if err != nil {
		fmt.Fprintln(stderr, "library:", err)
		return ExitInputErrors
	}
	if mailbox.IsURL(*watch) {
		if err := lib.AddMailboxWatch(watchURL, mb.options()); err != nil {
			fmt.Fprintln(stderr, "library:", err)
			return ExitInputErrors
		}
		fmt.Fprintf(stdout, "Watching %s: the window reads what arrives in it while it runs (IDLE where the server offers it, else every %d minutes), and what arrived meanwhile when it starts. No password is kept here.\n", watchURL, int(library.MailboxPoll.Minutes()))
		return ExitOK
	}
	if *watch != "" {
		p, err := lib.AddWatch(*watch)
		if err != nil {
			fmt.Fprintln(stderr, "library:", err)
			return ExitInputErrors
		}
		fmt.Fprintf(stdout, "Watching %s: the window imports what arrives in it while it runs, and what arrived meanwhile when it starts.\n", p)
		return ExitOK
	}
	if *unwatch != "" {
		p, _ := filepath.Abs(*unwatch)
		if u, err := mailbox.ParseURL(*unwatch); err == nil {
			p = u.String()
		}
		if !slices.Contains(st.Watches, p) {
			fmt.Fprintf(stderr, "library: %s is not watched, so there is nothing to stop (library shows what is)\n", p)
			return ExitInputErrors
		}
		if err := lib.RemoveWatch(p, false); err != nil {
			fmt.Fprintln(stderr, "library:", err)
			return ExitInputErrors
		}
		fmt.Fprintf(stdout, "No longer watching %s; its reports stay in the library.\n", p)
		return ExitOK
	}
	if !*forget {
		fmt.Fprintf(stdout, "Library: %s\nDatabase: %s\nReports: %s\nOriginals: %s (%s as received)\nOn disk: %s\n",
			lib.Dir(), lib.Path(), textfmt.Count(st.Reports), textfmt.Count(st.Originals), textfmt.Bytes(st.OriginalBytes), textfmt.Bytes(st.DiskBytes))
		for _, w := range st.Watches {
			fmt.Fprintf(stdout, "Watched: %s\n", w)
		}
		return ExitOK
	}
	if !*yes {
		fmt.Fprintf(stdout, "Forget all %s in %s? This cannot be undone. [y/N] ", textfmt.Counted(st.Reports, "report", "reports"), lib.Dir())
		answer, err := bufio.NewReader(stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			if err != nil && !errors.Is(err, io.EOF) {
				fmt.Fprintln(stderr, "library:", err)
			}
			fmt.Fprintln(stdout, "Nothing was forgotten.")
			return ExitInputErrors
		}
	}
	if err := lib.Forget(); err != nil {
		fmt.Fprintln(stderr, "library:", err)
		return ExitInputErrors
	}
	fmt.Fprintf(stdout, "Forgot %s. Library %s is empty.\n", textfmt.Counted(st.Reports, "report", "reports"), lib.Dir())
	return ExitOK
}

// WindowArgs reads the window's command line: [-library DIR] [mailbox
// flags] [PATH...]; an IMAP URL among the paths is logged in to as mopt says.
func WindowArgs(args []string) (libraryDir string, paths []string, mopt mailbox.Options, err error) {
	fs := newFlagSet("tlsrpt-analyzer", io.Discard)
	dir := libraryFlag(fs)
	mb := addMailboxFlags(fs)
	paths, err = parseArgs(fs, args)
	if err != nil {
		return "", nil, mopt, fmt.Errorf("%w (-h for help)", err)
	}
	// Flags before a mistyped subcommand ("-library L sumary r.json") hide
	// it from main's look at the first argument.
	if len(paths) > 0 {
		if msg, bad := UnknownCommand(paths[0]); bad {
			return "", nil, mopt, errors.New(msg)
		}
	}
	return *dir, paths, mb.options(), nil
}
