package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
)

// SummaryJSON writes r.Summary() with a trailing newline, byte for byte as
// json.MarshalIndent(s, "", "  ") lays it out, but one list element at a
// time through a small buffer: a year of diverse reports gives a summary of
// about 10 MB (22,000 sending IPs, 8,000 findings), which MarshalIndent
// would hold twice in memory (marshalled, then indented) before the first
// byte goes out.
func SummaryJSON(w io.Writer, r *analysis.Result) error {
	e := newStreamEncoder(w)
	s := reflect.ValueOf(r.Summary())
	e.out.WriteByte('{')
	for i := range s.NumField() {
		if i > 0 {
			e.out.WriteByte(',')
		}
		e.out.WriteString("\n  ")
		e.appendString(jsonName(s.Type().Field(i)))
		e.out.WriteString(": ")
		// Every list field is a slice that Summary makes non-nil; an empty
		// one is written [] as MarshalIndent writes it.
		if f := s.Field(i); f.Kind() == reflect.Slice && f.Len() > 0 {
			e.out.WriteByte('[')
			for j := range f.Len() {
				if j > 0 {
					e.out.WriteByte(',')
				}
				e.out.WriteString("\n    ")
				// A pointer to the element, which encoding/json writes as
				// the element: the element itself in an interface would be
				// a copy of each finding (3 MB for a year of diverse
				// reports) and of each count row.
				e.element(f.Index(j).Addr().Interface())
			}
			e.out.WriteString("\n  ]")
		} else {
			e.encode(e.field, f.Interface())
		}
		if e.err != nil {
			return e.err
		}
	}
	e.out.WriteString("\n}\n")
	if err := e.out.Flush(); err != nil {
		return err
	}
	return e.err
}

// jsonName is the member name encoding/json gives a struct field.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

// streamEncoder writes JSON values indented as MarshalIndent does at the
// depth of a top-level member (field) or of a list element (elem).
type streamEncoder struct {
	out         *bufio.Writer
	buf         bytes.Buffer
	field, elem *json.Encoder
	err         error
}

func newStreamEncoder(w io.Writer) *streamEncoder {
	e := &streamEncoder{out: bufio.NewWriterSize(w, 64<<10)}
	e.field, e.elem = json.NewEncoder(&e.buf), json.NewEncoder(&e.buf)
	e.field.SetIndent("  ", "  ")
	e.elem.SetIndent("    ", "  ")
	return e
}

// encode writes v through enc, without the newline Encode adds.
func (e *streamEncoder) encode(enc *json.Encoder, v any) {
	e.buf.Reset()
	if err := enc.Encode(v); err != nil {
		e.err = err
		return
	}
	e.out.Write(bytes.TrimSuffix(e.buf.Bytes(), []byte("\n")))
}

// element writes one list element. The count lists (one row per sending
// IP, MX host, receiving IP) are most of a big summary: their rows are
// written here directly, in the layout MarshalIndent gives
// SummaryCount.MarshalJSON's object, rather than compacted and indented
// again row by row.
func (e *streamEncoder) element(v any) {
	c, ok := v.(*analysis.SummaryCount)
	if !ok {
		e.encode(e.elem, v)
		return
	}
	var num [20]byte
	e.out.WriteString("{\n      \"failed_sessions\": ")
	e.out.Write(strconv.AppendInt(num[:0], c.Failed, 10))
	e.out.WriteString(",\n      ")
	e.appendString(c.Field)
	e.out.WriteString(": ")
	e.appendString(c.Name)
	e.out.WriteString("\n    }")
}

// appendString writes s quoted. Strings of printable ASCII that
// encoding/json leaves alone (no quote, backslash or HTML character) are
// written as they are; any other goes through encoding/json, so that its
// escaping is the one used.
func (e *streamEncoder) appendString(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			e.encode(e.elem, s)
			return
		}
	}
	e.out.WriteByte('"')
	e.out.WriteString(s)
	e.out.WriteByte('"')
}
