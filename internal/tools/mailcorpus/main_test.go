package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPartBytesAreTheParts: the report-part bytes mailcorpus prints are
// those of the base64 bodies in the messages it wrote (what BODY[2] is),
// counted here from the files; the messages are as many as asked.
func TestPartBytesAreTheParts(t *testing.T) {
	reports := t.TempDir()
	for i, n := range []int{0, 1, 57, 58, 4000} {
		name := filepath.Join(reports, "a!b.example!"+strings.Repeat("1", i+1)+"!2.json.gz")
		if err := os.WriteFile(name, bytes.Repeat([]byte{0xa5}, n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "Maildir")
	stdout := os.Stdout
	r, w, _ := os.Pipe()
	os.Stdout = w
	err := run(reports, 7, 3, 1000, out)
	w.Close()
	os.Stdout = stdout
	if err != nil {
		t.Fatal(err)
	}
	var printed bytes.Buffer
	printed.ReadFrom(r)
	files, _ := filepath.Glob(filepath.Join(out, "cur", "*"))
	counted := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, part, ok := strings.Cut(string(data), "Content-Type: application/tlsrpt+gzip")
		if !ok {
			continue
		}
		_, body, _ := strings.Cut(part, "\r\n\r\n")
		body, _, _ = strings.Cut(body, "\r\n--b1--")
		counted += len(body)
	}
	if fields := strings.Fields(printed.String()); len(fields) != 4 || fields[0] != "12" || fields[1] != "5" || fields[2] != strconv.Itoa(counted) || len(files) != 12 {
		t.Errorf("printed %q for %d files whose report parts hold %d bytes; want 12 messages, 5 reports, %d", printed.String(), len(files), counted, counted)
	}
}
