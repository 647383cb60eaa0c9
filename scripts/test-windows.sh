#!/usr/bin/env bash
# Runs the Windows build, as a user would start it, under wine on Xvfb:
#
#   1. cross-builds tlsrpt-analyzer.exe (gcc-mingw-w64-x86-64, -H=windowsgui)
#   2. -version prints what the Linux binary prints
#   3. summary -json over testdata/real: the same exit status and the same
#      JSON as the Linux binary, once Windows paths (testdata\real\x) are
#      written the Linux way
#   4. the window opens with two reports, draws its charts (the screenshot
#      holds the successful and failed colours of the sessions chart), and
#      Ctrl+Q closes it with exit status 0
#
# Debian's wine 8.0 lacks bcryptprimitives.dll, which every Go 1.22+ Windows
# program loads at start (ProcessPrng); a test-only stub (scripts/wine/) is
# built with mingw into a fresh wine prefix in a temporary folder. Only the
# processes started here are stopped (wineserver -k of that prefix).
#
# Environment: BIN (default ./tlsrpt-analyzer, the Linux build to compare
# with), WINDOWS_SHOT=FILE keeps the screenshot. Needs wine (Debian's wine64),
# gcc-mingw-w64-x86-64, Xvfb, xdotool, ImageMagick.
set -euo pipefail

cd "$(dirname "$0")/.."
GO=${GO:-go}
BIN=$(realpath "${BIN:-./tlsrpt-analyzer}")
STEP_TIMEOUT=60 # seconds for the window to appear, draw or quit
SAMPLES=testdata/real
ONE=$SAMPLES/parsedmarc_rfc8460.json
TWO=$SAMPLES/sebastka-tlsrpt_synthetic-failures.json
t0=$SECONDS

say() { echo "test-windows: $*"; }
die() {
	echo "test-windows: FAIL: $*" >&2
	exit 1
}

# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
need_tools wine wineboot wineserver x86_64-w64-mingw32-gcc Xvfb xdotool import convert
[[ -x $BIN ]] || die "$BIN is not built (make build)"

tmp=$(mktemp -d)
export WINEPREFIX=$tmp/prefix WINEDEBUG=-all
# No Mono or Gecko installer dialogs in the fresh prefix.
export WINEDLLOVERRIDES="mscoree=;mshtml="
xvfb_pid= app_pid=
cleanup() {
	local rc=$?
	if [[ -n $app_pid ]]; then
		kill "$app_pid" 2>/dev/null || true
	fi
	if [[ -d $WINEPREFIX ]]; then
		wineserver -k 2>/dev/null || true
	fi
	rm -rf "$WINEPREFIX"
	end_window_test test-windows "$rc"
}
trap cleanup EXIT

exe=$tmp/tlsrpt-analyzer.exe
say "cross-building $exe"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
	$GO build -ldflags -H=windowsgui -o "$exe" . || die "the Windows build failed"
x86_64-w64-mingw32-gcc -O2 -shared -o "$tmp/bcryptprimitives.dll" scripts/wine/bcryptprimitives.c -lbcrypt ||
	die "the bcryptprimitives.dll stub did not build"
t_build=$((SECONDS - t0))

start_xvfb "$tmp"
t1=$SECONDS
wineboot --init >"$tmp/wineboot.log" 2>&1 || die "wineboot failed: $(tail -n 5 "$tmp/wineboot.log")"
wineserver -w
cp "$tmp/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
say "fresh wine prefix in $((SECONDS - t1)) s ($(wine --version))"

# -version
want=$("$BIN" -version)
got=$(timeout "$STEP_TIMEOUT" wine "$exe" -version 2>"$tmp/version.err" | tr -d '\r') || die "-version failed: $(head -c 2000 "$tmp/version.err")"
[[ $got == "$want" ]] || die "-version printed \"$got\", want \"$want\" (stderr: $(head -c 1000 "$tmp/version.err"))"
say "  ok  -version: $got"

# summary -json over the real samples
lrc=0 wrc=0
"$BIN" summary -json "$SAMPLES" >"$tmp/linux.json" 2>/dev/null || lrc=$?
timeout "$STEP_TIMEOUT" wine "$exe" summary -json "$SAMPLES" >"$tmp/windows.raw.json" 2>"$tmp/summary.err" || wrc=$?
# JSON writes a Windows path's \ as \\.
sed 's|\\\\|/|g' "$tmp/windows.raw.json" | tr -d '\r' >"$tmp/windows.json"
((lrc == wrc)) || die "summary -json exit status $wrc under wine, $lrc on Linux: $(head -c 2000 "$tmp/summary.err")"
cmp -s "$tmp/linux.json" "$tmp/windows.json" || die "summary -json differs from Linux's:
$(diff "$tmp/linux.json" "$tmp/windows.json" | head -n 20)"
say "  ok  summary -json $SAMPLES: $(wc -c <"$tmp/linux.json") bytes, the same as on Linux (exit $wrc)"

# The window with two reports, then Ctrl+Q.
wine "$exe" -library "$tmp/library" "$ONE" "$TWO" >"$tmp/window.out" 2>"$tmp/window.err" &
app_pid=$!
deadline=$((SECONDS + STEP_TIMEOUT))
window=
while ((SECONDS < deadline)) && [[ -z $window ]]; do
	kill -0 "$app_pid" 2>/dev/null || die "the program exited early: $(head -c 2000 "$tmp/window.err")"
	window=$(xdotool search --name '^TLS-RPT Analyzer$' 2>/dev/null | head -n 1 || true)
	[[ -n $window ]] || sleep 0.2
done
[[ -n $window ]] || die "no window within $STEP_TIMEOUT s"
t_window=$((SECONDS - t1))

# colours SHOT: how many pixels have the sessions chart's successful and
# failed colours (internal/charts/theme.go).
colours() {
	convert "$1" -format %c histogram:info:- 2>/dev/null |
		awk '/#009E73/ { ok = $1 + 0 } /#D55E00/ { failed = $1 + 0 } END { print ok + 0, failed + 0 }'
}
drawn=0
while ((SECONDS < deadline)); do
	# Urgent findings put the Findings tab first; Alt+1 shows the Overview
	# with its sessions chart.
	xdotool windowfocus --sync "$window" key --clearmodifiers alt+1 2>/dev/null || true
	shoot
	read -r ok failed < <(colours "$tmp/shot.png")
	if ((ok > 2000 && failed > 100)); then
		drawn=1
		break
	fi
	sleep 0.5
done
((drawn)) || die "the charts were not drawn within $STEP_TIMEOUT s ($ok successful-coloured and $failed failed-coloured pixels)"
say "  ok  the window shows the sessions chart ($ok successful-coloured and $failed failed-coloured pixels)"
if [[ -n ${WINDOWS_SHOT:-} ]]; then
	cp "$tmp/shot.png" "$WINDOWS_SHOT"
fi

quit_with_ctrl_q "$app_pid" "$STEP_TIMEOUT"
app_pid=
say "  ok  Ctrl+Q closed the window, exit status 0"

say "ok (build ${t_build} s, wine steps $((SECONDS - t1)) s, window up after ${t_window} s, total $((SECONDS - t0)) s)"
