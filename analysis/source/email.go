package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"path"
	"strconv"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// reportMediaTypes are the RFC 8460 media types and the non-standard one
// some reporters use; a part with one of them is a report whatever its name.
var reportMediaTypes = map[string]bool{
	"application/tlsrpt+gzip": true,
	"application/tlsrpt+json": true,
	"application/tlsrpt":      true,
}

// genericMediaTypes may or may not hold a report; the file name and the
// content decide.
var genericMediaTypes = map[string]bool{
	"application/gzip":             true,
	"application/x-gzip":           true,
	"application/octet-stream":     true,
	"application/json":             true,
	"text/json":                    true,
	"application/zip":              true,
	"application/x-zip-compressed": true,
}

// email decodes the reports attached to one message. Without any report
// part it returns a not-a-report item naming the attachments it has: the
// mailbox reader counts those instead of reporting them.
func (d *decoder) email(source string, data []byte, depth int) []item {
	d.mimeParts, d.skipped = 0, d.skipped[:0]
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return []item{{source: source, err: fmt.Errorf("not a valid email: %v", strings.TrimPrefix(err.Error(), "mail: "))}}
	}
	var items []item
	found, err := d.part(source, msg.Header, msg.Body, depth, &items)
	switch {
	case err != nil:
		items = append(items, item{source: source, err: err})
	case !found:
		items = append(items, item{source: source, err: noReportInEmail(d.skipped)})
	}
	return items
}

var errNoReport = errors.New("no TLS-RPT report in this email")

// noReportInEmail names the attachments (the first few) of an email with
// no report part.
func noReportInEmail(attachments []string) error {
	if len(attachments) == 0 {
		return report.NotAReport(fmt.Errorf("%w, and no attachment", errNoReport))
	}
	quoted := make([]string, len(attachments))
	for i, a := range attachments {
		quoted[i] = strconv.Quote(a)
	}
	return report.NotAReport(fmt.Errorf("%w, only %s", errNoReport, strings.Join(quoted, ", ")))
}

type header interface{ Get(string) string }

// part walks one MIME part, appending the outcome of every report part to
// out. found tells whether any part was a report.
func (d *decoder) part(source string, h header, body io.Reader, depth int, out *[]item) (found bool, err error) {
	d.mimeParts++
	if d.mimeParts > MaxMIMEParts {
		return found, fmt.Errorf("email has more than %d MIME parts; the rest were not read", MaxMIMEParts)
	}
	if depth > maxNesting {
		return false, errors.New("MIME parts are nested too deeply")
	}
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		mediaType = "text/plain" // RFC 2045's default
	}
	switch {
	case strings.HasPrefix(mediaType, "multipart/"):
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return found, nil
			}
			if err != nil {
				// A broken tail does not undo the reports already found.
				if found {
					return true, nil
				}
				return false, fmt.Errorf("broken MIME structure: %v", strings.TrimPrefix(err.Error(), "multipart: "))
			}
			f, err := d.part(source, p.Header, p, depth+1, out)
			found = found || f
			if err != nil {
				return found, err
			}
		}
	case mediaType == "message/rfc822":
		inner, err := mail.ReadMessage(io.LimitReader(body, MaxReportBytes))
		if err != nil {
			return false, nil // an unreadable forwarded message is just not a report
		}
		return d.part(source, inner.Header, inner.Body, depth+1, out)
	}

	name := attachmentName(h, params)
	if !reportMediaTypes[mediaType] && !(genericMediaTypes[mediaType] || hasReportExtension(name)) {
		d.skip(name)
		return false, nil
	}
	data, err := transferDecode(h, body)
	if err != nil {
		return d.attachment(source, name, nil, err, depth, out)
	}
	if !reportMediaTypes[mediaType] && !hasReportExtension(name) && sniff(data) == formatUnknown {
		d.skip(name)
		return false, nil
	}
	return d.attachment(source, name, data, nil, depth, out)
}

// skip notes an attachment that is not a report; unnamed parts are the
// text of the message.
func (d *decoder) skip(name string) {
	if name != "" && len(d.skipped) < 3 {
		d.skipped = append(d.skipped, name)
	}
}

// attachment decodes a report part, naming the attachment in its errors.
func (d *decoder) attachment(source, name string, data []byte, err error, depth int, out *[]item) (bool, error) {
	var items []item
	if err == nil {
		items = d.content(source, name, data, depth+1)
	} else {
		items = []item{{source: source, err: err}}
	}
	for i := range items {
		if items[i].err != nil && name != "" {
			items[i].err = fmt.Errorf("attachment %q: %w", name, items[i].err)
		}
	}
	*out = append(*out, items...)
	return true, nil
}

func attachmentName(h header, ctParams map[string]string) string {
	if _, params, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && params["filename"] != "" {
		return path.Base(params["filename"])
	}
	if ctParams["name"] != "" {
		return path.Base(ctParams["name"])
	}
	return ""
}

// transferDecode undoes the Content-Transfer-Encoding. multipart.Reader has
// already decoded quoted-printable parts (and removed the header).
func transferDecode(h header, body io.Reader) ([]byte, error) {
	raw, err := readLimited(body, 2*MaxReportBytes, "attachment")
	// A message whose closing boundary is missing (common in hand-saved
	// emails) ends its last part with ErrUnexpectedEOF; the bytes read are
	// still the attachment, and gzip or JSON decoding catches real truncation.
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "base64":
		return decodeBase64(mimeBase64Alphabet(raw))
	case "quoted-printable":
		data, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(raw)))
		if err != nil {
			return nil, errors.New("attachment is not valid quoted-printable")
		}
		return data, nil
	}
	return raw, nil
}

// mimeBase64Alphabet keeps what base64 decoding reads of a MIME body: RFC
// 2045 section 6.8 says characters outside the alphabet (Table 1) must be
// ignored, and that "=" marks the end of the data.
func mimeBase64Alphabet(data []byte) []byte {
	if end := bytes.IndexByte(data, '='); end >= 0 {
		data = data[:end]
	}
	return bytes.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '+', r == '/':
			return r
		}
		return -1
	}, data)
}

// skipEnvelopeLine drops the mbox "From " line that some mail clients keep
// at the top of a saved message.
func skipEnvelopeLine(data []byte) []byte {
	if !bytes.HasPrefix(data, []byte("From ")) {
		return data
	}
	_, rest, _ := bytes.Cut(data, []byte("\n"))
	return rest
}
