#!/usr/bin/env bash
# Desktop notification on a real session bus: a private dbus-run-session
# with dunst owning org.freedesktop.Notifications and dbus-monitor recording
# every Notify call; the window runs under Xvfb on a temporary library that
# watches a temporary folder. A report with two critical findings dropped
# into the folder must raise exactly one Notify naming them; then a report
# imported by another process (import, as from cron) exactly one more.
#
# Environment: BIN (default ./tlsrpt-analyzer). Needs Xvfb, dbus-run-session,
# dbus-monitor and dunst (scripts/sysdeps.sh test).
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=$(realpath "${BIN:-./tlsrpt-analyzer}")

die() {
	echo "notify: FAIL: $*" >&2
	exit 1
}

# Inside the private session bus: everything below runs there.
if [[ ${1:-} != --inside ]]; then
	# shellcheck source=scripts/xvfb.sh
	source scripts/xvfb.sh
	need_tools Xvfb dbus-run-session dbus-monitor dunst xdotool
	[[ -x $BIN ]] || die "$BIN not built (make build)"
	exec dbus-run-session -- "$0" --inside
fi

# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
tmp=$(mktemp -d)
xvfb_pid=
pids=()
cleanup() {
	local rc=$? p
	for p in "${pids[@]}"; do
		stop_program "$p" 10 || {
			echo "notify: process $p did not exit within 10 s of SIGTERM; its goroutines are in $tmp/stderr.log" >&2
			rc=1
		}
	done
	end_window_test notify "$rc"
	exit "$rc"
}
trap cleanup EXIT
start_xvfb "$tmp"

# Nobody else's settings, library or notification daemon configuration.
mkdir -p "$tmp/config" "$tmp/library" "$tmp/inbox" "$tmp/dunst"
: >"$tmp/dunst/dunstrc"
export XDG_CONFIG_HOME=$tmp/config LANG=C.UTF-8
unset LC_ALL WAYLAND_DISPLAY

dunst -config "$tmp/dunst/dunstrc" >"$tmp/dunst.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
	dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null |
		grep -q 'boolean true' && break
	sleep 0.1
done
dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null |
	grep -q 'boolean true' || die "dunst did not take org.freedesktop.Notifications: $(cat "$tmp/dunst.log")"

dbus-monitor --session "interface='org.freedesktop.Notifications',member='Notify'" >"$tmp/monitor.log" 2>&1 &
pids+=($!)

"$BIN" library -library "$tmp/library" -watch "$tmp/inbox" >/dev/null || die "library -watch failed"
"$BIN" -library "$tmp/library" >"$tmp/stdout.log" 2>"$tmp/stderr.log" &
app_pid=$!
pids=("$app_pid" "${pids[@]}")
for _ in $(seq 1 100); do
	xdotool search --name '^TLS-RPT Analyzer$' >/dev/null 2>&1 && break
	kill -0 "$app_pid" 2>/dev/null || die "the window exited: $(cat "$tmp/stderr.log")"
	sleep 0.1
done
sleep 1 # the watcher starts once the library is open

# The real sample, dated today: a problem reported weeks ago is over, not
# news. Written elsewhere and moved in, as a mail delivery agent does.
day=$(date -u +%F)
sed "s/2026-09-10/$day/g" testdata/real/sebastka-tlsrpt_synthetic-failures.json >"$tmp/report.json"
mv "$tmp/report.json" "$tmp/inbox/report.json"

want='2 new problems: Certificate expired on mx.example.com (sts example.com)'
for _ in $(seq 1 150); do
	grep -qF "$want" "$tmp/monitor.log" && break
	sleep 0.1
done
sleep 1 # a second Notify would come at once
calls=$(grep -c 'member=Notify' "$tmp/monitor.log" || true)
((calls == 1)) || die "$calls Notify calls, want 1: $(cat "$tmp/monitor.log")"
grep -qF "$want" "$tmp/monitor.log" || die "no Notify naming the finding: $(cat "$tmp/monitor.log")"
grep -qF 'did not offer STARTTLS' "$tmp/monitor.log" || die "the second finding is not named: $(cat "$tmp/monitor.log")"
kill -0 "$app_pid" 2>/dev/null || die "the window exited: $(cat "$tmp/stderr.log")"
echo "notify: one Notify on the session bus naming the watched report's findings"

# Another process imports into the same library while the window is open,
# as import from cron does: the window notices within its poll (5 s) and
# notifies the new findings once. Another domain and report-id, so that it
# is a report and findings of their own.
sed -e "s/2026-09-10/$day/g" -e 's/example\.com/example.net/g' -e 's/synthetic-1/synthetic-2/' \
	testdata/real/sebastka-tlsrpt_synthetic-failures.json >"$tmp/cron.json"
"$BIN" import -library "$tmp/library" "$tmp/cron.json" >"$tmp/import.log" 2>&1 || die "import failed: $(cat "$tmp/import.log")"
want='2 new problems: Certificate expired on mx.example.net (sts example.net)'
for _ in $(seq 1 150); do
	grep -qF "$want" "$tmp/monitor.log" && break
	sleep 0.1
done
grep -qF "$want" "$tmp/monitor.log" || die "no Notify for the report another process imported: $(cat "$tmp/monitor.log")"
sleep 6 # another poll: nothing more may be told
calls=$(grep -c 'member=Notify' "$tmp/monitor.log" || true)
((calls == 2)) || die "$calls Notify calls after the import by another process, want 2: $(cat "$tmp/monitor.log")"
kill -0 "$app_pid" 2>/dev/null || die "the window exited: $(cat "$tmp/stderr.log")"
echo "notify: one Notify for the findings of a report another process imported"

# A desktop session that ends sends SIGTERM; the window watching sources from
# the tray must still exit (once it did not, and CI waited half an hour).
stop_program "$app_pid" 10 || die "the window did not exit within 10 s of SIGTERM; its goroutines are in $tmp/stderr.log"
echo "notify: the window exits on SIGTERM"
