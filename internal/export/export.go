// Package export writes the analysis results as files: every chart as PNG,
// the failures and policies as CSV, and the summary as JSON. The window and
// the command line share it; it knows nothing of Fyne.
package export

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/charts"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// WriteFile writes atomically: temp file in the same dir, fsync, rename;
// never half-written; removes the temp file on error. A reader of path sees
// the old file or the whole new one, even after a crash.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	// CreateTemp makes the file 0600; an export is an ordinary document.
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes the rename itself durable where the system allows it;
// Windows cannot open a directory for syncing, and the file is complete
// either way.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

var failureHeader = []string{
	"organization", "report_id", "start", "end", "policy_type", "policy_domain",
	"result_type", "sending_mta_ip", "receiving_mx_hostname", "receiving_mx_helo",
	"receiving_ip", "failed_sessions", "additional_information", "failure_reason_code",
}

// FailuresCSV writes one row per failure detail with its report's
// organization, report-id, date range (start,end RFC3339 UTC), policy type
// and domain, and every failure-detail field, after a header row.
func FailuresCSV(w io.Writer, rows []analysis.FailureRow) error {
	return writeCSV(w, failureHeader, len(rows), func(i int) []string {
		f := &rows[i]
		var org, id, start, end string
		if rep := f.Report; rep != nil {
			org, id, start, end = rep.OrganizationName, rep.ReportID, timestamp(rep.Start), timestamp(rep.End)
		}
		return []string{
			org, id, start, end, string(f.PolicyType), f.PolicyDomain,
			f.ResultType, f.SendingMTAIP, f.ReceivingMXHostname, f.ReceivingMXHelo,
			f.ReceivingIP, strconv.FormatInt(f.FailedSessions, 10), f.AdditionalInformation, f.FailureReasonCode,
		}
	})
}

var policyHeader = []string{
	"policy_type", "policy_domain", "sts_mode", "mx_patterns", "reports",
	"successful_sessions", "failed_sessions", "success_rate",
}

// PoliciesCSV writes one row per policy: type, domain, sts mode, mx
// patterns, reports, successful, failed, success rate, after a header row.
// The MX patterns share one cell, separated by spaces, which no pattern
// contains; the success rate is a fraction from 0 to 1 with four decimals,
// which spreadsheets read as a number.
func PoliciesCSV(w io.Writer, policies []analysis.PolicyTotal) error {
	return writeCSV(w, policyHeader, len(policies), func(i int) []string {
		p := &policies[i]
		return []string{
			string(p.Type), p.Domain, string(p.Mode), strings.Join(p.MXPatterns, " "),
			strconv.Itoa(p.Reports), strconv.FormatInt(p.Successful, 10), strconv.FormatInt(p.Failed, 10),
			strconv.FormatFloat(p.SuccessRate(), 'f', 4, 64),
		}
	})
}

var domainHeader = []string{
	"policy_domain", "health", "sts_mode", "dane", "reports", "sessions", "successful_sessions", "failed_sessions",
	"success_rate", "worst_finding", "worst_severity", "last_report",
}

// DomainsCSV writes the Domains page, one row per policy domain worst
// first, after a header row: health, MTA-STS mode, DANE and worst finding
// in the page's own words (textfmt), the numbers as numbers, the success
// rate as PoliciesCSV writes it and the last report's day as YYYY-MM-DD.
func DomainsCSV(w io.Writer, rows []analysis.DomainRow) error {
	return writeCSV(w, domainHeader, len(rows), func(i int) []string {
		d := &rows[i]
		var severity string
		if d.Worst != nil {
			severity = string(d.Worst.Severity)
		}
		return []string{
			d.Domain, textfmt.Health(d.Health), textfmt.DomainMode(d), textfmt.YesNo(d.DANE), strconv.Itoa(d.Reports),
			strconv.FormatInt(d.Sessions(), 10), strconv.FormatInt(d.Successful, 10), strconv.FormatInt(d.Failed, 10),
			strconv.FormatFloat(d.SuccessRate(), 'f', 4, 64), textfmt.WorstFinding(d), severity, textfmt.Day(d.LastDay),
		}
	})
}

var findingHeader = []string{
	"kind", "severity", "policy_type", "policy_domain", "subject", "first_seen", "last_seen",
	"failed_sessions", "reports", "reporters", "title", "advice",
}

// FindingsCSV writes one row per finding with the fields and names of
// summary.json's findings, after a header row. The reporters share one
// cell, separated by "; ".
func FindingsCSV(w io.Writer, findings []analysis.Finding) error {
	return writeCSV(w, findingHeader, len(findings), func(i int) []string {
		f := &findings[i]
		return []string{
			string(f.Kind), string(f.Severity), string(f.PolicyType), f.PolicyDomain, f.Subject, f.FirstSeen, f.LastSeen,
			strconv.FormatInt(f.FailedSessions, 10), strconv.Itoa(f.Reports), strings.Join(f.Reporters, "; "), f.Title, f.Advice,
		}
	})
}

func writeCSV(w io.Writer, header []string, n int, row func(int) []string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for i := range n {
		cells := row(i)
		for j, c := range cells {
			cells[j] = neutralise(c)
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// neutralise stops a spreadsheet from running report text as a formula
// (CSV injection): a cell starting with =, +, -, @, tab or carriage return
// gets a leading single quote. Report content comes from strangers.
func neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Size is the pixel size of exported charts. It does not follow the
// window, so documents and tickets get the same picture every time.
type Size struct{ Width, Height int }

// DefaultSize is the chart size of every export unless the command line's
// -size says otherwise.
var DefaultSize = Size{1600, 900}

// The bounds of a Size: go-chart lays out a readable chart within them.
var minSize, maxSize = Size{200, 150}, Size{10000, 10000}

func (s Size) String() string { return fmt.Sprintf("%dx%d", s.Width, s.Height) }

// ParseSize reads "WIDTHxHEIGHT", as the command line's -size takes it.
func ParseSize(text string) (Size, error) {
	w, h, ok := strings.Cut(strings.ToLower(text), "x")
	width, errW := strconv.Atoi(w)
	height, errH := strconv.Atoi(h)
	if !ok || errW != nil || errH != nil || width < minSize.Width || height < minSize.Height || width > maxSize.Width || height > maxSize.Height {
		return Size{}, fmt.Errorf("-size %q: want WIDTHxHEIGHT between %v and %v", text, minSize, maxSize)
	}
	return Size{width, height}, nil
}

// ChartFile is the name under which chart id is exported.
func ChartFile(id charts.ID) string { return id.FileName(".png") }

// WriteChart writes chart id of r to path as a PNG of size s, atomically.
func WriteChart(path string, id charts.ID, r *analysis.Result, s Size) error {
	return WriteFile(path, chartPNG(id, r, s))
}

func chartPNG(id charts.ID, r *analysis.Result, s Size) func(io.Writer) error {
	return func(w io.Writer) error {
		return charts.Encode(w, id, r, charts.ExportOptions(s.Width, s.Height), charts.PNG)
	}
}

// A Set is a group of files written together into one folder. Their names
// are fixed here and never come from report content.
type Set int

// The sets the window and the command line export.
const (
	// All is every chart as PNG (ChartFile), report.html, domains.csv,
	// findings.csv, failures.csv, policies.csv and summary.json: the
	// command line's export and the window's Export all charts.
	All Set = iota
	// Tables is domains.csv, findings.csv, failures.csv and policies.csv:
	// the window's Export CSV.
	Tables
)

// The names of the table files.
const (
	DomainsFile  = "domains.csv"
	FindingsFile = "findings.csv"
	FailuresFile = "failures.csv"
	PoliciesFile = "policies.csv"
	SummaryFile  = "summary.json"
)

type file struct {
	name  string
	write func(io.Writer) error
}

// files lists what set s writes for r, in order; r is only read when a
// file is written.
func (s Set) files(r *analysis.Result, size Size) []file {
	var files []file
	if s == All {
		for _, id := range charts.All() {
			files = append(files, file{ChartFile(id), chartPNG(id, r, size)})
		}
	}
	if s == All {
		files = append(files, file{ReportFile, func(w io.Writer) error { return ReportHTML(w, r, time.Now()) }})
	}
	files = append(files,
		file{DomainsFile, func(w io.Writer) error { return DomainsCSV(w, r.DomainRows()) }},
		file{FindingsFile, func(w io.Writer) error { return FindingsCSV(w, r.Findings) }},
		file{FailuresFile, func(w io.Writer) error { return FailuresCSV(w, r.Failures) }},
		file{PoliciesFile, func(w io.Writer) error { return PoliciesCSV(w, r.Policies) }},
	)
	if s == All {
		files = append(files, file{SummaryFile, func(w io.Writer) error { return SummaryJSON(w, r) }})
	}
	return files
}

// Names are the files Write writes, to ask before replacing any of them.
func (s Set) Names() []string {
	var names []string
	for _, f := range s.files(nil, Size{}) {
		names = append(names, f.name)
	}
	return names
}

// Write writes the files of set s for r into dir (creating it, 0755), each
// atomically, with charts of the given size; it returns the paths written.
// On error it still returns the paths written before it, so the caller can
// say what is there.
func (s Set) Write(dir string, r *analysis.Result, size Size) ([]string, error) {
	if r == nil {
		return nil, errors.New("export: no result")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	files := s.files(r, size)
	written := make([]string, 0, len(files))
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := WriteFile(path, f.write); err != nil {
			return written, fmt.Errorf("export %s: %w", f.name, err)
		}
		written = append(written, path)
	}
	return written, nil
}
