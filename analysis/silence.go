package analysis

import (
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/plain"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// Thresholds of the silence findings; README lists them.
const (
	// StoppedAfterDays: a domain, or one reporter of it, that sent
	// regularly is called stopped once this many days pass after its last
	// report while reports of others still arrive.
	StoppedAfterDays = 3
	// RegularMinDays and a report on at least every other day of its span
	// make a sender regular: sporadic reporters (a small provider that
	// sends when one of its users wrote) never count as stopped.
	RegularMinDays = 7
)

// regular reports whether the sorted distinct days show a sender that
// reports most days.
func regular(days []int32) bool {
	return len(days) >= RegularMinDays && 2*len(days) >= int(days[len(days)-1]-days[0]+1)
}

// silence finds the domains whose reports stopped, and the reporters that
// stopped reporting a domain others still report. Both are judged as of
// the newest report loaded, whatever the filter keeps: under a filter to
// one domain, that domain's silence still shows.
func (fc *findingCollector) silence() []Finding {
	var asOf int32
	for i := range fc.st.reports {
		asOf = max(asOf, fc.st.reports[i].day())
	}
	type domainDays struct {
		typ  report.PolicyType
		days sender
		orgs map[sym]*sender
		org  []sym // the orgs in the order first seen
	}
	var order []sym
	domains := map[sym]*domainDays{}
	for _, h := range fc.horder {
		if h.domain == 0 {
			continue
		}
		d := domains[h.domain]
		if d == nil {
			d = &domainDays{typ: h.typ, orgs: map[sym]*sender{}}
			domains[h.domain] = d
			order = append(order, h.domain)
		}
		for _, del := range h.delivered {
			o := d.orgs[del.org]
			if o == nil {
				o = &sender{}
				d.orgs[del.org] = o
				d.org = append(d.org, del.org)
			}
			o.add(del.day)
			d.days.add(del.day)
		}
	}
	var out []Finding
	for _, dom := range order {
		d := domains[dom]
		last := d.days.last()
		if asOf-last >= StoppedAfterDays && regular(d.days.days) {
			f := fc.stopped(KindReportsStopped, d.typ, dom, 0, &d.days, asOf)
			f.Reporters = fc.names(d.org)
			out = append(out, f)
			continue
		}
		for _, org := range d.org {
			o := d.orgs[org]
			if last-o.last() >= StoppedAfterDays && regular(o.days) {
				f := fc.stopped(KindReporterStopped, d.typ, dom, org, o, last)
				// A reporter that sent most of the domain's reports is
				// what its view rests on; a minor one is worth knowing,
				// never urgent.
				if 2*o.reports >= d.days.reports {
					f.Severity = SeverityWarning
				}
				out = append(out, f)
			}
		}
	}
	return out
}

// sender is when a domain, or one reporter of it, sent reports.
type sender struct {
	days    []int32 // distinct start days, sorted
	reports int
}

func (s *sender) add(day int32) { s.days = insertSorted(s.days, day); s.reports++ }
func (s *sender) last() int32   { return s.days[len(s.days)-1] }

// stopped is a silence finding: s (all reporters of the domain when org is
// 0) has sent nothing for the days up to until.
func (fc *findingCollector) stopped(kind FindingKind, typ report.PolicyType, domain, org sym, s *sender, until int32) Finding {
	days := s.days
	e := seen{first: days[0], last: days[len(days)-1], days: days}
	f := fc.base(kind, typ, domain, &e)
	f.Reports = s.reports
	f.Rows = Filter{Domains: f.Rows.Domains}
	x := stoppedFacts{domain: fc.st.str(domain), first: e.first, last: e.last, days: len(days), quiet: int(until - e.last)}
	if kind == KindReportsStopped {
		f.Severity = SeverityWarning
	} else {
		x.reporter = plain.Field(fc.st.str(org))
		f.Subject = x.reporter
		f.Reporters = []string{x.reporter}
		f.Severity = SeverityInfo
	}
	f.Title, f.Advice = stoppedWords(&x)
	return f
}
