package source

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// Decoded is what one input decoded to: its reports, warnings and errors,
// in input order. DecodeBytes makes one for a caller that holds the bytes
// itself (standard input, a stored original), exactly as Read makes one for
// a file.
type Decoded struct {
	Source string // the path, or the name the caller gave
	Err    error  // set when the input could not be listed or opened at all
	items  []item
}

// Item is one outcome of decoding an input: a report with the oddities
// found in it, a warning about the input as a whole, or an error.
type Item struct {
	Source   string // PATH, or PATH:MEMBER inside an archive or mailbox
	Report   *report.Report
	Warnings []string // about Report
	Warning  string   // about the input, with no report
	Err      error
}

// Items lists the outcomes in input order.
func (d *Decoded) Items() []Item {
	out := make([]Item, len(d.items))
	for i, it := range d.items {
		out[i] = Item{it.source, it.report, it.warnings, it.warning, it.err}
	}
	return out
}

// DecodedReport is one report found in an input, with the source it is
// known by (PATH, or PATH:MEMBER inside an archive or mailbox).
type DecodedReport struct {
	Source string
	Report *report.Report
}

// DecodeBytes decodes data as Read decodes a file named source: any format,
// with the same limits and messages. It is safe to call from many
// goroutines at once.
func DecodeBytes(source string, data []byte) *Decoded {
	if len(data) > MaxReportBytes && !IsContainer(data) {
		return &Decoded{Source: source, items: []item{{source: source,
			err: fmt.Errorf("input is %s, larger than the %s limit for one report", mib(int64(len(data))), mib(MaxReportBytes))}}}
	}
	d := decoder{}
	items := d.content(source, filepath.Base(source), data, 0)
	if isMaildirPart(filepath.Dir(source)) {
		items = withoutOrdinaryMail(items)
	}
	return &Decoded{Source: source, items: items}
}

// IsContainer tells from its first bytes whether data is a zip archive, a
// gzip stream or a mailbox: the inputs that bound each member rather than
// their whole size, and so may be larger than MaxReportBytes.
func IsContainer(head []byte) bool {
	switch sniff(head) {
	case formatZip, formatGzip, formatMbox:
		return true
	}
	return false
}

// Reports lists the reports found, in input order.
func (d *Decoded) Reports() []DecodedReport {
	var out []DecodedReport
	for _, it := range d.items {
		if it.report != nil && it.err == nil {
			out = append(out, DecodedReport{it.source, it.report})
		}
	}
	return out
}

// Keep drops the reports for which keep returns false, with their warnings,
// as if the input had not held them.
func (d *Decoded) Keep(keep func(DecodedReport) bool) {
	kept := d.items[:0]
	for _, it := range d.items {
		if it.report == nil || it.err != nil || keep(DecodedReport{it.source, it.report}) {
			kept = append(kept, it)
		}
	}
	d.items = kept
}

// Walk calls visit for every file Read would read from paths, in the same
// order: files named in paths, and the report files found below folders.
// err is set for a path that could not be listed. Walk stops when visit
// returns false or ctx is cancelled.
func Walk(ctx context.Context, paths []string, visit func(path string, err error) bool) {
	for _, p := range paths {
		if !walkPath(ctx, p, func(j job) bool { return visit(j.path, j.err) }, nil) {
			return
		}
	}
}

// StartsContainer tells from r's first bytes, past any leading whitespace,
// whether r is an archive or a mailbox (IsContainer), for callers that
// bound a file by its kind before reading it whole (the library).
func StartsContainer(r io.Reader) (bool, error) {
	head, err := peekHead(bufio.NewReaderSize(r, sniffLen))
	if err != nil && err != io.EOF {
		return false, err
	}
	return IsContainer(head), nil
}
