#!/usr/bin/env bash
# Benchmarks `tlsrpt-analyzer summary` on a generated corpus of realistic
# reports against the floor of merely reading and gunzipping the same files
# (internal/tools/readfloor), and `import` and `summary -library` against
# `summary`, then runs the Go benchmarks of ./analysis/..., the charts and
# the window (the UI thread during a load; opening on the library)
#
#   scripts/bench.sh                 (what `make bench` runs)
#
# Environment:
#   BENCH_N     reports to generate (default 20000)
#   BENCH_DIR   corpus directory to use; generated there if missing or empty,
#               so a second run reuses it (default: a temporary directory)
#   BENCH_RUNS  timed runs of each command, interleaved (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."

N=${BENCH_N:-20000}
RUNS=${BENCH_RUNS:-5}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# GNU time gives the peak RSS that bash's `time` does not.
if [[ ! -x /usr/bin/time ]]; then
	echo "bench: installing GNU time" >&2
	apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi
# The analyzer links Fyne, whose cgo parts need system headers.
[[ -x scripts/sysdeps.sh ]] && scripts/sysdeps.sh build

echo "bench: building" >&2
go build -o "$TMP/tlsrpt-analyzer" .
go build -o "$TMP/readfloor" ./internal/tools/readfloor
go build -o "$TMP/corpusgen" ./internal/tools/corpusgen

DIR=${BENCH_DIR:-$TMP/corpus}
if [[ -z $(ls -A "$DIR" 2>/dev/null) ]]; then
	"$TMP/corpusgen" -n "$N" -o "$DIR" # prints its own timing
else
	echo "bench: using the corpus already in $DIR" >&2
fi

# An untimed read warms the page cache, so that every timed run reads from
# memory, and counts what the corpus holds.
counts=$("$TMP/readfloor" "$DIR") # "files=N bytes=B"
files=${counts#files=} files=${files%% *}
bytes=${counts##*bytes=}

# measure NAME MAXRC CMD...: runs CMD under GNU time, appends "seconds kB cpu-seconds"
# to $TMP/NAME. An exit status above MAXRC stops the benchmark.
measure() {
	local name=$1 maxrc=$2 rc=0
	shift 2
	/usr/bin/time -v -o "$TMP/time" "$@" >/dev/null 2>"$TMP/stderr" || rc=$?
	if ((rc > maxrc)); then
		echo "bench: '$*' exited with status $rc:" >&2
		tail -n 20 "$TMP/stderr" >&2
		exit 1
	fi
	# "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23" -> seconds.
	awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
			for (i = 1; i <= n; i++) s = s * 60 + p[i] }
		/User time|System time/ { cpu += $2 }
		/Maximum resident set size/ { kb = $2 }
		END { print s, kb, cpu }' "$TMP/time" >>"$TMP/$name"
}

# Interleaved, so that a slow spell of the machine hits both alike. Each
# run also imports the corpus into a new library and summarises that.
LIB=$TMP/library
for ((i = 1; i <= RUNS; i++)); do
	measure floor 0 "$TMP/readfloor" "$DIR"
	# summary exits 1 when the reports show failures, which is no error here.
	measure summary 1 "$TMP/tlsrpt-analyzer" summary -json "$DIR"
	rm -rf "$LIB"
	measure import 1 "$TMP/tlsrpt-analyzer" import -library "$LIB" "$DIR"
	measure libsummary 1 "$TMP/tlsrpt-analyzer" summary -json -library "$LIB"
	echo "bench: run $i/$RUNS: readfloor $(tail -n 1 "$TMP/floor" | cut -d' ' -f1)s," \
		"summary $(tail -n 1 "$TMP/summary" | cut -d' ' -f1)s," \
		"import $(tail -n 1 "$TMP/import" | cut -d' ' -f1)s," \
		"summary -library $(tail -n 1 "$TMP/libsummary" | cut -d' ' -f1)s" >&2
done

median() { cut -d' ' -f1 "$TMP/$1" | sort -g | awk '{ a[NR] = $1 }
	END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
peak() { cut -d' ' -f2 "$TMP/$1" | sort -g | tail -n 1; }
# cpu NAME: the median CPU time (user + system), steadier than wall time
# on a machine that other work shares.
cpu() { cut -d' ' -f3 "$TMP/$1" | sort -g | awk '{ a[NR] = $1 }
	END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo
printf 'corpus: %d files, %.1f MB of JSON, %s\n' "$files" "$(awk "BEGIN { print $bytes / 1e6 }")" "$DIR"
printf '%-28s %9s %11s %8s %13s\n' "median of $RUNS runs" "wall s" "reports/s" "MB/s" "peak RSS MiB"
row() {
	awk -v label="$1" -v t="$2" -v kb="$3" -v files="$files" -v bytes="$bytes" 'BEGIN {
		if (t > 0) printf "%-28s %9.2f %11.0f %8.1f %13.1f\n", label, t, files / t, bytes / 1e6 / t, kb / 1024
		else printf "%-28s %9.2f %11s %8s %13.1f\n", label, t, "-", "-", kb / 1024 }'
}
row "readfloor (read + gunzip)" "$(median floor)" "$(peak floor)"
row "tlsrpt-analyzer summary" "$(median summary)" "$(peak summary)"
row "import into a new library" "$(median import)" "$(peak import)"
row "summary -library" "$(median libsummary)" "$(peak libsummary)"
awk -v a="$(median floor)" -v b="$(median summary)" \
	'BEGIN { if (a > 0) printf "summary / readfloor: %.2fx\n", b / a }'
# The library's promises: import at most 2x summary, summary -library no
# slower than summary, at most 2x the compressed size on disk.
compressed=$(find "$DIR" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
ondisk=$(find "$LIB" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
awk -v s="$(median summary)" -v i="$(median import)" -v l="$(median libsummary)" -v c="$compressed" -v d="$ondisk" \
	-v sc="$(cpu summary)" -v ic="$(cpu import)" -v lc="$(cpu libsummary)" 'BEGIN {
	printf "import / summary: %.2fx wall, %.2fx CPU (promise: at most 2x)\n", i / s, ic / sc
	printf "summary -library / summary: %.2fx wall, %.2fx CPU (promise: at most 1x)\n", l / s, lc / sc
	printf "library on disk / reports compressed: %.1f MB / %.1f MB = %.2fx (promise: at most 2x)\n", d / 1e6, c / 1e6, d / c }'

echo
echo "bench: go test -bench ./analysis/... ./internal/charts" >&2
go test -run '^$' -bench . -benchmem ./analysis/... ./internal/charts
# The window's benchmark loads the same corpus through the UI code and
# reports the longest time the UI goroutine was busy at once (max-ui-ms).
echo "bench: go test -bench BenchmarkUIWorkDuringLoad ./ui (the corpus above)" >&2
BENCH_DIR="$DIR" CGO_ENABLED=0 go test -run '^$' -bench BenchmarkUIWorkDuringLoad -benchtime 3x ./ui
# The window opening on the library just made, until the overview and its
# charts are drawn (open-ms; the promise is at most 1,500 ms for 20,000).
echo "bench: go test -bench BenchmarkOpenLibrary ./ui (the library above)" >&2
BENCH_LIBRARY="$LIB" CGO_ENABLED=0 go test -run '^$' -bench BenchmarkOpenLibrary -benchtime 3x ./ui
