package analysis

import "sync"

// Snapshot is the Analysis as it stands; later Adds do not change it.
func (a *Analysis) Snapshot() *Snapshot {
	return &Snapshot{
		files:      a.files,
		duplicates: a.duplicates,
		errors:     a.errors[:len(a.errors):len(a.errors)],
		warnings:   a.warnings[:len(a.warnings):len(a.warnings)],
		recs:       a.recs.snapshot(),
		orders:     a.orders,
	}
}

// Snapshot is an immutable view of the reports an Analysis held at one
// moment, from which any slice of them can be computed. It is safe for
// concurrent use.
type Snapshot struct {
	orderOnce         sync.Once
	ord               *order
	orders            *orderCache
	files, duplicates int
	errors            []SourceError
	warnings          []SourceWarning
	recs              store
	asOf              int32 // see SetAsOf; 0 until set
}

// Reports is the number of distinct reports in the snapshot.
func (s *Snapshot) Reports() int { return len(s.recs.reports) }

// Errors lists the inputs that could not be read, as Result does, without
// computing one: importing needs no more.
func (s *Snapshot) Errors() []SourceError { return s.errors }

// Warnings lists the inputs read with a warning, as Result does.
func (s *Snapshot) Warnings() []SourceWarning { return s.warnings }
