package source

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadSized(t *testing.T) {
	for _, c := range []struct {
		name        string
		data        string
		size, limit int64
		err         error
	}{
		{"as fstat said", "abcdef", 6, 10, nil},
		{"grew while read", "abcdefghij", 4, 10, nil},
		{"shrank while read", "ab", 6, 10, nil},
		{"at the limit", "abcdefghij", 10, 10, nil},
		// A short last read must not hide bytes past the limit.
		{"grew past the limit", "abcdefghijk", 4, 10, ErrTooLarge},
		{"larger than fstat said and the limit", "abcdefghijklmnop", 12, 10, ErrTooLarge},
	} {
		got, err := ReadSized(bytes.NewReader([]byte(c.data)), c.size, c.limit, nil)
		if !errors.Is(err, c.err) || (c.err == nil && string(got) != c.data) {
			t.Errorf("%s: read %q, %v; want %q, %v", c.name, got, err, c.data, c.err)
		}
		// A file read a byte at a time looks at its end after each short
		// read: only one that did not grow is read whole that way.
		if int64(len(c.data)) <= c.size {
			got, err := ReadSized(iotest.OneByteReader(strings.NewReader(c.data)), c.size, c.limit, make([]byte, 0, 2))
			if !errors.Is(err, c.err) || (c.err == nil && string(got) != c.data) {
				t.Errorf("%s, a byte at a time: %q, %v", c.name, got, err)
			}
		}
	}
	if _, err := ReadSized(iotest.ErrReader(errors.New("boom")), 5, 10, nil); err == nil || err.Error() != "boom" {
		t.Errorf("a failing read gave %v", err)
	}
}
