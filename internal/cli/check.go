package cli

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/library"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// The exit statuses of check follow the Nagios plugin guidelines, which
// Icinga, Naemon and Sensu read too.
const (
	checkOK       = 0
	checkWarning  = 1
	checkCritical = 2
	checkUnknown  = 3
)

var checkWords = [...]string{checkOK: "OK", checkWarning: "WARNING", checkCritical: "CRITICAL", checkUnknown: "UNKNOWN"}

// metaCheckReported keeps, for check -new, the findings the previous run
// reported and when it ran.
const metaCheckReported = "check_reported"

// Check runs "check [-library DIR] [-new] [-now DAY] [FILTER...] [PATH...]".
func Check(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", stderr)
	libDir := libraryFlag(fs)
	mb := addMailboxFlags(fs)
	onlyNew := fs.Bool("new", false, "report only findings the previous check -new did not")
	nowFlag := asOfFlag(fs)
	// A monitoring system reads any other status than 0 to 3 as a problem
	// of its own: a usage error is UNKNOWN, as the plugin guidelines say.
	paths, flt, ok := addFilterFlags(fs).parse(fs, args, stderr)
	if !ok {
		return checkUnknown
	}
	day, ok := parseAsOf("check", *nowFlag, stderr)
	if !ok {
		return checkUnknown
	}
	unknown := func(why string) int {
		fmt.Fprintf(stdout, "TLS-RPT UNKNOWN - %s\n", textfmt.Line(why))
		return checkUnknown
	}

	// The library is where -new keeps its state, and what check reads when
	// no PATH is given (a cron job checks what the window and import keep).
	var lib *library.Library
	var err error
	if *onlyNew || len(paths) == 0 || *libDir != "" {
		if lib, err = openReading(*libDir); err != nil {
			return unknown(err.Error())
		}
		defer lib.Close()
	}
	snap, err := loadInto(lib, paths, mb)
	if err != nil {
		return unknown(err.Error())
	}
	// A check asks about today, of the library or of a folder a cron job
	// names (issue 21: "for the library and check, the clock"): a problem
	// last reported weeks ago is over, however recent it is among its
	// policy's reports, and a folder whose reports stopped says so.
	if flt, ok = findNames("check", snap, flt, stderr); !ok {
		return checkUnknown
	}
	snap.JudgeAsOf(true, day)
	res := snap.Totals(flt)
	now := res.AsOf
	printErrors(stderr, res.Errors)
	if res.LoadedReports == 0 {
		return unknown("no report loaded")
	}

	// Each line is a finding, or the silence of the reports as a whole.
	var lines []checkLine
	if day := res.NoReportSince(); day != "" {
		lines = append(lines, checkLine{checkWarning, analysis.StaleQuestion(day), "no-report-since\x1f" + day, day})
	}
	// A muted finding is listed apart and counts for nothing: the user
	// has seen it and chose not to be told again for now.
	mutes := library.Mutes{}
	if lib != nil {
		if mutes, err = lib.Mutes(); err != nil {
			return unknown(err.Error())
		}
	}
	var muted []string
	today := now.Format(analysis.DayFormat)
	for i := range res.Findings {
		f := &res.Findings[i]
		if mutes.Muted(f, today) {
			muted = append(muted, checkText(f.Title))
			continue
		}
		lines = append(lines, checkLine{severityStatus(f.Severity), checkText(f.Title), f.Key(), ""})
	}
	perf := perfdata(res, lines, len(muted)) // every current line, -new or not
	var since string
	if *onlyNew {
		prev, last, err := reportedBefore(lib)
		if err != nil {
			return unknown(err.Error())
		}
		if err := rememberReported(lib, lines, now); err != nil {
			return unknown(err.Error())
		}
		since = last
		lines = slices.DeleteFunc(lines, func(l checkLine) bool { return prev[l.key] })
	}

	status := checkOK
	for _, l := range lines {
		status = max(status, l.status)
	}
	fmt.Fprintf(stdout, "TLS-RPT %s - %s | %s\n", checkWords[status], checkHeadline(res, lines, len(muted), *onlyNew, since), perf)
	for _, l := range lines {
		fmt.Fprintln(stdout, checkWords[l.status]+": "+l.text)
	}
	for _, text := range muted {
		fmt.Fprintln(stdout, "MUTED: "+text)
	}
	return status
}

// checkLine is one thing check says, with the key -new knows it by:
// a finding, or the silence of the reports since the day silentSince.
type checkLine struct {
	status      int
	text, key   string
	silentSince string
}

// countLines counts the findings among lines by status, as the window's
// Findings badge and metrics' tlsrpt_findings count them, and tells the
// day of the silence among them, if it is one.
func countLines(lines []checkLine) (n [4]int, findings int, silentSince string) {
	for _, l := range lines {
		if l.silentSince != "" {
			silentSince = l.silentSince
			continue
		}
		n[l.status]++
		findings++
	}
	return n, findings, silentSince
}

func severityStatus(s analysis.Severity) int {
	switch s {
	case analysis.SeverityCritical:
		return checkCritical
	case analysis.SeverityWarning:
		return checkWarning
	}
	return checkOK
}

// checkHeadline is the status line's text: how many findings there are,
// by severity as the window's badge counts them, the silence of the
// reports apart (the window's banner, not a finding), and the most urgent
// line, or why all is well; the muted findings are counted apart, as they
// count for nothing in the status.
func checkHeadline(res *analysis.Result, lines []checkLine, muted int, onlyNew bool, since string) string {
	reports := textfmt.Counted(res.Reports, "report", "reports") + ", " + textfmt.Rate(res.SuccessfulSessions, res.FailedSessions) + " of sessions successful"
	apart := analysis.MutedApart(muted)
	if len(lines) == 0 {
		switch {
		case !onlyNew:
			return "no findings" + apart + " (" + reports + ")"
		case since == "":
			return "nothing new" + apart + " (" + reports + ")"
		}
		return "nothing new since " + since + apart + " (" + reports + ")"
	}
	n, findings, silentSince := countLines(lines)
	var parts []string
	for _, c := range []struct {
		status    int
		one, many string
	}{{checkCritical, "critical", "critical"}, {checkWarning, "warning", "warnings"}, {checkOK, "info", "info"}} {
		if n[c.status] > 0 {
			parts = append(parts, textfmt.Counted(n[c.status], c.one, c.many))
		}
	}
	noun := "finding"
	if onlyNew {
		noun = "new finding"
	}
	count := "no " + noun + "s"
	if findings > 0 {
		count = textfmt.Counted(findings, noun, noun+"s") + " (" + strings.Join(parts, ", ") + ")"
	}
	urgent := slices.MaxFunc(lines, func(x, y checkLine) int { return cmp.Compare(x.status, y.status) })
	if silentSince != "" && urgent.silentSince == "" {
		count += ", no report since " + silentSince
	}
	return fmt.Sprintf("%s%s: %s (%s)", count, apart, urgent.text, reports)
}

// perfdata is the part after "|": performance data in the plugin
// guidelines' 'label'=value form, which graphing add-ons keep. critical,
// warning and info count every current finding not muted by its severity,
// as the headline, the window's badge and metrics count them; silence is
// 1 while the reports are silent (the WARNING "No report since"), else 0.
// Under -new too: a graph of the problems must not drop to zero because
// they were told of before (the headline then counts the new ones only,
// and says so).
func perfdata(res *analysis.Result, current []checkLine, muted int) string {
	n, _, silentSince := countLines(current)
	silence := 0
	if silentSince != "" {
		silence = 1
	}
	return fmt.Sprintf("sessions=%dc failed=%dc critical=%d warning=%d info=%d muted=%d silence=%d",
		res.TotalSessions(), res.FailedSessions, n[checkCritical], n[checkWarning], n[checkOK], muted, silence)
}

// checkText keeps a title on one line and out of the perfdata: titles name
// domains and hosts that strangers' reports chose.
func checkText(s string) string { return strings.ReplaceAll(textfmt.Line(s), "|", "/") }

// reportedBefore returns the findings the previous check -new reported,
// and the day it ran ("" before the first run).
func reportedBefore(lib *library.Library) (map[string]bool, string, error) {
	v, ok, err := lib.Meta(metaCheckReported)
	if err != nil || !ok {
		return nil, "", err
	}
	ran, keys, _ := strings.Cut(v, "\n")
	seen := map[string]bool{}
	for _, k := range strings.Split(keys, "\n") {
		if k != "" {
			seen[k] = true
		}
	}
	return seen, ran, nil
}

// rememberReported keeps every current line, so that the next run reports
// only what appears after this one.
func rememberReported(lib *library.Library, lines []checkLine, now time.Time) error {
	var b strings.Builder
	b.WriteString(now.Format(analysis.DayFormat))
	for _, l := range lines {
		b.WriteString("\n" + l.key)
	}
	return lib.SetMeta(metaCheckReported, b.String())
}

// Metrics runs "metrics [-library DIR] [-o FILE] [PATH...]".
func Metrics(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("metrics", stderr)
	libDir := libraryFlag(fs)
	mb := addMailboxFlags(fs)
	out := fs.String("o", "", "write to FILE atomically (for node_exporter's textfile collector) instead of standard output")
	paths, err := parseArgs(fs, args)
	if err != nil {
		return ExitUsage
	}
	var lib *library.Library
	if len(paths) == 0 || *libDir != "" {
		// No library to read is UNKNOWN, as check says of it: a wrapper
		// that runs both from cron tells that apart from unreadable inputs.
		if lib = openLibraryFor("metrics", openReading, *libDir, stderr); lib == nil {
			return checkUnknown
		}
		defer lib.Close()
	}
	snap, err := loadInto(lib, paths, mb)
	if err != nil {
		fmt.Fprintln(stderr, "metrics:", err)
		return ExitInputErrors
	}
	// The findings a scrape reports of the library are those of today.
	snap.JudgeAsOf(lib != nil, time.Time{})
	res := snap.Result(analysis.Filter{})
	write := func(w io.Writer) error { return export.Metrics(w, res) }
	if *out != "" {
		err = export.WriteFile(*out, write)
	} else {
		err = write(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "metrics:", err)
		return ExitInputErrors
	}
	return printErrors(stderr, res.Errors)
}
