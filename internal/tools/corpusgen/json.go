package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// obj is a JSON object that keeps its members in the order we add them.
// Real reporters differ in key order (Mail.ru sorts, the RFC example puts
// failure-details last), and encoding/json can only sort map keys or follow
// one fixed struct per reporter, so we write the JSON ourselves.
type obj []member

type member struct {
	key string
	val any // obj, []any, []string, string or int64
}

// appendJSON appends v as compact JSON.
func appendJSON(b []byte, v any) []byte {
	switch v := v.(type) {
	case obj:
		b = append(b, '{')
		for i, m := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m.key)
			b = append(b, ':')
			b = appendJSON(b, m.val)
		}
		return append(b, '}')
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, e)
		}
		return append(b, ']')
	case []string:
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		return append(b, ']')
	case string:
		return appendString(b, v)
	case int64:
		return strconv.AppendInt(b, v, 10)
	}
	panic(fmt.Sprintf("corpusgen: cannot encode %T", v))
}

// appendString quotes s as a JSON string. Unlike encoding/json it does not
// escape <, > and &, which reporters leave as they are in URLs.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// sorted returns v with the members of every object, at any depth, in
// alphabetical key order, the way Mail.ru's reports arrive.
func sorted(v any) any {
	switch v := v.(type) {
	case obj:
		o := make(obj, len(v))
		for i, m := range v {
			o[i] = member{m.key, sorted(m.val)}
		}
		slices.SortFunc(o, func(a, b member) int { return strings.Compare(a.key, b.key) })
		return o
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = sorted(e)
		}
		return l
	}
	return v
}
