package cli

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
)

// Mute runs "mute [-library DIR] [-for DURATION] [-now DAY] KIND DOMAIN [SUBJECT]" and
// "mute [-library DIR] -list": the mutes the window's Mute keeps, in the
// same library, which check leaves out of its status.
func Mute(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("mute", stderr)
	libDir := libraryFlag(fs)
	list := fs.Bool("list", false, "list the muted findings")
	forFlag := fs.String("for", "", "mute for DURATION (7d, 2w, 36h) instead of until the finding changes")
	nowFlag := asOfFlag(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return ExitUsage
	}
	if *list {
		if len(paths) > 0 || *forFlag != "" {
			fmt.Fprintln(stderr, "mute: -list takes no other argument")
			return ExitUsage
		}
		return listMutes(*libDir, stdout, stderr)
	}
	kind, domain, subject, ok := muteArgs("mute", paths, stderr)
	if !ok {
		return ExitUsage
	}
	var d time.Duration
	if *forFlag != "" {
		if d, err = parseFor(*forFlag); err != nil {
			fmt.Fprintln(stderr, "mute: -for:", err)
			return ExitUsage
		}
	}
	day, ok := parseAsOf("mute", *nowFlag, stderr)
	if !ok {
		return ExitUsage
	}
	lib := openLibraryFor("mute", openReading, *libDir, stderr)
	if lib == nil {
		return ExitInputErrors
	}
	defer lib.Close()
	// The findings of the library as check and the window judge them: a
	// mute names one as it stands, with its severity and first day.
	snap, err := loadInto(lib, nil, nil)
	if err != nil {
		fmt.Fprintln(stderr, "mute:", err)
		return ExitInputErrors
	}
	snap.JudgeAsOf(true, day)
	res := snap.Totals(analysis.Filter{})
	until := ""
	if d > 0 {
		until = library.MuteUntil(res.AsOf, d)
	}
	var muted int
	for i := range res.Findings {
		f := &res.Findings[i]
		if !muteMatches(f, kind, domain, subject) {
			continue
		}
		if err := lib.Mute(f, until); err != nil {
			fmt.Fprintln(stderr, "mute:", err)
			return ExitInputErrors
		}
		muted++
		fmt.Fprintf(stdout, "Muted %s: %s\n", untilWords(until), findingHead(f))
	}
	if muted == 0 {
		fmt.Fprintf(stderr, "mute: no %s finding on %s%s as of %s (tlsrpt-analyzer check -library lists them)\n",
			kind, domain, subjectWords(subject), res.AsOf.Format(analysis.DayFormat))
		return ExitInputErrors
	}
	return ExitOK
}

// Unmute runs "unmute [-library DIR] KIND DOMAIN [SUBJECT]": it ends the
// matching mutes, of current findings or not.
func Unmute(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("unmute", stderr)
	libDir := libraryFlag(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return ExitUsage
	}
	kind, domain, subject, ok := muteArgs("unmute", paths, stderr)
	if !ok {
		return ExitUsage
	}
	lib := openLibraryFor("unmute", openReading, *libDir, stderr)
	if lib == nil {
		return ExitInputErrors
	}
	defer lib.Close()
	mutes, err := lib.Mutes()
	if err != nil {
		fmt.Fprintln(stderr, "unmute:", err)
		return ExitInputErrors
	}
	var ended int
	for _, k := range slices.Sorted(maps.Keys(mutes)) {
		f, ok := analysis.KeyFinding(k)
		if !ok || !muteMatches(&f, kind, domain, subject) {
			continue
		}
		if err := lib.Unmute(&f); err != nil {
			fmt.Fprintln(stderr, "unmute:", err)
			return ExitInputErrors
		}
		ended++
		fmt.Fprintln(stdout, "Unmuted: "+findingHead(&f))
	}
	if ended == 0 {
		fmt.Fprintf(stderr, "unmute: no muted %s finding on %s%s (mute -list lists them)\n", kind, domain, subjectWords(subject))
		return ExitInputErrors
	}
	return ExitOK
}

// listMutes prints each mute: the finding as it was muted, and until when.
func listMutes(libDir string, stdout, stderr io.Writer) int {
	lib := openLibraryFor("mute", openReading, libDir, stderr)
	if lib == nil {
		return ExitInputErrors
	}
	defer lib.Close()
	mutes, err := lib.Mutes()
	if err != nil {
		fmt.Fprintln(stderr, "mute:", err)
		return ExitInputErrors
	}
	today := time.Now().UTC().Format(analysis.DayFormat)
	var lines []string
	for k, until := range mutes {
		f, ok := analysis.KeyFinding(k)
		if !ok {
			continue
		}
		state := untilWords(until)
		if !mutes.Muted(&f, today) {
			state = "ended " + until
		}
		lines = append(lines, findingHead(&f)+"  since "+f.FirstSeen+"  muted "+state)
	}
	if len(lines) == 0 {
		fmt.Fprintln(stdout, "No finding is muted.")
		return ExitOK
	}
	slices.Sort(lines)
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	return ExitOK
}

// muteArgs reads KIND DOMAIN [SUBJECT].
func muteArgs(cmd string, args []string, stderr io.Writer) (kind analysis.FindingKind, domain, subject string, ok bool) {
	if len(args) < 2 || len(args) > 3 {
		fmt.Fprintf(stderr, "%s: want KIND DOMAIN [SUBJECT], got %d arguments\n", cmd, len(args))
		return "", "", "", false
	}
	kind = analysis.FindingKind(strings.ToLower(args[0]))
	if !slices.Contains(analysis.FindingKinds(), kind) {
		var kinds []string
		for _, k := range analysis.FindingKinds() {
			kinds = append(kinds, string(k))
		}
		fmt.Fprintf(stderr, "%s: unknown kind %q; the kinds are %s\n", cmd, args[0], strings.Join(kinds, ", "))
		return "", "", "", false
	}
	if len(args) == 3 {
		subject = args[2]
	}
	return kind, args[1], subject, true
}

// muteMatches tells whether f is of kind on domain, about subject when
// one is given. Domains and hosts are compared as DNS compares them.
func muteMatches(f *analysis.Finding, kind analysis.FindingKind, domain, subject string) bool {
	return f.Kind == kind && strings.EqualFold(strings.TrimSuffix(f.PolicyDomain, "."), strings.TrimSuffix(domain, ".")) &&
		(subject == "" || strings.EqualFold(f.Subject, subject))
}

// parseFor reads -for: days (7d), weeks (2w) or a Go duration (36h).
func parseFor(s string) (time.Duration, error) {
	for unit, d := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, err := strconv.Atoi(strings.TrimSuffix(s, unit)); err == nil && strings.HasSuffix(s, unit) && n > 0 {
			return time.Duration(n) * d, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a duration such as 7d, 2w or 36h", s)
	}
	return d, nil
}

func untilWords(until string) string {
	if until == "" {
		return "until it changes"
	}
	return "until " + until
}

func subjectWords(subject string) string {
	if subject == "" {
		return ""
	}
	return " about " + subject
}
