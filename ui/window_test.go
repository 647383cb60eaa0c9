package ui

import (
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// sample is a report file of the shared corpus in testdata/real.
func sample(t *testing.T, name string) fyne.URI {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "testdata", "real", name))
	if err != nil {
		t.Fatal(err)
	}
	return storage.NewFileURI(p)
}

// testBridge is a bridge for the test driver, which runs fyne.Do inline on
// the background goroutine: the lock keeps widget changes one at a time, as
// the UI goroutine would.
func testBridge() *bridge {
	b := newBridge()
	var mu sync.Mutex
	b.do = func(f func()) {
		mu.Lock()
		defer mu.Unlock()
		f()
	}
	return b
}

func newTestWindow(t testing.TB) *mainWindow {
	t.Helper()
	// Start at login reads (and its test writes) the autostart entry
	// there: never the user's own.
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	// From the start: a chart laid out while the window is built draws at
	// once.
	b := testBridge()
	var m *mainWindow
	b.do(func() { m = newMainWindow(a, w, b) })
	t.Cleanup(m.bridge.wait) // no drawing may outlive the test app
	act(m, func() { w.Resize(fyne.NewSize(1280, 800)) })
	return m
}

// act does what a user's action would on the UI goroutine, then waits for
// the background work it started.
func act(m *mainWindow, f func()) {
	m.bridge.do(f)
	m.bridge.wait()
}

// look selects a tab, as a user would before reading it: a tab shows a new
// result once selected.
func look(m *mainWindow, v view) {
	act(m, func() { m.tabs.Select(m.items[v]) })
}

func drop(m *mainWindow, uris ...fyne.URI) {
	act(m, func() { m.handleDrop(fyne.Position{}, uris) })
}

func TestDropShowsHeadlineNumbersAndTables(t *testing.T) {
	m := newTestWindow(t)
	if !m.empty.content.Visible() || m.tabs.Visible() {
		t.Fatal("a new window should show the empty state")
	}

	drop(m, sample(t, "parsedmarc_rfc8460.json"), sample(t, "sebastka-tlsrpt_synthetic-failures.json"))

	if m.empty.content.Visible() || !m.tabs.Visible() {
		t.Error("after a drop the tabs should replace the empty state")
	}
	o := m.overview
	for _, c := range []struct {
		card *statCard
		want string
	}{
		{o.reports, "2"},
		{o.sessions, "5,734"}, // 5,326+303 and 90+10+5
		{o.failed, "313"},
		{o.rate, "94.5%"},
		{o.orgs, "2"},
		{o.span, "10 years"},
	} {
		if got := c.card.value.Text; got != c.want {
			t.Errorf("headline %q = %q, want %q", c.card.note.Text, got, c.want)
		}
	}
	if got, want := o.span.note.Text, "2016-04-01 – 2026-09-10"; got != want {
		t.Errorf("date span note = %q, want %q", got, want)
	}

	if n := len(o.policies.rows); n != 3 {
		t.Fatalf("policies table has %d rows, want 3", n)
	}
	if got := o.policies.cellText(0, 1) + " " + o.policies.cellText(0, 2); got != "company-y.example testing" {
		t.Errorf("first policy row = %q, want the RFC example's testing policy", got)
	}
	// max_age from the policy-strings: 86400 s in the RFC example, 604800 s
	// for example.com; the no-policy-found row has none.
	var ages []string
	for row := range o.policies.rows {
		ages = append(ages, o.policies.cellText(row, 1)+" "+o.policies.cellText(row, 4))
	}
	if got, want := strings.Join(ages, ", "), "company-y.example 1 day, example.com 7 days, example.org –"; got != want {
		t.Errorf("policies with their max age: %q, want %q", got, want)
	}
	look(m, failuresView)
	if n := len(m.failures.table.rows); n != 5 {
		t.Errorf("failure details table has %d rows, want 5", n)
	}
	if got := m.failures.table.cellText(0, 4); got != "200" {
		t.Errorf("largest failure first: got %q failed sessions in row 0", got)
	}
	look(m, reportsView)
	if n := len(m.reports.reports.rows); n != 2 {
		t.Errorf("reports table has %d rows, want 2", n)
	}
	if got := m.reports.reports.cellText(0, 3); got != "parsedmarc_rfc8460.json" {
		t.Errorf("source column = %q, want the file name without the shared folder", got)
	}
}

func TestBannersExplainPolicyModes(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"), sample(t, "sebastka-tlsrpt_synthetic-failures.json"))

	var texts []string
	for _, b := range m.overview.banners.Objects {
		texts = append(texts, b.(*banner).text) // unfolded
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{
		"MTA-STS testing mode with failures: company-y.example (303 sessions failed).",
		"MTA-STS enforced with many failures: example.com (90.0% successful).",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("banners %q lack %q", texts, want)
		}
	}
}

func TestDropAddsAndCountsDuplicatesOnce(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	drop(m, sample(t, "parsedmarc_rfc8460.json"), sample(t, "tlsrpt-rs_mail.ru.json"))

	if got := m.overview.reports.value.Text; got != "2" {
		t.Errorf("reports = %q, want 2 (the RFC example once, Mail.ru once)", got)
	}
	if m.overview.reports.note.Text != "3 files, 1 duplicate" {
		t.Errorf("reports note = %q, want the duplicate mentioned", m.overview.reports.note.Text)
	}
}

// driverDrop is what Fyne's GLFW driver hands to the drop callback for a
// name GLFW passed on: storage.NewFileURI of it (window_desktop.go in
// fyne.io/fyne/v2 v2.7), which makes a relative name absolute against the
// working directory. GLFW strips "file://" from file lines only, so a link
// keeps its "http://" and arrives as file:///CWD/http:/host/path.
func driverDrop(name string) fyne.URI { return storage.NewFileURI(name) }

// countingListener accepts connections on 127.0.0.1 and counts them.
func countingListener(t *testing.T) (addr string, conns *atomic.Int64) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conns = new(atomic.Int64)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			c.Close()
		}
	}()
	t.Cleanup(func() { l.Close() })
	return l.Addr().String(), conns
}

func TestDroppedLinkIsRefusedAndNeverFetched(t *testing.T) {
	addr, conns := countingListener(t)
	for _, link := range []string{
		"http://" + addr + "/report.json",
		"https://" + addr + "/r/google.com!example.com!1!2.json.gz?dl=1#top",
		"ftp://" + addr + "/pub/report.json",
		"data:application/json;base64,eyJvcmdhbml6YXRpb24tbmFtZSI6IngifQ==",
		"javascript:alert(1)",
		"mailto:tlsrpt@example.com?subject=report",
	} {
		t.Run(link[:strings.Index(link, ":")], func(t *testing.T) {
			m := newTestWindow(t)
			uri := driverDrop(link)
			if uri.Scheme() != "file" {
				t.Fatalf("the driver's URI %s should be a file URI", uri)
			}
			drop(m, uri)

			if want := "Not loaded: " + link + " is not a file on this computer."; m.status.text.Text != want {
				t.Errorf("status = %q, want %q", m.status.text.Text, want)
			}
			if m.win.Canvas().Overlays().Top() == nil {
				t.Error("no dialog explains why the link was refused")
			}
			if m.result.Files != 0 || len(m.result.Errors) != 0 || m.loads.running || !m.empty.content.Visible() {
				t.Errorf("files=%d errors=%v: a refused link alone should leave the window empty", m.result.Files, m.result.Errors)
			}
		})
	}

	// A link dropped with a file: the file loads, the link is named.
	m := newTestWindow(t)
	drop(m, driverDrop("http://"+addr+"/report.json"), sample(t, "parsedmarc_rfc8460.json"))
	if m.result.Files != 1 || m.result.Reports != 1 || len(m.result.Errors) != 0 {
		t.Errorf("files=%d reports=%d errors=%v, want only the local file loaded", m.result.Files, m.result.Reports, m.result.Errors)
	}
	if n := conns.Load(); n != 0 {
		t.Errorf("a dropped link was fetched: %d connections", n)
	}
}

// TestDroppedFileNamedLikeALinkLoads: a file that exists is a file, even
// when its name relative to the working directory starts like a scheme.
func TestDroppedFileNamedLikeALinkLoads(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "real", "parsedmarc_rfc8460.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "backup:2024"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "backup:2024", "r.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	m := newTestWindow(t)
	drop(m, driverDrop(filepath.Join(dir, "backup:2024", "r.json")))
	if m.result.Reports != 1 || len(m.result.Errors) != 0 {
		t.Errorf("reports=%d errors=%v status=%q, want the file loaded", m.result.Reports, m.result.Errors, m.status.text.Text)
	}
}

// TestOutcomesAreWrittenOut: what the status bar says after a load or a
// refused drop is also written where the program logs (stderr in Run).
func TestOutcomesAreWrittenOut(t *testing.T) {
	m := newTestWindow(t)
	var out strings.Builder
	m.outcomes = &out
	drop(m, sample(t, "parsedmarc_rfc8460.json"), sample(t, "tls_reporting_truncated.gz"))
	drop(m, driverDrop("http://192.0.2.1/r.json"))
	want := "tlsrpt-analyzer: 2 files read: 1 report, 1 input could not be read (see Reports)\n" +
		"tlsrpt-analyzer: Not loaded: http://192.0.2.1/r.json is not a file on this computer.\n"
	if out.String() != want {
		t.Errorf("written:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestBrokenFileIsListedWithItsReason(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "tls_reporting_truncated.gz"), sample(t, "parsedmarc_rfc8460.json"))

	look(m, reportsView)
	p := m.reports.problems
	if len(p.rows) == 0 {
		t.Fatal("the problems table is empty")
	}
	if got := p.cellText(0, 0) + ": " + p.cellText(0, 1); got != "Error: tls_reporting_truncated.gz" {
		t.Errorf("first problem = %q", got)
	}
	if p.cellText(0, 2) == "" {
		t.Error("the error has no reason")
	}
	if !strings.Contains(m.status.text.Text, "1 input could not be read") {
		t.Errorf("status = %q, want the problem counted", m.status.text.Text)
	}
}

func TestFolderLoadListsEveryFile(t *testing.T) {
	m := newTestWindow(t)
	dir, _ := filepath.Abs(filepath.Join("..", "testdata", "real"))
	act(m, func() { m.openPaths([]string{dir}) })

	if m.loads.running || m.status.progressBox.Visible() {
		t.Error("progress still shown after the load finished")
	}
	res := m.result
	if res.Reports < 30 {
		t.Errorf("only %d reports from the corpus", res.Reports)
	}
	look(m, reportsView) // the tab gets the rows, which the Overview does without
	if len(m.result.ReportList) != res.Reports {
		t.Errorf("the Reports tab's result lists %d reports, want %d", len(m.result.ReportList), res.Reports)
	}
	if got, want := len(m.reports.reports.rows), res.Reports; got != want {
		t.Errorf("reports table has %d rows, want %d", got, want)
	}
	if got, want := len(m.reports.problems.rows), len(res.Errors)+len(res.Warnings); got != want {
		t.Errorf("problems table has %d rows, want %d", got, want)
	}
}

func TestEmptyStateSampleLoads(t *testing.T) {
	m := newTestWindow(t)
	act(m, func() { test.Tap(m.empty.sample) })

	if got := m.overview.reports.value.Text; got != "2" {
		t.Errorf("the sample gives %q reports, want 2", got)
	}
	if len(m.result.Errors) != 0 {
		t.Errorf("the sample has errors: %v", m.result.Errors)
	}
	if m.empty.content.Visible() {
		t.Error("the empty state is still shown")
	}
	look(m, reportsView)
	dir := filepath.Dir(m.result.ReportList[0].Source)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the sample's temporary folder %s was left behind", dir)
	}
}

func TestClearStartsOver(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	act(m, func() { test.Tap(findButton(t, m.toolbar, "Clear")) })

	if !m.empty.content.Visible() {
		t.Error("Clear should bring back the empty state")
	}
	if got := m.overview.reports.value.Text; got != "0" {
		t.Errorf("reports = %q after Clear", got)
	}
	if !findButton(t, m.toolbar, "Export all charts…").Disabled() || !findButton(t, m.toolbar, "Clear").Disabled() {
		t.Error("export and clear should be disabled with nothing loaded")
	}
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	if got := m.overview.reports.value.Text; got != "1" {
		t.Errorf("the same report after Clear gives %q reports, want 1", got)
	}
}

// allText joins the text of every label below o.
func allText(o fyne.CanvasObject) string {
	switch v := o.(type) {
	case *fyne.Container:
		var parts []string
		for _, c := range v.Objects {
			parts = append(parts, allText(c))
		}
		return strings.Join(parts, " ")
	case *panel:
		return allText(v.content)
	case *banner:
		return v.label.Text
	case *widget.Label:
		return v.Text
	}
	return ""
}

// findButton finds the button labelled text below o, in dialogs too.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var walk func(fyne.CanvasObject) *widget.Button
	walk = func(o fyne.CanvasObject) *widget.Button {
		var children []fyne.CanvasObject
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == text {
				return v
			}
		case *fyne.Container:
			children = v.Objects
		case fyne.Widget:
			children = test.WidgetRenderer(v).Objects()
		}
		for _, c := range children {
			if b := walk(c); b != nil {
				return b
			}
		}
		return nil
	}
	b := walk(o)
	if b == nil {
		t.Fatalf("no %q button", text)
	}
	return b
}

func TestDropsWhileLoadingAreQueued(t *testing.T) {
	m := newTestWindow(t)
	act(m, func() {
		m.handleDrop(fyne.Position{}, []fyne.URI{sample(t, "parsedmarc_rfc8460.json")})
		// The first load cannot report back before this function returns.
		m.handleDrop(fyne.Position{}, []fyne.URI{sample(t, "tlsrpt-rs_mail.ru.json")})
		if len(m.loads.queue) != 1 {
			t.Errorf("a drop during a load should wait in the queue, got %d queued", len(m.loads.queue))
		}
	})

	if m.result.Reports != 2 || m.loads.running || len(m.loads.queue) != 0 {
		t.Errorf("reports=%d loading=%v queued=%d, want both drops loaded", m.result.Reports, m.loads.running, len(m.loads.queue))
	}
}

func TestCancelKeepsWhatWasReadAndDropsTheQueue(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json")) // read whole before the Cancel
	act(m, func() {
		m.handleDrop(fyne.Position{}, []fyne.URI{sample(t, "sebastka-tlsrpt_synthetic-failures.json")}) // running at the Cancel
		m.handleDrop(fyne.Position{}, []fyne.URI{sample(t, "tlsrpt-rs_mail.ru.json")})                  // waiting: dropped
		if !m.status.progressBox.Visible() {
			t.Error("no progress bar while loading")
		}
		test.Tap(m.status.cancel)
	})

	if !strings.HasPrefix(m.status.text.Text, "Loading cancelled.") {
		t.Errorf("status = %q", m.status.text.Text)
	}
	if m.loads.running || m.status.progressBox.Visible() {
		t.Error("still loading after Cancel")
	}
	// The organizations are in every result, whichever tab is shown (the
	// report list is not): Company-X was read, Mail.ru never started.
	var orgs []string
	for _, o := range m.result.Organizations {
		orgs = append(orgs, o.Name)
	}
	if !slices.Contains(orgs, "Company-X") {
		t.Errorf("the report read before Cancel is gone: organizations %q", orgs)
	}
	if slices.Contains(orgs, "Mail.ru") || slices.Contains(m.loads.analysis.Snapshot().Organizations(), "Mail.ru") {
		t.Errorf("the queued drop was loaded after Cancel: organizations %q", orgs)
	}
}

func TestEmptyStateLayout(t *testing.T) {
	m := newTestWindow(t)
	act(m, func() { m.win.Resize(fyne.NewSize(1000, 640)) })
	test.AssertRendersToMarkup(t, "empty_state.xml", m.win.Canvas())
}

func TestReportDetailShowsEveryPolicy(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "sebastka-tlsrpt_synthetic-failures.json"))
	look(m, reportsView)
	m.reports.reports.OnSelected(widget.TableCellID{Row: 0})
	// Counts from the file's two summaries.
	for _, want := range []string{
		"Source: " + sample(t, "sebastka-tlsrpt_synthetic-failures.json").Path(),
		"Policy sts example.com: 90 successful, 10 failed",
		"Policy no-policy-found example.org: 5 successful, 0 failed",
	} {
		if !strings.Contains(m.reports.detail.Text, want) {
			t.Errorf("report detail %q lacks %q", m.reports.detail.Text, want)
		}
	}
}

func TestPolicyAndReportDetailsShowWhatTheReportSaid(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "sebastka-tlsrpt_microsoft-tlsa-sts.json"))
	o := m.overview
	var sts, tlsa string
	for row := range o.policies.rows {
		o.policies.OnSelected(widget.TableCellID{Row: row})
		switch o.policies.rows[row].Type {
		case "sts":
			sts = o.detail.Text
		case "tlsa":
			tlsa = o.detail.Text
		}
	}
	// From the file's policy-strings and mx-host fields.
	if !strings.Contains(sts, "MTA-STS policy: version STSv1, mode testing, max_age 1 day") || !strings.Contains(sts, "mx.domeneshop.no") {
		t.Errorf("sts policy detail = %q", sts)
	}
	if !strings.Contains(tlsa, "TLSA records: 3 1 1 7FF8B87BB269715FEF08A0F4F0033D7A2F3B680470A30E878CEB2D3E244AF3EA") {
		t.Errorf("tlsa policy detail = %q", tlsa)
	}
	look(m, reportsView)
	m.reports.reports.OnSelected(widget.TableCellID{Row: 0})
	if !strings.Contains(m.reports.detail.Text, "Contact: tlsrpt-noreply@microsoft.com") {
		t.Errorf("report detail = %q", m.reports.detail.Text)
	}
}
