package source

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

// zip decodes every member of an archive that is a report. Members that are
// neither named nor shaped like reports (a README, macOS resource forks) are
// skipped, unless nothing else is there: an archive with no report and no
// failed one is an error naming what it holds.
func (d *decoder) zip(source string, r io.ReaderAt, size int64, depth int) []item {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return []item{{source: source, err: fmt.Errorf("not a valid zip archive: %v", strings.TrimPrefix(err.Error(), "zip: "))}}
	}
	if len(zr.File) > MaxArchiveMembers {
		return []item{{source: source, err: fmt.Errorf("zip archive has %d members, more than the limit of %d; not read", len(zr.File), MaxArchiveMembers)}}
	}
	if err := overlapping(zr.File); err != nil {
		return []item{{source: source, err: err}}
	}
	var items []item
	var held []string // what skipped members were
	for _, f := range zr.File {
		name := f.Name
		if f.FileInfo().IsDir() || strings.HasPrefix(name, "__MACOSX/") || strings.HasPrefix(path.Base(name), "._") {
			continue
		}
		member := source + ":" + name
		if f.UncompressedSize64 > MaxReportBytes {
			items = append(items, item{source: member, err: fmt.Errorf("member inflates to %s, more than the %s limit; not extracted", mib(int64(min(f.UncompressedSize64, 1<<62))), mib(MaxReportBytes))})
			continue
		}
		if d.inflated > MaxArchiveBytes {
			items = append(items, item{source: source, err: fmt.Errorf("zip archive inflates to more than %s; the remaining members were not read", mib(MaxArchiveBytes))})
			break
		}
		// APPNOTE.TXT 4.4.4: bit 0 of the flags marks an encrypted member;
		// method 99 is WinZip's AES (4.4.5). Read as they are, they failed
		// as "flate: corrupt input" or an unknown algorithm.
		if f.Flags&1 != 0 || f.Method == 99 {
			items = append(items, item{source: member, err: errEncryptedMember})
			continue
		}
		data, err := readMember(f)
		d.inflated += int64(len(data))
		if err != nil {
			items = append(items, item{source: member, err: err})
			continue
		}
		if !hasReportExtension(name) {
			// Neither named like a report nor binary: a README or notes.
			// Whatever it turns out to be, only reports found in it count.
			switch format := sniff(data); format {
			case formatUnknown, formatEmail, formatBase64, formatXML, formatWideText:
				n := len(items)
				if format != formatUnknown {
					for _, it := range d.content(member, path.Base(name), data, depth+1) {
						if it.report != nil {
							items = append(items, it)
						}
					}
				}
				if len(items) == n {
					held = append(held, memberNoun(format, name, data))
				}
				continue
			}
		}
		items = append(items, d.content(member, path.Base(name), data, depth+1)...)
	}
	switch {
	case len(items) > 0:
		return items
	case len(held) == 0:
		return []item{{source: source, err: report.NotAReport(errors.New("empty zip archive"))}}
	}
	return []item{{source: source, err: holdsNoReport("zip", held)}}
}

var errEncryptedMember = errors.New("member is encrypted; this program cannot read encrypted zip members: extract it with its password and open the file it holds")

// memberNoun names a skipped zip member: XML by what it is, anything else
// by its name.
func memberNoun(format format, name string, data []byte) string {
	if format == formatXML {
		return report.XMLNoun(bytes.TrimLeft(data, " \t\r\n"))
	}
	return path.Base(name)
}

func readMember(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot extract: %v", strings.TrimPrefix(err.Error(), "zip: "))
	}
	defer rc.Close()
	// The declared size can lie; the limit holds whatever the header says.
	data, err := readLimited(rc, MaxReportBytes, "member")
	if err != nil {
		return nil, fmt.Errorf("cannot extract: %v", strings.TrimPrefix(err.Error(), "zip: "))
	}
	return data, nil
}
