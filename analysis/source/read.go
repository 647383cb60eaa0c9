package source

import (
	"context"
	"sync/atomic"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/ordered"
)

// Progress tells how far a Read has come. Found grows while folders are
// still being walked; Walking is false once Found is final.
type Progress struct {
	Done, Found int
	Walking     bool
}

// Reader reads report files, folders, archives and mailboxes, decoding
// files in parallel and handing them over in input order, so that what is
// built from them (which of two duplicates is kept, the order of errors)
// does not depend on scheduling.
type Reader struct {
	// Workers is the number of files decoded at once; 0 means GOMAXPROCS.
	Workers int
	// OnProgress, if set, is called after every file, from one goroutine
	// (not the caller's), never concurrently.
	OnProgress func(Progress)
}

type job struct {
	path     string
	explicit bool  // named by the user rather than found in a folder
	err      error // set when the path could not even be listed
	// message marks a file of a Maildir: like a mailbox's message, one that
	// holds no report is ordinary mail, not a problem to tell.
	message bool
}

// Read decodes every path and calls add with each input, in input order,
// from one goroutine. Folders are walked recursively for files that look
// like reports; a file named explicitly is always tried. pending is how many
// files of the folders listed so far are still to come, for add to make
// room. The reports handed to add are reused once it returns: add copies
// what it keeps. Read returns ctx.Err() if it was cancelled.
func (rd *Reader) Read(ctx context.Context, paths []string, add func(d *Decoded, pending int)) error {
	var found, listed atomic.Int64
	var walking atomic.Bool
	walking.Store(true)
	status := func() Progress { return Progress{Found: int(found.Load()), Walking: walking.Load()} }
	done := 0
	ordered.Run(ctx, rd.Workers, func(emit func(job) bool) {
		defer walking.Store(false)
		for _, p := range paths {
			if !walkPath(ctx, p, func(j job) bool {
				found.Add(1)
				return emit(j)
			}, func(n int) { listed.Add(int64(n)) }) {
				return
			}
		}
	}, func(j job) *Decoded {
		d := &Decoded{Source: j.path, Err: j.err}
		if j.err == nil && ctx.Err() == nil {
			d.items, d.Err = decodeFile(j.path, j.explicit)
			if j.message {
				d.items = withoutOrdinaryMail(d.items)
			}
			d.items = capped(d.items)
		}
		return d
	}, func(d *Decoded) {
		add(d, max(int(listed.Load())-done, 0))
		for _, it := range d.items {
			if it.report != nil {
				reports.Put(it.report)
			}
		}
		done++
		if rd.OnProgress != nil {
			p := status()
			p.Done = done
			rd.OnProgress(p)
		}
	})
	if rd.OnProgress != nil && ctx.Err() == nil {
		p := status()
		p.Done, p.Walking = done, false
		rd.OnProgress(p)
	}
	return ctx.Err()
}
