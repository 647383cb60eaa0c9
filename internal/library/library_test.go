package library

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

func TestImportRealSamplesAndReadThemBack(t *testing.T) {
	dir := t.TempDir()
	l := open(t, dir)
	// The 55 real samples hold 36 distinct reports, 14 repeats of them
	// and 5 broken inputs (see internal/cli's summary test).
	s, res := importPaths(t, l, realDir)
	if s.Files != 55 || s.New != 36 || s.Known != 14 || len(res.Errors) != 5 || res.Reports != 36 {
		t.Fatalf("import: %+v, %d reports, %d errors", s, res.Reports, len(res.Errors))
	}
	l.Close()

	l = open(t, dir) // as the next launch does
	back := loaded(t, l)
	// The sessions of the folder read directly: analysis/real_samples_test.go
	// derives 15914 and 730 by hand.
	if back.Reports != 36 || back.Duplicates != 0 || len(back.Errors) != 0 ||
		back.SuccessfulSessions != 15914 || back.FailedSessions != 730 {
		t.Errorf("read back: %d reports, %d duplicates, %d errors, %d/%d sessions",
			back.Reports, back.Duplicates, len(back.Errors), back.SuccessfulSessions, back.FailedSessions)
	}
	// Sources name the files as they were imported.
	abs, _ := filepath.Abs(filepath.Join(realDir, "sebastka-tlsrpt_synthetic-failures.json"))
	found := false
	for _, r := range back.ReportList {
		found = found || r.Source == abs
	}
	if !found {
		t.Errorf("no report has the source %s", abs)
	}
	// The original is kept byte for byte.
	want, _ := os.ReadFile(abs)
	var got []byte
	if err := l.db.QueryRow(`SELECT data FROM originals WHERE name = ?`, filepath.Base(abs)).Scan(&got); err != nil || !bytes.Equal(got, want) {
		t.Errorf("original of %s: %d bytes, want %d (%v)", abs, len(got), len(want), err)
	}
}

func TestDuplicatesAcrossImportsCountOnce(t *testing.T) {
	src := t.TempDir()
	r1 := reportJSON("Google Inc.", "r1", "example.com", 1, 10, 0)
	a := write(t, filepath.Join(src, "a", "r1.json"), r1)
	write(t, filepath.Join(src, "a", "r2.json"), reportJSON("Google Inc.", "r2", "example.com", 2, 5, 1))
	// The same report r2 in other bytes (an email), a new one, and a copy
	// of r1 under another name.
	write(t, filepath.Join(src, "b", "r2.eml"), email(reportJSON("Google Inc.", "r2", "example.com", 2, 5, 1)))
	write(t, filepath.Join(src, "b", "r3.json"), reportJSON("Microsoft Corporation", "r3", "example.com", 3, 7, 0))
	write(t, filepath.Join(src, "b", "copy-of-r1.json"), r1)

	l := open(t, t.TempDir())
	if s, _ := importPaths(t, l, filepath.Join(src, "a")); s.New != 2 || s.Known != 0 {
		t.Errorf("first import: %+v", s)
	}
	if s, _ := importPaths(t, l, filepath.Join(src, "b")); s.New != 1 || s.Known != 2 {
		t.Errorf("second import: %+v", s)
	}
	if s, _ := importPaths(t, l, a); s.New != 0 || s.Known != 1 {
		t.Errorf("import of a file again: %+v", s)
	}
	// r1.json, r2.json and r3.json; neither r2.eml nor the copy of r1 held
	// anything new.
	if st := stats(t, l); st.Reports != 3 || st.Originals != 3 {
		t.Errorf("stats: %+v", st)
	}
	res := loaded(t, l)
	if res.Reports != 3 || res.Duplicates != 0 || res.SuccessfulSessions != 22 || res.FailedSessions != 1 {
		t.Errorf("read back: %d reports, %d duplicates, %d/%d sessions", res.Reports, res.Duplicates, res.SuccessfulSessions, res.FailedSessions)
	}
}

func TestRemoveSelectedReports(t *testing.T) {
	src := t.TempDir()
	archive := write(t, filepath.Join(src, "three.zip"), zipOf(t, map[string][]byte{
		"z1.json": reportJSON("Google Inc.", "z1", "example.com", 1, 1, 0),
		"z2.json": reportJSON("Google Inc.", "z2", "example.com", 2, 2, 0),
		"z3.json": reportJSON("Google Inc.", "z3", "example.com", 3, 4, 0),
	}))
	one := write(t, filepath.Join(src, "one.json"), reportJSON("Mail.Ru", "m1", "example.com", 4, 8, 0))
	l := open(t, t.TempDir())
	importPaths(t, l, archive, one)

	n, err := l.Remove([]Key{{Organization: "Google Inc.", ReportID: "z2"}})
	if err != nil || n != 1 {
		t.Fatalf("remove: %d, %v", n, err)
	}
	res := loaded(t, l)
	if got := ids(res); len(got) != 3 || got["Google Inc./z2"] || res.SuccessfulSessions != 1+4+8 {
		t.Errorf("after removing z2: %v, %d sessions", got, res.SuccessfulSessions)
	}
	if st := stats(t, l); st.Originals != 2 {
		t.Errorf("the archive still holds z1 and z3, so it stays: %+v", st)
	}
	n, err = l.Remove([]Key{{Organization: "Google Inc.", ReportID: "z1"}, {Organization: "Google Inc.", ReportID: "z3"}})
	if err != nil || n != 2 {
		t.Fatalf("remove: %d, %v", n, err)
	}
	if st := stats(t, l); st.Reports != 1 || st.Originals != 1 {
		t.Errorf("the archive holds nothing kept any more: %+v", st)
	}
	// Importing it again brings the removed reports back.
	if s, _ := importPaths(t, l, archive); s.New != 3 {
		t.Errorf("import again: %+v", s)
	}
}

func TestForgetEmptiesTheLibrary(t *testing.T) {
	l := open(t, t.TempDir())
	importPaths(t, l, realDir)
	before := stats(t, l)
	if err := l.Forget(); err != nil {
		t.Fatal(err)
	}
	after := stats(t, l)
	if after.Reports != 0 || after.Originals != 0 || after.DiskBytes >= before.DiskBytes {
		t.Errorf("before %+v, after %+v", before, after)
	}
	if res := loaded(t, l); res.Reports != 0 || res.Files != 0 {
		t.Errorf("read back %d reports from %d files", res.Reports, res.Files)
	}
}

func TestImportData(t *testing.T) {
	l := open(t, t.TempDir())
	mbox := append(mboxMessage(reportJSON("Google Inc.", "s1", "example.com", 1, 3, 0)),
		mboxMessage(reportJSON("Google Inc.", "s2", "example.com", 2, 0, 5))...)
	a := analysis.New()
	s, err := l.ImportData(context.Background(), a, "standard input", mbox, ImportOptions{})
	if err != nil || s.New != 2 {
		t.Fatalf("%+v, %v", s, err)
	}
	res := loaded(t, l)
	if res.Reports != 2 || res.FailedSessions != 5 || res.ReportList[0].Source != "standard input:message 1" {
		t.Errorf("read back %d reports, %d failed, first from %q", res.Reports, res.FailedSessions, res.ReportList[0].Source)
	}
}

func TestGrowingMailboxKeepsOneOriginal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reports.mbox")
	msg1 := mboxMessage(reportJSON("Google Inc.", "g1", "example.com", 1, 3, 0))
	write(t, path, msg1)
	l := open(t, t.TempDir())
	remembered := func() ImportStats {
		s, err := l.Import(context.Background(), analysis.New(), []string{path}, ImportOptions{Remember: true})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	remembered()
	write(t, path, append(msg1, mboxMessage(reportJSON("Google Inc.", "g2", "example.com", 2, 4, 0))...))
	if s := remembered(); s.New != 1 || s.Known != 1 {
		t.Errorf("second import: %+v", s)
	}
	// The grown mailbox replaces the first one instead of being kept beside it.
	if st := stats(t, l); st.Reports != 2 || st.Originals != 1 {
		t.Errorf("stats: %+v", st)
	}
	if res := loaded(t, l); res.Reports != 2 || res.SuccessfulSessions != 7 {
		t.Errorf("read back %d reports, %d sessions", res.Reports, res.SuccessfulSessions)
	}
}

func TestFilesAreTheUsersOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "library")
	l := open(t, dir)
	importPaths(t, l, realDir)
	for _, p := range []string{dir, l.Path(), l.Path() + "-wal", l.Path() + "-shm"} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		want := os.FileMode(0o600)
		if info.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, info.Mode().Perm(), want)
		}
	}
}

func TestDamagedOrForeignFileIsRefusedUntouched(t *testing.T) {
	garbage := bytes.Repeat([]byte("not a database "), 500)
	foreign := filepath.Join(t.TempDir(), "foreign.db")
	db, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE contacts (name TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	foreignBytes, _ := os.ReadFile(foreign)
	for _, tc := range []struct {
		name string
		data []byte
	}{{"garbage", garbage}, {"another program's database", foreignBytes}, {"a truncated library", nil}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			data := tc.data
			if data == nil {
				src := t.TempDir()
				l := open(t, src)
				importPaths(t, l, realDir)
				l.shrink(false)
				l.Close()
				whole, _ := os.ReadFile(filepath.Join(src, FileName))
				data = whole[:len(whole)/3]
			}
			path := write(t, filepath.Join(dir, FileName), data)
			l, err := Open(dir)
			if err == nil {
				// SQLite only notices some damage on reading.
				_, err = l.Stats()
				if err == nil {
					err = l.Load(context.Background(), analysis.New(), nil)
				}
				l.Close()
			}
			var de *DamagedError
			if !errors.As(err, &de) || de.Path != path {
				t.Fatalf("error %v, want a DamagedError naming %s", err, path)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
				t.Error("the file was changed")
			}
		})
	}
	t.Run("a file where the folder should be", func(t *testing.T) {
		path := write(t, filepath.Join(t.TempDir(), "lib"), []byte("x"))
		var de *DamagedError
		if _, err := Open(path); !errors.As(err, &de) {
			t.Errorf("error %v", err)
		}
	})
}

func TestSecondInstanceSharesTheLibrary(t *testing.T) {
	src := t.TempDir()
	var all []string
	for i := range 60 {
		all = append(all, write(t, filepath.Join(src, string(rune('a'+i%3)), "r"+string(rune('A'+i/3))+".json"),
			reportJSON("Google Inc.", "shared-"+string(rune('a'+i%3))+string(rune('A'+i/3)), "example.com", 1+i%28, 1, 0)))
	}
	dir := t.TempDir()
	first, second := open(t, dir), open(t, dir)
	// Both import everything at once, in opposite orders.
	rev := make([]string, len(all))
	for i, p := range all {
		rev[len(all)-1-i] = p
	}
	var wg sync.WaitGroup
	var news [2]int
	for i, l := range []*Library{first, second} {
		paths := all
		if i == 1 {
			paths = rev
		}
		wg.Go(func() {
			s, err := l.Import(context.Background(), analysis.New(), paths, ImportOptions{})
			if err != nil {
				t.Errorf("instance %d: %v", i+1, err)
			}
			news[i] = s.New
		})
	}
	wg.Wait()
	if news[0]+news[1] != 60 {
		t.Errorf("new reports %v, want 60 between them", news)
	}
	if st := stats(t, second); st.Reports != 60 || st.Originals != 60 {
		t.Errorf("stats %+v", st)
	}
	if res := loaded(t, first); res.Reports != 60 || res.Duplicates != 0 {
		t.Errorf("read back %d reports, %d duplicates", res.Reports, res.Duplicates)
	}
}

func TestNews(t *testing.T) {
	src := t.TempDir()
	l := open(t, t.TempDir())
	// The reports' days (2026-11-01, 02) are recent.
	l.now = func() time.Time { return time.Date(2026, 11, 3, 12, 0, 0, 0, time.UTC) }
	// Opened by the user: not news.
	importPaths(t, l, write(t, filepath.Join(src, "old.json"), reportJSON("Google Inc.", "o1", "old-failing.example", 1, 1, 1)))
	a := analysis.New()
	fresh := []string{
		write(t, filepath.Join(src, "n1.json"), reportJSON("Google Inc.", "n1", "old-failing.example", 2, 1, 1)),
		write(t, filepath.Join(src, "n2.json"), reportJSON("Google Inc.", "n2", "new-failing.example", 2, 1, 3)),
		write(t, filepath.Join(src, "n3.json"), reportJSON("Google Inc.", "n3", "fine.example", 2, 1, 0)),
	}
	if _, err := l.Import(context.Background(), a, fresh, ImportOptions{Unattended: true}); err != nil {
		t.Fatal(err)
	}
	n, err := l.News()
	if err != nil || n.Reports != 3 || len(n.FailingDomains) != 1 || n.FailingDomains[0] != "new-failing.example" {
		t.Errorf("news %+v, %v", n, err)
	}
	if err := l.MarkSeen(); err != nil {
		t.Fatal(err)
	}
	if n, err := l.News(); err != nil || n.Reports != 0 || len(n.FailingDomains) != 0 {
		t.Errorf("after seen: %+v, %v", n, err)
	}
}

// The RFC 8460 example's report of 2016-04-01 imported in December 2026
// beside a report of yesterday: its company-y.example failed 303 sessions
// then, and fails for the first time in none of today's; yesterday's
// new-failing.example does. A failure is current up to OverAfterDays (14)
// days before today: 2026-11-23 is, 2026-11-22 is not.
func TestNewsTellsPastFailuresApart(t *testing.T) {
	src := t.TempDir()
	l := open(t, t.TempDir())
	l.now = func() time.Time { return time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) }
	rfc := filepath.Join(realDir, "parsedmarc_rfc8460.json")
	paths := []string{rfc,
		write(t, filepath.Join(src, "yesterday.json"), bytes.ReplaceAll(reportJSON("Google Inc.", "y", "new-failing.example", 6, 1, 2), []byte("2026-11-06"), []byte("2026-12-06"))),
		write(t, filepath.Join(src, "edge.json"), reportJSON("Google Inc.", "e", "edge.example", 23, 1, 1)),
		write(t, filepath.Join(src, "before.json"), reportJSON("Google Inc.", "b", "before.example", 22, 1, 1)),
	}
	if _, err := l.Import(context.Background(), analysis.New(), paths, ImportOptions{Unattended: true}); err != nil {
		t.Fatal(err)
	}
	n, err := l.News()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(n.FailingDomains, " "); n.Reports != 4 || got != "edge.example new-failing.example" {
		t.Errorf("%d reports, failing for the first time %q; want 4, edge.example new-failing.example", n.Reports, got)
	}
	if got, from, to := strings.Join(n.PastFailing, " "), n.PastFrom.Format(time.DateOnly), n.PastTo.Format(time.DateOnly); got != "before.example company-y.example" || from != "2016-04-01" || to != "2026-11-22" {
		t.Errorf("past failures %q from %s to %s; want before.example company-y.example from 2016-04-01 to 2026-11-22", got, from, to)
	}
}

func TestReportsWithoutAnIDAreKeptAndRemovedByWhereTheyAre(t *testing.T) {
	src := t.TempDir()
	// Two different reports without a report-id in one archive, and the
	// archive again under another name: the copies are the same reports.
	archive := zipOf(t, map[string][]byte{
		"a.json": reportJSON("Postfix", "", "example.com", 1, 1, 0),
		"b.json": reportJSON("Postfix", "", "example.com", 2, 2, 0),
	})
	first := write(t, filepath.Join(src, "first.zip"), archive)
	write(t, filepath.Join(src, "copy.zip"), archive)
	l := open(t, t.TempDir())
	if s, _ := importPaths(t, l, src); s.New != 2 || s.Known != 2 {
		t.Errorf("import: %+v", s)
	}
	if res := loaded(t, l); res.Reports != 2 || res.SuccessfulSessions != 3 {
		t.Errorf("read back %d reports, %d sessions", res.Reports, res.SuccessfulSessions)
	}
	// copy.zip is read first: the walk goes in name order.
	copyPath, _ := filepath.Abs(filepath.Join(src, "copy.zip"))
	n, err := l.Remove([]Key{{Organization: "Postfix", Source: copyPath + ":b.json"}})
	if err != nil || n != 1 {
		t.Fatalf("remove: %d, %v (first is %s)", n, err, first)
	}
	if res := loaded(t, l); res.Reports != 1 || res.SuccessfulSessions != 1 {
		t.Errorf("after removing b: %d reports, %d sessions", res.Reports, res.SuccessfulSessions)
	}
}

// Two importers started at once on a library that does not exist yet
// both create it: one makes the file and the tables, the other finds them.
func TestOpeningANewLibraryFromManyPlacesAtOnce(t *testing.T) {
	for range 5 {
		dir := filepath.Join(t.TempDir(), "library")
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				l, err := Open(dir)
				if err == nil {
					_, err = l.Stats()
					l.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("open %d of %d: %v", i+1, n, err)
			}
		}
	}
}

// An import keeps the ids it knows from one batch to the next; what
// another writer adds or removes between two batches must still count.
func TestWriterBetweenBatchesOfAnImport(t *testing.T) {
	defer func(n int) { batchFiles = n }(batchFiles)
	batchFiles = 1 // a commit after every file
	for _, other := range []string{"another library handle", "the same library"} {
		t.Run(other, func(t *testing.T) {
			src, elsewhere := t.TempDir(), t.TempDir()
			write(t, filepath.Join(src, "1.json"), reportJSON("Google Inc.", "r1", "example.com", 1, 1, 0))
			write(t, filepath.Join(src, "2.json"), reportJSON("Google Inc.", "r2", "example.com", 2, 2, 0))
			write(t, filepath.Join(src, "3.json"), reportJSON("Google Inc.", "r3", "example.com", 3, 4, 0))
			write(t, filepath.Join(src, "4.json"), reportJSON("Google Inc.", "r4", "example.com", 4, 8, 0))
			// r2 and r4 in other bytes, and r3 as the import has it.
			more := write(t, filepath.Join(elsewhere, "more.mbox"), append(mboxMessage(reportJSON("Google Inc.", "r2", "example.com", 2, 2, 0)),
				mboxMessage(reportJSON("Google Inc.", "r4", "example.com", 4, 8, 0))...))
			copy3 := write(t, filepath.Join(elsewhere, "3.json"), reportJSON("Google Inc.", "r3", "example.com", 3, 4, 0))
			dir := t.TempDir()
			l := open(t, dir)
			// r3 is in the library when the import starts, and removed by
			// the other writer before the import reaches it.
			importPaths(t, l, copy3)
			w := l
			if other == "another library handle" {
				w = open(t, dir) // its own connections, as another process has
			}
			commits := 0
			s, err := l.Import(context.Background(), analysis.New(), []string{src}, ImportOptions{OnCommit: func(ImportStats) {
				commits++
				if commits != 1 {
					return
				}
				if _, err := w.Import(context.Background(), analysis.New(), []string{more}, ImportOptions{}); err != nil {
					t.Error(err)
				}
				if n, err := w.Remove([]Key{{Organization: "Google Inc.", ReportID: "r3"}}); n != 1 || err != nil {
					t.Errorf("remove r3: %d, %v", n, err)
				}
			}})
			if err != nil {
				t.Fatal(err)
			}
			// 1.json and 3.json bring r1 and r3; r2 and r4 came from
			// more.mbox meanwhile, so 2.json and 4.json are not kept.
			if s.New != 2 || s.Known != 2 || commits != 4 {
				t.Errorf("import: %+v after %d commits, want r1 and r3 new, r2 and r4 known", s, commits)
			}
			var names []string
			rows, err := l.db.Query(`SELECT name FROM originals ORDER BY name`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var n string
				rows.Scan(&n)
				names = append(names, n)
			}
			if want := []string{"1.json", "3.json", "more.mbox"}; !slices.Equal(names, want) {
				t.Errorf("originals kept: %v, want %v", names, want)
			}
			if res := loaded(t, l); res.Reports != 4 || res.Duplicates != 0 || res.SuccessfulSessions != 1+2+4+8 {
				t.Errorf("read back %d reports, %d duplicates, %d sessions", res.Reports, res.Duplicates, res.SuccessfulSessions)
			}
		})
	}
}

func TestReadSized(t *testing.T) {
	for _, c := range []struct {
		name string
		r    io.Reader
		size int64
		want string
	}{
		{"as fstat said", strings.NewReader("0123456789"), 10, "0123456789"},
		{"grew while read", strings.NewReader("0123456789"), 3, "0123456789"},
		{"shrank while read", strings.NewReader("012"), 10, "012"},
		{"read a byte at a time", iotest.OneByteReader(strings.NewReader("01234")), 5, "01234"},
		{"empty", strings.NewReader(""), 0, ""},
	} {
		got, err := readSized(c.r, c.size)
		if err != nil || string(got) != c.want {
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if _, err := readSized(iotest.ErrReader(errors.New("boom")), 5); err == nil || err.Error() != "boom" {
		t.Errorf("a failing read gave %v", err)
	}
}

func TestBudgetHoldsTakersPastItsLimit(t *testing.T) {
	var b budget
	b.cond.L = &b.mu
	b.take(queueBytes + 1) // one chunk goes, however large
	took := make(chan struct{})
	go func() {
		b.take(1)
		close(took)
	}()
	select {
	case <-took:
		t.Fatal("a second chunk went past the limit")
	case <-time.After(50 * time.Millisecond):
	}
	b.give(queueBytes + 1)
	<-took // must not hang once the first was written
	if b.used != 1 {
		t.Errorf("held %d bytes, want 1", b.used)
	}
}
