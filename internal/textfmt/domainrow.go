package textfmt

import "github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"

// The texts of a Domains row (analysis.DomainRow), written once for the
// window's front page and the exports, so that domains.csv and report.html
// say what the page says.

// StripSpan is the period of the Domains page's strips, its first and last
// day (Result.StripSpan, both days whole): the strip column's title.
func StripSpan(r *analysis.Result) string {
	first, last := r.StripSpan()
	if first.IsZero() {
		return Day(first)
	}
	return Span(first, last.AddDate(0, 0, 1))
}

// Health is a domain's health as one word or two, the front page's first
// column: "Failing", "Warning", "Attention" (no failed session, but a warning), "Some failures", "OK".
func Health(h analysis.Health) string {
	switch h {
	case analysis.HealthCritical:
		return "Failing"
	case analysis.HealthWarning:
		return "Warning"
	case analysis.HealthAttention:
		return "Attention"
	case analysis.HealthFailures:
		return "Some failures"
	}
	return "OK"
}

// DomainMode is a domain's MTA-STS mode, "none" when no report evaluated
// an MTA-STS policy for it.
func DomainMode(r *analysis.DomainRow) string {
	if r.STS == nil {
		return "none"
	}
	return Mode(r.STS.Type, r.STS.Mode)
}

// YesNo is a yes-or-no cell, such as the Domains page's DANE.
func YesNo(on bool) string {
	if on {
		return "yes"
	}
	return "no"
}

// WorstFinding is a domain's most urgent finding not muted as its row
// names it: "certificate-expired · mx1.example.com", "–" for none, with
// "(2 muted)" after it when the user muted some.
func WorstFinding(r *analysis.DomainRow) string {
	muted := ""
	if r.Muted > 0 {
		muted = " (" + Count(r.Muted) + " muted)"
	}
	switch {
	case r.Worst == nil:
		return "–" + muted
	case r.Worst.Subject == "":
		return string(r.Worst.Kind) + muted
	}
	return string(r.Worst.Kind) + " · " + r.Worst.Subject + muted
}
