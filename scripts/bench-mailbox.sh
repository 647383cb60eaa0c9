#!/usr/bin/env bash
# The mailbox figure of `make bench` (issue 20): a mailbox of 10,000
# messages, 3,000 of them reports (corpusgen) and the rest ordinary mail,
# every 50th of those with a 1 MiB photo (internal/tools/mailcorpus),
# served by a real Dovecot on 127.0.0.1 (internal/tools/dovecotserve).
# Times `import imaps://…` against `import` of the same messages as a
# Maildir on disk, interleaved, into new libraries, and prints the ratio,
# and the bytes Dovecot sent each import (its out= count) against the
# bytes of the report parts. A figure, not a target: it fails only when
# an import fails or the two libraries differ.
#
#   scripts/bench-mailbox.sh        (bench.sh runs it; BIN=PATH reuses a build)
#
# Environment: BENCH_MAIL_RUNS timed runs of each (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${BENCH_MAIL_RUNS:-3}
TMP=$(mktemp -d)
dovecot_pid=
cleanup() {
	if [[ -n $dovecot_pid ]]; then
		exec {dovecot_fd}>&- # dovecotserve stops Dovecot when its input closes
		wait "$dovecot_pid" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

command -v dovecot >/dev/null || scripts/sysdeps.sh test
[[ -x /usr/bin/time ]] || scripts/sysdeps.sh test
BIN=${BIN:-}
if [[ -z $BIN ]]; then
	go build -o "$TMP/tlsrpt-analyzer" .
	BIN=$TMP/tlsrpt-analyzer
fi
for tool in corpusgen mailcorpus dovecotserve; do
	go build -o "$TMP/$tool" "./internal/tools/$tool"
done

echo "bench: writing the mailbox" >&2
"$TMP/corpusgen" -n 3000 -seed 20 -o "$TMP/reports" 2>/dev/null
read -r messages reports part_bytes maildir_bytes < <("$TMP/mailcorpus" -reports "$TMP/reports" -ordinary 7000 -large-every 50 -o "$TMP/Maildir")

mkfifo "$TMP/dovecot.in"
"$TMP/dovecotserve" -ready "$TMP/dovecot.ready" -maildir "$TMP/Maildir" <"$TMP/dovecot.in" >"$TMP/dovecot.err" 2>&1 &
dovecot_pid=$!
exec {dovecot_fd}>"$TMP/dovecot.in"
for _ in $(seq 1 600); do
	[[ -s $TMP/dovecot.ready ]] && break
	kill -0 "$dovecot_pid" 2>/dev/null || { cat "$TMP/dovecot.err" >&2; exit 1; }
	sleep 0.1
done
read -r port ca pwfile user _ _ <"$TMP/dovecot.ready"
url="imaps://$user@127.0.0.1:$port/INBOX"
login=(-password-command "cat $pwfile" -ca "$ca")
log=$(dirname "$ca")/dovecot.log

# timed NAME CMD...: runs CMD under GNU time, appends "wall cpu" to NAME.
timed() {
	local name=$1
	shift
	/usr/bin/time -f '%e %U %S' -o "$TMP/time" "$@" >"$TMP/out" 2>&1 || { cat "$TMP/out" >&2; exit 1; }
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$TMP/time" >>"$TMP/$name"
}
# Dovecot indexes a mailbox at its first session, reading every message;
# a user's server has done so long before. Not timed.
"$BIN" import -library "$TMP/warm" "${login[@]}" "$url" >/dev/null
for ((i = 1; i <= RUNS; i++)); do
	rm -rf "$TMP/lib-disk" "$TMP/lib-imap"
	timed disk "$BIN" import -library "$TMP/lib-disk" "$TMP/Maildir"
	timed imap "$BIN" import -library "$TMP/lib-imap" "${login[@]}" "$url"
	echo "bench: mailbox run $i/$RUNS (wall cpu): Maildir $(tail -n 1 "$TMP/disk"), imaps:// $(tail -n 1 "$TMP/imap")" >&2
done
count() { "$BIN" summary -json -library "$1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["reports"])'; }
disk_reports=$(count "$TMP/lib-disk" || true)
imap_reports=$(count "$TMP/lib-imap" || true)

median() { cut -d' ' -f"$2" "$TMP/$1" | sort -g | awk '{ a[NR] = $1 }
	END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# The timed sessions are the ones after the warm-up's.
sent=$(sed -nE 's/.*imap\(.*(Logged out|Disconnected).* out=([0-9]+).*/\2/p' "$log" | tail -n "$RUNS" | sort -g |
	awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')

echo
printf 'mailbox: %d messages, %d with a report, %d with a 1 MiB photo; %.1f MB as a Maildir\n' \
	"$messages" "$reports" "$(((messages - reports) / 50))" "$(awk -v b="$maildir_bytes" 'BEGIN { print b / 1e6 }')"
printf '%-34s %7s %7s %8s\n' "median of $RUNS runs" "wall s" "CPU s" "reports"
printf '%-34s %7.2f %7.2f %8s\n' "import, the Maildir on disk" "$(median disk 1)" "$(median disk 2)" "$disk_reports"
printf '%-34s %7.2f %7.2f %8s\n' "import imaps://, Dovecot" "$(median imap 1)" "$(median imap 2)" "$imap_reports"
awk -v i="$(median imap 1)" -v d="$(median disk 1)" 'BEGIN { printf "imaps:// / Maildir wall time: %.2fx\n", i / d }'
awk -v s="$sent" -v p="$part_bytes" -v m="$maildir_bytes" 'BEGIN {
	printf "bytes Dovecot sent an import: %.2f MB; the report parts: %.2f MB (%.2fx); the whole mailbox: %.1f MB\n", s / 1e6, p / 1e6, s / p, m / 1e6 }'
if [[ $disk_reports != "$reports" || $imap_reports != "$reports" ]]; then
	echo "bench: the libraries hold $disk_reports (Maildir) and $imap_reports (imaps://) reports, want $reports" >&2
	exit 1
fi
