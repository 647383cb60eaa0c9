package source

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"syscall"
	"unsafe"
)

// readFolder lists the entries of the folder dir, unsorted. It parses the
// kernel's records itself: os.File.ReadDir allocates an entry and a name
// for each and reads 8 KiB at a time, and in a folder of 20,000 reports,
// listing it was a twentieth of loading it, all before the first file could
// be read. Here the names of each read share one string.
func readFolder(dir string) ([]dirEntry, error) {
	var fd int
	err := retryEINTR(func() (err error) {
		fd, err = syscall.Open(dir, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	defer syscall.Close(fd)
	type entry struct {
		off, len int
		typ      uint8
	}
	var (
		list  []dirEntry
		ents  []entry // of one read
		names []byte  // of one read
		buf   = make([]byte, 64<<10)
	)
	for {
		var n int
		if err := retryEINTR(func() (err error) {
			n, err = syscall.ReadDirent(fd, buf)
			return err
		}); err != nil {
			return nil, &fs.PathError{Op: "readdirent", Path: dir, Err: err}
		}
		if n <= 0 {
			return list, nil
		}
		// struct linux_dirent64: d_ino u64, d_off s64, d_reclen u16,
		// d_type u8, then the name, zero-terminated and padded.
		ents, names = ents[:0], names[:0]
		for rec := buf[:n]; len(rec) >= direntNameOff; {
			reclen := int(binary.NativeEndian.Uint16(rec[direntReclenOff:]))
			if reclen < direntNameOff || reclen > len(rec) {
				return nil, &fs.PathError{Op: "readdirent", Path: dir, Err: syscall.EIO}
			}
			name := rec[direntNameOff:reclen]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if string(name) != "." && string(name) != ".." {
				ents = append(ents, entry{off: len(names), len: len(name), typ: rec[direntTypeOff]})
				names = append(names, name...)
			}
			rec = rec[reclen:]
		}
		// One string for the names of a read, not one each.
		all := string(names)
		for _, e := range ents {
			name := all[e.off : e.off+e.len]
			typ, ok := direntMode(e.typ)
			if !ok {
				// The file system does not tell types in its listing;
				// like os.ReadDir, ask, and skip what was removed since.
				info, err := os.Lstat(joinName(dir, name))
				switch {
				case errors.Is(err, fs.ErrNotExist):
					continue
				case err != nil:
					return nil, err
				}
				typ = info.Mode().Type()
			}
			list = append(list, dirEntry{name: name, typ: typ})
		}
	}
}

const (
	direntReclenOff = int(unsafe.Offsetof(syscall.Dirent{}.Reclen))
	direntTypeOff   = int(unsafe.Offsetof(syscall.Dirent{}.Type))
	direntNameOff   = int(unsafe.Offsetof(syscall.Dirent{}.Name))
)

// direntMode is the file type of a d_type, false for DT_UNKNOWN.
func direntMode(t uint8) (fs.FileMode, bool) {
	switch t {
	case syscall.DT_REG:
		return 0, true
	case syscall.DT_DIR:
		return fs.ModeDir, true
	case syscall.DT_LNK:
		return fs.ModeSymlink, true
	case syscall.DT_FIFO:
		return fs.ModeNamedPipe, true
	case syscall.DT_SOCK:
		return fs.ModeSocket, true
	case syscall.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice, true
	case syscall.DT_BLK:
		return fs.ModeDevice, true
	}
	return 0, false
}
