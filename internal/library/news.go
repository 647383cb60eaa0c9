package library

import (
	"slices"
	"strconv"
	"strings"
)

// News is what arrived unasked (through a watched folder or the import
// command) since the user last marked the news as seen.
type News struct {
	Reports int
	// FailingDomains are the policy domains with failed sessions in the
	// new reports and in none of the others, sorted.
	FailingDomains []string
}

const metaSeenUntil = "news_seen_until" // Unix milliseconds

// News tells what is new.
func (l *Library) News() (News, error) {
	var n News
	seen, err := l.seenUntil()
	if err != nil {
		return n, err
	}
	rows, err := l.db.Query(`SELECT unattended AND imported > ?, failing_domains FROM reports`, seen)
	if err != nil {
		return n, l.damaged(err)
	}
	defer rows.Close()
	fresh, old := map[string]bool{}, map[string]bool{}
	for rows.Next() {
		var isNew bool
		var domains string
		if err := rows.Scan(&isNew, &domains); err != nil {
			return n, l.damaged(err)
		}
		set := old
		if isNew {
			n.Reports++
			set = fresh
		}
		for _, d := range strings.Fields(domains) {
			set[d] = true
		}
	}
	for d := range fresh {
		if !old[d] {
			n.FailingDomains = append(n.FailingDomains, d)
		}
	}
	slices.Sort(n.FailingDomains)
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
