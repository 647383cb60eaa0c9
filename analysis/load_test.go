package analysis

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// TestLoadFolderExtensions: a folder walk reads *.json, *.gz, *.zip, *.eml
// and *.mbox in any letter case, in subfolders too, and silently ignores
// every other name, even when the content is a report.
func TestLoadFolderExtensions(t *testing.T) {
	dir := t.TempDir()
	picked := map[string][]byte{
		"a.json":                   testgen.SampleReport("a"),
		"b.JSON":                   testgen.SampleReport("b"),
		"c.Json.GZ":                testgen.Gzip(testgen.SampleReport("c")),
		"sub/d.zip":                testgen.Zip(t, testgen.Member("d.json", testgen.SampleReport("d"))),
		"sub/deeper/e.eml":         []byte(testgen.ReportMessage("e")),
		"f.EML":                    []byte(testgen.ReportMessage("f")),
		"g.mbox":                   []byte(testgen.MboxMessage(testgen.ReportMessage("g"))),
		"h.Mbox":                   []byte(testgen.MboxMessage(testgen.ReportMessage("h"))),
		"i.ZIP":                    testgen.Zip(t, testgen.Member("i.json", testgen.SampleReport("i"))),
		"google.com!x!1!2!001.gz":  testgen.Gzip(testgen.SampleReport("j")),
		"microsoft.com!x!1!2.json": testgen.SampleReport("k"),
	}
	ignored := map[string][]byte{
		"notes.txt":          testgen.SampleReport("ignored-1"),
		"report.json.bak":    testgen.SampleReport("ignored-2"),
		"report.json.gz.b64": []byte(base64.StdEncoding.EncodeToString(testgen.Gzip(testgen.SampleReport("ignored-3")))),
		"README":             []byte("reports live here\n"),
		"image.png":          []byte("\x89PNG\r\n\x1a\n"),
		"sub/.DS_Store":      []byte("\x00\x00\x00\x01Bud1"),
		"jsonfile":           testgen.SampleReport("ignored-4"),
		"sub/x.json.tmp":     testgen.SampleReport("ignored-5"),
	}
	for name, data := range picked {
		testgen.WriteFile(t, dir, name, data)
	}
	for name, data := range ignored {
		testgen.WriteFile(t, dir, name, data)
	}
	res := loadPaths(t, 0, dir)
	if res.Files != len(picked) || res.Reports != len(picked) || len(res.Errors) != 0 || len(res.Warnings) != 0 {
		t.Errorf("files %d reports %d errors %v warnings %v; want %d files and reports, nothing else",
			res.Files, res.Reports, res.Errors, res.Warnings, len(picked))
	}
	for _, r := range res.ReportList {
		if strings.HasPrefix(r.ReportID, "ignored") {
			t.Errorf("%s was read from %s", r.ReportID, r.Source)
		}
	}
}

// TestLoadExplicitOddNames: a file named on the command line is decoded by
// its content, whatever its name.
func TestLoadExplicitOddNames(t *testing.T) {
	dir := t.TempDir()
	files := []struct {
		name string
		data []byte
		id   string
	}{
		{"no-extension", testgen.SampleReport("odd-1"), "odd-1"},
		{"google.com!example.com!1717200000!1717286399", testgen.Gzip(testgen.SampleReport("odd-2")), "odd-2"},
		{"name with\nnewline and ! in it", testgen.SampleReport("odd-3"), "odd-3"},
		{"report.txt", testgen.Zip(t, testgen.Member("r.json", testgen.SampleReport("odd-4"))), "odd-4"},
		{"mail.msg", []byte(testgen.ReportMessage("odd-5")), "odd-5"},
		{"box", []byte(testgen.MboxMessage(testgen.ReportMessage("odd-6"))), "odd-6"},
		{"report.b64", []byte(base64.StdEncoding.EncodeToString(testgen.Gzip(testgen.SampleReport("odd-7")))), "odd-7"},
		{"-leading-dash.json", testgen.SampleReport("odd-8"), "odd-8"},
		{"ünïcödé 报告.json", testgen.SampleReport("odd-9"), "odd-9"},
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, testgen.WriteFile(t, dir, f.name, f.data))
	}
	paths = append(paths, filepath.Join(testgen.RealDir(), "mail-tls-rpt_report.json.gz.b64"))
	res := loadPaths(t, 2, paths...)
	if res.Files != len(paths) || res.Reports != len(paths) || len(res.Errors) != 0 {
		t.Errorf("files %d reports %d errors %v; want %d", res.Files, res.Reports, res.Errors, len(paths))
	}
	for i, f := range files {
		found := false
		for _, r := range res.ReportList {
			if r.ReportID == f.id {
				found = true
				if !strings.HasPrefix(r.Source, paths[i]) {
					t.Errorf("%s: source %q, want %q", f.id, r.Source, paths[i])
				}
			}
		}
		if !found {
			t.Errorf("%q not loaded", f.name)
		}
	}
}

func TestLoadMissingPath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "does-not-exist.json")
	good := testgen.WriteFile(t, t.TempDir(), "good.json", testgen.SampleReport("good"))
	res := loadPaths(t, 0, missing, good)
	if res.Files != 2 || res.Reports != 1 || len(res.Errors) != 1 || res.Errors[0].Source != missing ||
		!strings.Contains(res.Errors[0].Error, "no such file or directory") || strings.Contains(res.Errors[0].Error, missing) {
		t.Errorf("files %d reports %d errors %+v; want one plain error for %s", res.Files, res.Reports, res.Errors, missing)
	}
}

func TestLoadUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can read files with mode 000")
	}
	dir := t.TempDir()
	p := testgen.WriteFile(t, dir, "secret.json", testgen.SampleReport("secret"))
	sub := filepath.Join(dir, "locked")
	testgen.WriteFile(t, sub, "inner.json", testgen.SampleReport("inner"))
	for _, q := range []string{p, sub} {
		if err := os.Chmod(q, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(q, 0o755) })
	}
	testgen.WriteFile(t, dir, "ok.json", testgen.SampleReport("ok"))
	res := loadPaths(t, 0, dir)
	if res.Reports != 1 || errorFor(res, p) != "permission denied" || errorFor(res, sub) != "permission denied" {
		t.Errorf("reports %d errors %+v; want permission denied for %s and %s", res.Reports, res.Errors, p, sub)
	}
	res = loadPaths(t, 0, p)
	if errorFor(res, p) != "permission denied" {
		t.Errorf("explicit: errors %+v", res.Errors)
	}
}

func TestLoadSymlinks(t *testing.T) {
	real := t.TempDir()
	testgen.WriteFile(t, real, "a.json", testgen.SampleReport("a"))
	testgen.WriteFile(t, real, "sub/b.json", testgen.SampleReport("b"))
	mustLink := func(target, link string) {
		t.Helper()
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("symlinks not supported: %v", err)
		}
	}
	// Loops: a folder link to an ancestor, and one with a report-like name.
	mustLink("..", filepath.Join(real, "sub", "up"))
	mustLink(".", filepath.Join(real, "sub", "self.json"))
	// A file link is followed.
	other := testgen.WriteFile(t, t.TempDir(), "c.json", testgen.SampleReport("c"))
	mustLink(other, filepath.Join(real, "c-link.json"))
	// A dangling link gives an error naming it.
	dangling := filepath.Join(real, "gone.json")
	mustLink(filepath.Join(real, "nowhere.json"), dangling)
	// A link that points at itself.
	selfLoop := filepath.Join(real, "loop.json")
	mustLink("loop.json", selfLoop)

	rootLink := filepath.Join(t.TempDir(), "reports-link")
	mustLink(real, rootLink)

	for _, root := range []string{real, rootLink, rootLink + string(filepath.Separator)} {
		done := make(chan *Result, 1)
		go func() {
			a := New()
			(&Loader{}).Load(context.Background(), a, []string{root})
			done <- a.Result(Filter{})
		}()
		var res *Result
		select {
		case res = <-done:
		case <-time.After(20 * time.Second):
			t.Fatalf("Load(%s) hangs on a symlink loop", root)
		}
		var ids []string
		for _, r := range res.ReportList {
			ids = append(ids, r.ReportID)
		}
		slices.Sort(ids)
		if strings.Join(ids, ",") != "a,b,c" {
			t.Errorf("%s: reports %q, want a,b,c", root, ids)
		}
		// Exactly the dangling link and the self loop are errors.
		if len(res.Errors) != 2 {
			t.Errorf("%s: errors %+v, want 2 (dangling link and self loop)", root, res.Errors)
		}
		for _, e := range res.Errors {
			if filepath.Base(e.Source) != "gone.json" && filepath.Base(e.Source) != "loop.json" {
				t.Errorf("%s: unexpected error %+v", root, e)
			}
		}
	}
}

// TestLoadOrder: files are added in walk order whatever the scheduling, so
// the first copy of a duplicate is the one kept; duplicates are counted,
// not warned about.
func TestLoadOrder(t *testing.T) {
	dir := t.TempDir()
	for i := range 40 {
		testgen.WriteFile(t, dir, fmt.Sprintf("f%02d.json", i), testgen.SampleReport(fmt.Sprintf("id%d", i%10)))
	}
	for _, workers := range []int{1, 4, 16} {
		res := loadPaths(t, workers, dir)
		if res.Files != 40 || res.Reports != 10 || res.Duplicates != 30 || len(res.Warnings) != 0 {
			t.Fatalf("workers %d: files %d reports %d dups %d warnings %d", workers, res.Files, res.Reports, res.Duplicates, len(res.Warnings))
		}
		for _, r := range res.ReportList {
			var n int
			fmt.Sscanf(r.ReportID, "id%d", &n)
			if want := filepath.Join(dir, fmt.Sprintf("f%02d.json", n)); r.Source != want {
				t.Errorf("workers %d: %s kept from %s, want %s", workers, r.ReportID, r.Source, want)
			}
		}
	}
}

func TestLoadCancel(t *testing.T) {
	dir := t.TempDir()
	for i := range 200 {
		testgen.WriteFile(t, dir, fmt.Sprintf("r%03d.json.gz", i), testgen.Gzip(testgen.SampleReport(fmt.Sprintf("c%d", i))))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := New()
	calls := 0
	l := &Loader{Workers: 2, OnProgress: func(p source.Progress) {
		calls++
		if p.Done == 3 {
			cancel()
		}
	}}
	err := l.Load(ctx, a, []string{dir})
	res := a.Result(Filter{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Load returned %v, want context.Canceled", err)
	}
	if res.Files < 3 || res.Files >= 200 || res.Reports != res.Files || calls >= 200 {
		t.Errorf("files %d reports %d progress calls %d; want at least 3 and fewer than 200", res.Files, res.Reports, calls)
	}
	// Already cancelled: nothing is read.
	a = New()
	if err := (&Loader{}).Load(ctx, a, []string{dir}); !errors.Is(err, context.Canceled) || a.Result(Filter{}).Files != 0 {
		t.Errorf("cancelled context: %v, %d files", err, a.Result(Filter{}).Files)
	}
	// A deadline is reported as such.
	dctx, dcancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer dcancel()
	if err := (&Loader{}).Load(dctx, New(), []string{dir}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("expired deadline: %v", err)
	}
}

func TestLoadProgress(t *testing.T) {
	dir := t.TempDir()
	for i := range 50 {
		testgen.WriteFile(t, dir, fmt.Sprintf("sub%d/r%03d.json", i%5, i), testgen.SampleReport(fmt.Sprintf("p%d", i)))
	}
	explicit := testgen.WriteFile(t, t.TempDir(), "x.json", testgen.SampleReport("x"))
	var got []source.Progress
	a := New()
	l := &Loader{Workers: 3, OnProgress: func(p source.Progress) { got = append(got, p) }}
	if err := l.Load(context.Background(), a, []string{dir, explicit}); err != nil {
		t.Fatal(err)
	}
	// One call per file; a last call repeating the final count is allowed.
	if len(got) < 51 || len(got) > 52 {
		t.Fatalf("%d progress calls, want one per file (51)", len(got))
	}
	for i, p := range got {
		if p.Done != min(i+1, 51) || p.Found < p.Done || p.Found > 51 {
			t.Errorf("call %d: %+v", i, p)
		}
	}
	if last := got[len(got)-1]; last.Done != 51 || last.Found != 51 || a.Result(Filter{}).Files != 51 {
		t.Errorf("last progress %+v, files %d; want Done = Found = 51", last, a.Result(Filter{}).Files)
	}
}

// TestLoadProgressFinal: the last progress report says the walk is over.
// Today it can say Walking: true when the last report file is decoded
// while the walk is still passing over other files, and no further call
// follows, so a progress bar stays in "still searching" state.
func TestLoadProgressFinal(t *testing.T) {
	dir := t.TempDir()
	testgen.WriteFile(t, dir, "a/report.json", testgen.SampleReport("only"))
	// Folders to walk after the one report: each costs the walk an open
	// and a read, so it is still walking when the report is counted.
	for i := range 400 {
		if err := os.MkdirAll(filepath.Join(dir, "z", fmt.Sprintf("%04d", i), "empty"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var last source.Progress
	calls := 0
	a := New()
	if err := (&Loader{OnProgress: func(p source.Progress) { last = p; calls++ }}).Load(context.Background(), a, []string{dir}); err != nil {
		t.Fatal(err)
	}
	if calls == 0 || last.Walking || last.Done != 1 || last.Found != 1 {
		t.Errorf("last of %d progress calls %+v, want Done 1, Found 1, Walking false", calls, last)
	}
}

// TestLoadHugeFile: a 300 MB file is refused by its size without being
// read (the file is sparse: it takes no disk space).
func TestLoadHugeFile(t *testing.T) {
	dir := t.TempDir()
	p := testgen.WriteFile(t, dir, "huge.json", []byte(`{"organization-name":"`))
	if err := os.Truncate(p, 300_000_000); err != nil {
		t.Fatal(err)
	}
	testgen.WriteFile(t, dir, "ok.json", testgen.SampleReport("ok"))
	for _, paths := range [][]string{{dir}, {p}} {
		res := loadPaths(t, 0, paths...)
		if msg := errorFor(res, p); !testgen.ContainsAll(msg, "286 MiB", "64 MiB") {
			t.Errorf("%q: error %q, want the size and the limit", paths, msg)
		}
	}
	if res := loadPaths(t, 0, dir); res.Reports != 1 {
		t.Errorf("the small report beside it: %d reports", res.Reports)
	}
	// Just above the limit, with content that is not JSON at all.
	q := testgen.WriteFile(t, dir, "zeros.json", nil)
	if err := os.Truncate(q, source.MaxReportBytes+1); err != nil {
		t.Fatal(err)
	}
	if msg := errorFor(loadPaths(t, 0, q), q); !strings.Contains(msg, "64 MiB") {
		t.Errorf("64 MiB + 1 byte of zeros: %q", msg)
	}
}

// TestLoadManyFailureDetails: a large but legal report (500,000 failure
// details, about 40 MB) loads with exact totals.
func TestLoadManyFailureDetails(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("parses a 40 MB report")
	}
	const n = 500_000
	var b bytes.Buffer
	b.WriteString(`{"organization-name":"Big","date-range":{"start-datetime":"2024-01-01T00:00:00Z","end-datetime":"2024-01-01T23:59:59Z"},"report-id":"big","policies":[{"policy":{"policy-type":"sts","policy-domain":"big.example"},"summary":{"total-successful-session-count":123456789,"total-failure-session-count":`)
	fmt.Fprintf(&b, "%d", n*2)
	b.WriteString(`},"failure-details":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"result-type":"certificate-expired","sending-mta-ip":"10.%d.%d.%d","failed-session-count":2}`, i>>16, (i>>8)&255, i&255)
	}
	b.WriteString(`]}]}`)
	if b.Len() > source.MaxReportBytes {
		t.Fatalf("generated report is %d bytes, above the limit", b.Len())
	}
	p := testgen.WriteFile(t, t.TempDir(), "big.json", b.Bytes())
	res := loadPaths(t, 0, p)
	if res.Reports != 1 || res.SuccessfulSessions != 123456789 || res.FailedSessions != 2*n || len(res.Failures) != n || len(res.SendingMTAIPs) != n ||
		len(res.Warnings) != 0 || len(res.Errors) != 0 {
		t.Errorf("reports %d successful %d failed %d rows %d IPs %d warnings %v errors %v",
			res.Reports, res.SuccessfulSessions, res.FailedSessions, len(res.Failures), len(res.SendingMTAIPs), res.Warnings, res.Errors)
	}
	if len(res.ResultTypes) != 1 || res.ResultTypes[0] != (Count{"certificate-expired", 2 * n}) {
		t.Errorf("result types %v", res.ResultTypes)
	}
}

// hostileFiles writes one file per hostile input into dir and returns
// their paths. None of them holds a valid report.
func hostileFiles(t *testing.T, dir string) []string {
	t.Helper()
	valid := string(testgen.SampleReport("never-counted"))
	var paths []string
	add := func(name string, data []byte) string {
		p := testgen.WriteFile(t, dir, name, data)
		paths = append(paths, p)
		return p
	}
	add("not-json.json", []byte("this is not json\n"))
	add("truncated.json", []byte(valid[:len(valid)/2]))
	add("dmarc.json", []byte(`<?xml version="1.0"?><feedback><report_metadata/></feedback>`))
	add("date-missing.json", []byte(strings.Replace(valid, `"date-range"`, `"date-rang"`, 1)))
	add("bad-date.json", []byte(strings.Replace(valid, "2024-06-01T00:00:00Z", "April fools", 1)))
	add("policies-object.json", []byte(strings.Replace(valid, `"policies":[`, `"policies":{"x":[`, 1)+"}"))
	add("count-negative.json", []byte(strings.Replace(valid, `"total-successful-session-count":40`, `"total-successful-session-count":-40`, 1)))
	add("count-huge.json", []byte(strings.Replace(valid, `"total-successful-session-count":40`, `"total-successful-session-count":99999999999999999999`, 1)))
	add("policy-type-bad.json", []byte(strings.Replace(valid, `"policy-type":"sts"`, `"policy-type":"dane"`, 1)))
	add("nul.json", []byte(strings.Replace(valid, "Google", "Goo\x00gle", 1)))
	add("deep.json", []byte(`{"x":`+strings.Repeat("[", 200_000)))
	add("empty.json", nil)
	add("binary.gz", []byte("\x1f\x8b\x08\x00garbage-garbage-garbage"))
	add("truncated.json.gz", testgen.Gzip([]byte(valid))[:40])
	add("corrupt.zip", testgen.Zip(t, testgen.Member("a.json", []byte(valid)))[:60])
	add("bad-member.zip", testgen.Zip(t, testgen.Member("a.json", []byte(valid[:30]))))
	var many bytes.Buffer
	{
		zw := newStoreZip(&many)
		for i := range source.MaxArchiveMembers + 1 {
			zw.add(fmt.Sprintf("%d.json", i), []byte("{}"))
		}
		zw.close()
	}
	add("many.zip", many.Bytes())
	add("no-report.eml", []byte("From: root@host\r\nSubject: cron\r\n\r\nok\r\n"))
	var parts strings.Builder
	parts.WriteString("From: a@b\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n")
	for range 5000 {
		parts.WriteString("--B\r\nContent-Type: text/plain\r\n\r\nx\r\n")
	}
	add("parts.eml", []byte(parts.String()+"--B--\r\n"))
	add("broken-attachment.eml", []byte(testgen.ReportEmail("application/tlsrpt+gzip", "base64", "r.json.gz", "!!!!")))
	add("bad-report.mbox", []byte(testgen.MboxMessage(testgen.ReportEmail("application/tlsrpt+json", "7bit", "r.json", "{"))))
	huge := add("huge.json", []byte("{"))
	if err := os.Truncate(huge, 300_000_000); err != nil {
		t.Fatal(err)
	}
	if !testing.Short() {
		bomb, err := os.ReadFile(testgen.GzipBomb(t))
		if err != nil {
			t.Fatal(err)
		}
		add("bomb.json.gz", bomb)
	}
	return paths
}

// storeZip writes a zip of stored (uncompressed) members quickly.
type storeZip struct{ zw *zip.Writer }

func newStoreZip(w io.Writer) *storeZip { return &storeZip{zip.NewWriter(w)} }

func (s *storeZip) add(name string, data []byte) {
	w, _ := s.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
	w.Write(data)
}

func (s *storeZip) close() { s.zw.Close() }

// TestNothingLost: hostile files mixed into the real samples change
// nothing about what the real samples count, and every hostile file is
// reported as an error with its own path as the source.
func TestNothingLost(t *testing.T) {
	dir := t.TempDir()
	for _, name := range testgen.RealSampleNames(t) {
		testgen.WriteFile(t, dir, name, testgen.ReadReal(t, name))
	}
	hostile := hostileFiles(t, filepath.Join(dir, "hostile"))
	alone := loadPaths(t, 0, testgen.RealDir())
	mixed := loadPaths(t, 0, dir)
	if mixed.Reports != alone.Reports || mixed.Duplicates != alone.Duplicates ||
		mixed.SuccessfulSessions != alone.SuccessfulSessions || mixed.FailedSessions != alone.FailedSessions {
		t.Errorf("with hostile files: reports %d dups %d ok %d failed %d; alone: %d %d %d %d",
			mixed.Reports, mixed.Duplicates, mixed.SuccessfulSessions, mixed.FailedSessions,
			alone.Reports, alone.Duplicates, alone.SuccessfulSessions, alone.FailedSessions)
	}
	if mixed.Files != alone.Files+len(hostile) {
		t.Errorf("files %d, want %d + %d", mixed.Files, alone.Files, len(hostile))
	}
	if len(mixed.Errors) != len(alone.Errors)+len(hostile) {
		t.Errorf("%d errors, want %d + %d", len(mixed.Errors), len(alone.Errors), len(hostile))
	}
	for _, p := range hostile {
		found := false
		for _, e := range mixed.Errors {
			if (e.Source == p || strings.HasPrefix(e.Source, p+":")) && e.Error != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("no error recorded for %s", filepath.Base(p))
		}
	}
	// Every valid sample report is counted once: the same reports, by id.
	key := func(r *ReportInfo) string { return r.OrganizationName + "|" + r.ReportID }
	var a, b []string
	for _, r := range alone.ReportList {
		a = append(a, key(r))
	}
	for _, r := range mixed.ReportList {
		b = append(b, key(r))
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Errorf("report lists differ:\n%q\n%q", a, b)
	}
}

// TestLoadKeepsStrings: decoding reuses readers and buffers across files;
// nothing a report keeps may point into them. Every kept string must still
// match its own file after thousands of later files went through the
// same buffers.
func TestLoadKeepsStrings(t *testing.T) {
	dir := t.TempDir()
	const n = 600
	for i := range n {
		org := fmt.Sprintf("Org %03d-%s", i, strings.Repeat("x", i%50))
		data := mustJSON(t, reportObj(org, fmt.Sprintf("id-%03d", i), fmt.Sprintf("2024-01-%02d", i%28+1),
			policy("sts", fmt.Sprintf("d%03d.example", i), int64(i), 1,
				detail("certificate-expired", fmt.Sprintf("192.0.2.%d", i%250), fmt.Sprintf("mx.d%03d.example", i), "", 1))))
		name := fmt.Sprintf("r%03d.json", i)
		switch i % 3 {
		case 1:
			data, name = testgen.Gzip(data), name+".gz"
		case 2:
			data, name = testgen.Zip(t, testgen.Member("r.json.gz", testgen.Gzip(data))), name+".zip"
		}
		testgen.WriteFile(t, dir, name, data)
	}
	res := loadPaths(t, 2, dir)
	if res.Reports != n || len(res.Failures) != n {
		t.Fatalf("reports %d rows %d", res.Reports, len(res.Failures))
	}
	for _, r := range res.ReportList {
		var i int
		fmt.Sscanf(filepath.Base(r.Source), "r%03d", &i)
		wantOrg := fmt.Sprintf("Org %03d-%s", i, strings.Repeat("x", i%50))
		if r.OrganizationName != wantOrg || r.ReportID != fmt.Sprintf("id-%03d", i) || r.Policies[0].Domain != fmt.Sprintf("d%03d.example", i) {
			t.Errorf("%s: org %q id %q domain %q", r.Source, r.OrganizationName, r.ReportID, r.Policies[0].Domain)
		}
	}
	for _, f := range res.Failures {
		if want := "mx." + f.PolicyDomain; f.ReceivingMXHostname != want {
			t.Errorf("row of %s: MX %q, want %q", f.Report.Source, f.ReceivingMXHostname, want)
		}
	}
}

// TestFolderWithoutReports: a folder named by the user that gives nothing
// to read is an error naming what it holds; a folder with reports does not
// complain about its empty subfolders or its other files.
func TestFolderWithoutReports(t *testing.T) {
	empty := t.TempDir()
	others := t.TempDir()
	testgen.WriteFile(t, others, "google.com!example.com!1717200000!1717286399.xml", []byte("<feedback></feedback>"))
	testgen.WriteFile(t, others, "notes.txt", []byte("x"))
	if err := os.Mkdir(filepath.Join(others, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	testgen.WriteFile(t, filepath.Join(others, "sub"), "a.pdf", []byte("%PDF"))
	for _, tc := range []struct {
		dir, want string
	}{
		{empty, "folder holds no files"},
		{others, "folder holds no .json .gz .zip .eml .mbox file, only google.com!example.com!1717200000!1717286399.xml, notes.txt, a.pdf"},
	} {
		res := loadPaths(t, 2, tc.dir)
		if len(res.Errors) != 1 || res.Errors[0].Source != tc.dir || res.Errors[0].Error != tc.want || res.Reports != 0 {
			t.Errorf("%s: errors %+v, want %q", tc.dir, res.Errors, tc.want)
		}
	}

	withReports := t.TempDir()
	testgen.WriteFile(t, withReports, "r.json", testgen.SampleReport("in-folder"))
	testgen.WriteFile(t, withReports, "README.txt", []byte("reports of June"))
	if err := os.Mkdir(filepath.Join(withReports, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	if res := loadPaths(t, 2, withReports); res.Reports != 1 || len(res.Errors) != 0 {
		t.Errorf("reports %d errors %+v, want the one report and no error", res.Reports, res.Errors)
	}
}

// TestLoadReusesReportsSafely: the loader reuses a report's policies,
// failure details, MTA-STS policy and TLSA records for the next file once
// Analysis.Add has taken its copies; every policy must still come out as
// its own file said, however many policies, MX names, records and details
// the reports before it had.
func TestLoadReusesReportsSafely(t *testing.T) {
	dir := t.TempDir()
	const n = 300
	mxOf := func(i int) []string {
		var mx []string
		for k := range i%4 + 1 {
			mx = append(mx, fmt.Sprintf("mx%d.s%03d.example", k, i))
		}
		return mx
	}
	recordsOf := func(i int) []string {
		var recs []string
		for k := range i%3 + 1 {
			recs = append(recs, fmt.Sprintf("3 1 1 %03d%d", i, k))
		}
		return recs
	}
	for i := range n {
		var details []obj
		for k := range i % 5 {
			details = append(details, detail("certificate-expired", fmt.Sprintf("192.0.2.%d", k), fmt.Sprintf("mx%d.s%03d.example", k, i), "", 1))
		}
		mode := []string{"enforce", "testing", "none"}[i%3]
		sts := testgen.STSPolicy(fmt.Sprintf("s%03d.example", i), mode, mxOf(i), strconv.Itoa(1000+i), 10, int64(i%5), details...)
		tlsa := policy("tlsa", fmt.Sprintf("t%03d.example", i), 1, 0)
		tlsa["policy"].(obj)["policy-string"] = recordsOf(i)
		pols := []obj{sts, tlsa}
		if i%2 == 1 {
			pols = pols[:1] // fewer policies than the report before
		}
		data := testgen.Gzip(mustJSON(t, reportObj("Org", fmt.Sprintf("id-%03d", i), "2024-01-01", pols...)))
		testgen.WriteFile(t, dir, fmt.Sprintf("r%03d.json.gz", i), data)
	}
	res := loadPaths(t, 2, dir)
	if res.Reports != n {
		t.Fatalf("%d reports, want %d", res.Reports, n)
	}
	seen := 0
	for _, p := range res.Policies {
		var i int
		if _, err := fmt.Sscanf(p.Domain[1:], "%03d", &i); err != nil {
			t.Fatalf("policy %q", p.Domain)
		}
		switch p.Type {
		case report.PolicySTS:
			seen++
			wantMode := report.STSMode([]string{"enforce", "testing", "none"}[i%3])
			if p.Mode != wantMode || p.MaxAge != int64(1000+i) || !slices.Equal(p.MXPatterns, mxOf(i)) || !slices.Equal(p.MXHosts, mxOf(i)) || p.Failed != int64(i%5) {
				t.Errorf("%s: mode %q max_age %d mx %q mx-host %q failed %d", p.Domain, p.Mode, p.MaxAge, p.MXPatterns, p.MXHosts, p.Failed)
			}
		case report.PolicyTLSA:
			seen++
			if i%2 == 1 || !slices.Equal(p.TLSARecords, recordsOf(i)) {
				t.Errorf("%s: records %q", p.Domain, p.TLSARecords)
			}
		}
	}
	if want := n + n/2; seen != want {
		t.Errorf("%d policies, want %d", seen, want)
	}
	for _, f := range res.Failures {
		if !strings.HasSuffix(f.ReceivingMXHostname, "."+f.PolicyDomain) {
			t.Errorf("a failure of %s names %s", f.PolicyDomain, f.ReceivingMXHostname)
		}
	}
}

func TestMboxManyMessages(t *testing.T) {
	var b strings.Builder
	for i := range 10_000 {
		b.WriteString(testgen.MboxMessage("From: r@example.net\nContent-Type: application/tlsrpt+json\n\n" +
			fmt.Sprintf(`{"organization-name":"R","date-range":{"start-datetime":"2024-01-01T00:00:00Z","end-datetime":"2024-01-01T23:59:59Z"},"report-id":"%d","policies":[{"policy":{"policy-type":"sts","policy-domain":"d%d.example"},"summary":{"total-successful-session-count":1,"total-failure-session-count":0}}]}`, i, i%7)))
	}
	p := testgen.WriteFile(t, t.TempDir(), "big.mbox", []byte(b.String()))
	res := loadPaths(t, 0, p)
	if res.Files != 1 || res.Reports != 10_000 || res.SuccessfulSessions != 10_000 || len(res.Errors) != 0 || len(res.Warnings) != 0 || len(res.Policies) != 7 {
		t.Errorf("files %d reports %d successful %d errors %v warnings %d policies %d", res.Files, res.Reports, res.SuccessfulSessions, res.Errors, len(res.Warnings), len(res.Policies))
	}
}

// An empty file, or one of blanks, is named as empty rather than as a
// format the program does not know: usually a report still being saved.
func TestEmptyFileNamed(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"empty.json": "", "blank.json.gz": " \r\n\t"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	res := loadPaths(t, 0, filepath.Join(dir, "empty.json"), filepath.Join(dir, "blank.json.gz"))
	if len(res.Errors) != 2 {
		t.Fatalf("errors %v, want one for each file", res.Errors)
	}
	for _, e := range res.Errors {
		if e.Error != "not a TLS-RPT report: the file is empty" {
			t.Errorf("%s: %q", e.Source, e.Error)
		}
	}
}
