package ui

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/export"
)

// loadedSnapshot reads the named samples into a new Analysis, as a load's
// background side does, and returns its snapshot.
func loadedSnapshot(t *testing.T, names ...string) *analysis.Snapshot {
	t.Helper()
	a := analysis.New()
	var paths []string
	for _, n := range names {
		paths = append(paths, sample(t, n).Path())
	}
	if err := (&analysis.Loader{}).Load(context.Background(), a, paths); err != nil {
		t.Fatal(err)
	}
	return a.Snapshot()
}

// countFailureDetails counts the failure-details entries of a JSON report
// file by decoding it with encoding/json, independently of analysis.
func countFailureDetails(t *testing.T, name string) int {
	t.Helper()
	b, err := os.ReadFile(sample(t, name).Path())
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Policies []struct {
			FailureDetails []json.RawMessage `json:"failure-details"`
		} `json:"policies"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range r.Policies {
		n += len(p.FailureDetails)
	}
	return n
}

func TestResultsLeaveRowsOutUntilATabListsThem(t *testing.T) {
	const name = "sebastka-tlsrpt_synthetic-failures.json"
	details := countFailureDetails(t, name)
	if details < 2 {
		t.Fatalf("the sample has %d failure details; the test needs several", details)
	}
	m := newTestWindow(t)
	// A load's reports so far, with the Overview shown.
	act(m, func() { m.filtering.setPartial(loadedSnapshot(t, name)) })
	if m.result.Reports != 1 || m.result.ReportList != nil || m.result.Failures != nil {
		t.Fatalf("result under the Overview: %d reports, %d listed, %d failure rows; want 1 report and no rows",
			m.result.Reports, len(m.result.ReportList), len(m.result.Failures))
	}
	if m.result.FailureDetails != details {
		t.Errorf("FailureDetails = %d, want %d", m.result.FailureDetails, details)
	}
	// Under 1,000, so without a thousands separator.
	if want := fmt.Sprintf("%d failure details", details); !strings.Contains(m.overview.failed.note.Text, want) {
		t.Errorf("the Overview's failed card says %q, want it to count %q", m.overview.failed.note.Text, want)
	}

	// Exporting writes every failure row all the same.
	dir := t.TempDir()
	act(m, func() { m.exportTo(export.Tables, dir) })
	f, err := os.Open(filepath.Join(dir, export.FailuresFile))
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 1+details {
		t.Errorf("failures.csv has %d lines, want a header and %d rows", len(records), details)
	}

	// Showing the Failures tab gets the rows, and the tab lists them.
	look(m, failuresView)
	if len(m.result.Failures) != details || len(m.result.ReportList) != 1 {
		t.Fatalf("after showing the Failures tab: %d failure rows, %d reports listed; want %d and 1",
			len(m.result.Failures), len(m.result.ReportList), details)
	}
	if len(m.failures.rows) != details {
		t.Errorf("the Failures tab lists %d rows, want %d", len(m.failures.rows), details)
	}
}

func TestReportsTabGetsRowsForANewFilter(t *testing.T) {
	m := newTestWindow(t)
	snap := loadedSnapshot(t, "parsedmarc_rfc8460.json", "tlsrpt-rs_mail.ru.json")
	act(m, func() { m.filtering.setSnapshot(snap) })
	look(m, reportsView)
	org := snap.Organizations()[0]
	act(m, func() { m.filtering.set(analysis.Filter{Organizations: []string{org}}) })
	if len(m.result.ReportList) != 1 || m.result.ReportList[0].OrganizationName != org {
		t.Fatalf("under the Reports tab a filter on %s lists %d reports, want its 1", org, len(m.result.ReportList))
	}
	if got := m.reports.reportsHeading.Text; !strings.HasPrefix(got, "1 report") {
		t.Errorf("the Reports tab's heading says %q, want 1 report", got)
	}
	look(m, overviewView)
	act(m, func() { m.filtering.set(analysis.Filter{}) })
	if m.result.ReportList != nil || m.result.Reports != 2 {
		t.Errorf("under the Overview: %d reports, %d listed; want 2 and no rows", m.result.Reports, len(m.result.ReportList))
	}
}

// testFiltering is a filtering whose shown results are recorded.
func testFiltering(t *testing.T) (*filtering, *[]*analysis.Result) {
	b := testBridge()
	var shown []*analysis.Result
	s := newFiltering(b, analysis.New().Snapshot(), filteringHooks{
		names: func(domains, orgs []string) {},
		show:  func(res *analysis.Result) { shown = append(shown, res) },
		rows:  func() bool { return false },
	})
	t.Cleanup(b.wait)
	return s, &shown
}

func TestPartialSnapshotsArePacedByTheirCost(t *testing.T) {
	s, shown := testFiltering(t)
	one := loadedSnapshot(t, "parsedmarc_rfc8460.json")
	two := loadedSnapshot(t, "parsedmarc_rfc8460.json", "tlsrpt-rs_mail.ru.json")
	s.bridge.do(func() { s.setPartial(one) })
	s.bridge.wait()
	if len(*shown) != 1 || (*shown)[0].Reports != 1 {
		t.Fatalf("the first partial snapshot was shown %d times, want once with 1 report", len(*shown))
	}
	// As if that computation had taken an hour and just ended: the next
	// partial snapshot waits, the final one does not.
	s.bridge.do(func() {
		s.lastCost, s.lastEnd = time.Hour, time.Now()
		s.setPartial(two)
	})
	s.bridge.wait()
	if len(*shown) != 1 {
		t.Fatalf("a partial snapshot within 3 times the last cost was shown")
	}
	if s.snap != two {
		t.Error("a partial snapshot not shown must still be what later filters use")
	}
	s.bridge.do(func() { s.setSnapshot(two) })
	s.bridge.wait()
	if len(*shown) != 2 || (*shown)[1].Reports != 2 {
		t.Errorf("the final snapshot: %d results shown, want a second with 2 reports", len(*shown))
	}
}

func TestOneComputationAtATimeAndTheLatestWins(t *testing.T) {
	s, shown := testFiltering(t)
	snap := loadedSnapshot(t, "parsedmarc_rfc8460.json", "tlsrpt-rs_mail.ru.json")
	org := snap.Organizations()[0]
	// In one UI turn: the second request queues behind the first, whose
	// result is then stale and dropped.
	s.bridge.do(func() {
		s.setSnapshot(snap)
		if !s.running {
			t.Error("no computation is running after setSnapshot")
		}
		s.set(analysis.Filter{Organizations: []string{org}})
		if !s.queued {
			t.Error("a filter set during a computation did not queue")
		}
	})
	s.bridge.wait()
	if len(*shown) != 1 {
		t.Fatalf("%d results shown, want only the latest", len(*shown))
	}
	if got := (*shown)[0]; got.Reports != 1 || len(got.Filter.Organizations) != 1 {
		t.Errorf("shown: %d reports under %v, want 1 report of %s", got.Reports, got.Filter, org)
	}
	if s.running || s.queued {
		t.Error("the filtering is still busy after its work was done")
	}
}
