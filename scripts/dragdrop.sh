#!/usr/bin/env bash
# A real drag and drop onto the real window: starts the app on its empty
# state (a new, empty library in a fresh home) under Xvfb, waits for it to
# say the library is empty, and drops on it, with a real XDND drag source
# (scripts/xdnd_drop.py), one drop after the other:
#
#   1. two report files                                  -> 2 files, 2 reports
#   2. a folder of three reports                         -> 3 files, 3 reports; 5 in all
#   3. a file named "name with space #1 ü.json"          -> 1 file, 1 report; 6 in all
#   4. a link http://127.0.0.1:PORT/report.json, as a browser drags it
#      -> refused as "not a file on this computer", and the listener on PORT
#         counts no connection
#
# After each drop it waits (with a time limit) for the line the app writes
# on stderr for the outcome, the same text as its status bar. Then it takes
# a screenshot, quits with Ctrl+Q and wants exit status 0, no error or
# panic logged, and the six reports kept in the window's library. The six reports are distinct real samples without problems,
# so every count above is the number of files that drop brought, and "in
# all" the number dropped so far.
#
# Environment: BIN (default ./tlsrpt-analyzer), DRAGDROP_SHOT=FILE keeps the
# screenshot. Needs Xvfb, xdotool, ImageMagick and python3 with python3-xlib.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=$(realpath "${BIN:-./tlsrpt-analyzer}")
STEP_TIMEOUT=30 # seconds for the window to appear or one drop to load
SAMPLES=$PWD/testdata/real
t0=$SECONDS

die() {
	echo "dragdrop: FAIL: $*" >&2
	exit 1
}

# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
need_tools Xvfb xdotool import
# Debian's python3-xlib is installed for the system python3, which need not
# be the first python3 on PATH.
py=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import Xlib' 2>/dev/null; then
		py=$p
		break
	fi
done
[[ -n $py ]] || die "no python3 with Xlib (install python3-xlib: scripts/sysdeps.sh test)"
[[ -x $BIN ]] || die "$BIN is not built (make build)"

tmp=$(mktemp -d)
xvfb_pid= app_pid= listener_pid=
cleanup() {
	local rc=$?
	for pid in $app_pid $listener_pid; do
		kill "$pid" 2>/dev/null || true
	done
	end_window_test dragdrop "$rc"
}
trap cleanup EXIT

# The files to drop.
mkdir -p "$tmp/drops/folder" "$tmp/cwd" "$tmp/home"
cp "$SAMPLES/parsedmarc_rfc8460.json" "$tmp/drops/a.json"
cp "$SAMPLES/tlsrpt-rs_mail.ru.json" "$tmp/drops/b.json"
for f in sebastka-tlsrpt_google-sts.json sebastka-tlsrpt_microsoft-tlsa-sts.json sebastka-tlsrpt_synthetic-failures.json; do
	cp "$SAMPLES/$f" "$tmp/drops/folder/"
done
odd="$tmp/drops/name with space #1 ü.json"
cp "$SAMPLES/parsedmarc_smtp_tls_example-inc.json" "$odd"

# A listener that records every connection, where the dropped link points.
"$py" -c '
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    c, addr = s.accept()
    with open(sys.argv[2], "a") as log:
        log.write(f"connection from {addr}\n")
    c.close()
' "$tmp/port" "$tmp/connections" &
listener_pid=$!
for _ in $(seq 1 100); do
	[[ -s $tmp/port ]] && break
	sleep 0.05
done
[[ -s $tmp/port ]] || die "the local listener did not start"
link="http://127.0.0.1:$(cat "$tmp/port")/report.json"

start_xvfb "$tmp"

# A fresh home, and a working directory of its own: GLFW hands a link on as
# a file name relative to it.
(cd "$tmp/cwd" && exec env -u LC_ALL -u WAYLAND_DISPLAY HOME="$tmp/home" LANG=C.UTF-8 "$BIN" \
	>"$tmp/stdout.log" 2>"$tmp/stderr.log") &
app_pid=$!
echo "dragdrop: started $BIN on $DISPLAY (pid $app_pid)"

# wait_line TEXT: waits until the app has written the line
# "tlsrpt-analyzer: TEXT" on stderr; fails on another outcome line.
outcomes=0
wait_line() {
	local want="tlsrpt-analyzer: $1" deadline=$((SECONDS + STEP_TIMEOUT)) got
	outcomes=$((outcomes + 1))
	while ((SECONDS < deadline)); do
		got=$(grep '^tlsrpt-analyzer: ' "$tmp/stderr.log" | sed -n "${outcomes}p" || true)
		if [[ -n $got ]]; then
			[[ $got == "$want" ]] || die "the app said \"$got\", want \"$want\""
			echo "dragdrop:   ok  $1"
			return
		fi
		kill -0 "$app_pid" 2>/dev/null || die "the app exited; stderr: $(head -c 2000 "$tmp/stderr.log")"
		sleep 0.1
	done
	die "no \"$want\" within $STEP_TIMEOUT s; stderr: $(head -c 2000 "$tmp/stderr.log")"
}

# drop ITEM...: one drag with the items; xdnd_drop.py waits for the window.
drop() {
	"$py" scripts/xdnd_drop.py -timeout "$STEP_TIMEOUT" "$@" >>"$tmp/xdnd.log" 2>&1 ||
		die "the drop of $* failed: $(tail -n 3 "$tmp/xdnd.log")"
}

wait_line "The library is empty: what you open is kept in it."
drop "$tmp/drops/a.json" "$tmp/drops/b.json"
wait_line "2 files read: 2 reports"
drop "$tmp/drops/folder"
wait_line "3 files read: 3 reports; 5 reports in all"
drop "$odd"
wait_line "1 file read: 1 report; 6 reports in all"
drop "$link"
wait_line "Not loaded: $link is not a file on this computer."

shoot "${DRAGDROP_SHOT:-}"

quit_with_ctrl_q "$app_pid" "$STEP_TIMEOUT"
app_pid=

if [[ -s $tmp/connections ]]; then
	die "the dropped link was fetched: $(cat "$tmp/connections")"
fi
# Fyne 2.7 saves its preferences file at exit while its own watcher of that
# file may reload it, half written: "Preferences load error: / Cause: EOF /
# At: .../app/preferences.go" (fyne-io/fyne#2936). That report alone, at
# exit, is Fyne's and harmless (the file is written whole); any other is not.
awk '
	/Fyne error:  Preferences load error:$/ { held = $0; next }
	held != "" && /  Cause: EOF$/ { cause = 1; next }
	held != "" && cause && /  At: .*fyne\.io\/fyne\/v2@.*\/app\/preferences\.go:[0-9]+$/ { held = ""; cause = 0; next }
	held != "" { print held; if (cause) print "  Cause: EOF"; held = ""; cause = 0 }
	{ print }
	END { if (held != "") print held }' "$tmp/stderr.log" >"$tmp/stderr.checked.log"
if ! cmp -s "$tmp/stderr.log" "$tmp/stderr.checked.log"; then
	echo "dragdrop:   note  Fyne logged its preferences reload race at exit (fyne-io/fyne#2936)"
fi
if grep -iE 'error|panic' "$tmp/stderr.checked.log" "$tmp/stdout.log" >"$tmp/bad.log"; then
	die "the app logged errors:
$(head -n 20 "$tmp/bad.log")"
fi
# What was dropped is kept in the window's library.
kept=$(env -u XDG_DATA_HOME HOME="$tmp/home" "$BIN" library 2>&1 | sed -n 's/^Reports: //p')
[[ $kept == 6 ]] || die "the window's library holds ${kept:-no} reports, want the 6 dropped"
echo "dragdrop: ok (4 drops, 6 reports loaded and kept in the library, the link refused with no connection, quit with status 0, $((SECONDS - t0)) s)"
