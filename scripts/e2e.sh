#!/usr/bin/env bash
# End-to-end checks of the command-line interface against the real samples:
#
#   tlsrpt-analyzer summary [-json] PATH...     exit 0 all read, 1 some inputs failed, 2 usage
#   tlsrpt-analyzer export -o DIR [-size WxH] PATH...
#   tlsrpt-analyzer -version
#   tlsrpt-analyzer import [-library DIR] PATH... | -   and   library [-forget [-yes]]
#
# Uses ./tlsrpt-analyzer (built if missing; BIN=path overrides). Needs python3
# and ImageMagick's identify. Prints one line per check and a closing count.
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${BIN:-./tlsrpt-analyzer}
SAMPLES=testdata/real
ONE=testdata/real/parsedmarc_rfc8460.json
export LANG=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY # the CLI must not need a display

if [[ ! -x $BIN ]]; then
	echo "e2e: building $BIN"
	go build -o "$BIN" .
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
ok() {
	passed=$((passed + 1))
	echo "  ok    $*"
}
bad() {
	failed=$((failed + 1))
	echo "  FAIL  $*"
}

# run NAME CMD...: runs CMD with a time limit, keeps stdout/stderr in
# $tmp/NAME.out/.err and the exit status in $rc.
run() {
	local name=$1
	shift
	rc=0
	timeout 120 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
	if ((rc == 124)); then
		echo "  (timed out after 120 s: $*)"
	fi
}

# expect_rc NAME WANT DESCRIPTION: checks $rc, shows stderr on mismatch.
expect_rc() {
	local name=$1 want=$2 desc=$3
	if [[ " $want " == *" $rc "* ]]; then
		ok "$desc (exit $rc)"
	else
		bad "$desc: exit $rc, want $want"
		echo "        stderr: $(head -c 2000 "$tmp/$name.err")"
		echo "        stdout: $(head -c 1000 "$tmp/$name.out")"
	fi
}

echo "e2e: $BIN"

# -version prints the version from FyneApp.toml.
want_version=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\(.*\)".*/\1/p' FyneApp.toml | head -n 1)
run version "$BIN" -version
expect_rc version 0 "-version"
if grep -qF "$want_version" "$tmp/version.out" "$tmp/version.err"; then
	ok "-version prints $want_version"
else
	bad "-version does not print $want_version: $(cat "$tmp/version.out" "$tmp/version.err")"
fi

# A display that cannot be opened (a stale DISPLAY after ssh) gets one clear
# message and exit 2, not GLFW's panic and stack trace.
run baddisplay env DISPLAY=:4077 "$BIN"
expect_rc baddisplay 2 "the window on a display that cannot be opened"
if grep -q "no window can open on this display (DISPLAY=:4077)" "$tmp/baddisplay.err" && ! grep -q "goroutine" "$tmp/baddisplay.err"; then
	ok "a display that cannot be opened is named, without a stack trace"
else
	bad "a display that cannot be opened: $(head -c 600 "$tmp/baddisplay.err")"
fi

# Text summary of the whole folder: the samples include broken reports.
run summary "$BIN" summary "$SAMPLES"
expect_rc summary 1 "summary $SAMPLES reports failed inputs"
if [[ -s $tmp/summary.out ]]; then
	ok "summary prints a report ($(wc -l <"$tmp/summary.out") lines)"
else
	bad "summary printed nothing on stdout"
fi

# JSON summary.
run summary_json "$BIN" summary -json "$SAMPLES"
expect_rc summary_json 1 "summary -json $SAMPLES reports failed inputs"
if python3 - "$tmp/summary_json.out" <<'EOF'; then
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    d = json.load(f)
want = ["files", "reports", "duplicates", "successful_sessions", "failed_sessions",
        "errors", "warnings", "policies"]
missing = [k for k in want if k not in d]
if missing:
    sys.exit("missing keys: %s (have %s)" % (missing, sorted(d)))

def n(v):
    return len(v) if isinstance(v, (list, dict)) else v

problems = []
if not n(d["files"]) or n(d["files"]) < 2:
    problems.append("files=%r" % n(d["files"]))
if not n(d["reports"]):
    problems.append("reports=%r" % n(d["reports"]))
if not n(d["errors"]):
    problems.append("errors is empty although some samples are broken")
if not n(d["policies"]):
    problems.append("policies is empty")
if not (n(d["successful_sessions"]) or 0) > 0:
    problems.append("successful_sessions=%r" % d["successful_sessions"])
if not (n(d["failed_sessions"]) or 0) > 0:
    problems.append("failed_sessions=%r" % d["failed_sessions"])
if problems:
    sys.exit("; ".join(problems))
print("files=%s reports=%s errors=%s" % (n(d["files"]), n(d["reports"]), n(d["errors"])))
EOF
	ok "summary -json has all keys and plausible counts"
else
	bad "summary -json output is not as expected (see above); first bytes: $(head -c 300 "$tmp/summary_json.out")"
fi

# One good report reads cleanly.
run one "$BIN" summary "$ONE"
expect_rc one 0 "summary $ONE"
run one_json "$BIN" summary -json "$ONE"
expect_rc one_json 0 "summary -json $ONE"
if python3 - "$tmp/one_json.out" <<'EOF'; then
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
n = lambda v: len(v) if isinstance(v, (list, dict)) else v
assert n(d["reports"]) == 1, "reports=%r" % d["reports"]
assert not n(d["errors"]), "errors=%r" % d["errors"]
EOF
	ok "summary -json $ONE: one report, no errors"
else
	bad "summary -json $ONE: expected one report and no errors"
fi

# A missing input is an input failure, not a usage error.
run missing "$BIN" summary "$tmp/does-not-exist.json"
expect_rc missing 1 "summary of a missing file"

# Usage errors exit 2.
run usage_flag "$BIN" summary -no-such-flag "$SAMPLES"
expect_rc usage_flag 2 "summary with an unknown flag"
run usage_noargs "$BIN" summary
expect_rc usage_noargs 2 "summary without a path"
run usage_export "$BIN" export "$SAMPLES"
expect_rc usage_export 2 "export without -o"
run usage_size "$BIN" export -o "$tmp/x" -size nonsense "$SAMPLES"
expect_rc usage_size 2 "export with a bad -size"

# Export: charts, CSVs and the JSON summary.
out=$tmp/export
run export "$BIN" export -o "$out" "$SAMPLES"
expect_rc export "0 1" "export -o DIR $SAMPLES"
for f in domains.csv failures.csv policies.csv summary.json; do
	if [[ -s $out/$f ]]; then ok "export wrote $f"; else bad "export did not write $f"; fi
done
if python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$out/summary.json" 2>/dev/null; then
	ok "export summary.json is valid JSON"
else
	bad "export summary.json is not valid JSON"
fi
for f in domains.csv failures.csv policies.csv; do
	if [[ -s $out/$f ]] && python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
assert rows and all(len(r) == len(rows[0]) for r in rows), "ragged rows"
' "$out/$f"; then
		ok "$f is a rectangular CSV ($(wc -l <"$out/$f") lines)"
	else
		bad "$f is not a well-formed CSV"
	fi
done
shopt -s nullglob
pngs=("$out"/*.png)
if ((${#pngs[@]} >= 6)); then ok "export wrote ${#pngs[@]} PNG charts"; else bad "export wrote ${#pngs[@]} PNG files, want at least 6"; fi
badpng=0
for p in "${pngs[@]}"; do
	if ! identify -format '%m %w %h\n' "$p" >"$tmp/identify.out" 2>&1 || ! grep -q '^PNG [0-9]' "$tmp/identify.out"; then
		bad "$(basename "$p") is not a valid PNG: $(cat "$tmp/identify.out")"
		badpng=1
	fi
done
((badpng)) || ((${#pngs[@]} == 0)) || ok "all PNGs decode"

# -size sets the chart size.
out2=$tmp/export-size
run export_size "$BIN" export -o "$out2" -size 800x450 "$ONE"
expect_rc export_size 0 "export -size 800x450 $ONE"
pngs=("$out2"/*.png)
wrong=()
for p in "${pngs[@]}"; do
	dim=$(identify -format '%wx%h' "$p" 2>/dev/null || echo '?')
	[[ $dim == 800x450 ]] || wrong+=("$(basename "$p")=$dim")
done
if ((${#pngs[@]} > 0 && ${#wrong[@]} == 0)); then
	ok "export -size 800x450 gives 800x450 PNGs"
else
	bad "export -size 800x450: ${#pngs[@]} PNGs, wrong sizes: ${wrong[*]:-none}"
fi

# The library: import, dedupe, standard input, two importers at once,
# summary/export -library, library and library -forget, a damaged file.
lib=$tmp/library
run import "$BIN" import -library "$lib" "$SAMPLES"
expect_rc import 1 "import -library DIR $SAMPLES (some samples are broken)"
if grep -q '^55 inputs read: 36 reports new, 14 already in the library, 5 inputs could not be read, 1 warning\.$' "$tmp/import.out"; then
	ok "import counts 36 new reports, 14 repeats"
else
	bad "import printed: $(cat "$tmp/import.out")"
fi
run import_again "$BIN" import -library "$lib" "$SAMPLES"
if grep -q ': 0 reports new, 50 already in the library' "$tmp/import_again.out"; then
	ok "importing again adds nothing"
else
	bad "import again printed: $(cat "$tmp/import_again.out")"
fi
# An email as a mail server's delivery pipe passes it: 5 + 2 sessions.
cat >"$tmp/piped.eml" <<'EOF'
From: tlsrpt@reporter.example
Subject: Report Domain: example.org
Content-Type: application/tlsrpt+json

{"organization-name":"Piped Reporter","date-range":{"start-datetime":"2026-11-01T00:00:00Z","end-datetime":"2026-11-01T23:59:59Z"},"contact-info":"tlsrpt@reporter.example","report-id":"piped-1","policies":[{"policy":{"policy-type":"sts","policy-domain":"example.org"},"summary":{"total-successful-session-count":5,"total-failure-session-count":2}}]}
EOF
rc=0
"$BIN" import -library "$lib" - <"$tmp/piped.eml" >"$tmp/stdin.out" 2>&1 || rc=$?
expect_rc stdin 0 "import - from a pipe"
rc=0
"$BIN" summary -json - <testdata/real/tls_reporting_example.gz >"$tmp/summary_stdin.out" 2>&1 || rc=$?
if ((rc == 0)) && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["reports"] == 1, d' "$tmp/summary_stdin.out"; then
	ok "summary - reads a gzip report from a pipe"
else
	bad "summary - exit $rc: $(head -c 300 "$tmp/summary_stdin.out")"
fi
# Two importers on one library at the same time, over overlapping inputs.
mkdir -p "$tmp/two"
"$BIN" import -library "$tmp/two" "$SAMPLES" >"$tmp/two1.out" 2>&1 &
p1=$!
"$BIN" import -library "$tmp/two" testdata/real/*.json >"$tmp/two2.out" 2>&1 &
p2=$!
r1=0 r2=0
wait $p1 || r1=$?
wait $p2 || r2=$?
run two_summary "$BIN" summary -json -library "$tmp/two"
if ((r1 <= 1 && r2 <= 1)) && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["reports"] == 36 and d["duplicates"] == 0, d["reports"]' "$tmp/two_summary.out"; then
	ok "two imports at once into one library: 36 reports, none twice"
else
	bad "two imports at once: exits $r1 $r2; $(head -c 300 "$tmp/two_summary.out") $(cat "$tmp/two1.out" "$tmp/two2.out" | head -c 500)"
fi
run lib_summary "$BIN" summary -json -library "$lib"
expect_rc lib_summary 0 "summary -library DIR"
direct_sessions=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["successful_sessions"] + 5, d["failed_sessions"] + 2)' "$tmp/summary_json.out")
lib_sessions=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["successful_sessions"], d["failed_sessions"], d["reports"])' "$tmp/lib_summary.out" 2>/dev/null || echo '?')
if [[ $lib_sessions == "$direct_sessions 37" ]]; then
	ok "summary -library: the sessions of $SAMPLES, plus the piped report (37 reports)"
else
	bad "summary -library: '$lib_sessions', want '$direct_sessions 37'"
fi
run lib_export "$BIN" export -o "$tmp/lib_export" -library "$lib"
expect_rc lib_export 0 "export -library DIR"
run lib_info "$BIN" library -library "$lib"
expect_rc lib_info 0 "library -library DIR"
if grep -q '^Reports: 37$' "$tmp/lib_info.out" && [[ $(stat -c %a "$lib/library.db") == 600 && $(stat -c %a "$lib") == 700 ]]; then
	ok "library prints 37 reports; library.db is 0600, its folder 0700"
else
	bad "library: $(cat "$tmp/lib_info.out"); modes $(stat -c %a "$lib/library.db" "$lib")"
fi
# metrics: the text exposition format as Prometheus itself reads it (promtool
# accepts an empty input, so the four families must be there too).
run metrics "$BIN" metrics -library "$lib" -o "$tmp/tlsrpt.prom"
expect_rc metrics 0 "metrics -library DIR -o FILE"
if command -v promtool >/dev/null 2>&1; then
	missing=
	for f in tlsrpt_sessions_total tlsrpt_failed_sessions_total tlsrpt_findings tlsrpt_last_report_timestamp_seconds; do
		grep -q "^# TYPE $f " "$tmp/tlsrpt.prom" && grep -q "^$f{" "$tmp/tlsrpt.prom" || missing+=" $f"
	done
	if promtool check metrics <"$tmp/tlsrpt.prom" >"$tmp/promtool.out" 2>&1 && [[ -z $missing ]]; then
		ok "promtool check metrics accepts the metrics; all four families have samples"
	else
		bad "metrics: missing:${missing:- none}; promtool: $(head -c 600 "$tmp/promtool.out")"
	fi
else
	bad "promtool is missing (scripts/sysdeps.sh test installs Debian's prometheus)"
fi
# check: the plugin's status line and exit code, and -new reporting once.
# check judges as of the clock; -now pins it to the day after the samples'
# newest problem (2026-09-10), so their critical findings are current.
run check "$BIN" check -library "$lib" -now 2026-09-11
if ((rc == 2)) && grep -qE '^TLS-RPT CRITICAL - [0-9]+ findings \([0-9]+ critical' "$tmp/check.out" &&
	sed -n 1p "$tmp/check.out" | grep -qE '\| sessions=[0-9]+c failed=[0-9]+c critical=[0-9]+ warning=[0-9]+ info=[0-9]+ muted=[0-9]+ silence=[01]$'; then
	ok "check: CRITICAL on the samples, exit 2, perfdata after |"
else
	bad "check: exit $rc, $(head -c 400 "$tmp/check.out")"
fi
run check_new1 "$BIN" check -library "$lib" -new -now 2026-09-11
run check_new2 "$BIN" check -library "$lib" -new -now 2026-09-11
if ((rc == 0)) && grep -q '^TLS-RPT OK - nothing new since ' "$tmp/check_new2.out" && grep -q '^TLS-RPT CRITICAL - ' "$tmp/check_new1.out"; then
	ok "check -new: the findings once, then OK - nothing new"
else
	bad "check -new: exit $rc, $(head -c 300 "$tmp/check_new1.out") / $(head -c 300 "$tmp/check_new2.out")"
fi
rc=0
echo n | "$BIN" library -library "$lib" -forget >"$tmp/forget_no.out" 2>&1 || rc=$?
run forget "$BIN" library -library "$lib" -forget -yes
run after_forget "$BIN" summary -json -library "$lib"
if grep -q 'Nothing was forgotten' "$tmp/forget_no.out" && grep -q '^Forgot 37 reports' "$tmp/forget.out" &&
	python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["reports"] == 0' "$tmp/after_forget.out"; then
	ok "library -forget asks first; -yes empties the library"
else
	bad "library -forget: $(cat "$tmp/forget_no.out" "$tmp/forget.out")"
fi
mkdir -p "$tmp/home"
run default_lib env HOME="$tmp/home" XDG_DATA_HOME= "$BIN" library
if grep -qF "Library: $tmp/home/.local/share/tlsrpt-analyzer/library" "$tmp/default_lib.out"; then
	ok "the default library is in the user's data folder"
else
	bad "default library: $(cat "$tmp/default_lib.out" "$tmp/default_lib.err")"
fi
mkdir -p "$tmp/damaged"
printf 'my notes' >"$tmp/damaged/library.db"
run damaged "$BIN" import -library "$tmp/damaged" "$ONE"
if ((rc == 1)) && grep -q 'is not a TLS-RPT Analyzer library' "$tmp/damaged.err" && [[ $(cat "$tmp/damaged/library.db") == "my notes" ]]; then
	ok "a foreign file at the library path is named and left untouched"
else
	bad "damaged library: exit $rc, $(cat "$tmp/damaged.err")"
fi

# The CLI reads local files only: no network connections.
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
	strace -f -qq -e trace=connect -o "$tmp/strace.log" timeout 120 "$BIN" summary "$SAMPLES" >/dev/null 2>&1 || true
	if grep -E 'AF_INET6?' "$tmp/strace.log" >"$tmp/net.log"; then
		bad "summary opened network connections: $(head -n 3 "$tmp/net.log")"
	else
		ok "summary makes no network connections"
	fi
else
	echo "  skip  network check (strace unavailable)"
fi

echo "e2e: $passed passed, $failed failed"
((failed == 0))
