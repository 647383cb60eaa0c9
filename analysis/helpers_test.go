package analysis

import (
	"os"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// obj is a JSON object under construction.
type obj = testgen.Obj

// report builds a report that starts on day (YYYY-MM-DD) and ends the same
// day at 23:59:59Z, the way Google and Microsoft write them.
func reportObj(org, id, day string, policies ...obj) obj {
	contact := "tlsrpt@" + strings.ToLower(strings.ReplaceAll(org, " ", "")) + ".example"
	return testgen.Report(org, id, contact, day+"T00:00:00Z", day+"T23:59:59Z", policies...)
}

// withPolicies wraps policies[] content, as raw JSON, into a report.
var withPolicies = testgen.WithPolicies

// policy builds a policies[] entry.
var policy = testgen.Policy

// stsPolicy is policy with an MTA-STS policy-string and mx-host list.
func stsPolicy(domain, mode string, mx []string, ok, failed int64, details ...obj) obj {
	return testgen.STSPolicy(domain, mode, mx, "604800", ok, failed, details...)
}

// detail builds a failure-details entry; empty strings are left out, as
// Microsoft and Mail.ru do.
func detail(resultType, sendingIP, mx, receivingIP string, n int64) obj {
	return testgen.Detail(resultType, n, obj{"sending-mta-ip": sendingIP, "receiving-mx-hostname": mx, "receiving-ip": receivingIP})
}

// mustJSON is v as report JSON.
func mustJSON(_ testing.TB, v any) []byte { return testgen.JSON(v) }

// loadPaths runs a Loader and returns the result; Load itself must not fail.
func loadPaths(t testing.TB, workers int, paths ...string) *Result {
	t.Helper()
	a := New()
	if err := (&Loader{Workers: workers}).Load(t.Context(), a, paths); err != nil {
		t.Fatalf("Load(%q): %v", paths, err)
	}
	return a.Result(Filter{})
}

// errorFor returns the error recorded for source, or "".
func errorFor(res *Result, source string) string {
	for _, e := range res.Errors {
		if e.Source == source {
			return e.Error
		}
	}
	return ""
}

func TestMain(m *testing.M) {
	code := m.Run()
	testgen.RemoveGzipBomb()
	os.Exit(code)
}
