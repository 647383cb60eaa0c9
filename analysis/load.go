package analysis

import (
	"context"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// Loader reads report files, folders, archives and mailboxes into an
// Analysis through a source.Reader, in input order.
type Loader struct {
	// Workers is the number of files decoded at once; 0 means GOMAXPROCS.
	Workers int
	// OnProgress, if set, is called after every file, from one goroutine
	// (not the caller's), never concurrently.
	OnProgress func(source.Progress)
}

// Load reads every path into a. Problems with single inputs are recorded in
// a and never stop the others. Load returns ctx.Err() if it was cancelled;
// what was read until then stays in a.
func (l *Loader) Load(ctx context.Context, a *Analysis, paths []string) error {
	rd := source.Reader{Workers: l.Workers, OnProgress: l.OnProgress}
	return rd.Read(ctx, paths, func(d *source.Decoded, pending int) {
		if pending > 0 {
			a.recs.reserve(pending)
		}
		a.AddDecoded(d)
	})
}

// AddDecoded adds one decoded input to a as Load adds a file: one file
// counted, its errors and warnings recorded, its reports added.
func (a *Analysis) AddDecoded(d *source.Decoded) {
	a.AddFile()
	if d.Err != nil {
		a.AddError(d.Source, d.Err)
		return
	}
	for _, it := range d.Items() {
		switch {
		case it.Err != nil:
			a.AddError(it.Source, it.Err)
		case it.Warning != "":
			a.AddWarning(it.Source, it.Warning)
		default:
			// A duplicate's oddities are those of a report not counted.
			if a.Add(it.Source, it.Report) {
				for _, w := range it.Warnings {
					a.AddWarning(it.Source, w)
				}
			}
		}
	}
}
