package library

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// News is what arrived unasked (through a watched folder or the import
// command) since the user last marked the news as seen.
type News struct {
	Reports int
	// FailingDomains are the policy domains with failed sessions in the
	// new reports and in none of the others, some of them in a report of
	// the last analysis.OverAfterDays days: failing for the first time.
	FailingDomains []string
	// PastFailing are the other domains failing in the new reports only:
	// their reports' days are long over (an archive imported now), from
	// PastFrom to PastTo. Failures from 2016 are no news of today.
	PastFailing      []string
	PastFrom, PastTo time.Time
}

const metaSeenUntil = "news_seen_until" // Unix milliseconds

// News tells what is new.
func (l *Library) News() (News, error) {
	var n News
	seen, err := l.seenUntil()
	if err != nil {
		return n, err
	}
	rows, err := l.db.Query(`SELECT unattended AND imported > ?, failing_domains, start_time, end_time FROM reports`, seen)
	if err != nil {
		return n, l.damaged(err)
	}
	defer rows.Close()
	// The first day a problem is still current on, as the findings judge
	// a library's: as of today (analysis.JudgeAsOf).
	today := l.now().UTC().Truncate(24 * time.Hour)
	current := today.AddDate(0, 0, -analysis.OverAfterDays).Unix()
	type span struct{ from, to int64 }
	fresh, past, old := map[string]bool{}, map[string]span{}, map[string]bool{}
	for rows.Next() {
		var isNew bool
		var domains string
		var start, end int64
		if err := rows.Scan(&isNew, &domains, &start, &end); err != nil {
			return n, l.damaged(err)
		}
		if isNew {
			n.Reports++
		}
		for _, d := range strings.Fields(domains) {
			switch {
			case !isNew:
				old[d] = true
			case start >= current:
				fresh[d] = true
			default:
				sp, ok := past[d]
				if !ok || start < sp.from {
					sp.from = start
				}
				sp.to = max(sp.to, end)
				past[d] = sp
			}
		}
	}
	for d := range fresh {
		if !old[d] {
			n.FailingDomains = append(n.FailingDomains, d)
		}
	}
	for d, sp := range past {
		if old[d] || fresh[d] {
			continue
		}
		n.PastFailing = append(n.PastFailing, d)
		if from := time.Unix(sp.from, 0).UTC(); n.PastFrom.IsZero() || from.Before(n.PastFrom) {
			n.PastFrom = from
		}
		if to := time.Unix(sp.to, 0).UTC(); to.After(n.PastTo) {
			n.PastTo = to
		}
	}
	slices.Sort(n.FailingDomains)
	slices.Sort(n.PastFailing)
	return n, rows.Err()
}

func (l *Library) seenUntil() (int64, error) {
	v, ok, err := l.Meta(metaSeenUntil)
	if err != nil || !ok {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// MarkSeen ends the news: what arrived until now is no longer new.
func (l *Library) MarkSeen() error {
	return l.SetMeta(metaSeenUntil, strconv.FormatInt(l.now().UnixMilli(), 10))
}
