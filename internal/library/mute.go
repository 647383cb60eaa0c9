package library

import (
	"strings"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// metaMuted keeps the muted findings, one a line: the finding's Key, a
// tab, and the last day it stays muted ("" until it changes).
const metaMuted = "muted_findings"

// Mutes are the findings the user muted, by Key. A Key names the problem
// with its severity and the day it began, so a mute "until it changes"
// ends when the problem turns worse or comes back after it was over.
type Mutes map[string]string

// Muted tells whether f is muted on today (DayFormat).
func (m Mutes) Muted(f *analysis.Finding, today string) bool {
	until, ok := m[f.Key()]
	return ok && (until == "" || today <= until)
}

// MuteUntil is the last day (DayFormat) a mute for d covers, counted from
// asOf, the day the findings are judged as of (Snapshot.JudgeAsOf): the
// window's "For 7 days" and mute -for 7d, 2w or 36h end on the same day for
// the same findings, whatever the hour or -now.
func MuteUntil(asOf time.Time, d time.Duration) string {
	return asOf.UTC().Truncate(24 * time.Hour).Add(d).Format(analysis.DayFormat)
}

// Mutes reads the muted findings.
func (l *Library) Mutes() (Mutes, error) {
	v, _, err := l.Meta(metaMuted)
	m := Mutes{}
	for line := range strings.SplitSeq(v, "\n") {
		if key, until, ok := strings.Cut(line, "\t"); ok {
			m[key] = until
		}
	}
	return m, err
}

// Mute mutes f until the day until (DayFormat; "" until f changes); an
// until before today unmutes it.
func (l *Library) Mute(f *analysis.Finding, until string) error {
	m, err := l.Mutes()
	if err != nil {
		return err
	}
	m[f.Key()] = until
	return l.setMutes(m)
}

// Unmute ends f's mute.
func (l *Library) Unmute(f *analysis.Finding) error {
	m, err := l.Mutes()
	if err != nil {
		return err
	}
	delete(m, f.Key())
	return l.setMutes(m)
}

func (l *Library) setMutes(m Mutes) error {
	var b strings.Builder
	for key, until := range m {
		b.WriteString(key + "\t" + until + "\n")
	}
	return l.SetMeta(metaMuted, b.String())
}
