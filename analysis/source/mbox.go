package source

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// mbox reads a mailbox message by message, so its size is bounded per
// message rather than per file. What holds no report (ordinary mail, DMARC
// reports saved in the same mailbox) is dropped as DropOrdinaryMail drops
// it; messages left empty are counted, not reported as errors, unless no
// message holds a report.
func (d *decoder) mbox(source string, r *bufio.Reader, depth int) []item {
	var items []item
	var msg bytes.Buffer
	messages, skipped := 0, 0
	tooLarge := false
	flush := func() {
		if messages == 0 {
			return
		}
		msgSource := source + ":message " + strconv.Itoa(messages)
		if tooLarge {
			items = append(items, item{source: msgSource, err: fmt.Errorf("message is larger than the %s limit", mib(MaxReportBytes))})
			return
		}
		if got := withoutOrdinaryMail(d.email(msgSource, msg.Bytes(), depth+1)); len(got) > 0 {
			items = append(items, got...)
			return
		}
		skipped++
	}
	atLineStart := true
	for {
		line, err := r.ReadSlice('\n')
		if atLineStart && isEnvelopeLine(line) {
			flush()
			messages++
			msg.Reset()
			tooLarge = false
			if messages > MaxMailboxMessages {
				items = append(items, item{source: source, err: fmt.Errorf("mailbox has more than %d messages; the rest were not read", MaxMailboxMessages)})
				return items
			}
		} else if messages > 0 && !tooLarge {
			if atLineStart && bytes.HasPrefix(bytes.TrimLeft(line, ">"), []byte("From ")) {
				line = line[1:] // mboxrd escaping
			}
			if msg.Len()+len(line) > MaxReportBytes {
				tooLarge = true
				msg.Reset()
			} else {
				msg.Write(line)
			}
		}
		atLineStart = err == nil
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if err != io.EOF {
				items = append(items, item{source: source, err: fmt.Errorf("read error: %v", plainError(err))})
			}
			break
		}
	}
	flush()
	if messages == 0 {
		return []item{{source: source, err: errors.New("not a mailbox: no messages found")}}
	}
	switch {
	case skipped == 1 && messages == 1:
		return []item{{source: source, err: report.NotAReport(errors.New("mailbox holds 1 message, without a TLS-RPT report"))}}
	case skipped == messages:
		return []item{{source: source, err: report.NotAReport(fmt.Errorf("mailbox holds %d messages, none with a TLS-RPT report", messages))}}
	case skipped > 0:
		items = append(items, item{source: source, warning: fmt.Sprintf("%d of %d messages have no TLS-RPT report and were skipped", skipped, messages)})
	}
	return items
}

// envelopeLine matches mbox separators ("From sender Sun Jun  2 12:00:00
// 2024", "From - Mon Jan 01 ...") but not body text that a sloppy writer
// left unescaped ("From the team,"): a separator always carries a time.
var envelopeLine = regexp.MustCompile(`^From \S+ .*\d:\d\d`)

func isEnvelopeLine(line []byte) bool {
	return bytes.HasPrefix(line, []byte("From ")) && envelopeLine.Match(line)
}
