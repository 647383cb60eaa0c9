package source

import (
	"errors"
	"fmt"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/plain"
)

// MaxMessagesPerFile bounds the errors, and apart from them the warnings,
// listed for one file; the rest are counted in one last message. A 131 KB
// zip whose members all pointed at one zip of 10,000 empty files made
// 10,950,002 errors and 1.4 GB of JSON: bounding the bytes inflated did
// not bound the messages.
const MaxMessagesPerFile = 100

// capped keeps the first MaxMessagesPerFile errors and warnings of one
// file's items and the first MaxMessagesPerFile warnings of each report,
// and says how many more there were. Reports are all kept.
func capped(items []item) []item {
	var errs, warns, moreErrs, moreWarns int
	out := items[:0]
	var lastErr, lastWarn string
	for _, it := range items {
		if len(it.warnings) > MaxMessagesPerFile {
			n := len(it.warnings) - MaxMessagesPerFile
			it.warnings = append(it.warnings[:MaxMessagesPerFile:MaxMessagesPerFile], moreLikeThis(n, "warning", "warnings"))
		}
		switch {
		case it.err != nil && errs == MaxMessagesPerFile:
			moreErrs++
			lastErr = it.source
			continue
		case it.err != nil:
			errs++
		case it.report == nil && it.warning != "" && warns == MaxMessagesPerFile:
			moreWarns++
			lastWarn = it.source
			continue
		case it.report == nil && it.warning != "":
			warns++
		}
		out = append(out, it)
	}
	if moreErrs > 0 {
		out = append(out, item{source: lastErr, err: errors.New(moreLikeThis(moreErrs, "error", "errors"))})
	}
	if moreWarns > 0 {
		out = append(out, item{source: lastWarn, warning: moreLikeThis(moreWarns, "warning", "warnings")})
	}
	return out
}

func moreLikeThis(n int, one, many string) string {
	return fmt.Sprintf("%s more %s like this in the same file, not listed (the first %d are)", plain.Count(n), plain.Plural(n, one, many), MaxMessagesPerFile)
}
