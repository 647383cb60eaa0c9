//go:build unix

package testgen

import (
	"flag"
	"syscall"
	"testing"
)

// WithFileSizeLimit runs f while this process may not write a file past
// n bytes (RLIMIT_FSIZE, which binds root too): a write there fails with
// EFBIG, which SQLite takes for a disk that failed to write (SQLITE_IOERR),
// as it takes EIO. Go ignores the SIGXFSZ that comes with it. Tests that
// use it must not run in parallel with others that write files.
func WithFileSizeLimit(t testing.TB, n uint64, f func()) {
	t.Helper()
	// A cacheable run (go test without -count=1) has the test binary
	// write its own log of opened files, which the limit binds as well:
	// past n bytes the binary reports "file too large" and the package
	// FAILs although every test passed. make test runs -count=1.
	if l := flag.Lookup("test.testlogfile"); l != nil && l.Value.String() != "" {
		t.Skip("a file size limit also binds go test's own log: run with -count=1 (make test does)")
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	limit := old
	limit.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
			t.Fatal(err)
		}
	}()
	f()
}
