package analysis

import (
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// daily is one report a day from org about domain for the days from..to of
// October 2026, all sessions successful under an enforced policy.
func daily(org, domain string, from, to int) []obj {
	var out []obj
	for d := from; d <= to; d++ {
		out = append(out, reportObj(org, org+"-"+domain+"-"+day(d), day(d), stsPolicy(domain, "enforce", []string{"mx." + domain}, 10, 0)))
	}
	return out
}

func TestReportsStopped(t *testing.T) {
	// quiet.example reported daily from the 1st to the 20th, then nothing;
	// busy.example goes on until the 30th: 10 days of silence.
	reports := append(daily("Google Inc.", "quiet.example", 1, 20), daily("Google Inc.", "busy.example", 1, 30)...)
	fs := ofKind(snapshotOf(t, reports...).Findings(Filter{}), KindReportsStopped)
	if len(fs) != 1 {
		t.Fatalf("reports-stopped findings: %+v", fs)
	}
	f := fs[0]
	if f.PolicyDomain != "quiet.example" || f.Severity != SeverityWarning || f.LastSeen != day(20) || f.FirstSeen != day(1) || f.Reports != 20 {
		t.Errorf("finding: %+v", f)
	}
	if !testgen.ContainsAll(f.Title, "No report about quiet.example since 2026-10-20 (10 days)") || !testgen.ContainsAll(f.Advice, "_smtp._tls.quiet.example", "v=TLSRPTv1; rua=") {
		t.Errorf("words: %q / %q", f.Title, f.Advice)
	}
	// Under a filter to that domain alone its silence still shows: it is
	// judged against everything loaded.
	if got := ofKind(snapshotOf(t, reports...).Findings(Filter{Domains: []string{"quiet.example"}}), KindReportsStopped); len(got) != 1 {
		t.Errorf("under a domain filter: %+v", got)
	}

	// Two days of silence are the reporters' usual delay, not a stop.
	reports = append(daily("Google Inc.", "quiet.example", 1, 28), daily("Google Inc.", "busy.example", 1, 30)...)
	if got := ofKind(snapshotOf(t, reports...).Findings(Filter{}), KindReportsStopped); len(got) != 0 {
		t.Errorf("two days later: %+v", got)
	}
}

func TestSporadicReportersNeverStop(t *testing.T) {
	// A small provider reports a domain when one of its users wrote: five
	// times in a month, last on the 10th. Google reports every day.
	var reports []obj
	for _, d := range []int{1, 3, 4, 8, 10} {
		reports = append(reports, reportObj("Small ISP", "small-"+day(d), day(d), stsPolicy("example.org", "enforce", []string{"mx.example.org"}, 1, 0)))
	}
	reports = append(reports, daily("Google Inc.", "example.org", 1, 30)...)
	// A domain reported on a third of its days is sporadic too.
	for _, d := range []int{1, 4, 7, 10, 13, 16, 19} {
		reports = append(reports, reportObj("Google Inc.", "rare-"+day(d), day(d), stsPolicy("rare.example", "enforce", []string{"mx.rare.example"}, 1, 0)))
	}
	fs := snapshotOf(t, reports...).Findings(Filter{})
	if got := append(ofKind(fs, KindReporterStopped), ofKind(fs, KindReportsStopped)...); len(got) != 0 {
		t.Errorf("sporadic senders called stopped: %+v", got)
	}
}

func TestReporterStopped(t *testing.T) {
	// Microsoft reported example.org daily until the 15th; Google goes on
	// until the 30th, and sends more of the domain's reports.
	reports := append(daily("Microsoft Corporation", "example.org", 1, 15), daily("Google Inc.", "example.org", 1, 30)...)
	fs := ofKind(snapshotOf(t, reports...).Findings(Filter{}), KindReporterStopped)
	if len(fs) != 1 {
		t.Fatalf("reporter-stopped findings: %+v", fs)
	}
	f := fs[0]
	// 15 of the domain's 45 reports: a minor reporter, so info.
	if f.Subject != "Microsoft Corporation" || f.Severity != SeverityInfo || f.LastSeen != day(15) || f.Reports != 15 ||
		!strings.HasPrefix(f.Title, "Microsoft Corporation has sent no report about example.org since 2026-10-15 (15 days") {
		t.Errorf("finding: %+v", f)
	}
	if got := ofKind(snapshotOf(t, reports...).Findings(Filter{}), KindReportsStopped); len(got) != 0 {
		t.Errorf("the domain itself is still reported: %+v", got)
	}

	// The one that sent most of the reports stopping is a warning; never
	// critical.
	reports = append(daily("Microsoft Corporation", "example.org", 1, 25), daily("Google Inc.", "example.org", 20, 30)...)
	fs = ofKind(snapshotOf(t, reports...).Findings(Filter{}), KindReporterStopped)
	if len(fs) != 1 || fs[0].Severity != SeverityWarning {
		t.Errorf("the main reporter stopping: %+v", fs)
	}
}
