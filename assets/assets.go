// Package assets holds the files embedded in the binary: the application
// icon and the sample reports behind "Try a sample report".
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon, also used as the window icon.
var Icon fyne.Resource = fyne.NewStaticResource("icon.png", iconPNG)

// Samples holds example reports under "sample/", so a first look shows
// every tab filled: the RFC 8460 example (testdata/real/parsedmarc_rfc8460.json),
// whose MTA-STS policy is in testing mode with failures, and a gzipped
// Microsoft report with a policy fetch error
// (testdata/real/dmarc-report-viewer_no_ip_and_mx.json); SOURCES.md there
// says where they come from.
//
//go:embed sample/*.json sample/*.json.gz
var Samples embed.FS
