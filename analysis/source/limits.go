package source

import "fmt"

// Limits against hostile input. They are far above anything a reporter
// sends (a large real report is a few hundred kilobytes) and low enough
// that one file cannot exhaust memory or time.
const (
	// MaxReportBytes bounds the decompressed size of one report, one email
	// and one mailbox message.
	MaxReportBytes = 64 << 20
	// MaxArchiveMembers bounds the number of files in a zip archive.
	MaxArchiveMembers = 10_000
	// MaxArchiveBytes bounds the total decompressed size of a zip archive.
	MaxArchiveBytes = 1 << 30
	// MaxMailboxMessages bounds the number of messages read from a mailbox.
	MaxMailboxMessages = 200_000
	// MaxMIMEParts bounds the MIME parts of one email, nested ones included.
	MaxMIMEParts = 1_000
	// maxNesting bounds containers inside containers (a zip in an email in
	// a mailbox, a gzip in a zip...).
	maxNesting = 16
)

func mib(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }
