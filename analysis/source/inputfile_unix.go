//go:build unix

package source

import (
	"io"
	"os"
	"syscall"
)

// inputFile is an open input file read with plain system calls. os.Open
// costs four fcntl calls and a failing epoll_ctl per file to set up the
// poller that regular files never use: with 20,000 small reports that was
// more time in the kernel than reading them.
type inputFile struct {
	fd   int
	size int64
	dir  bool
	// regular is false for a FIFO, a pipe (/dev/fd/N) or a device: no
	// size, no reads at offsets.
	regular bool
}

func openInput(path string) (*inputFile, error) {
	fd, err := openFD(path)
	if err != nil {
		return nil, err
	}
	var st syscall.Stat_t
	if err := retryEINTR(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	kind := st.Mode & syscall.S_IFMT
	return &inputFile{fd: fd, size: st.Size, dir: kind == syscall.S_IFDIR, regular: kind == syscall.S_IFREG}, nil
}

func openFD(path string) (fd int, err error) {
	err = retryEINTR(func() (err error) {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		return err
	})
	return fd, err
}

// OpenFile opens path for reading, as os.Open does but without setting up
// the poller (see inputFile), for callers that want an *os.File: the
// library, which also stats and seeks what it keeps.
func OpenFile(path string) (*os.File, error) {
	fd, err := openFD(path)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(fd), path), nil
}

func (f *inputFile) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	err := retryEINTR(func() (err error) {
		n, err = syscall.Read(f.fd, p)
		return err
	})
	switch {
	case err != nil:
		return 0, err
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

func (f *inputFile) ReadAt(p []byte, off int64) (int, error) {
	read := 0
	for read < len(p) {
		var n int
		err := retryEINTR(func() (err error) {
			n, err = syscall.Pread(f.fd, p[read:], off+int64(read))
			return err
		})
		if err != nil {
			return read, err
		}
		if n == 0 {
			return read, io.EOF
		}
		read += n
	}
	return read, nil
}

func (f *inputFile) Close() error { return syscall.Close(f.fd) }

func retryEINTR(call func() error) error {
	for {
		if err := call(); err != syscall.EINTR {
			return err
		}
	}
}
