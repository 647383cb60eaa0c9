# shellcheck shell=bash
# Sourced by the scripts that need a real window: start_xvfb DIR starts an
# Xvfb on a display it picks itself (-displayfd, so two runs never race for
# the same number), logs into DIR/xvfb.log, and sets xvfb_pid and DISPLAY.
# The caller defines die and tmp, and calls end_window_test in its cleanup.
start_xvfb() {
	local dir=$1 display
	Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$dir/xvfb.display" >"$dir/xvfb.log" 2>&1 &
	xvfb_pid=$!
	for _ in $(seq 1 100); do
		[[ -s $dir/xvfb.display ]] && break
		kill -0 "$xvfb_pid" 2>/dev/null || die "Xvfb exited: $(cat "$dir/xvfb.log")"
		sleep 0.1
	done
	display=$(tr -dc 0-9 <"$dir/xvfb.display")
	[[ -n $display ]] || die "Xvfb did not start within 10 s: $(cat "$dir/xvfb.log")"
	export DISPLAY=:$display
}

# end_window_test NAME RC: stops xvfb_pid (if started), then removes $tmp
# when RC is 0 or tells where its logs are kept. For the caller's EXIT trap,
# after it has stopped its own processes.
end_window_test() {
	local name=$1 rc=$2
	if [[ -n ${xvfb_pid:-} ]]; then
		kill "$xvfb_pid" 2>/dev/null || true
		wait "$xvfb_pid" 2>/dev/null || true
	fi
	if ((rc == 0)); then
		rm -rf "$tmp"
	else
		echo "$name: logs and screenshot kept in $tmp" >&2
	fi
}

# quit_with_ctrl_q PID TIMEOUT: presses Ctrl+Q in the window called
# "TLS-RPT Analyzer" and waits up to TIMEOUT s for PID, the program, to
# exit; dies unless it exits with status 0.
quit_with_ctrl_q() {
	local pid=$1 timeout=$2 window rc=0
	window=$(xdotool search --name '^TLS-RPT Analyzer$' 2>/dev/null | head -n 1 || true)
	[[ -n $window ]] || die "no window called TLS-RPT Analyzer to quit"
	xdotool windowfocus --sync "$window" key --clearmodifiers ctrl+q 2>/dev/null || die "xdotool could not press Ctrl+Q"
	exited_within "$pid" "$timeout" || die "the program did not quit within $timeout s of Ctrl+Q"
	wait "$pid" || rc=$?
	((rc == 0)) || die "the program exited with status $rc after Ctrl+Q"
}

# exited_within PID TIMEOUT: waits up to TIMEOUT s for PID to exit; fails
# if it still runs then.
exited_within() {
	local pid=$1 deadline=$((SECONDS + $2))
	while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
		sleep 0.1
	done
	! kill -0 "$pid" 2>/dev/null
}

# stop_program PID TIMEOUT: sends PID SIGTERM, as a desktop session's end
# does, and waits up to TIMEOUT s for it to exit. A program still running
# then gets SIGQUIT, so that Go writes every goroutine's stack to its stderr
# (the hang's evidence), then SIGKILL; returns 1 in that case.
stop_program() {
	local pid=$1 timeout=$2
	kill "$pid" 2>/dev/null || return 0
	if ! exited_within "$pid" "$timeout"; then
		kill -QUIT "$pid" 2>/dev/null || true
		sleep 1
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		return 1
	fi
	wait "$pid" 2>/dev/null || true
}

# need_tools TOOL...: dies naming the first one not installed.
need_tools() {
	local tool
	for tool; do
		command -v "$tool" >/dev/null 2>&1 || die "$tool not found (run scripts/sysdeps.sh test)"
	done
}

# shoot [KEEP]: takes a screenshot of the display into $tmp/shot.png, and
# copies it to KEEP when that is set.
shoot() {
	import -display "$DISPLAY" -window root "$tmp/shot.png" 2>"$tmp/import.log" || die "screenshot failed: $(cat "$tmp/import.log")"
	if [[ -n ${1:-} ]]; then
		cp "$tmp/shot.png" "$1"
		echo "screenshot saved to $1"
	fi
}
