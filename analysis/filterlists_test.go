package analysis

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestFilterListsCoverEveryField: every list field of Filter has one row of
// FilterLists with every part filled in, and each part of the filter's
// behaviour (merge, compare, describe, chips, the wire form, narrowing)
// sees it. Adding a field to Filter without its row, or a row without one
// of its parts, fails here.
func TestFilterListsCoverEveryField(t *testing.T) {
	ft := reflect.TypeFor[Filter]()
	var f Filter
	rows := map[string]int{} // field name -> row
	for i, l := range FilterLists {
		p := reflect.ValueOf(l.Get(&f)).Pointer()
		found := false
		for j := range ft.NumField() {
			if reflect.ValueOf(&f).Elem().Field(j).Addr().Pointer() == p {
				if _, dup := rows[ft.Field(j).Name]; dup {
					t.Errorf("two rows for %s", ft.Field(j).Name)
				}
				rows[ft.Field(j).Name], found = i, true
			}
		}
		if !found {
			t.Errorf("row %d (%s) is no field of Filter", i, l.Label)
		}
		syms := 0
		for _, set := range []bool{l.onReport != nil, l.onPolicy != nil, l.onFailure != nil} {
			if set {
				syms++
			}
		}
		if want := map[bool]int{true: 0, false: 1}[l.Level == FindingLevel]; l.Label == "" || l.Flag == "" || l.Arg == "" || l.Usage == "" || l.wire == nil || l.norm == nil || syms != want {
			t.Errorf("row %d (%s) lacks a part: %+v", i, l.Label, l)
		}
		if (l.Level == FailureLevel) != (l.onFailure != nil) {
			t.Errorf("row %d (%s): level %v but matches failure records %v", i, l.Label, l.Level, l.onFailure != nil)
		}
	}
	for j := range ft.NumField() {
		field := ft.Field(j)
		if field.Type == reflect.TypeFor[[]string]() {
			if _, ok := rows[field.Name]; !ok {
				t.Errorf("Filter.%s has no row in FilterLists", field.Name)
			}
		} else if field.Name != "From" && field.Name != "To" {
			t.Errorf("Filter.%s is neither a list nor the period", field.Name)
		}
	}
	if n := reflect.TypeFor[FilterJSON]().NumField(); n != len(FilterLists)+2 {
		t.Errorf("FilterJSON has %d fields, want one per list and the period's two (%d)", n, len(FilterLists)+2)
	}

	day := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for _, l := range FilterLists {
		var one Filter
		*l.Get(&one) = []string{"v-" + l.Flag}
		if l.Level == FindingLevel {
			*l.Get(&one) = []string{"critical"} // Validate knows the severities and kinds
		}
		if one.IsZero() || one.Equal(Filter{}) || !(Filter{}).Merge(one).Equal(one) {
			t.Errorf("%s: zero %v, equal to none %v, merged %+v", l.Label, one.IsZero(), one.Equal(Filter{}), (Filter{}).Merge(one))
		}
		value := (*l.Get(&one))[0]
		if one.NarrowsReports() != (l.Level == ReportLevel) || one.NarrowsFailures() != (l.Level == FailureLevel) || one.NarrowsFindings() != (l.Level == FindingLevel) {
			t.Errorf("%s: narrows reports %v, failures %v, findings %v", l.Label, one.NarrowsReports(), one.NarrowsFailures(), one.NarrowsFindings())
		}
		if want := l.Label + " " + value; one.String() != want {
			t.Errorf("%s: described %q, want %q", l.Label, one.String(), want)
		}
		parts := one.Each()
		if len(parts) != 1 || parts[0].Value != value || !one.Without(parts[0]).IsZero() {
			t.Errorf("%s: parts %+v", l.Label, parts)
		}
		j := reflect.ValueOf(one.JSON())
		set := 0
		for k := range j.NumField() {
			if v, ok := j.Field(k).Interface().([]string); ok && len(v) == 1 && v[0] == value {
				set++
			}
		}
		if set != 1 {
			t.Errorf("%s: in %d fields of summary.json's filter, want 1", l.Label, set)
		}
		// The period keeps its place after the domains.
		with := one
		with.From, with.To = day, day
		if got := with.String(); !strings.Contains(got, "on 2026-10-01") || (l.Domain != strings.HasPrefix(got, l.Label)) {
			t.Errorf("%s with a day: %q", l.Label, got)
		}
	}
}
