package cli

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// writeText prints the analysis for a terminal: headline first, then the
// tables a postmaster reads top-down, then everything that went wrong.
func writeText(w io.Writer, r *analysis.Result) {
	fmt.Fprintf(w, "%s, %s", textfmt.Counted(r.Files, "file", "files"), textfmt.Counted(r.Reports, "report", "reports"))
	if r.Duplicates > 0 {
		fmt.Fprintf(w, " (%s counted once)", textfmt.Counted(r.Duplicates, "duplicate", "duplicates"))
	}
	fmt.Fprintln(w)
	if !r.Filter.IsZero() {
		fmt.Fprintf(w, "Filter: %s (%s of %s reports)\n", textfmt.Line(r.Filter.String()), textfmt.Count(int64(r.Reports)), textfmt.Count(int64(r.LoadedReports)))
	}
	if r.Reports > 0 {
		fmt.Fprintf(w, "Period: %s (UTC)\n", textfmt.Span(r.First, r.Last))
	}
	fmt.Fprintf(w, "Sessions: %s successful, %s failed, success rate %s\n\n",
		textfmt.Count(r.SuccessfulSessions), textfmt.Count(r.FailedSessions), textfmt.Rate(r.SuccessfulSessions, r.FailedSessions))
	writeFindings(w, r.Findings, r.AsOfWords(time.Now()))

	if len(r.Policies) > 0 {
		tw := table(w, "POLICY", "MODE", "REPORTS", "SUCCESSFUL", "FAILED", "SUCCESS")
		for _, p := range r.Policies {
			row(tw, textfmt.Policy(p.Type, p.Domain), textfmt.Mode(p.Type, p.Mode), textfmt.Count(int64(p.Reports)), textfmt.Count(p.Successful), textfmt.Count(p.Failed), textfmt.Rate(p.Successful, p.Failed))
		}
		tw.Flush()
		for _, d := range r.Domains {
			if d.SharedReports > 0 {
				fmt.Fprintf(w, "%s: the same sessions are listed under %s in %s; the totals count them once.\n",
					textfmt.Line(textfmt.Domain(d.Domain)), strings.Join(typeNames(d.Types), " and "), textfmt.Counted(d.SharedReports, "report", "reports"))
			}
		}
		fmt.Fprintln(w)
	}
	if len(r.Organizations) > 0 {
		tw := table(w, "REPORTING ORGANIZATION", "REPORTS", "SUCCESSFUL", "FAILED")
		for _, o := range r.Organizations {
			row(tw, textfmt.Field(o.Name), textfmt.Count(int64(o.Reports)), textfmt.Count(o.Successful), textfmt.Count(o.Failed))
		}
		tw.Flush()
		fmt.Fprintln(w)
	}
	countTable(w, "RESULT TYPE", r.ResultTypes, textfmt.ResultType)
	countTable(w, "RECEIVING MX HOST", r.ReceivingMXHosts, textfmt.Field)
	countTable(w, "SENDING MTA IP", r.SendingMTAIPs, textfmt.Field)

	if len(r.Warnings) > 0 {
		fmt.Fprintf(w, "%s:\n", textfmt.Counted(len(r.Warnings), "Warning", "Warnings"))
		for _, x := range r.Warnings {
			fmt.Fprintf(w, "  %s: %s\n", textfmt.Line(x.Source), textfmt.Line(x.Warning))
		}
		fmt.Fprintln(w)
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(w, "Errors (%s could not be read):\n", textfmt.Counted(len(r.Errors), "input", "inputs"))
		for _, x := range r.Errors {
			fmt.Fprintf(w, "  %s: %s\n", textfmt.Line(x.Source), textfmt.Line(x.Error))
		}
	}
}

// countTable lists failed sessions per key; name writes a key.
func countTable(w io.Writer, title string, counts []analysis.Count, name func(string) string) {
	if len(counts) == 0 {
		return
	}
	tw := table(w, title, "FAILED SESSIONS")
	for _, c := range counts {
		row(tw, name(c.Name), textfmt.Count(c.Failed))
	}
	tw.Flush()
	fmt.Fprintln(w)
}

// textTable lays out columns: the first left-aligned (names), the others
// right-aligned (numbers), as a reader scans them.
type textTable struct {
	w    io.Writer
	rows [][]string
}

func table(w io.Writer, headers ...string) *textTable {
	return &textTable{w: w, rows: [][]string{headers}}
}

// row adds cells; report text is made one safe line so a hostile value
// cannot break the layout, inject terminal control characters or reverse
// the text around it.
func row(t *textTable, cells ...string) {
	for i, c := range cells {
		cells[i] = textfmt.Line(c)
	}
	t.rows = append(t.rows, cells)
}

func (t *textTable) Flush() {
	widths := make([]int, len(t.rows[0]))
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range t.rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Fprintln(t.w, b.String())
	}
}

func typeNames(types []report.PolicyType) []string {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = string(t)
	}
	return names
}

// writeFindings prints each finding as a heading line (severity, kind,
// policy, subject, days) with its title and advice below, most urgent first.
func writeFindings(w io.Writer, fs []analysis.Finding, asOf string) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(w, "Findings (%s) %s:\n\n", analysis.SeverityCounts(fs), asOf)
	for _, f := range fs {
		days := f.FirstSeen
		if f.LastSeen != f.FirstSeen {
			days += " to " + f.LastSeen
		}
		fmt.Fprintf(w, "%s  %s\n  %s\n  What to do: %s\n\n", findingHead(&f), days, textfmt.Line(f.Title), textfmt.Line(f.Advice))
	}
}

// findingHead names a finding on one line: severity, kind, policy, subject.
func findingHead(f *analysis.Finding) string {
	head := []string{strings.ToUpper(string(f.Severity)), string(f.Kind), textfmt.Line(textfmt.Policy(f.PolicyType, f.PolicyDomain))}
	if f.Subject != "" {
		head = append(head, textfmt.Line(f.Subject))
	}
	return strings.Join(head, "  ")
}
