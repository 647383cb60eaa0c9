package library

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

const realDir = "../../testdata/real"

// reportJSON is a minimal valid report: one sts policy for domain with ok
// successful and failed failed sessions, on 2026-11-DAY.
func reportJSON(org, id, domain string, day, ok, failed int) []byte {
	return fmt.Appendf(nil, `{"organization-name":%q,"date-range":{"start-datetime":"2026-11-%02dT00:00:00Z",`+
		`"end-datetime":"2026-11-%02dT23:59:59Z"},"contact-info":"x@example.org","report-id":%q,"policies":[`+
		`{"policy":{"policy-type":"sts","policy-domain":%q},"summary":{"total-successful-session-count":%d,`+
		`"total-failure-session-count":%d}}]}`, org, day, day, id, domain, ok, failed)
}

// email wraps a report in a message as reporters send it.
func email(report []byte) []byte {
	return append([]byte("From: tlsrpt@example.org\r\nSubject: Report\r\nContent-Type: application/tlsrpt+json\r\n\r\n"), report...)
}

// mboxMessage is one message of a mailbox, with its envelope line.
func mboxMessage(report []byte) []byte {
	return append(append([]byte("From tlsrpt@example.org Mon Nov  2 00:00:00 2026\n"), email(report)...), '\n')
}

func zipOf(t *testing.T, members map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range members {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func write(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func open(t *testing.T, dir string) *Library {
	t.Helper()
	l, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func importPaths(t *testing.T, l *Library, paths ...string) (ImportStats, *analysis.Result) {
	t.Helper()
	a := analysis.New()
	s, err := l.Import(context.Background(), a, paths, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s, a.Result(analysis.Filter{})
}

// loaded is what the library shows when read back.
func loaded(t *testing.T, l *Library) *analysis.Result {
	t.Helper()
	a := analysis.New()
	if err := l.Load(context.Background(), a, nil); err != nil {
		t.Fatal(err)
	}
	return a.Result(analysis.Filter{})
}

func ids(res *analysis.Result) map[string]bool {
	m := make(map[string]bool)
	for _, r := range res.ReportList {
		m[r.OrganizationName+"/"+r.ReportID] = true
	}
	return m
}

func stats(t *testing.T, l *Library) Stats {
	t.Helper()
	s, err := l.Stats()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
