// Command mailcorpus writes the mailbox of the mailbox benchmark (issue 20):
// a Maildir of ordinary mail among which every report of a corpusgen
// folder arrives as an email, one application/tlsrpt+gzip attachment each
// (RFC 8460 section 5.3), as Google sends them; every -large-every'th
// ordinary mail carries a -large-bytes photo.
//
//	go run ./internal/tools/mailcorpus -reports DIR -ordinary 7000 -o MAILDIR
//
// It prints one line, "MESSAGES REPORTS REPORT_PART_BYTES MAILDIR_BYTES":
// the report parts' bytes are their base64 text in the messages, what an
// IMAP client downloads for them. The same inputs give the same bytes.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox/dovecottest"
)

func main() {
	reports := flag.String("reports", "", "`folder` of .json.gz reports (corpusgen -o)")
	ordinary := flag.Int("ordinary", 7000, "ordinary messages among the reports")
	largeEvery := flag.Int("large-every", 50, "every `n`th ordinary message has a large attachment")
	largeBytes := flag.Int("large-bytes", 1<<20, "size of the large attachment")
	out := flag.String("o", "", "Maildir to write (cur/, new/, tmp/)")
	flag.Parse()
	if *reports == "" || *out == "" || *largeEvery <= 0 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*reports, *ordinary, *largeEvery, *largeBytes, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mailcorpus:", err)
		os.Exit(1)
	}
}

func run(reports string, ordinary, largeEvery, largeBytes int, out string) error {
	names, err := filepath.Glob(filepath.Join(reports, "*.json.gz"))
	if err != nil || len(names) == 0 {
		return fmt.Errorf("no .json.gz in %s", reports)
	}
	slices.Sort(names)
	for _, sub := range []string{"cur", "new", "tmp"} {
		if err := os.MkdirAll(filepath.Join(out, sub), 0o755); err != nil {
			return err
		}
	}
	r := rand.New(rand.NewPCG(20, 8460))
	photo := make([]byte, largeBytes)
	for i := range photo {
		photo[i] = byte(r.Uint32())
	}
	total := len(names) + ordinary
	var partBytes, maildirBytes int64
	sent, plain := 0, 0
	for i := range total {
		var msg []byte
		// The reports spread evenly among the rest, as they arrive
		// day by day between other mail.
		if sent < len(names) && sent*total <= i*len(names) {
			data, err := os.ReadFile(names[sent])
			if err != nil {
				return err
			}
			name := filepath.Base(names[sent])
			msg = dovecottest.AttachmentMail("TLS report "+name, "application/tlsrpt+gzip", name, data)
			partBytes += int64(base64Lines(len(data)))
			sent++
		} else {
			if plain%largeEvery == largeEvery-1 {
				msg = dovecottest.AttachmentMail(fmt.Sprintf("Holiday %d", plain), "image/jpeg", "beach.jpg", photo)
			} else {
				msg = []byte(fmt.Sprintf("From: colleague%d@example.net\r\nTo: postmaster@example.com\r\nSubject: Note %d\r\nDate: Mon, 7 Dec 2026 09:00:00 +0000\r\nMessage-ID: <note%d@example.net>\r\n\r\n%s\r\n",
					plain%97, plain, plain, strings.Repeat("Minutes of the meeting, and what we agreed on. ", 20)))
			}
			plain++
		}
		path := filepath.Join(out, "cur", fmt.Sprintf("%d.M%dP1.bench:2,", 1765000000+i, i))
		if err := os.WriteFile(path, msg, 0o644); err != nil {
			return err
		}
		maildirBytes += int64(len(msg))
	}
	fmt.Printf("%d %d %d %d\n", total, len(names), partBytes, maildirBytes)
	return nil
}

// base64Lines is the size of n bytes as AttachmentMail writes them: base64
// in lines of 76 characters (RFC 2045 section 6.8) with a CRLF between
// each two; the last line's belongs to the boundary after the part.
func base64Lines(n int) int {
	enc := (n + 2) / 3 * 4
	return enc + max((enc+75)/76-1, 0)*2
}
