#!/usr/bin/env bash
# Renders report.html in headless Chromium and checks that it is a real
# page that fetched nothing:
#
#   scripts/report-html.sh [OUT.png [REPORTS]]
#
# exports REPORTS (the real samples by default) with ./tlsrpt-analyzer (built if missing; BIN=path
# overrides), screenshots report.html at 1280x2400 and fails when Chromium
# reports a Content-Security-Policy violation (the page tried to load
# something), when the picture is blank, or when the page lacks its parts.
# With OUT.png the screenshot is kept there (README's picture comes from it).
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${BIN:-./tlsrpt-analyzer}
out=${1:-}
reports=${2:-testdata/real}
export LANG=C.UTF-8

if [[ ! -x $BIN ]]; then
	echo "report-html: building $BIN"
	go build -o "$BIN" .
fi
command -v chromium >/dev/null || { echo "report-html: chromium is not installed (scripts/sysdeps.sh test)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$BIN" export -o "$tmp/export" "$reports" >/dev/null 2>&1 || [[ $? == 1 ]] # some samples are broken on purpose
page=$tmp/export/report.html
[[ -s $page ]] || { echo "report-html: FAIL export wrote no report.html"; exit 1; }

# --enable-logging prints the page's console, where Chromium reports every
# load the Content-Security-Policy blocked.
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
	--disable-sync --no-first-run --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 \
	--window-size=1280,2400 --screenshot="$tmp/report.png" "file://$page" >"$tmp/chromium.log" 2>&1 || {
	cat "$tmp/chromium.log"
	echo "report-html: FAIL chromium could not render the page"
	exit 1
}
failed=0
if grep -E 'Content Security Policy|Refused to' "$tmp/chromium.log"; then
	echo "report-html: FAIL the page tried to load something"
	failed=1
fi
size=$(identify -format '%wx%h' "$tmp/report.png")
spread=$(convert "$tmp/report.png" -colorspace gray -format '%[fx:standard_deviation]' info:)
if [[ $size != 1280x2400 ]] || awk -v s="$spread" 'BEGIN { exit !(s < 0.05) }'; then
	echo "report-html: FAIL screenshot $size looks blank (spread $spread)"
	failed=1
fi
for part in 'http-equiv="Content-Security-Policy"' '<h2>Findings</h2>' 'class="finding ' '<svg' '<h2>Top tables</h2>'; do
	grep -q "$part" "$page" || { echo "report-html: FAIL the page lacks $part"; failed=1; }
done
if [[ -n $out ]]; then
	cp "$tmp/report.png" "$out"
fi
((failed == 0)) || exit 1
echo "report-html: ok ($(wc -c <"$page") bytes, rendered $size by $(chromium --version 2>/dev/null | head -n 1), nothing fetched)"
