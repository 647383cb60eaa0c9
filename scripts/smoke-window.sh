#!/usr/bin/env bash
# Smoke test of the desktop window: starts the app on a virtual X display with
# the sample reports, takes a screenshot after a few seconds and checks that
#   - the app is still running,
#   - it logged no line containing "error" or "panic",
#   - the screen is not blank.
#
# Environment: BIN (default ./tlsrpt-analyzer), SMOKE_WAIT seconds (default 5),
# SMOKE_SHOT=FILE to keep the screenshot. Needs Xvfb and ImageMagick.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${BIN:-./tlsrpt-analyzer}
WAIT=${SMOKE_WAIT:-5}
INPUT=${SMOKE_INPUT:-testdata/real}

die() {
	echo "smoke-window: FAIL: $*" >&2
	exit 1
}

for tool in Xvfb import identify; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found (run scripts/sysdeps.sh test)"
done
if [[ ! -x $BIN ]]; then
	echo "smoke-window: building $BIN"
	go build -o "$BIN" .
fi

tmp=$(mktemp -d)
xvfb_pid=
app_pid=
cleanup() {
	local rc=$?
	if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
		kill "$app_pid" 2>/dev/null || true
		sleep 0.5
		kill -9 "$app_pid" 2>/dev/null || true
	fi
	end_window_test smoke-window "$rc"
}
trap cleanup EXIT

# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
start_xvfb "$tmp"

# Run with a clean home so no earlier preferences affect the result.
mkdir -p "$tmp/home"
env -u LC_ALL -u WAYLAND_DISPLAY HOME="$tmp/home" LANG=C.UTF-8 \
	"$BIN" "$INPUT" >"$tmp/stdout.log" 2>"$tmp/stderr.log" &
app_pid=$!
echo "smoke-window: started $BIN $INPUT on $DISPLAY (pid $app_pid), waiting ${WAIT}s"
sleep "$WAIT"

alive=1
kill -0 "$app_pid" 2>/dev/null || alive=0
import -display "$DISPLAY" -window root "$tmp/shot.png" 2>"$tmp/import.log" || die "screenshot failed: $(cat "$tmp/import.log")"
if [[ -n ${SMOKE_SHOT:-} ]]; then
	cp "$tmp/shot.png" "$SMOKE_SHOT"
	echo "smoke-window: screenshot saved to $SMOKE_SHOT"
fi

if ((!alive)); then
	rc=0
	wait "$app_pid" || rc=$?
	app_pid=
	die "the app exited early (status $rc); stderr:
$(head -c 4000 "$tmp/stderr.log")"
fi

if grep -iE 'error|panic' "$tmp/stderr.log" "$tmp/stdout.log" >"$tmp/bad.log"; then
	die "the app logged errors:
$(head -n 20 "$tmp/bad.log")"
fi

read -r stddev colors < <(identify -format '%[fx:standard_deviation] %k\n' "$tmp/shot.png")
echo "smoke-window: screenshot standard deviation $stddev, $colors colours"
awk -v s="$stddev" 'BEGIN { exit !(s > 0.02) }' || die "the screenshot is blank (standard deviation $stddev)"
((colors > 20)) || die "the screenshot has only $colors colours: the window looks empty"

echo "smoke-window: ok (window up after ${WAIT}s, no errors logged, screen not blank)"
