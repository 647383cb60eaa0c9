package library

import (
	"crypto/sha256"
	"encoding/binary"
	"strconv"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
)

// The library's ids are derived from content: the first 8 bytes of a
// SHA-256, as a signed integer (a report's rowid, an original's hash). Two different reports or
// originals share an id with a probability of about n²/2⁶⁵, one in 10¹¹
// for a million of them; the full SHA-256 of each original is kept beside
// it all the same.

func hashID(sum []byte) int64 { return int64(binary.BigEndian.Uint64(sum[:8])) }

// originalID is the id of an original with SHA-256 sum.
func originalID(sum [sha256.Size]byte) int64 { return hashID(sum[:]) }

// reportRowID identifies a report: by organization-name and report-id,
// which RFC 8460 section 4.1 makes unique together; without a report-id,
// by the original it is in and where in it (member).
func reportRowID(org, id string, original int64, member string) int64 {
	key := "\x00" + org + "\x00" + id
	if id == "" {
		key = "\x01" + strconv.FormatInt(original, 10) + "\x00" + member
	}
	sum := sha256.Sum256([]byte(key))
	return hashID(sum[:])
}

// decodedRowID is reportRowID for a report decoded from an original read
// as source.
func decodedRowID(r source.DecodedReport, original int64, source string) int64 {
	return reportRowID(r.Report.OrganizationName, r.Report.ReportID, original, member(r, source))
}

// member is where in the original read as source r is: "" for the whole
// original, ":NAME" or ":message N" inside an archive or mailbox.
func member(r source.DecodedReport, source string) string {
	if len(r.Source) > len(source) && r.Source[:len(source)] == source {
		return r.Source[len(source):]
	}
	return ""
}
