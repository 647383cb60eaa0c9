package source

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// item is one outcome of decoding an input: a report, an error, or a
// warning about the input as a whole.
type item struct {
	source   string
	report   *report.Report
	warnings []string // about report
	warning  string   // about the input, with no report
	err      error
}

// format is what an input's content says it is.
type format int

const (
	formatUnknown format = iota
	formatJSON
	formatXML
	formatGzip
	formatZip
	formatMbox
	formatEmail
	formatBase64
	formatWideText // UTF-16 or UTF-32 (wideText)
)

// sniff decides the format from the first sniffLen bytes of data. Content
// wins over file names: reporters and users name files inconsistently.
func sniff(data []byte) format {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	head := data[:min(len(data), sniffLen)]
	switch {
	case wideText(head) != "":
		return formatWideText
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return formatGzip
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return formatZip
	case bytes.HasPrefix(head, []byte("From ")):
		return formatMbox
	}
	// RFC 8259 section 2: any amount of insignificant whitespace may
	// precede a JSON text, so it is skipped whole, not only in the head.
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	// A "From " line after blank ones (of spaces too) starts a line.
	blankLines := len(trimmed) == len(data) || data[len(data)-len(trimmed)-1] == '\n'
	trimmed = trimmed[:min(len(trimmed), sniffLen)]
	switch {
	case len(trimmed) == 0:
		return formatUnknown
	case blankLines && isEnvelopeLine(trimmed):
		// A mailbox that starts with blank lines: its reader skips what
		// precedes the first "From " line (RFC 4155 appendix A).
		return formatMbox
	case trimmed[0] == '{' || trimmed[0] == '[':
		return formatJSON
	case trimmed[0] == '<':
		return formatXML
	case looksLikeHeader(head):
		return formatEmail
	case looksLikeBase64(trimmed):
		return formatBase64
	}
	return formatUnknown
}

// wideText names the encoding of UTF-16 or UTF-32 text as iconv does, or
// says "": by its byte order mark (which iconv reads), or without one by
// the zero bytes of a first character that JSON allows there, which also
// tell the byte order (RFC 4627 section 3, the detection RFC 8259 left out
// when section 8.1 made UTF-8 the only encoding).
func wideText(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe, 0, 0}), bytes.HasPrefix(head, []byte{0, 0, 0xfe, 0xff}):
		return "UTF-32"
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return "UTF-16"
	case len(head) < 4:
		return ""
	}
	first := func(c byte) bool { return strings.IndexByte("{[ \t\r\n", c) >= 0 }
	switch {
	case head[0] == 0 && head[1] == 0 && head[2] == 0 && first(head[3]):
		return "UTF-32BE"
	case first(head[0]) && head[1] == 0 && head[2] == 0 && head[3] == 0:
		return "UTF-32LE"
	case head[0] == 0 && first(head[1]) && head[2] == 0 && head[3] != 0:
		return "UTF-16BE"
	case first(head[0]) && head[1] == 0 && head[2] != 0 && head[3] == 0:
		return "UTF-16LE"
	}
	return ""
}

// looksLikeHeader reports whether data starts with an RFC 5322 header field.
func looksLikeHeader(data []byte) bool {
	line, _, _ := bytes.Cut(data, []byte("\n"))
	name, _, ok := bytes.Cut(line, []byte(":"))
	if !ok || len(name) == 0 {
		return false
	}
	for _, c := range name {
		if c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}

func looksLikeBase64(data []byte) bool {
	for _, c := range data {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9',
			c == '+', c == '/', c == '=', c == '\r', c == '\n':
		default:
			return false
		}
	}
	return len(data) >= 16
}

const sniffLen = 512

var fileReaders = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 64<<10) }}

// wholeFileMax is the size up to which a file is read whole, in one read
// into a pooled buffer: nearly every report is a few kilobytes. Larger
// files (mailboxes, archives, hostile ones) are streamed.
const wholeFileMax = 1 << 20

var fileBuffers = sync.Pool{New: func() any { return new([]byte) }}

// decodeFile reads one file. explicit is true when the user named the file
// rather than a folder walk finding it. The error is for the file as a
// whole; items carry per-report outcomes.
func decodeFile(path string, explicit bool) ([]item, error) {
	f, err := openInput(path)
	if err != nil {
		return nil, plainError(err)
	}
	defer f.Close()
	if f.dir {
		return nil, errors.New("is a folder")
	}
	var (
		data []byte        // the whole file, or nil while it is streamed
		head []byte        // what sniff looks at
		br   *bufio.Reader // the stream, when data is nil
		size = f.size
	)
	// A FIFO or a pipe named on the command line has no size: read whole
	// as one, it ended at the first read that found the pipe short of a
	// full buffer. It is streamed as a large file is.
	if f.regular && f.size <= wholeFileMax {
		bp := fileBuffers.Get().(*[]byte)
		defer func() {
			if cap(*bp) <= wholeFileMax+1 {
				fileBuffers.Put(bp)
			}
		}()
		if data, err = readWhole(f, f.size, bp); err != nil {
			return nil, err
		}
		head, size = data, int64(len(data))
	} else {
		br = fileReaders.Get().(*bufio.Reader)
		br.Reset(f)
		defer fileReaders.Put(br)
		if head, err = peekHead(br); err != nil && err != io.EOF {
			return nil, plainError(err)
		}
	}
	d := decoder{}
	switch sniff(head) {
	case formatZip:
		if data == nil && !f.regular {
			// A zip is read at offsets, which a pipe has not: it is held
			// in memory, no larger than what it may inflate to.
			if data, err = io.ReadAll(io.LimitReader(br, MaxArchiveBytes+1)); err != nil {
				return nil, plainError(err)
			}
			if len(data) > MaxArchiveBytes {
				return nil, fmt.Errorf("zip archive read from a pipe is larger than %s; not read", mib(MaxArchiveBytes))
			}
			size = int64(len(data))
		}
		if data != nil {
			return d.zip(path, bytes.NewReader(data), size, 0), nil
		}
		return d.zip(path, f, size, 0), nil
	case formatMbox:
		if strings.EqualFold(filepath.Ext(path), ".eml") {
			break // a single message saved with its envelope line
		}
		if br == nil {
			br = bufio.NewReader(bytes.NewReader(data))
		}
		return d.mbox(path, br, 0), nil
	case formatGzip:
		var buf *bytes.Buffer
		if data != nil {
			buf, err = gunzipBytes(data)
		} else {
			buf, err = gunzip(br)
		}
		if err != nil {
			return nil, err
		}
		defer releaseBuffer(buf)
		return d.content(path, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), buf.Bytes(), 1), nil
	}
	if data == nil {
		if f.size > MaxReportBytes {
			return nil, fmt.Errorf("file is %s, larger than the %s limit for one report", mib(f.size), mib(MaxReportBytes))
		}
		if data, err = readLimited(br, MaxReportBytes, "file"); err != nil {
			return nil, err
		}
	}
	return d.content(path, filepath.Base(path), data, 0), nil
}

// peekHead is what sniff needs of a stream: its first sniffLen bytes past
// leading whitespace, which may be longer than that (RFC 8259 section 2
// allows any amount before a JSON text, and a mailbox's reader skips
// blank lines before its first "From " line). The whitespace is dropped
// from br but its last byte, which tells whether what follows starts a
// line; every format that may follow whitespace ignores it. An endless
// stream of spaces is given up after one report's limit of them.
func peekHead(br *bufio.Reader) ([]byte, error) {
	for skipped := 0; ; {
		head, err := br.Peek(sniffLen)
		blank := len(head) - len(bytes.TrimLeft(head, " \t\r\n"))
		if skipped > MaxReportBytes {
			return head, err
		}
		if blank > 1 {
			skipped += blank - 1
			br.Discard(blank - 1)
		}
		if blank < len(head) || err != nil {
			if blank > 1 {
				head, err = br.Peek(sniffLen)
			}
			return head, err
		}
	}
}

// readWhole reads all of r, whose size fstat gave, into *bp (grown if
// needed, kept for the next file). A read that returns less than asked once
// size bytes are in is the end of a regular file, so a file that did not
// change takes one read, not the two of io.ReadAll.
func readWhole(r io.Reader, size int64, bp *[]byte) ([]byte, error) {
	buf := (*bp)[:0]
	if int64(cap(buf)) <= size {
		buf = make([]byte, 0, max(size+1, sniffLen))
	}
	data, err := ReadSized(r, size, MaxReportBytes, buf)
	switch {
	case errors.Is(err, ErrTooLarge):
		return nil, fmt.Errorf("file is larger than the %s limit for one report", mib(MaxReportBytes))
	case err != nil:
		return nil, plainError(err)
	}
	*bp = data[:0]
	return data, nil
}

// ErrTooLarge is ReadSized's error for input longer than its limit.
var ErrTooLarge = errors.New("larger than the limit")

// ReadSized reads all of r, a file fstat said holds size bytes, appending
// to buf[:0] (grown when it has no room for size bytes and one more): a file
// that did not change is read in one call, as a short read once size bytes
// are in is its end, and one that grew meanwhile is read to its end. It
// fails with ErrTooLarge as soon as more than limit bytes were read.
func ReadSized(r io.Reader, size, limit int64, buf []byte) ([]byte, error) {
	buf = buf[:0]
	if int64(cap(buf)) <= size {
		buf = make([]byte, 0, size+1)
	}
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case int64(len(buf)) > limit:
			return nil, ErrTooLarge
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return nil, err
		case len(buf) < cap(buf) && int64(len(buf)) >= size:
			return buf, nil
		case len(buf) == cap(buf):
			buf = slices.Grow(buf, len(buf))
		}
	}
}

// readLimited reads all of r, failing rather than reading past limit.
func readLimited(r io.Reader, limit int64, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return data, plainError(err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than the %s limit for one report", what, mib(limit))
	}
	return data, nil
}

// reports are reused by Loader.Load once Analysis.Add has taken what it
// keeps of them (copies: records.go): a new report with its policies,
// failure details and MTA-STS policy for each file was a fifth of the
// garbage of loading a folder. Reports handed to other callers are theirs.
var reports = sync.Pool{New: func() any { return new(report.Report) }}

// decoder carries the state that bounds one input file across nesting.
type decoder struct {
	mimeParts int
	// skipped names the attachments of the current email that were not
	// reports, for the error when none was.
	skipped []string
	// inflated counts the bytes decompressed from this file so far (zip
	// members and gzip streams at any depth); MaxArchiveBytes bounds it.
	inflated int64
}

// content decodes bytes of any supported format. name is the file name the
// bytes had (used for the source of errors, and for emails to decide which
// attachments are reports).
func (d *decoder) content(source, name string, data []byte, depth int) []item {
	if depth > maxNesting {
		return []item{{source: source, err: errors.New("containers are nested too deeply")}}
	}
	switch sniff(data) {
	case formatJSON:
		r, warnings, err := report.ParseInto(data, reports.Get().(*report.Report))
		if report.IsOwnExport(err) {
			return []item{{source: source, warning: "skipped: " + err.Error()}}
		}
		return []item{{source: source, report: r, warnings: warnings, err: err}}
	case formatGzip:
		buf, err := gunzipBytes(data)
		if err != nil {
			d.inflated += MaxReportBytes // a refused bomb still cost this much work
			return []item{{source: source, err: err}}
		}
		defer releaseBuffer(buf)
		d.inflated += int64(buf.Len())
		return d.content(source, strings.TrimSuffix(name, filepath.Ext(name)), buf.Bytes(), depth+1)
	case formatZip:
		// Its members are a level down; counting here too made each zip
		// count twice, and 9 nested zips too deep for the 16 levels.
		return d.zip(source, bytes.NewReader(data), int64(len(data)), depth)
	case formatEmail:
		return d.email(source, data, depth+1)
	case formatMbox:
		if strings.EqualFold(filepath.Ext(name), ".eml") {
			return d.email(source, skipEnvelopeLine(data), depth+1) // one message saved with its envelope line
		}
		return d.mbox(source, bufio.NewReader(bytes.NewReader(data)), depth+1)
	case formatBase64:
		if inner, err := decodeBase64(data); err == nil && sniff(inner) != formatUnknown {
			return d.content(source, name, inner, depth+1)
		}
	case formatXML:
		_, _, err := report.ParseReport(data) // names DMARC reports as such
		return []item{{source: source, err: err}}
	case formatWideText:
		// Converting it would keep in the library bytes no other tool
		// reads as JSON; no reporter sends them (a user's editor or
		// PowerShell's ">" re-encoded the file), so the user is told how.
		w := wideText(data)
		return []item{{source: source, err: fmt.Errorf("the file is %s text; RFC 8259 section 8.1 requires UTF-8 for JSON: convert it (iconv -f %s -t UTF-8) and open it again", w, w)}}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		// Often a report still being saved, or a failed download.
		return []item{{source: source, err: errors.New("not a TLS-RPT report: the file is empty")}}
	}
	return []item{{source: source, err: errors.New("not a TLS-RPT report: the content is not JSON, gzip, zip or email")}}
}

// decodeBase64 accepts base64 with or without line breaks and padding.
func decodeBase64(data []byte) ([]byte, error) {
	compact := bytes.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, data)
	compact = bytes.TrimRight(compact, "=")
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(compact)))
	n, err := base64.RawStdEncoding.Decode(out, compact)
	if err != nil {
		return nil, errors.New("attachment is not valid base64")
	}
	return out[:n], nil
}
