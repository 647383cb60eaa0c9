package export

import (
	"bufio"
	"cmp"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// Metrics writes r in the Prometheus text exposition format (version
// 0.0.4), for node_exporter's textfile collector: the session totals of
// every policy row, failed sessions by domain, result type and MX host, the
// findings by severity, kind and domain, and when each organization last
// reported each domain. r needs its report list and failure rows
// (Snapshot.Result, not Totals). Series come in a fixed order, so two runs
// on the same reports write the same bytes.
func Metrics(w io.Writer, r *analysis.Result) error {
	b := bufio.NewWriter(w)
	m := metricsWriter{b}

	m.family("tlsrpt_sessions_total", "counter", "SMTP sessions the reports counted for a policy (its own counts, as summary's policies).")
	for _, p := range r.Policies {
		labels := []string{"policy_type", string(p.Type), "policy_domain", p.Domain}
		m.sample("tlsrpt_sessions_total", append(labels, "result", "successful"), p.Successful)
		m.sample("tlsrpt_sessions_total", append(labels, "result", "failed"), p.Failed)
	}

	m.family("tlsrpt_failed_sessions_total", "counter", "Failed sessions in the failure details, by policy domain, result type and receiving MX host (a session listed under both tlsa and sts counts once).")
	for _, f := range failedByHost(r.Failures) {
		m.sample("tlsrpt_failed_sessions_total", []string{"policy_domain", f.domain, "result_type", f.resultType, "receiving_mx_hostname", f.host}, f.failed)
	}

	m.family("tlsrpt_findings", "gauge", "Findings, by severity, kind and policy domain.")
	for _, f := range findingCounts(r.Findings) {
		m.sample("tlsrpt_findings", []string{"severity", string(f.severity), "kind", string(f.kind), "policy_domain", f.domain}, int64(f.n))
	}

	m.family("tlsrpt_last_report_timestamp_seconds", "gauge", "End of the newest report an organization sent about a policy domain, as a Unix time.")
	for _, l := range lastReports(r.ReportList) {
		m.sample("tlsrpt_last_report_timestamp_seconds", []string{"policy_domain", l.domain, "organization", l.org}, l.end)
	}
	return b.Flush()
}

type metricsWriter struct{ w *bufio.Writer }

func (m metricsWriter) family(name, typ, help string) {
	m.w.WriteString("# HELP " + name + " " + help + "\n# TYPE " + name + " " + typ + "\n")
}

// sample writes one line; labels are name, value pairs.
func (m metricsWriter) sample(name string, labels []string, v int64) {
	m.w.WriteString(name)
	for i := 0; i < len(labels); i += 2 {
		sep := ","
		if i == 0 {
			sep = "{"
		}
		m.w.WriteString(sep + labels[i] + `="` + labelValue(labels[i+1]) + `"`)
	}
	if len(labels) > 0 {
		m.w.WriteString("}")
	}
	m.w.WriteString(" " + strconv.FormatInt(v, 10) + "\n")
}

// labelValue escapes what the exposition format reserves in a label value:
// backslash, double quote and line feed. Report fields come from strangers
// and may hold any of them.
var labelValue = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace

type hostFailures struct {
	domain, resultType, host string
	failed                   int64
}

// failedByHost sums failure rows by domain, result type and host. Within
// one report a domain's rows of several policy types describe the same
// sessions (Microsoft lists every session under tlsa and sts): the largest
// type's sum counts, as the model counts sessions once.
func failedByHost(rows []analysis.FailureRow) []hostFailures {
	type key struct {
		report                   *analysis.ReportInfo
		domain, resultType, host string
	}
	perType := map[key]map[report.PolicyType]int64{}
	for _, row := range rows {
		k := key{row.Report, row.PolicyDomain, row.ResultType, row.ReceivingMXHostname}
		if perType[k] == nil {
			perType[k] = map[report.PolicyType]int64{}
		}
		perType[k][row.PolicyType] = analysis.AddCounts(perType[k][row.PolicyType], row.FailedSessions)
	}
	sums := map[hostFailures]int64{}
	for k, types := range perType {
		var largest int64
		for _, n := range types {
			largest = max(largest, n)
		}
		h := hostFailures{domain: k.domain, resultType: k.resultType, host: k.host}
		sums[h] = analysis.AddCounts(sums[h], largest)
	}
	out := make([]hostFailures, 0, len(sums))
	for h, n := range sums {
		h.failed = n
		out = append(out, h)
	}
	slices.SortFunc(out, func(x, y hostFailures) int {
		return cmp.Or(cmp.Compare(x.domain, y.domain), cmp.Compare(x.resultType, y.resultType), cmp.Compare(x.host, y.host))
	})
	return out
}

type findingCount struct {
	severity analysis.Severity
	kind     analysis.FindingKind
	domain   string
	n        int
}

func findingCounts(fs []analysis.Finding) []findingCount {
	type key struct {
		severity analysis.Severity
		kind     analysis.FindingKind
		domain   string
	}
	counts := map[key]int{}
	for _, f := range fs {
		counts[key{f.Severity, f.Kind, f.PolicyDomain}]++
	}
	out := make([]findingCount, 0, len(counts))
	for k, n := range counts {
		out = append(out, findingCount{k.severity, k.kind, k.domain, n})
	}
	slices.SortFunc(out, func(x, y findingCount) int {
		return cmp.Or(cmp.Compare(x.severity.Rank(), y.severity.Rank()), cmp.Compare(x.kind, y.kind), cmp.Compare(x.domain, y.domain))
	})
	return out
}

type lastReport struct {
	domain, org string
	end         int64
}

func lastReports(reports []*analysis.ReportInfo) []lastReport {
	type key struct{ domain, org string }
	last := map[key]int64{}
	for _, r := range reports {
		for _, p := range r.Policies {
			k := key{p.Domain, r.OrganizationName}
			if end, ok := last[k]; !ok || r.End.Unix() > end {
				last[k] = r.End.Unix()
			}
		}
	}
	out := make([]lastReport, 0, len(last))
	for k, end := range last {
		out = append(out, lastReport{k.domain, k.org, end})
	}
	slices.SortFunc(out, func(x, y lastReport) int {
		return cmp.Or(cmp.Compare(x.domain, y.domain), cmp.Compare(x.org, y.org))
	})
	return out
}
