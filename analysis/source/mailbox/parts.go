package mailbox

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime/quotedprintable"
	"slices"
	"strconv"
	"strings"

	"github.com/emersion/go-imap"
)

// reportPart is one MIME part worth downloading: its IMAP section path
// (RFC 3501 section 6.4.5, "2" or "1.3"), its transfer encoding and size.
type reportPart struct {
	section  string
	path     []int
	encoding string
	size     uint32
}

// reportTypes are the content types a TLS-RPT report is sent with (RFC 8460
// section 5.3 registers application/tlsrpt+gzip and application/tlsrpt+json)
// or that senders use in their place.
var reportTypes = map[string]bool{
	"application/tlsrpt+gzip":      true,
	"application/tlsrpt+json":      true,
	"application/tlsrpt":           true,
	"application/gzip":             true,
	"application/x-gzip":           true,
	"application/zip":              true,
	"application/x-zip-compressed": true,
	"application/json":             true,
}

// reportNameEnds are the names an application/octet-stream part must carry
// to be fetched: a generic type with a photo's name is not downloaded.
var reportNameEnds = []string{".json", ".json.gz", ".gz", ".zip"}

// reportParts walks a BODYSTRUCTURE and keeps the leaves that can hold a
// report, so a message with a large photo costs its structure only. It
// descends into attached messages (message/rfc822), as reporters that
// forward reports send them, which go-imap's Walk does not.
func reportParts(bs *imap.BodyStructure) []reportPart {
	var out []reportPart
	walkStructure(bs, nil, &out)
	return out
}

// walkStructure appends the report parts of bs, whose section numbers are
// path (nil for the message itself), to out.
func walkStructure(bs *imap.BodyStructure, path []int, out *[]reportPart) {
	switch {
	case bs == nil:
	case len(bs.Parts) > 0:
		for i, p := range bs.Parts {
			walkStructure(p, append(slices.Clip(path), i+1), out)
		}
	case isMessage(bs) && bs.BodyStructure != nil:
		// RFC 3501 section 6.4.5: the parts of an attached message are
		// numbered below its own number, and a single-part one's body is
		// NUMBER.1.
		if inner := bs.BodyStructure; len(inner.Parts) > 0 {
			walkStructure(inner, path, out)
		} else {
			walkStructure(inner, append(slices.Clip(path), 1), out)
		}
	default:
		if len(path) == 0 {
			// A message that is not multipart: its body is section 1.
			path = []int{1}
		}
		if mayHoldReport(bs) {
			*out = append(*out, reportPart{section: sectionOf(path), path: path, encoding: strings.ToLower(bs.Encoding), size: bs.Size})
		}
	}
}

func isMessage(bs *imap.BodyStructure) bool {
	return strings.EqualFold(bs.MIMEType, "message") && strings.EqualFold(bs.MIMESubType, "rfc822")
}

func mayHoldReport(p *imap.BodyStructure) bool {
	t := strings.ToLower(p.MIMEType + "/" + p.MIMESubType)
	if reportTypes[t] {
		return true
	}
	if t != "application/octet-stream" {
		return false
	}
	name, _ := p.Filename()
	if name == "" {
		name = p.Params["name"]
	}
	name = strings.ToLower(name)
	for _, end := range reportNameEnds {
		if strings.HasSuffix(name, end) {
			return true
		}
	}
	return false
}

// sectionOf turns a walk path into a section number ("1.2").
func sectionOf(path []int) string {
	s := make([]string, len(path))
	for i, n := range path {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ".")
}

// decodeTransfer undoes the part's Content-Transfer-Encoding (RFC 2045
// section 6) within limit bytes.
func decodeTransfer(encoding string, raw []byte, limit int64) ([]byte, error) {
	var r io.Reader
	switch encoding {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, newlineStripper{bytes.NewReader(raw)})
	case "quoted-printable":
		r = quotedprintable.NewReader(bytes.NewReader(raw))
	case "", "7bit", "8bit", "binary":
		r = bytes.NewReader(raw)
	default:
		return nil, fmt.Errorf("unknown transfer encoding %q", encoding)
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s part: %v", encoding, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("part is larger than %d MiB", limit>>20)
	}
	return data, nil
}

// newlineStripper drops CR, LF, spaces and tabs, which RFC 2045 section 6.8
// lets a base64 body carry and encoding/base64 does not skip (it skips only
// CR and LF).
type newlineStripper struct{ r io.Reader }

func (s newlineStripper) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	j := 0
	for _, c := range p[:n] {
		if c != '\r' && c != '\n' && c != ' ' && c != '\t' {
			p[j] = c
			j++
		}
	}
	return j, err
}
