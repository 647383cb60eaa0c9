package analysis

import "sync/atomic"

// dayText writes a UTC day number as DayFormat. Findings name the same few
// hundred days thousands of times (first and last seen, in each title and
// advice): formatting each anew was a tenth of the findings' allocations
// on a diverse year of reports (issue 23), so the texts of recent days are
// kept, one slot a day number modulo dayTextSlots, shared by every
// goroutine computing findings.
func dayText(d int32) string {
	slot := &dayTexts[uint32(d)%dayTextSlots]
	if e := slot.Load(); e != nil && e.day == d {
		return e.text
	}
	e := &dayTextEntry{d, dayTime(d).Format(DayFormat)}
	slot.Store(e)
	return e.text
}

// dayTextSlots covers almost three years of days without two sharing a slot.
const dayTextSlots = 1024

type dayTextEntry struct {
	day  int32
	text string
}

var dayTexts [dayTextSlots]atomic.Pointer[dayTextEntry]
