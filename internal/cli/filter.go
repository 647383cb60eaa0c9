package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// listFlag is a flag that may be given more than once.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return fmt.Errorf("empty value")
	}
	*l = append(*l, v)
	return nil
}

// filterFlags are the flags of summary, export and check that narrow the
// analysis: one per list of analysis.FilterLists, and the period.
type filterFlags struct {
	lists    []listFlag // by the index of analysis.FilterLists
	from, to string
}

func addFilterFlags(fs *flag.FlagSet) *filterFlags {
	f := &filterFlags{lists: make([]listFlag, len(analysis.FilterLists))}
	for i, l := range analysis.FilterLists {
		fs.Var(&f.lists[i], l.Flag, l.Usage)
	}
	fs.StringVar(&f.from, "from", "", "only reports that start on or after this UTC day (YYYY-MM-DD)")
	fs.StringVar(&f.to, "to", "", "only reports that start on or before this UTC day (YYYY-MM-DD)")
	return f
}

// filter builds the analysis.Filter the flags ask for.
func (f *filterFlags) filter() (analysis.Filter, error) {
	var flt analysis.Filter
	for i, l := range analysis.FilterLists {
		*l.Get(&flt) = f.lists[i]
	}
	var err error
	if f.from != "" {
		if flt.From, err = analysis.ParseDay(f.from); err != nil {
			return flt, fmt.Errorf("-from: %w", err)
		}
	}
	if f.to != "" {
		if flt.To, err = analysis.ParseDay(f.to); err != nil {
			return flt, fmt.Errorf("-to: %w", err)
		}
	}
	return flt, flt.Validate()
}

// parse parses args (flags among the paths, as parseArgs does) and builds
// the filter; ok is false after a usage error, which it has said on stderr.
func (f *filterFlags) parse(fs *flag.FlagSet, args []string, stderr io.Writer) (paths []string, flt analysis.Filter, ok bool) {
	paths, err := parseArgs(fs, args)
	if err != nil {
		return nil, flt, false
	}
	if flt, err = f.filter(); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return nil, flt, false
	}
	return paths, flt, true
}

// noteEmptyFilter tells on stderr that a filter kept nothing, which is not
// an error but easy to mistake for one.
func noteEmptyFilter(stderr io.Writer, cmd string, r *analysis.Result) {
	if r.Filter.NarrowsReports() && r.Reports == 0 && r.LoadedReports > 0 {
		fmt.Fprintf(stderr, "%s: no report matches the filter (%s); %d loaded\n", cmd, r.Filter, r.LoadedReports)
	} else if r.Filter.NarrowsFailures() && len(r.ResultTypes) == 0 {
		fmt.Fprintf(stderr, "%s: no failure detail matches the filter (%s)\n", cmd, r.Filter)
	}
}

// findNames takes each -domain and -org value that names nothing loaded as
// a whole for the one name that contains it, as the window's pickers find
// names (analysis.Snapshot.FindNames), and says so on stderr. A value found
// in several names is refused with them listed; ok is false then.
func findNames(cmd string, snap *analysis.Snapshot, flt analysis.Filter, stderr io.Writer) (_ analysis.Filter, ok bool) {
	flt, found := snap.FindNames(flt)
	ok = true
	for _, n := range found {
		names := make([]string, len(n.Names))
		for i, name := range n.Names {
			if names[i] = name; n.List.Domain {
				names[i] = textfmt.Domain(name)
			}
		}
		if len(names) == 1 {
			fmt.Fprintf(stderr, "%s: -%s %s: taken for %s %s, the one name loaded that contains it\n", cmd, n.List.Flag, n.Typed, n.List.Label, names[0])
			continue
		}
		fmt.Fprintf(stderr, "%s: -%s %s is part of %d names: %s; give one whole (-%s again for another)\n",
			cmd, n.List.Flag, n.Typed, len(names), strings.Join(names, ", "), n.List.Flag)
		ok = false
	}
	return flt, ok
}
