package analysis

import (
	"context"
	"fmt"
	"path/filepath"
)

// Decoded is what one input decoded to: its reports, warnings and errors,
// ready to be added to an Analysis. It lets a caller that holds the bytes
// itself (standard input, a stored original) decode them exactly as Load
// decodes a file.
type Decoded struct {
	source string
	items  []item
}

// DecodedReport is one report found in an input, with the source it is
// known by (PATH, or PATH:MEMBER inside an archive or mailbox).
type DecodedReport struct {
	Source string
	Report *Report
}

// DecodeBytes decodes data as Load decodes a file named source: any format,
// with the same limits and messages. It is safe to call from many
// goroutines at once.
func DecodeBytes(source string, data []byte) *Decoded {
	if len(data) > MaxReportBytes && !IsContainer(data) {
		return &Decoded{source: source, items: []item{{source: source,
			err: fmt.Errorf("input is %s, larger than the %s limit for one report", mib(int64(len(data))), mib(MaxReportBytes))}}}
	}
	d := decoder{}
	return &Decoded{source: source, items: d.content(source, filepath.Base(source), data, 0)}
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

// AddDecoded adds one decoded input to a as Load adds a file: one file
// counted, its errors and warnings recorded, its reports added.
func (a *Analysis) AddDecoded(d *Decoded) {
	a.addFileResult(fileResult{path: d.source, items: d.items})
}

// Walk calls visit for every file Load would read from paths, in the same
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
