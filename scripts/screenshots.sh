#!/usr/bin/env bash
# The README's screenshots of the window (docs/screenshots/): the front
# page on the two-month story of six domains and on 300 domains, at
# 1280x800 and 1920x1080, and every tab at 1280x800 on the story. Each
# picture is of the real window under Xvfb with a new library and new
# XDG folders; look at every PNG before keeping it.
#
#   scripts/screenshots.sh [OUTDIR]     # default docs/screenshots
#
# Needs Xvfb, xdotool and ImageMagick (scripts/sysdeps.sh test).
set -euo pipefail

cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
tmp=$(mktemp -d)
xvfb_pid=
app_pid=
cleanup() {
	[[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null || true
	[[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/tlsrpt-analyzer" .
go run ./internal/tools/domainsgen -o "$tmp/story"
go run ./internal/tools/domainsgen -o "$tmp/many" -domains 300 -days 14
mkdir -p "$out"

# window SIZE CORPUS: starts the window on a screen of SIZE (WxH) with
# CORPUS in a new library and waits until it has read it.
window() {
	local size=$1 corpus=$2 run
	run=$(mktemp -d -p "$tmp")
	Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp -noreset 3>"$run/display" >"$run/xvfb.log" 2>&1 &
	xvfb_pid=$!
	for _ in $(seq 100); do [[ -s $run/display ]] && break; sleep 0.1; done
	export DISPLAY=:$(tr -dc 0-9 <"$run/display")
	mkdir -p "$run/home" "$run/config" "$run/data"
	HOME=$run/home XDG_CONFIG_HOME=$run/config XDG_DATA_HOME=$run/data LANG=C.UTF-8 \
		"$tmp/tlsrpt-analyzer" -library "$run/library" "$corpus" >"$run/out" 2>"$run/err" &
	app_pid=$!
	for _ in $(seq 100); do grep -q "files read" "$run/err" && break; sleep 0.2; done
	win=$(xdotool search --name "TLS-RPT Analyzer" | head -1)
	xdotool windowsize "$win" "${size%x*}" "${size#*x}" windowmove "$win" 0 0
	sleep 2
}

stop() {
	kill "$app_pid" && wait "$app_pid" 2>/dev/null || true
	kill "$xvfb_pid" && wait "$xvfb_pid" 2>/dev/null || true
	app_pid= xvfb_pid=
}

# shot NAME KEY: presses KEY (a tab's Alt+N), with the keyboard's focus
# given by a click on the status line, and keeps the screen as NAME.png in
# 128 colours: the window's flat colours lose nothing, and the file is a
# fifth of the size.
shot() {
	xdotool mousemove 640 "$(($(xdotool getdisplaygeometry | cut -d' ' -f2) - 65))" click 1 key "$2"
	sleep 1.5
	import -window root "$tmp/shot.png"
	convert "$tmp/shot.png" +dither -colors 128 "PNG8:$out/$1.png"
}

for size in 1280x800 1920x1080; do
	window "$size" "$tmp/story"
	shot "domains-story-$size" alt+1
	if [[ $size == 1280x800 ]]; then
		for tab in 2:overview 3:findings 4:failures 5:timeline 6:sources 7:reports; do
			shot "tab-${tab#*:}-$size" "alt+${tab%%:*}"
		done
	fi
	stop
	window "$size" "$tmp/many"
	shot "domains-300-$size" alt+1
	stop
done
ls -l "$out"
