// Package cli implements the command-line subcommands, which share the
// analysis and chart layers with the window but never open one.
package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// Exit statuses shared by every subcommand.
const (
	ExitOK          = 0
	ExitInputErrors = 1 // some inputs could not be read; the rest were analysed
	ExitUsage       = 2
)

// Usage explains the whole command line.
var Usage = usageCommands + filterUsage() + usagePaths

const usageCommands = `Usage:
  tlsrpt-analyzer [-library DIR] [PATH...]
      Open the window on the library, with the reports in PATH loaded.
  tlsrpt-analyzer summary [-json] [-library DIR] [-now DAY] [FILTER...] PATH...
      Print the analysis of the reports in PATH (and in the library with
      -library); open no window.
  tlsrpt-analyzer export -o DIR [-size 1600x900] [-library DIR] [FILTER...] PATH...
      Write every chart as PNG, report.html, findings.csv, failures.csv,
      policies.csv and summary.json into DIR.
  tlsrpt-analyzer import [-library DIR] PATH...
      Keep the reports in PATH in the library (the window's, unless -library).
  tlsrpt-analyzer library [-library DIR] [-forget [-yes]] [-watch PATH] [-unwatch PATH]
      Print where the library is, how many reports it holds and its size;
      -forget empties it after asking (-yes: without asking); -watch and
      -unwatch choose the folders and mailboxes the window watches for new
      reports.
  tlsrpt-analyzer check [-library DIR] [-new] [-now DAY] [FILTER...] [PATH...]
      A monitoring plugin (Nagios, Icinga): one status line "TLS-RPT OK",
      WARNING, CRITICAL or UNKNOWN with perfdata, then a line per finding;
      exit 0, 1, 2 or 3 alike. Reads the library without PATH. -new: only
      findings the previous check -new on that library did not report.
      With the library, findings are judged as of today, with PATH alone as
      of its newest report; -now DAY (check, summary) judges as of DAY.
  tlsrpt-analyzer metrics [-library DIR] [-o FILE] [PATH...]
      Prometheus metrics of the library (or PATH) for node_exporter's
      textfile collector; -o writes FILE atomically.
  tlsrpt-analyzer mute [-library DIR] [-for DURATION] KIND DOMAIN [SUBJECT]
      Mute the library's findings of KIND on DOMAIN (about SUBJECT, a host,
      IP or organization), as the window's Mute does: until the finding
      changes, or -for 7d, 2w, 36h; -now DAY as check. check lists them
      apart and counts them for nothing. mute -list lists the mutes; unmute
      ends them:
  tlsrpt-analyzer unmute [-library DIR] KIND DOMAIN [SUBJECT]
  tlsrpt-analyzer -version
      Print the version.

`

const usagePaths = `PATH is a report (.json, .json.gz, .gz), a .zip archive, a saved email (.eml),
a mailbox (.mbox) or a folder, which is searched recursively for those files.
A file named explicitly is read whatever its name. PATH - reads one report,
email or mailbox from standard input (for a mail server's delivery pipe:
procmail, sieve, .forward).

PATH may also be an IMAP mailbox: imaps://USER@HOST[:PORT]/MAILBOX (TLS,
port 993) or imap://USER@HOST[:PORT]/MAILBOX (STARTTLS, port 143; refused if
the server does not offer it). It is opened read-only (EXAMINE): no flag
changes, nothing is moved or deleted, and only attachments that can hold a
report are downloaded; import and the window remember where they stopped.
  -password-command CMD  run CMD with sh -c; its first line is the password
  -auth xoauth2          CMD prints an OAuth2 access token instead (Gmail,
                         Microsoft 365)
  -ca FILE               trust the CA certificates in FILE too (private server)
Without -password-command the OS keyring is asked (what the window saved),
then the terminal. A password is never taken on the command line nor kept.
The certificate is always verified.

Nothing is sent over the network except to the IMAP servers named this way;
URLs inside reports are shown as text and never opened.

Exit status: 0 when every input was read, 1 when some inputs could not be
read (the analysis of the rest is still printed or written), 2 for a usage error
(check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
`

// filterUsage is the FILTER block of Usage, from analysis.FilterLists.
func filterUsage() string {
	var b strings.Builder
	b.WriteString("FILTER narrows the analysis; repeat a flag for several values:\n")
	line := func(flag, arg, usage string) { fmt.Fprintf(&b, "  %-19s %s\n", "-"+flag+" "+arg, usage) }
	var levels [3][]string // flags by analysis.FilterLevel
	levels[analysis.ReportLevel] = []string{"-from", "-to"}
	for i, l := range analysis.FilterLists {
		if i == analysis.PeriodAfter {
			line("from", "DAY", "reports that start on or after DAY (YYYY-MM-DD, UTC)")
			line("to", "DAY", "reports that start on or before DAY")
		}
		line(l.Flag, l.Arg, l.Usage)
		levels[l.Level] = append(levels[l.Level], "-"+l.Flag)
	}
	sentence := fmt.Sprintf("Session totals count each session once and follow %s; %s narrow only the failure details and the findings drawn from them; %s narrow only the findings.",
		joinAnd(levels[analysis.ReportLevel]), joinAnd(levels[analysis.FailureLevel]), joinAnd(levels[analysis.FindingLevel]))
	b.WriteString(wrapAt(sentence, 79) + "\n\n")
	return b.String()
}

// wrapAt breaks s between words into lines of at most width bytes, as the
// rest of Usage is written.
func wrapAt(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		switch {
		case i == 0:
		case n+1+len(w) > width:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// joinAnd joins words as a sentence lists them: "a, b and c".
func joinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// asOfFlag adds -now, the day findings are judged as of instead of the
// rule's (analysis.Snapshot.JudgeAsOf).
func asOfFlag(fs *flag.FlagSet) *string {
	return fs.String("now", "", "judge the findings as of this UTC day (YYYY-MM-DD)")
}

// parseAsOf reads -now's value: zero when not given.
func parseAsOf(cmd, v string, stderr io.Writer) (time.Time, bool) {
	if v == "" {
		return time.Time{}, true
	}
	day, err := analysis.ParseDay(v)
	if err != nil {
		fmt.Fprintf(stderr, "%s: -now: %v\n", cmd, err)
		return time.Time{}, false
	}
	return day, true
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, Usage) }
	return fs
}

// parseArgs parses flags wherever they stand among the paths ("summary DIR
// -json" as well as "summary -json DIR"), as users type them; after "--"
// everything is a path.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var paths []string
	for len(args) > 0 {
		if args[0] == "--" {
			return append(paths, args[1:]...), nil
		}
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if args = fs.Args(); len(args) > 0 && args[0] != "--" {
			paths = append(paths, args[0])
			args = args[1:]
		}
	}
	return paths, nil
}

func exitStatus(r *analysis.Result) int { return errorStatus(r.Errors) }

func errorStatus(errs []analysis.SourceError) int {
	if len(errs) > 0 {
		return ExitInputErrors
	}
	return ExitOK
}

// printErrors names each input that could not be read on its own line, for
// commands whose standard output is taken by something else, and returns
// the exit status they make.
func printErrors(stderr io.Writer, errs []analysis.SourceError) int {
	for _, e := range errs {
		fmt.Fprintf(stderr, "%s: %s\n", textfmt.Line(e.Source), textfmt.Line(e.Error))
	}
	return errorStatus(errs)
}

// Summary runs "summary [-json] [-library DIR] [-now DAY] [FILTER...] PATH...".
func Summary(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("summary", stderr)
	asJSON := fs.Bool("json", false, "print one JSON object")
	libDir := libraryFlag(fs)
	mb := addMailboxFlags(fs)
	nowFlag := asOfFlag(fs)
	paths, flt, ok := addFilterFlags(fs).parse(fs, args, stderr)
	if !ok {
		return ExitUsage
	}
	day, ok := parseAsOf("summary", *nowFlag, stderr)
	if !ok {
		return ExitUsage
	}
	if len(paths) == 0 && *libDir == "" {
		fmt.Fprintln(stderr, "summary: no PATH given")
		fs.Usage()
		return ExitUsage
	}
	if missingPaths("summary", paths, stderr) {
		return ExitInputErrors
	}
	snap, err := load(paths, *libDir, mb)
	if err != nil {
		fmt.Fprintln(stderr, "summary:", err)
		return ExitInputErrors
	}
	if flt, ok = findNames("summary", snap, flt, stderr); !ok {
		return ExitUsage
	}
	snap.JudgeAsOf(*libDir != "", day)
	// A summary shows totals, breakdowns and findings, never the rows.
	res := snap.Totals(flt)
	noteEmptyFilter(stderr, "summary", res)
	if *asJSON {
		if err := export.SummaryJSON(stdout, res); err != nil {
			fmt.Fprintln(stderr, "summary:", err)
			return ExitInputErrors
		}
	} else {
		writeText(stdout, res)
	}
	return exitStatus(res)
}
