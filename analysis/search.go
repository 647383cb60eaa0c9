package analysis

import "strings"

// The window's pickers and the command line's -domain and -org find a name
// by what was typed the same way (trial: "summary -org google" found
// nothing where the window's Reporter… picker offered "Google Inc."): in
// lower case, a name matches when it contains the text, and the names that
// start with it come first. A domain is searched in both its forms, as
// DomainForPeople writes it, so "bücher" and "xn--bcher" both find
// bücher.example.

// SearchKey is the text name is searched in; domain tells that it is a
// domain.
func SearchKey(name string, domain bool) string {
	if domain {
		name = DomainForPeople(name)
	}
	return strings.ToLower(name)
}

// Search lists the items whose key (SearchKey of the item's name) contains
// what was typed, those that start with it first, each group in the
// order of items.
func Search[T any](items []T, key func(T) string, typed string) []T {
	q := strings.ToLower(strings.TrimSpace(typed))
	var starts, contains []T
	for _, it := range items {
		switch i := strings.Index(key(it), q); {
		case i == 0:
			starts = append(starts, it)
		case i > 0:
			contains = append(contains, it)
		}
	}
	return append(starts, contains...)
}

// NameFound is a value of a filter's searched list that names nothing
// loaded as a whole, and the loaded names that contain it.
type NameFound struct {
	List  *FilterList
	Typed string
	Names []string
}

// FindNames takes each value of f's domains and reporters that names none
// of the snapshot's as a whole (in any case, a domain in either form) for
// the one name that contains it, as picking it in the window would. A
// value found in several names stays as typed, matching nothing: the
// command line has no list to choose from, so found lists them for the
// caller to ask which.
func (s *Snapshot) FindNames(f Filter) (Filter, []NameFound) {
	var found []NameFound
	for i := range FilterLists {
		l := &FilterLists[i]
		if l.names == nil || len(*l.Get(&f)) == 0 {
			continue
		}
		names := l.names(s)
		whole := make(map[string]bool, len(names))
		for _, n := range names {
			whole[l.norm(n)] = true
		}
		values := *l.Get(&f)
		out := make([]string, 0, len(values))
		for _, v := range values {
			if whole[l.norm(v)] {
				out = append(out, v)
				continue
			}
			hits := Search(names, func(n string) string { return SearchKey(n, l.Domain) }, v)
			if len(hits) == 0 {
				out = append(out, v)
				continue
			}
			found = append(found, NameFound{List: l, Typed: v, Names: hits})
			if len(hits) == 1 {
				v = hits[0]
			}
			out = append(out, v)
		}
		*l.Get(&f) = out
	}
	return f, found
}
