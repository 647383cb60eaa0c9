package analysis

import (
	"fmt"
	"slices"
	"strings"
)

// keepsFinding tells whether the finding-level lists of f keep x.
func (f Filter) keepsFinding(x *Finding) bool {
	has := func(list []string, v string) bool {
		return len(list) == 0 || slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), v) })
	}
	return has(f.Severities, string(x.Severity)) && has(f.Kinds, string(x.Kind))
}

// validateFindingLists says which severity or kind no finding can have: a
// typo would keep no finding and read as good news.
func (f Filter) validateFindingLists() error {
	for _, s := range f.Severities {
		if !slices.ContainsFunc([]Severity{SeverityCritical, SeverityWarning, SeverityInfo}, func(v Severity) bool { return strings.EqualFold(strings.TrimSpace(s), string(v)) }) {
			return fmt.Errorf("%q is not a severity (critical, warning or info)", s)
		}
	}
	for _, k := range f.Kinds {
		if !slices.ContainsFunc(kindOrder, func(v FindingKind) bool { return strings.EqualFold(strings.TrimSpace(k), string(v)) }) {
			return fmt.Errorf("%q is not a kind of finding (%s)", k, kindNames())
		}
	}
	return nil
}

func kindNames() string {
	names := make([]string, len(kindOrder))
	for i, k := range kindOrder {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// FindingKinds are the kinds of finding, in the order they are listed.
func FindingKinds() []FindingKind { return slices.Clone(kindOrder) }
