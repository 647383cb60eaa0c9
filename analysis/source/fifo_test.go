//go:build unix

package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// readNamed reads path as "summary PATH" does while write feeds it from
// another goroutine, and fails the test if that does not end once the
// writer has written and closed. Errors of the whole file are items too.
func readNamed(t *testing.T, path string, write func()) []item {
	t.Helper()
	go write()
	done := make(chan []item)
	go func() {
		var items []item
		(&Reader{}).Read(context.Background(), []string{path}, func(d *Decoded, _ int) {
			if d.Err != nil {
				items = append(items, item{source: path, err: d.Err})
			}
			for _, it := range d.items {
				if it.report != nil {
					it.report = new(*it.report) // Read reuses the one it hands over
				}
				items = append(items, it)
			}
		})
		done <- items
	}()
	select {
	case items := <-done:
		return items
	case <-time.After(time.Minute):
		t.Fatalf("%s: still reading a minute after the writer closed", path)
		return nil
	}
}

// stored is data in a gzip stream that does not compress it.
func stored(data []byte) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.NoCompression)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// A FIFO or a pipe named on the command line ("summary /tmp/fifo",
// "summary <(zcat r.json.gz)", which names /dev/fd/N) is read to its end as
// a stream: larger than a pipe's 64 KiB buffer, it was cut at the first
// read that found the pipe short of a full buffer, and a zip, which needs
// to be read at offsets, could not be read from one at all.
func TestNamedPipeOnCommandLineIsStreamed(t *testing.T) {
	noise := make([]byte, 300<<10)
	rand.Read(noise)
	padded := append(bytes.Repeat([]byte(" \n"), 150<<10), testgen.SampleReport("fifo-json")...)
	for _, tc := range []struct {
		name string
		data []byte
		id   string
	}{
		{"json", padded, "fifo-json"},
		{"gzip", stored(padded), "fifo-json"},
		{"zip", testgen.Zip(t, testgen.Member("noise.bin", noise), testgen.Member("r.json", testgen.SampleReport("fifo-zip"))), "fifo-zip"},
		{"mbox", []byte(testgen.MboxMessage(testgen.ReportMessage("fifo-mbox")) + testgen.MboxMessage("Subject: x\n\n"+string(bytes.Repeat([]byte("ordinary mail\n"), 20_000)))), "fifo-mbox"},
	} {
		if len(tc.data) <= 128<<10 {
			t.Fatalf("%s: %d bytes fit a pipe's buffer", tc.name, len(tc.data))
		}
		fifo := filepath.Join(t.TempDir(), "fifo")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		items := readNamed(t, fifo, func() {
			f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				t.Error(err)
				return
			}
			f.Write(tc.data)
			f.Close()
		})
		wantReports(t, items, tc.id)

		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		items = readNamed(t, fmt.Sprintf("/dev/fd/%d", r.Fd()), func() {
			w.Write(tc.data)
			w.Close()
		})
		r.Close()
		wantReports(t, items, tc.id)
	}
	// A writer that never ends costs one report's limit, then is cut off.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	items := readNamed(t, fmt.Sprintf("/dev/fd/%d", r.Fd()), func() {
		spaces := bytes.Repeat([]byte(" "), 64<<10)
		for {
			if _, err := w.Write(spaces); err != nil {
				return
			}
		}
	})
	if errs := errorsOf(items); len(errs) != 1 || !strings.HasSuffix(errs[0], ": file is larger than the 64 MiB limit for one report") {
		t.Errorf("endless spaces: %q", errs)
	}
	r.Close()
	w.Close()
}
