# shellcheck shell=bash
# Sourced by the scripts that need a real window: start_xvfb DIR starts an
# Xvfb on a display it picks itself (-displayfd, so two runs never race for
# the same number), logs into DIR/xvfb.log, and sets xvfb_pid and DISPLAY.
# The caller defines die and stops xvfb_pid in its cleanup.
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
