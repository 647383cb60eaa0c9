package analysis_test

import (
	"context"
	"fmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

func ExampleParseReport() {
	// Microsoft sent date-times without a time zone; they are UTC.
	data := []byte(`{
	  "organization-name": "Microsoft Corporation",
	  "date-range": {"start-datetime": "2024-03-26T00:00:00", "end-datetime": "2024-03-26T23:59:59"},
	  "contact-info": "tlsrpt-noreply@microsoft.com",
	  "report-id": "133561180919336230+example.com",
	  "policies": [{
	    "policy": {
	      "policy-type": "sts",
	      "policy-string": ["version: STSv1", "mode: enforce", "mx: mx.example.com", "max_age: 604800"],
	      "policy-domain": "Example.COM."
	    },
	    "summary": {"total-successful-session-count": 7, "total-failure-session-count": 1},
	    "failure-details": [{"result-type": "Testing", "failed-session-count": 1}]
	  }]
	}`)
	r, warnings, err := report.ParseReport(data)
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	p := r.Policies[0]
	fmt.Println(r.OrganizationName, r.Start.Format("2006-01-02 15:04 MST"))
	fmt.Println(p.Policy.Type, p.Policy.Domain, p.Policy.STS.Mode, p.Successful, p.Failed)
	for _, w := range warnings {
		fmt.Println("warning:", w)
	}

	_, _, err = report.ParseReport([]byte(`{"organization-name": "x", "date-range": {"start-datetime": "April fools"}}`))
	fmt.Println("rejected:", err)
	// Output:
	// Microsoft Corporation 2024-03-26 00:00 UTC
	// sts example.com enforce 7 1
	// warning: policies[0].failure-details[0].result-type "Testing" is not an RFC 8460 result type
	// rejected: date-range.start-datetime "April fools" is not a date-time
}

func ExampleLoader() {
	a := analysis.New()
	l := &analysis.Loader{Workers: 2}
	err := l.Load(context.Background(), a, []string{
		"../testdata/real/tlsrpt-rs_mail.ru.eml",  // an email with a gzipped report
		"../testdata/real/tlsrpt-rs_mail.ru.json", // the same report again
		"../testdata/real/tls_reporting_truncated.gz",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	res := a.Result(analysis.Filter{})
	fmt.Printf("files=%d reports=%d duplicates=%d successful=%d failed=%d\n",
		res.Files, res.Reports, res.Duplicates, res.SuccessfulSessions, res.FailedSessions)
	for _, p := range res.Policies {
		fmt.Printf("%s: %.0f%% successful\n", p.Label(), 100*p.SuccessRate())
	}
	for _, c := range res.ResultTypes {
		fmt.Printf("%s: %d (%s)\n", c.Name, c.Failed, analysis.DescribeResultType(c.Name).Title)
	}
	for _, e := range res.Errors {
		fmt.Println("error:", e.Source, "-", e.Error)
	}
	// Output:
	// files=3 reports=1 duplicates=1 successful=0 failed=1
	// sts krvtz.net: 0% successful
	// sts-policy-fetch-error: 1 (MTA-STS policy fetch error)
	// error: ../testdata/real/tls_reporting_truncated.gz - gzip data is truncated
}

func ExampleFilterFailures() {
	a := analysis.New()
	if err := (&analysis.Loader{}).Load(context.Background(), a, []string{"../testdata/real/sebastka-tlsrpt_synthetic-failures.json"}); err != nil {
		fmt.Println(err)
		return
	}
	rows := a.Result(analysis.Filter{}).Failures
	analysis.SortFailures(rows, analysis.BySendingIP, false)
	for _, f := range analysis.FilterFailures(rows, "mx.example.com") {
		fmt.Printf("%s %s %d %q\n", f.SendingMTAIP, f.ResultType, f.FailedSessions, f.FailureReasonCode)
	}
	// Output:
	// 192.0.2.10 certificate-expired 7 ""
	// 192.0.2.11 starttls-not-supported 3 "421 4.7.0"
}
