package report

import (
	"errors"
	"fmt"
	"hash/maphash"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonScanner is a minimal, allocation-frugal JSON reader for the report
// schema. encoding/json's reflection made parsing the bottleneck of loading
// (about 30 MB/s); this reads the same grammar strictly in one pass.
type jsonScanner struct {
	data  []byte
	pos   int
	depth int
	strs  *internTable // nil: every string is a new copy
	list  []string     // scratch for stringList
}

// internTable hands out one copy of each short string value: the
// organizations, domains, hosts, IP addresses, result types and dates that
// repeat across thousands of reports are allocated once, not per report,
// and whatever keeps them holds one copy. It is a direct-mapped cache
// rather than a map: a lookup is one hash and one comparison, and a value
// pushed out by another of the same hash is simply allocated again, where
// a map bounded in size had to be cleared and refilled.
type internTable struct {
	seed  maphash.Seed
	slots [internSlots]string
}

const (
	maxInterned = 64   // bytes; longer values (free text) seldom repeat
	internSlots = 4096 // a power of two
)

func newInternTable() *internTable { return &internTable{seed: maphash.MakeSeed()} }

func (t *internTable) get(b []byte) string {
	if t == nil || len(b) > maxInterned {
		return string(b)
	}
	slot := &t.slots[maphash.Bytes(t.seed, b)&(internSlots-1)]
	if *slot != string(b) {
		*slot = string(b)
	}
	return *slot
}

// maxJSONDepth is far deeper than a report (5 levels) and shallow enough
// that hostile nesting is refused at once.
const maxJSONDepth = 64

var errTruncated = errors.New("truncated")

// syntaxError describes malformed JSON at the scanner's position.
func (s *jsonScanner) syntaxError(what string) error {
	if s.pos >= len(s.data) {
		return errTruncated
	}
	return fmt.Errorf("not valid JSON at byte %d: %s", s.pos, what)
}

func (s *jsonScanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\r', '\n':
			s.pos++
		default:
			return
		}
	}
}

// atEnd reports whether only white space is left.
func (s *jsonScanner) atEnd() bool {
	s.skipSpace()
	return s.pos >= len(s.data)
}

// peek returns the next non-space byte, 0 at the end.
func (s *jsonScanner) peek() byte {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return 0
	}
	return s.data[s.pos]
}

func (s *jsonScanner) expect(c byte) error {
	if s.peek() != c {
		return s.syntaxError(fmt.Sprintf("expected %q", c))
	}
	s.pos++
	return nil
}

// object reads an object, calling field for each member with the scanner
// positioned at the value, which field must consume.
func (s *jsonScanner) object(field func(key []byte) error) error {
	if err := s.enter('{'); err != nil {
		return err
	}
	if s.peek() == '}' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		if s.peek() != '"' {
			return s.syntaxError("expected a member name")
		}
		key, err := s.rawBytes()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		if err := field(key); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.depth--
			return nil
		default:
			return s.syntaxError("expected ',' or '}'")
		}
	}
}

// array reads an array, calling elem for each element.
func (s *jsonScanner) array(elem func(i int) error) error {
	if err := s.enter('['); err != nil {
		return err
	}
	if s.peek() == ']' {
		s.pos++
		s.depth--
		return nil
	}
	for i := 0; ; i++ {
		if err := elem(i); err != nil {
			return err
		}
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.depth--
			return nil
		default:
			return s.syntaxError("expected ',' or ']'")
		}
	}
}

func (s *jsonScanner) enter(open byte) error {
	if err := s.expect(open); err != nil {
		return err
	}
	s.depth++
	if s.depth > maxJSONDepth {
		return errNestedTooDeep
	}
	return nil
}

var errNestedTooDeep = errors.New("JSON is nested too deeply to be a report")

// kind names the JSON type of the next value for error messages.
func (s *jsonScanner) kind() string {
	switch c := s.peek(); {
	case c == '"':
		return "string"
	case c == '{':
		return "object"
	case c == '[':
		return "array"
	case c == 't' || c == 'f':
		return "boolean"
	case c == 'n':
		return "null"
	default:
		return "number"
	}
}

// literal consumes null, true or false.
func (s *jsonScanner) literal() (string, error) {
	for _, lit := range [...]string{"null", "true", "false"} {
		if len(s.data)-s.pos >= len(lit) && string(s.data[s.pos:s.pos+len(lit)]) == lit {
			s.pos += len(lit)
			return lit, nil
		}
		if len(s.data)-s.pos < len(lit) && string(s.data[s.pos:]) == lit[:len(s.data)-s.pos] {
			s.pos = len(s.data)
			return "", errTruncated
		}
	}
	return "", s.syntaxError("unexpected character")
}

// skip consumes any value.
func (s *jsonScanner) skip() error {
	switch c := s.peek(); {
	case c == '{':
		return s.object(func([]byte) error { return s.skip() })
	case c == '[':
		return s.array(func(int) error { return s.skip() })
	case c == '"':
		_, err := s.rawString()
		return err
	case c == '-' || (c >= '0' && c <= '9'):
		_, err := s.number()
		return err
	default:
		_, err := s.literal()
		return err
	}
}

// number consumes a number token with JSON's strict grammar and returns it.
func (s *jsonScanner) number() ([]byte, error) {
	s.skipSpace()
	start := s.pos
	d := s.data
	i := s.pos
	if i < len(d) && d[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i > j
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case !digits():
		s.pos = i
		return nil, s.syntaxError("invalid number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			s.pos = i
			return nil, s.syntaxError("invalid number")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			s.pos = i
			return nil, s.syntaxError("invalid number")
		}
	}
	s.pos = i
	return d[start:i], nil
}

// rawString consumes a string token and returns its value. Invalid UTF-8
// becomes U+FFFD, as encoding/json does, so text fields are always valid.
func (s *jsonScanner) rawString() (string, error) {
	b, err := s.rawBytes()
	if err != nil {
		return "", err
	}
	return s.strs.get(b), nil
}

// rawBytes is rawString without the copy when the string has no escapes;
// member names are compared, never kept, so they need no allocation.
func (s *jsonScanner) rawBytes() ([]byte, error) {
	if err := s.expect('"'); err != nil {
		return nil, err
	}
	start := s.pos
	d := s.data
	for i := start; i < len(d); i++ {
		switch c := d[i]; {
		case c == '"':
			s.pos = i + 1
			return d[start:i], nil
		case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
			return s.slowString(start)
		}
	}
	s.pos = len(d)
	return nil, errTruncated
}

func (s *jsonScanner) slowString(start int) ([]byte, error) {
	d := s.data
	out := make([]byte, 0, 64)
	i := start
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			s.pos = i + 1
			return out, nil
		case c < 0x20:
			s.pos = i
			return nil, s.syntaxError("control character in string")
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(d[i:])
			out = utf8.AppendRune(out, r) // RuneError for invalid bytes
			i += size
		case c != '\\':
			out = append(out, c)
			i++
		default:
			if i+1 >= len(d) {
				s.pos = len(d)
				return nil, errTruncated
			}
			i++
			switch e := d[i]; e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, n, err := s.unicodeEscape(i + 1)
				if err != nil {
					return nil, err
				}
				out = utf8.AppendRune(out, r)
				i += n
			default:
				s.pos = i
				return nil, s.syntaxError("invalid escape in string")
			}
			i++
		}
	}
	s.pos = len(d)
	return nil, errTruncated
}

// unicodeEscape reads the hex digits of \uXXXX at i (and a following low
// surrogate), returning the rune and how many bytes beyond the 'u' it used.
func (s *jsonScanner) unicodeEscape(i int) (rune, int, error) {
	hex := func(at int) (rune, error) {
		if at+4 > len(s.data) {
			s.pos = len(s.data)
			return 0, errTruncated
		}
		v, err := strconv.ParseUint(string(s.data[at:at+4]), 16, 16)
		if err != nil {
			s.pos = at
			return 0, s.syntaxError("invalid \\u escape")
		}
		return rune(v), nil
	}
	r, err := hex(i)
	if err != nil {
		return 0, 0, err
	}
	if utf16.IsSurrogate(r) {
		if i+10 <= len(s.data) && s.data[i+4] == '\\' && s.data[i+5] == 'u' {
			if r2, err := hex(i + 6); err == nil {
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					return dec, 10, nil
				}
			}
		}
		return utf8.RuneError, 4, nil
	}
	return r, 4, nil
}
