#!/usr/bin/env bash
# Checks the promise that nothing leaves the device: tlsrpt-analyzer never
# opens a network connection and never follows a URL from a report.
#
# It loads testdata/urls (reports full of URLs, many pointing at a local
# listener; copied with the listener's port in their URLs), testdata/real and a freshly generated hostile set
# (internal/tools/hostilegen: bombs, deep nesting, broken encodings, a
# 10,000-message mailbox...) three ways, each under
# strace -f -e trace=socket,connect,execve:
#
#   a. summary -json     of the fixtures alone, then of everything: must exit
#                        1 (some inputs are broken) and still count every
#                        valid report, the mailbox's 10,000 included
#   b. export -o DIR     must write its files, summary.json agreeing with (a)
#   c. import            into a new library, from the inputs and from
#                        standard input; summary -library must count what
#                        (a) counted
#   d. the window        on Xvfb, on its default library (which watches a
#                        folder: reports with URLs are copied into it while
#                        the window runs and must reach the library), until
#                        the load settles; then it clicks
#                        through the failure details and the tabs (xdotool),
#                        takes a screenshot and quits with Ctrl+Q (SIGTERM
#                        without xdotool)
#   e. a mailbox         import -library and summary -json of imaps:// on a
#                        real Dovecot on 127.0.0.1 (internal/tools/
#                        dovecotserve: the Go tests' dovecottest, seeded
#                        with testdata/real), summary -json of imap://
#                        (STARTTLS, which Dovecot's log must confirm) and
#                        the window on a library watching the imaps://
#                        mailbox until it says it checked it: each must
#                        read the reports, and every AF_INET/AF_INET6
#                        connect must go to that server's address and the
#                        port of its URL (and at least one must)
#
# It fails on any socket(AF_INET/AF_INET6/AF_PACKET) or connect() to an inet
# address, on any program started to open a URL (xdg-open, a browser, any
# argument with "://"), on any connection to the listener on 127.0.0.1 and
# [::1] at a free port the listener picks (so two runs never collide; the
# fixtures' URLs are rewritten to it), and, when dbus-daemon
# is installed, on any D-Bus call carrying a URL or asking a portal to open
# one (the window gets a private session bus with a monitor on it). AF_UNIX
# sockets (the X server, D-Bus, nscd) are allowed and listed. Before any of
# that a self-test proves that the checks notice a real connection.
#
# Environment: TLA_BIN=path to use a built binary (otherwise it builds one
# into a temporary folder); NONETWORK_SHOT=FILE keeps the screenshot.
# Needs strace (ptrace allowed), python3, Xvfb, ImageMagick, dovecot and
# openssl; xdotool and dbus-daemon are used when present. Logs are kept when it fails.
set -euo pipefail

cd "$(dirname "$0")/.."
# The port of the 127.0.0.1 and [::1] URLs in testdata/urls; the copy the
# checks read names the listener's port instead.
FIXTURE_PORT=58460
CLI_TIMEOUT=180
WINDOW_TIMEOUT=90
export LANG=C.UTF-8
unset LC_ALL

t_start=$SECONDS
say() { echo "nonetwork: $*"; }
die() {
	echo "nonetwork: FAIL: $*" >&2
	exit 1
}
problems=()
problem() {
	problems+=("$1")
	echo "nonetwork:   FAIL  $1"
	if [[ -n ${2:-} ]]; then
		while IFS= read -r line; do echo "                 $line"; done <<<"$2"
	fi
}
ok() { echo "nonetwork:   ok    $*"; }
note() { echo "nonetwork:   note  $*"; }

for tool in strace python3 Xvfb import identify timeout dovecot openssl; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found (run scripts/sysdeps.sh test)"
done
have_xdotool=0
command -v xdotool >/dev/null 2>&1 && have_xdotool=1
have_dbus=0
command -v dbus-daemon >/dev/null 2>&1 && command -v dbus-monitor >/dev/null 2>&1 && command -v dbus-send >/dev/null 2>&1 && have_dbus=1

# ---- strace must be able to trace --------------------------------------------

if ! out=$(strace -f -qq -e trace=socket -o /dev/null true 2>&1); then
	die "strace cannot trace processes here, so the check cannot run:
  $out
  ptrace is denied (a container without CAP_SYS_PTRACE, a seccomp profile or
  kernel.yama.ptrace_scope=3). Run as root, or give the container
  --cap-add=SYS_PTRACE; CI runs as root."
fi
# shellcheck disable=SC2054 # the commas belong to strace's syntax
strace_opts=(-f -qq -e trace=socket,connect,execve -e signal=none)
# Only the traced calls stop the program: much faster on big loads.
if strace --seccomp-bpf -f -qq -e trace=socket -o /dev/null true >/dev/null 2>&1; then
	strace_opts=(--seccomp-bpf "${strace_opts[@]}")
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nonetwork.XXXXXX")
listener_pid='' dovecot_pid='' xvfb_pid='' strace_pid='' app_pid='' dbus_pid='' monitor_pid=''

# stop PID [TENTHS]: ends one process this script started, politely first,
# waiting TENTHS tenths of a second (default 20) before SIGKILL.
stop() {
	local pid=$1
	[[ -n $pid ]] || return 0
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 "${2:-20}"); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317 # called by the trap
cleanup() {
	local rc=$?
	stop "$app_pid"
	stop "$strace_pid"
	stop "$monitor_pid"
	stop "$dbus_pid"
	stop "$xvfb_pid"
	stop "$listener_pid"
	stop "$dovecot_pid" 150
	# The hostile set and the export are large and can be generated again.
	rm -rf "${tmp:?}/hostile" "${tmp:?}/export" "${tmp:?}/bin"
	if ((rc == 0)); then
		rm -rf "$tmp"
	else
		echo "nonetwork: logs kept in $tmp" >&2
	fi
}
trap cleanup EXIT
trap 'echo "nonetwork: interrupted" >&2; exit 130' INT
trap 'echo "nonetwork: terminated" >&2; exit 143' TERM

# traced LOG CMD...: runs CMD under strace; its exit status goes to $rc.
traced() {
	local log=$1
	shift
	rc=0
	strace "${strace_opts[@]}" -o "$log" "$@" || rc=$?
}

# inet_re matches a log line that makes or uses a network socket.
inet_re='socket\((AF|PF)_(INET6?|PACKET)[,)]|connect\([0-9]+, \{sa_family=AF_INET6?[,}]'

# ---- The binary and the inputs ---------------------------------------------

if [[ -n ${TLA_BIN:-} ]]; then
	[[ -x $TLA_BIN ]] || die "TLA_BIN=$TLA_BIN is not an executable"
	BIN=$(realpath "$TLA_BIN")
else
	say "building the binary (TLA_BIN unset)"
	mkdir -p "$tmp/bin"
	go build -o "$tmp/bin/tlsrpt-analyzer" . || die "go build failed"
	BIN=$tmp/bin/tlsrpt-analyzer
fi
say "binary $BIN"


# ---- The listener the fixtures' URLs point at --------------------------------

cat >"$tmp/listener.py" <<'EOF'
# Accepts and logs every TCP connection and UDP datagram on 127.0.0.1 and
# [::1] at the port given; writes the ready file once it listens.
import os, select, socket, sys

log_path, ready_path = sys.argv[1], sys.argv[2]
port = 0  # the first socket picks a free one; the others take the same
log = open(log_path, "a", buffering=1)
socks, bound = [], []

def listen(family, kind, addr):
    global port
    s = socket.socket(family, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if family == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((addr, port))
    port = s.getsockname()[1]
    if kind == socket.SOCK_STREAM:
        s.listen(128)
    socks.append(s)
    bound.append(("tcp " if kind == socket.SOCK_STREAM else "udp ") + addr)

try:
    listen(socket.AF_INET, socket.SOCK_STREAM, "127.0.0.1")
except OSError as e:
    sys.exit(f"cannot listen on 127.0.0.1: {e.strerror}")
for family, kind, addr in ((socket.AF_INET6, socket.SOCK_STREAM, "::1"),
                           (socket.AF_INET, socket.SOCK_DGRAM, "127.0.0.1"),
                           (socket.AF_INET6, socket.SOCK_DGRAM, "::1")):
    try:
        listen(family, kind, addr)
    except OSError as e:
        print(f"not listening on {addr} ({e.strerror})", file=sys.stderr)
with open(ready_path + ".tmp", "w") as f:
    f.write(f"{port} " + ", ".join(bound) + "\n")
os.rename(ready_path + ".tmp", ready_path)

while True:
    for s in select.select(socks, [], [])[0]:
        if s.type == socket.SOCK_STREAM:
            conn, peer = s.accept()
            conn.settimeout(2)
            try:
                first = conn.recv(4096).split(b"\r\n", 1)[0]
            except OSError:
                first = b""
            conn.close()
            log.write(f"tcp connection from {peer[0]} port {peer[1]}: {first[:200]!r}\n")
        else:
            data, peer = s.recvfrom(65536)
            log.write(f"udp datagram from {peer[0]}: {data[:200]!r}\n")
EOF
: >"$tmp/listener.log"
python3 "$tmp/listener.py" "$tmp/listener.log" "$tmp/listener.ready" 2>"$tmp/listener.err" &
listener_pid=$!
for _ in $(seq 1 100); do
	[[ -s $tmp/listener.ready ]] && break
	kill -0 "$listener_pid" 2>/dev/null || die "the listener did not start: $(cat "$tmp/listener.err")"
	sleep 0.1
done
[[ -s $tmp/listener.ready ]] || die "the listener did not start within 10 s: $(cat "$tmp/listener.err")"
read -r PORT bound <"$tmp/listener.ready"
say "listening on port $PORT: $bound"
if [[ -s $tmp/listener.err ]]; then
	note "$(tr '\n' ' ' <"$tmp/listener.err")(strace still sees such connections)"
fi

# The fixtures with the listener's port in their URLs, in every form they
# hold them: plain, gzip, and base64 (of gzip) in the email. The port has
# five digits like the fixtures' own, so no length changes.
python3 - testdata/urls "$tmp/urls" "$FIXTURE_PORT" "$PORT" <<'EOF' || die "cannot copy testdata/urls with port $PORT"
import base64, gzip, os, re, sys

src, dst, old, new = sys.argv[1], sys.argv[2], sys.argv[3].encode(), sys.argv[4].encode()
assert len(old) == len(new)

def fix(data):
    if data[:2] == b"\x1f\x8b":
        return gzip.compress(fix(gzip.decompress(data)), mtime=0)
    def body(m):
        nl = b"\r\n" if m.group(2).endswith(b"\r\n") else b"\n"
        out = base64.encodebytes(fix(base64.b64decode(m.group(2))))
        return m.group(1) + out.replace(b"\n", nl)
    data = re.sub(rb"(Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n)((?:[A-Za-z0-9+/=]+\r?\n)+)", body, data)
    return data.replace(old, new)

os.makedirs(dst)
for name in os.listdir(src):
    with open(os.path.join(src, name), "rb") as f:
        data = f.read()
    with open(os.path.join(dst, name), "wb") as f:
        f.write(fix(data))
EOF
if grep -rqa "$FIXTURE_PORT" "$tmp/urls" || ! zcat "$tmp/urls/urls_ip-literals.json.gz" | grep -q ":$PORT"; then
	die "the copy of testdata/urls still names port $FIXTURE_PORT, or its gzip lost its URLs"
fi

hostile=$tmp/hostile
go run ./internal/tools/hostilegen -o "$hostile" -port "$PORT" >"$tmp/hostilegen.log" 2>&1 ||
	die "hostilegen failed: $(cat "$tmp/hostilegen.log")"
valid=$(sed -n 's/^valid reports: \([0-9]*\)$/\1/p' "$tmp/hostilegen.log")
[[ -n $valid ]] || die "hostilegen did not say how many valid reports it wrote: $(tail -n 3 "$tmp/hostilegen.log")"
say "hostile set: $(grep -c '^  ' "$tmp/hostilegen.log") files, $(du -sh --apparent-size "$hostile" | cut -f1) ($(du -sh "$hostile" | cut -f1) on disk), $valid valid reports among them"
inputs=("$tmp/urls" testdata/real "$hostile")
mkdir -p "$tmp/home"

# ---- Self-test: the checks notice a real connection --------------------------

say "self-test"
traced "$tmp/strace-selftest.log" bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT && printf 'GET /nonetwork-self-test HTTP/1.0\r\n\r\n' >&3"
((rc == 0)) || die "self-test: could not connect to the listener (bash /dev/tcp, status $rc)"
grep -qE "$inet_re" "$tmp/strace-selftest.log" ||
	die "self-test: the strace log does not show the test connection, so the check would see nothing:
$(head -n 20 "$tmp/strace-selftest.log")"
for _ in $(seq 1 50); do
	grep -q nonetwork-self-test "$tmp/listener.log" && break
	sleep 0.1
done
grep -q nonetwork-self-test "$tmp/listener.log" || die "self-test: the listener did not log the test connection"
ok "a test connection shows in the strace log and at the listener"
listener_seen=$(wc -l <"$tmp/listener.log")

# ---- a. summary -json --------------------------------------------------------

summary_fields() { # FILE: prints "files reports duplicates errors mailbox_errors"
	python3 - "$1" "$hostile/mailbox-10000-reports.mbox" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
mbox = sum(1 for e in d["errors"] if e["source"].startswith(sys.argv[2]))
print(d["files"], d["reports"], d["duplicates"], len(d["errors"]), mbox)
EOF
}

say "a. summary -json over the fixtures alone, then with the hostile set"
t0=$SECONDS
traced "$tmp/strace-summary-fixtures.log" env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" \
	timeout "$CLI_TIMEOUT" "$BIN" summary -json "$tmp/urls" testdata/real >"$tmp/summary-fixtures.json" 2>"$tmp/summary-fixtures.err"
if ((rc > 1)) || ! read -r _ base_reports _ _ _ < <(summary_fields "$tmp/summary-fixtures.json" 2>/dev/null); then
	die "summary of the fixtures failed (status $rc): $(head -c 2000 "$tmp/summary-fixtures.err")"
fi
traced "$tmp/strace-summary.log" env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" \
	timeout "$CLI_TIMEOUT" "$BIN" summary -json "${inputs[@]}" >"$tmp/summary.json" 2>"$tmp/summary.err"
summary_rc=$rc
if ((summary_rc == 1)); then
	ok "summary exits 1: some inputs are broken ($((SECONDS - t0)) s)"
else
	problem "summary exits $summary_rc, want 1" "$(head -c 2000 "$tmp/summary.err")"
fi
reports=
if read -r files reports _ errors mbox_errors < <(summary_fields "$tmp/summary.json" 2>/dev/null); then
	want=$((base_reports + valid))
	if ((reports >= want)); then
		extra=
		if ((reports > want)); then extra=" + $((reports - want)) more it accepted"; fi
		ok "$reports reports from $files files: the fixtures' $base_reports + the hostile set's $valid valid ones$extra; $errors inputs refused"
	else
		problem "$reports reports, want at least $want (fixtures $base_reports + hostile valid $valid)"
	fi
	if ((mbox_errors == 0)); then
		ok "no error from the 10,000-message mailbox"
	else
		problem "the mailbox of valid reports has $mbox_errors errors" \
			"$(grep -F -A1 mailbox-10000 "$tmp/summary.json" | head -n 10)"
	fi
else
	problem "summary -json did not print valid JSON" "$(head -c 1000 "$tmp/summary.json") $(head -c 1000 "$tmp/summary.err")"
fi

# ---- b. export ---------------------------------------------------------------

say "b. export -o DIR over the same inputs"
t0=$SECONDS
traced "$tmp/strace-export.log" env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" \
	timeout "$CLI_TIMEOUT" "$BIN" export -o "$tmp/export" "${inputs[@]}" >"$tmp/export.out" 2>"$tmp/export.err"
if ((rc == 0 || rc == 1)); then
	pngs=$(find "$tmp/export" -name '*.png' 2>/dev/null | wc -l)
	ok "export exits $rc, wrote $pngs charts and $(find "$tmp/export" -type f ! -name '*.png' 2>/dev/null | wc -l) other files ($((SECONDS - t0)) s)"
	if read -r _ ereports _ _ _ < <(summary_fields "$tmp/export/summary.json" 2>/dev/null); then
		if [[ $ereports == "$reports" ]]; then
			ok "its summary.json counts the same $ereports reports"
		else
			problem "export's summary.json counts $ereports reports, summary $reports"
		fi
	else
		problem "export wrote no readable summary.json"
	fi
else
	problem "export exits $rc, want 0 or 1" "$(head -c 2000 "$tmp/export.err")"
fi

# ---- c. the library ----------------------------------------------------------

say "c. import into a library, from the inputs and from standard input; summary -library"
t0=$SECONDS
traced "$tmp/strace-import.log" env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" \
	timeout "$CLI_TIMEOUT" "$BIN" import -library "$tmp/library" "${inputs[@]}" >"$tmp/import.out" 2>"$tmp/import.err"
if ((rc == 1)); then
	ok "import exits 1: some inputs are broken ($((SECONDS - t0)) s): $(head -n 1 "$tmp/import.out")"
else
	problem "import exits $rc, want 1" "$(head -c 2000 "$tmp/import.err")"
fi
traced "$tmp/strace-import-stdin.log" env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" \
	timeout "$CLI_TIMEOUT" "$BIN" import -library "$tmp/library" - <"$tmp/urls/urls_html-report.eml" >"$tmp/import-stdin.out" 2>&1
((rc == 0)) && ok "import - reads a report with URLs from a pipe" || problem "import - exits $rc" "$(cat "$tmp/import-stdin.out")"
traced "$tmp/strace-summary-library.log" env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" \
	timeout "$CLI_TIMEOUT" "$BIN" summary -json -library "$tmp/library" >"$tmp/summary-library.json" 2>"$tmp/summary-library.err"
if read -r _ lreports _ _ _ < <(summary_fields "$tmp/summary-library.json" 2>/dev/null) && [[ $lreports == "$reports" ]]; then
	ok "summary -library counts the same $lreports reports"
else
	problem "summary -library counts ${lreports:-no} reports, summary $reports" "$(head -c 1000 "$tmp/summary-library.err")"
fi
# The window's default library watches a folder, which is empty until the
# window runs.
mkdir -p "$tmp/watched"
env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/.local/share" \
	"$BIN" library -watch "$tmp/watched" >"$tmp/watch.out" 2>&1 || die "library -watch failed: $(cat "$tmp/watch.out")"

# ---- d. the window -----------------------------------------------------------

say "d. the window on Xvfb"
# shellcheck source=scripts/xvfb.sh
source scripts/xvfb.sh
start_xvfb "$tmp"

# A private session bus without service activation: the app's D-Bus calls
# go nowhere, and a monitor records every one of them. Without dbus-daemon
# the address names a socket that does not exist: left unset, godbus would
# find the desktop's own bus at /run/user/UID/bus, or run dbus-launch.
bus_env=(DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/no-bus")
dbus_offset=0
if ((have_dbus)); then
	cat >"$tmp/bus.conf" <<EOF
<busconfig>
  <type>session</type>
  <listen>unix:path=$tmp/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
	dbus-daemon --config-file="$tmp/bus.conf" --nofork --print-address=1 >"$tmp/bus.address" 2>"$tmp/bus.log" &
	dbus_pid=$!
	for _ in $(seq 1 50); do
		[[ -s $tmp/bus.address ]] && break
		sleep 0.1
	done
	bus=$(head -n 1 "$tmp/bus.address")
	[[ -n $bus ]] || die "dbus-daemon did not start: $(cat "$tmp/bus.log")"
	dbus-monitor --address "$bus" >"$tmp/dbus-monitor.log" 2>&1 &
	monitor_pid=$!
	# Self-test: the monitor sees a request to open a URL.
	for _ in $(seq 1 50); do
		dbus-send --bus="$bus" --type=method_call --dest=org.freedesktop.portal.Desktop /org/freedesktop/portal/desktop \
			org.freedesktop.portal.OpenURI.OpenURI string:"" string:"http://127.0.0.1:$PORT/nonetwork-dbus-self-test" \
			dict:string:string:handle_token,nonetwork 2>/dev/null || true
		grep -q nonetwork-dbus-self-test "$tmp/dbus-monitor.log" && break
		sleep 0.1
	done
	grep -q nonetwork-dbus-self-test "$tmp/dbus-monitor.log" || die "self-test: dbus-monitor does not see calls on the private bus"
	dbus_offset=$(wc -l <"$tmp/dbus-monitor.log")
	bus_env=(DBUS_SESSION_BUS_ADDRESS="$bus")
	ok "private session bus with a monitor (self-test: it sees an OpenURI call)"
else
	note "no dbus-daemon: the window runs without a session bus"
fi

# traced_window NAME ARGS...: starts the window with ARGS under strace
# (log strace-NAME.log, output NAME.out and NAME.err) on the private bus
# and a home of its own; sets strace_pid and app_pid.
mkdir -m 700 "$tmp/runtime"
traced_window() {
	local name=$1
	shift
	env -u WAYLAND_DISPLAY "${bus_env[@]}" HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config" \
		XDG_CACHE_HOME="$tmp/home/.cache" XDG_DATA_HOME="$tmp/home/.local/share" XDG_RUNTIME_DIR="$tmp/runtime" \
		strace "${strace_opts[@]}" -o "$tmp/strace-$name.log" "$BIN" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	strace_pid=$!
	# The app's pid is the one that executed it: strace forks short-lived
	# children of its own while it starts, so its first child may not be the app.
	app_pid=
	for _ in $(seq 1 100); do
		app_pid=$(grep -m 1 -F " execve(\"$BIN\"" "$tmp/strace-$name.log" 2>/dev/null | grep -E ' = 0$' | cut -d ' ' -f 1 || true)
		[[ -n $app_pid ]] && break
		kill -0 "$strace_pid" 2>/dev/null || break
		sleep 0.1
	done
	[[ -n $app_pid ]] || die "the app did not start under strace: $(head -c 2000 "$tmp/$name.err")"
}
t0=$SECONDS
traced_window window "${inputs[@]}"

# exit_status: how the app ended, once it has (strace passes it on).
exit_status() {
	local rc=0
	wait "$strace_pid" 2>/dev/null || rc=$?
	strace_pid=''
	if ((rc > 128)); then
		echo "status $rc: killed by SIG$(kill -l $((rc - 128)) 2>/dev/null || echo "$((rc - 128))")"
	else
		echo "status $rc"
	fi
}

# cpu_ticks: user+system CPU ticks of the app so far (fields 14 and 15 of
# /proc/PID/stat, counted after the parenthesised name).
cpu_ticks() { sed 's/^.*) //' "/proc/$app_pid/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true; }

# The load has settled when the app uses under 10% of a CPU for 2 s.
hz=$(getconf CLK_TCK)
quiet=0 last=$(cpu_ticks) settled=0 window_id=
for ((i = 0; i < WINDOW_TIMEOUT * 2; i++)); do
	sleep 0.5
	kill -0 "$app_pid" 2>/dev/null || break
	now=$(cpu_ticks)
	[[ -n $now ]] || break
	if ((now - last <= hz / 20)); then quiet=$((quiet + 1)); else quiet=0; fi
	last=$now
	if ((have_xdotool)) && [[ -z $window_id ]]; then
		window_id=$(xdotool search --name '^TLS-RPT Analyzer$' 2>/dev/null | head -n 1 || true)
	fi
	if ((quiet >= 4 && i >= 5)) && { ((!have_xdotool)) || [[ -n $window_id ]]; }; then
		settled=1
		break
	fi
done
if ! kill -0 "$app_pid" 2>/dev/null; then
	problem "the window exited during the load ($(exit_status))" "$(head -c 3000 "$tmp/window.err")"
elif ((settled)); then
	ok "the window loaded everything and settled after $((SECONDS - t0)) s"
	# A report with URLs arrives in the watched folder while the window runs.
	cat >"$tmp/watched/arrived.json" <<EOF
{"organization-name":"Watched Folder Reporter","date-range":{"start-datetime":"2026-11-01T00:00:00Z","end-datetime":"2026-11-01T23:59:59Z"},
 "contact-info":"http://127.0.0.1:$PORT/watched-contact","report-id":"nonetwork-watched-1","policies":[{"policy":{"policy-type":"sts",
 "policy-domain":"example.net"},"summary":{"total-successful-session-count":1,"total-failure-session-count":1},"failure-details":[
 {"result-type":"validation-failure","failed-session-count":1,"additional-information":"http://[::1]:$PORT/watched-info"}]}]}
EOF
	sleep 6 # the library promises new files within 5 s
else
	problem "the window did not settle within $WINDOW_TIMEOUT s (still busy, or no window appeared)"
fi

shot=$tmp/window.png
if kill -0 "$app_pid" 2>/dev/null; then
	if ((have_xdotool)) && [[ -n $window_id ]]; then
		# Go where the URLs are shown: the failure details filtered to the
		# URL fixtures, each row selected and the URL text in its detail
		# double-clicked and Ctrl+clicked; then the result types and the
		# other tabs. The coordinates fit the 1280x800 window as the UI lays
		# it out for these inputs; a miss only makes the check weaker.
		xdo() { xdotool "$@" 2>/dev/null || true; }
		xdo windowfocus --sync "$window_id"
		xdo mousemove 173 94 click 1 # Failures tab
		sleep 0.5
		xdo mousemove 660 486 click 1 # the filter
		xdo type --delay 20 "urls.example"
		sleep 0.5
		for _ in 1 2 3 4; do # four screens of rows
			for y in 561 600 639 678 717; do
				xdo mousemove 300 "$y" click 1 # a row: its detail shows the URLs
				sleep 0.2
				xdo mousemove 900 430 click --repeat 2 1
				xdo keydown ctrl mousemove 900 440 click 1 keyup ctrl
			done
			xdo mousemove 640 640 click --repeat 5 5 # scroll the table down
			sleep 0.3
		done
		for y in 168 207 246; do # the result types
			xdo mousemove 940 "$y" click 1
			sleep 0.2
		done
		import -window root "$tmp/window-failures.png" 2>/dev/null || true
		for x in 475 376 274 58; do # Reports, Sources, Timeline, Overview
			xdo mousemove "$x" 94 click 1
			sleep 0.7
		done
		ok "clicked through the failure details and every tab"
	fi
	if import -window root "$shot" 2>"$tmp/import.log"; then
		read -r stddev colors < <(identify -format '%[fx:standard_deviation] %k\n' "$shot")
		if awk -v s="$stddev" 'BEGIN { exit !(s > 0.02) }' && ((colors > 20)); then
			ok "screenshot shows the window ($colors colours)"
		else
			problem "the screenshot looks blank (standard deviation $stddev, $colors colours)"
		fi
		if [[ -n ${NONETWORK_SHOT:-} ]]; then
			cp "$shot" "$NONETWORK_SHOT"
			say "screenshot saved to $NONETWORK_SHOT"
		fi
	else
		problem "screenshot failed" "$(cat "$tmp/import.log")"
	fi
	if ! kill -0 "$app_pid" 2>/dev/null; then
		problem "the window exited while it was used ($(exit_status))" "$(head -c 3000 "$tmp/window.err")"
	fi
fi

# Quit with Ctrl+Q; kill only if that does not work.
if kill -0 "$app_pid" 2>/dev/null; then
	how="stopped with SIGTERM"
	if ((have_xdotool)) && [[ -n $window_id ]]; then
		xdotool windowfocus --sync "$window_id" key --clearmodifiers ctrl+q 2>/dev/null || true
		for _ in $(seq 1 50); do
			kill -0 "$strace_pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -0 "$strace_pid" 2>/dev/null || how="quit with Ctrl+Q"
	fi
	if [[ $how != "quit with Ctrl+Q" ]]; then
		stop "$app_pid"
	fi
	rc=0
	wait "$strace_pid" || rc=$?
	strace_pid=
	app_pid=
	if [[ $how != "quit with Ctrl+Q" ]] && ((have_xdotool)); then
		problem "the window did not quit on Ctrl+Q; it was stopped with a signal"
	else
		ok "window $how (status $rc)"
	fi
fi
app_pid=
stop "$strace_pid"
strace_pid=
if [[ -n $monitor_pid ]]; then
	sleep 0.3 # let the monitor write what it has
	stop "$monitor_pid"
	monitor_pid=
fi

# What arrived in the watched folder is in the window's library.
env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" XDG_DATA_HOME="$tmp/home/.local/share" \
	"$BIN" summary -json -library "$tmp/home/.local/share/tlsrpt-analyzer/library" >"$tmp/window-library.json" 2>&1 || true
if python3 - "$tmp/window-library.json" "$reports" <<'EOF'; then
import json, sys
d = json.load(open(sys.argv[1]))
orgs = [o["organization_name"] for o in d["organizations"]]
assert "Watched Folder Reporter" in orgs, "the watched folder's report is not in the library"
assert d["reports"] == int(sys.argv[2]) + 1, "%d reports, want %s + 1" % (d["reports"], sys.argv[2])
EOF
	ok "the window kept the $reports reports it opened and the one that arrived in its watched folder"
else
	problem "the window's library is not as expected" "$(head -c 1000 "$tmp/window-library.json")"
fi

# ---- e. a mailbox --------------------------------------------------------------

# With a mailbox the program may connect to that server and nowhere else: a
# real Dovecot on 127.0.0.1 (internal/tools/dovecotserve, the Go tests'
# dovecottest) seeded with the real samples; import and summary read its
# INBOX over imaps:// under strace, and every inet connect must go to its
# address and port.
say "e. import, summary and the window on a real Dovecot on 127.0.0.1 (imaps:// and imap://)"
t0=$SECONDS
mkdir -p "$tmp/bin"
go build -o "$tmp/bin/dovecotserve" ./internal/tools/dovecotserve || die "go build ./internal/tools/dovecotserve failed"
# Its standard input is a FIFO held open here: Dovecot stops when the script ends.
mkfifo "$tmp/dovecot.in"
"$tmp/bin/dovecotserve" -ready "$tmp/dovecot.ready" -real testdata/real <"$tmp/dovecot.in" >"$tmp/dovecot.err" 2>&1 &
dovecot_pid=$!
exec {dovecot_fd}>"$tmp/dovecot.in"
for _ in $(seq 1 150); do
	[[ -s $tmp/dovecot.ready ]] && break
	kill -0 "$dovecot_pid" 2>/dev/null || die "Dovecot did not start: $(cat "$tmp/dovecot.err")"
	sleep 0.1
done
[[ -s $tmp/dovecot.ready ]] || die "Dovecot did not start within 15 s: $(cat "$tmp/dovecot.err")"
read -r MPORT ca pwfile muser _ <"$tmp/dovecot.ready"
url="imaps://$muser@127.0.0.1:$MPORT/INBOX"
mflags=(-password-command "cat $pwfile" -ca "$ca")
traced "$tmp/strace-mailbox-import.log" env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" \
	timeout "$CLI_TIMEOUT" "$BIN" import -library "$tmp/mailbox-lib" "${mflags[@]}" "$url" >"$tmp/mailbox-import.out" 2>&1
new_reports=$(sed -n 's/.* \([0-9][0-9]*\) reports\{0,1\} new.*/\1/p' "$tmp/mailbox-import.out" | head -n 1)
if ((rc == 0)) && ((${new_reports:-0} > 0)); then
	ok "import read $new_reports reports from $url"
else
	problem "import from $url: status $rc, ${new_reports:-no} reports new" "$(head -c 2000 "$tmp/mailbox-import.out")"
fi
traced "$tmp/strace-mailbox-summary.log" env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" \
	timeout "$CLI_TIMEOUT" "$BIN" summary -json "${mflags[@]}" "$url" >"$tmp/mailbox-summary.json" 2>"$tmp/mailbox-summary.err"
lib_reports=$("$BIN" summary -json -library "$tmp/mailbox-lib" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["reports"])' 2>/dev/null || true)
if ((rc == 0)) && read -r _ mreports _ _ _ < <(summary_fields "$tmp/mailbox-summary.json" 2>/dev/null) &&
	((mreports > 0)) && [[ $mreports == "$lib_reports" ]]; then
	ok "summary of $url counts $mreports reports, as many as the library import filled"
else
	problem "summary of $url: status $rc, ${mreports:-no} reports, the library has ${lib_reports:-?}" "$(head -c 1000 "$tmp/mailbox-summary.err")"
fi

# STARTTLS: imap:// on Dovecot's plain port, made TLS before the login
# (Dovecot's login line says TLS).
read -r _ _ _ _ _ SPORT <"$tmp/dovecot.ready"
surl="imap://$muser@127.0.0.1:$SPORT/INBOX"
traced "$tmp/strace-mailbox-starttls.log" env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" \
	timeout "$CLI_TIMEOUT" "$BIN" summary -json "${mflags[@]}" "$surl" >"$tmp/mailbox-starttls.json" 2>"$tmp/mailbox-starttls.err"
login=$(grep -E 'imap-login: .*Login: user=' "$(dirname "$ca")/dovecot.log" | tail -n 1 || true)
if ((rc == 0)) && read -r _ sreports _ _ _ < <(summary_fields "$tmp/mailbox-starttls.json" 2>/dev/null) &&
	[[ $sreports == "${mreports:-}" ]] && [[ $login == *", TLS"* ]]; then
	ok "summary of $surl counts $sreports reports, over STARTTLS (Dovecot: ${login##*Login: })"
else
	problem "summary of $surl: status $rc, ${sreports:-no} reports (imaps:// ${mreports:-?}); Dovecot's last login: ${login:-none}" "$(head -c 1000 "$tmp/mailbox-starttls.err")"
fi

# The window on a library that watches the mailbox: it logs in at start,
# reads the INBOX ("Checked mailbox" on standard error) and keeps it.
mlib=$tmp/window-mailbox-library
env -u DISPLAY -u WAYLAND_DISPLAY HOME="$tmp/home" "$BIN" library -library "$mlib" "${mflags[@]}" -watch "$url" >"$tmp/mailbox-watch.out" 2>&1 ||
	die "library -watch $url failed: $(cat "$tmp/mailbox-watch.out")"
traced_window window-mailbox -library "$mlib"
for ((i = 0; i < WINDOW_TIMEOUT * 2; i++)); do
	grep -q "Checked mailbox $url" "$tmp/window-mailbox.err" && break
	kill -0 "$app_pid" 2>/dev/null || break
	sleep 0.5
done
checked=$(grep -c "Checked mailbox $url" "$tmp/window-mailbox.err" || true)
stop "$app_pid"
stop "$strace_pid"
app_pid= strace_pid=
wlib_reports=$("$BIN" summary -json -library "$mlib" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["reports"])' 2>/dev/null || true)
if ((checked > 0)) && [[ $wlib_reports == "${mreports:-}" ]]; then
	ok "the window watching $url read it at start and kept its $wlib_reports reports"
else
	problem "the window watching $url: ${checked:-0} checks said, its library holds ${wlib_reports:-no} reports (summary: ${mreports:-?})" "$(head -c 2000 "$tmp/window-mailbox.err")"
fi

exec {dovecot_fd}>&-
for _ in $(seq 1 150); do
	kill -0 "$dovecot_pid" 2>/dev/null || break
	sleep 0.1
done
stop "$dovecot_pid" 50
dovecot_pid=
for run in "mailbox-import $MPORT" "mailbox-summary $MPORT" "mailbox-starttls $SPORT" "window-mailbox $MPORT"; do
	read -r log port <<<"$run"
	file=$tmp/strace-$log.log
	conns=$(grep -E 'connect\([0-9]+, \{sa_family=AF_INET6?[,}]' "$file" || true)
	# The server's address in either family (Go may use an IPv4-mapped IPv6 socket).
	others=$(grep -vE "sin_port=htons\($port\), sin_addr=inet_addr\(\"127\.0\.0\.1\"\)|sin6_port=htons\($port\),.*inet_pton\(AF_INET6, \"::ffff:127\.0\.0\.1\"" <<<"$conns" || true)
	others=$(grep . <<<"$others" || true)
	if [[ -z $conns ]]; then
		problem "$log: no connect to 127.0.0.1:$port in the strace log, so the check saw nothing"
	elif [[ -n $others ]]; then
		problem "$log: $(wc -l <<<"$others") connects to somewhere other than 127.0.0.1:$port" "$(head -n 20 <<<"$others")"
	else
		ok "$log: $(wc -l <<<"$conns") inet connects, all to 127.0.0.1:$port; $(grep -cE "$inet_re" "$file") inet socket calls in all"
	fi
done
say "e. done ($((SECONDS - t0)) s)"

# ---- Verdict -----------------------------------------------------------------

say "checking the strace logs, the listener and the bus"
for log in summary-fixtures summary export import import-stdin summary-library window; do
	file=$tmp/strace-$log.log
	if [[ ! -s $file ]]; then
		problem "$log: the strace log is empty"
		continue
	fi
	bad=$(grep -E "$inet_re" "$file" || true)
	if [[ -n $bad ]]; then
		problem "$log: $(wc -l <<<"$bad") network socket calls" "$(head -n 20 <<<"$bad")"
	fi
	# Programs started: only the app (and timeout) are expected; a URL
	# opener or a URL argument is a failure, anything else is listed.
	execs=$(grep -E ' execve\(.*\) = 0$' "$file" | sed -E 's/^[0-9]+ +execve\("([^"]*)".*/\1/' | sort -u || true)
	others=$(grep -vxF -e "$BIN" -e "$(command -v timeout)" -e "$(command -v env)" <<<"$execs" || true)
	urlexec=$(grep -E ' execve\(' "$file" | grep -E '://|xdg-open|x-www-browser|sensible-browser|www-browser|gio"|kde-open|gnome-open|firefox|chrom|curl|wget' || true)
	if [[ -n $urlexec ]]; then
		problem "$log: a program was started to open a URL" "$(head -n 10 <<<"$urlexec")"
	elif [[ -n $others ]]; then
		note "$log: also started $(tr '\n' ' ' <<<"$others")"
	fi
	fams=$(grep -oE 'socket\((AF|PF)_[A-Z0-9]+' "$file" | sed 's/socket(//' | sort | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }' || true)
	unix=$(grep -oE 'connect\([0-9]+, \{sa_family=AF_UNIX, sun_path=[^}]*\}, [0-9]+\) = [^ ]+( [A-Z]+)?' "$file" |
		sed -E 's/.*sun_path=([^}]*)\}, [0-9]+\) = (-1 )?([^ ]+)( ([A-Z]+))?/\1 \3\5/; s/ 0$/ connected/; s/ -1//' |
		sort | uniq -c | awk '{ $1 = $1 "x"; print }' | paste -sd ';' - | sed 's/;/; /g' || true)
	if [[ -z $bad ]]; then
		ok "$log: no network socket (${fams:-no socket at all}${unix:+; AF_UNIX connects: $unix})"
	fi
done

new=$(tail -n +"$((listener_seen + 1))" "$tmp/listener.log")
if [[ -n $new ]]; then
	problem "the listener on port $PORT was contacted $(wc -l <<<"$new") times" "$(head -n 20 <<<"$new")"
else
	ok "the listener on port $PORT saw no connection and no datagram"
fi

if ((have_dbus)); then
	bus_log=$(tail -n +"$((dbus_offset + 1))" "$tmp/dbus-monitor.log")
	urls=$(grep -nE 'OpenURI|OpenFile|OpenDirectory|://|:'"$PORT" <<<"$bus_log" || true)
	if [[ -n $urls ]]; then
		problem "D-Bus: the app sent a URL or asked to open one" "$(head -n 20 <<<"$urls")"
	fi
	calls=$(grep -oE '^method call .*interface=[^;]*; member=[^ ]*' <<<"$bus_log" | grep -v 'member=Hello$' |
		sed -E 's/.*destination=([^ ]*) .*interface=([^;]*); member=(.*)/\1 \2.\3/' | sort | uniq -c |
		awk '{ printf "%s%s %s x%s", sep, $2, $3, $1; sep = "; " }' || true)
	if [[ -z $urls ]]; then
		ok "D-Bus: no URL on the bus${calls:+; calls: $calls}"
	fi
fi

echo
if ((${#problems[@]} == 0)); then
	say "PASS: no network access and no URL followed by summary, export, import, the library or the window; with a mailbox, connections to its server only ($((SECONDS - t_start)) s)"
	exit 0
fi
say "FAIL: ${#problems[@]} problems ($((SECONDS - t_start)) s):"
for p in "${problems[@]}"; do
	echo "  - $p"
done
exit 1
