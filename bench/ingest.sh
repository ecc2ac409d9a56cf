#!/usr/bin/env bash
# bench/ingest.sh [MB]: ingest throughput and memory against aureport.
#
# Builds (or reuses from bench/out/) a log of at least MB MiB (default 520)
# made of time-shifted, re-serialled copies of the real fixtures
# (bench/mklog.py), checks that it is a valid audit log whose per-key counts
# are the fixtures' counts times the number of copies, then times, on that
# same file:
#   - podaudit ingest into a fresh database (bench/out/ingest.db, same
#     filesystem as the log), with its peak resident memory;
#   - aureport -if LOG -k --summary.
# The page cache is warmed by reading the log once; the runs are then
# A I A I ... A (aureport RUNS+1 times, ingest RUNS times, default RUNS=1),
# each after a `sync`, and the best (lowest) elapsed time of each side is
# reported; peak RSS is the highest of the ingest runs.
#
# Exit status: 1 if the per-key counts of aureport, of the database and of
# the fixtures x copies disagree (or a tool fails); 0 otherwise, whether the
# targets (ratio <= 0.5, peak RSS < 64 MiB) are met or not: this is a
# measurement, not a test.
#
# Environment: RUNS (default 1); FIXTURE (default
# /work/shared/corpus/podman-enriched.log; tests/data/*.log are added when
# present); KEEP_DB=1 keeps the database afterwards; REV (commit to build and
# measure, default HEAD) or PODAUDIT (a binary to measure instead).
set -euo pipefail
export LC_ALL=C # sort, join and number formats

MB=${1:-520}
RUNS=${RUNS:-1}
case $MB in '' | *[!0-9]*) echo "usage: $0 [MB]" >&2; exit 2 ;; esac
case $RUNS in '' | *[!0-9]* | 0) echo "$0: RUNS must be a positive integer" >&2; exit 2 ;; esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. bench/lib.sh
OUT=bench/out
LOG=$OUT/big-$MB.log
DB=$OUT/ingest.db
FIXTURE=${FIXTURE:-/work/shared/corpus/podman-enriched.log}
TMP=$(mktemp -d)
cleanup() {
	rm -rf "$TMP"
	if [ "${KEEP_DB:-0}" != 1 ]; then rm -f "$DB" "$DB-wal" "$DB-shm"; fi
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1 || { echo "$0: $1 not found ($2)" >&2; exit 1; }; }
need aureport "apt-get install -y auditd"
need sqlite3 "apt-get install -y sqlite3"
need python3 "python3 is needed for bench/mklog.py"
[ -x /usr/bin/time ] || { echo "$0: /usr/bin/time not found (apt-get install -y time)" >&2; exit 1; }

# --- build: a known commit in bench/out/build, or PODAUDIT=path (bench/lib.sh) -------
bench_build

# --- fixtures and the big log ---------------------------------------------------
bench_fixtures

if [ ! -e "$LOG" ]; then
	# the log, plus a database of about 1.7x its size
	need_kb=$((MB * 1024 * 3))
	avail_kb=$(df -Pk "$OUT" | awk 'NR == 2 { print $4 }')
	if [ "$avail_kb" -lt "$need_kb" ]; then
		echo "$0: $OUT: $((avail_kb / 1024)) MiB free, about $((need_kb / 1024)) MiB needed" >&2
		exit 1
	fi
fi
# Work on a snapshot, so that a fixture being written meanwhile cannot make
# the log and the expected counts disagree.
mkdir -p "$TMP/fx"
SNAP=()
n=0
echo "fixtures:"
for f in "${FIXTURES[@]}"; do
	n=$((n + 1))
	s="$TMP/fx/$n-$(basename "$f")"
	cp "$f" "$s"
	SNAP+=("$s")
	echo "  $f ($(stat -c %s "$s") bytes, sha256 $(sha256sum "$s" | cut -c1-12))"
done
FIXTURES=("${SNAP[@]}")
gen=$(python3 bench/mklog.py --mb "$MB" --out "$LOG" "${FIXTURES[@]}")
COPIES=$(sed -n 's/.*copies=\([0-9]*\).*/\1/p' <<<"$gen")
case $gen in *cached=1*) how="reused" ;; *) how="generated" ;; esac
LOG_BYTES=$(stat -c %s "$LOG")
echo "log: $LOG, $how, $COPIES copies of each fixture, $(awk -v b="$LOG_BYTES" 'BEGIN { printf "%.1f", b / 1048576 }') MiB"

# key counts from `aureport -k --summary` output on stdin, as "key count" lines sorted by key
aureport_counts() { awk '/^ *[0-9]+ +[^ ]+ *$/ { print $2, $1 }' | LC_ALL=C sort; }

# expected: the fixtures' counts times the number of copies
for f in "${FIXTURES[@]}"; do aureport -if "$f" -k --summary | aureport_counts; done |
	awk -v k="$COPIES" '{ n[$1] += $2 } END { for (x in n) print x, n[x] * k }' | LC_ALL=C sort >"$TMP/expected"

# --- timing ----------------------------------------------------------------------
cat "$LOG" >/dev/null # warm the page cache

# Before each timed run, `sync` (not timed) flushes the dirty pages left by
# the previous run (a database of about 1.6x the log), so that one run does
# not pay for the write-back of another. Nothing is dropped from the cache.
run_aureport() { # $1: run number
	sync
	/usr/bin/time -f '%e %M %U %S' -o "$TMP/a$1.time" aureport -if "$LOG" -k --summary >"$TMP/a$1.out"
}
run_ingest() { # $1: run number
	rm -f "$DB" "$DB-wal" "$DB-shm"
	sync
	/usr/bin/time -f '%e %M %U %S' -o "$TMP/i$1.time" "$PODAUDIT" ingest --db "$DB" "$LOG" >"$TMP/i$1.out" 2>"$TMP/i$1.err" || {
		cat "$TMP/i$1.err" >&2
		echo "$0: podaudit ingest failed" >&2
		exit 1
	}
}
# How busy the machine is (other processes compete for the same CPUs): the
# 1-minute load average and, where the kernel has it, the share of the last
# 60 s during which some runnable task waited for a CPU.
load() {
	local psi=
	[ -r /proc/pressure/cpu ] && psi=", cpu pressure $(sed -n 's/^some avg10=[^ ]* avg60=\([^ ]*\).*/\1/p' /proc/pressure/cpu)%"
	echo "load average $(cut -d' ' -f1 /proc/loadavg)$psi"
}
LOAD_BEFORE=$(load)
for ((r = 1; r <= RUNS; r++)); do
	run_aureport "$r"
	run_ingest "$r"
done
run_aureport $((RUNS + 1))
LOAD_AFTER=$(load)

A_ALL=$(cat "$TMP"/a*.time | awk '{ print $1 }' | sort -n | tr '\n' ' ')
I_ALL=$(cat "$TMP"/i*.time | awk '{ print $1 }' | sort -n | tr '\n' ' ')
A_S=${A_ALL%% *}
I_S=${I_ALL%% *}
RSS_KB=$(cat "$TMP"/i*.time | awk '{ print $2 }' | sort -n | tail -1)
DB_BYTES=$(stat -c %s "$DB")
[ -e "$DB-wal" ] && DB_BYTES=$((DB_BYTES + $(stat -c %s "$DB-wal")))
SUMMARY=$(tail -1 "$TMP/i$RUNS.out")
EVENTS=$(sed -n 's/.*, \([0-9]*\) events read,.*/\1/p' <<<"$SUMMARY")

# --- counts ----------------------------------------------------------------------
aureport_counts <"$TMP/a1.out" >"$TMP/aureport"
sqlite3 -separator ' ' "$DB" "select coalesce(key, '(none)'), count(*) from event group by key" |
	LC_ALL=C sort >"$TMP/db"

echo
echo "podaudit: $SUMMARY"
if [ -s "$TMP/i$RUNS.err" ]; then
	echo "podaudit stderr (first lines):"
	head -5 "$TMP/i$RUNS.err" | sed 's/^/  /'
fi
echo
echo "per-key counts:"
join -a1 -a2 -e - -o 0,1.2,2.2 "$TMP/expected" "$TMP/aureport" | join -a1 -a2 -e - -o 0,1.2,1.3,2.2 - "$TMP/db" |
	awk 'BEGIN { printf "  %-26s %12s %12s %12s\n", "key", "fixtures x" ARGV[1], "aureport", "database"; ARGV[1] = "" }
	     { printf "  %-26s %12s %12s %12s%s\n", $1, $2, $3, $4, ($2 == $3 && $3 == $4) ? "" : "   MISMATCH" }' "$COPIES"
COUNTS_OK=1
if ! cmp -s "$TMP/expected" "$TMP/aureport"; then
	echo "MISMATCH: aureport's counts on $LOG are not the fixtures' counts x $COPIES: the log is not a valid copy"
	COUNTS_OK=0
fi
if ! cmp -s "$TMP/aureport" "$TMP/db"; then
	echo "MISMATCH: the database's counts differ from aureport's"
	COUNTS_OK=0
fi
if [ ! -s "$TMP/expected" ]; then
	echo "MISMATCH: no keyed event at all in the fixtures"
	COUNTS_OK=0
fi
[ "$COUNTS_OK" = 1 ] && echo "counts OK: aureport = database = fixtures x $COPIES for every key"

# --- figures ---------------------------------------------------------------------
echo
echo "elapsed s (sorted): ingest $I_ALL| aureport $A_ALL| best of each reported"
cpu() { awk '{ printf "%.2f+%.2f ", $3, $4 }' "$@"; }
echo "cpu s (user+sys, in run order): ingest $(cpu "$TMP"/i*.time)| aureport $(cpu "$TMP"/a*.time)"
awk -v i="$I_S" -v a="$A_S" -v ev="$EVENTS" -v rss="$RSS_KB" -v db="$DB_BYTES" -v lb="$LOG_BYTES" 'BEGIN {
	ratio = i / a
	printf "\n"
	printf "| log MiB | ingest s | aureport s | ratio | events/s | MiB/s | peak RSS MiB | DB MB |\n"
	printf "|--------:|---------:|-----------:|------:|---------:|------:|-------------:|------:|\n"
	printf "| %7.1f | %8.2f | %10.2f | %5.2f | %8.0f | %5.1f | %12.1f | %5.0f |\n",
		lb / 1048576, i, a, ratio, ev / i, lb / 1048576 / i, rss / 1024, db / 1e6
	printf "\n"
	printf "events/s: events read by ingest (every event, keyed or not) / ingest s; DB MB: database + WAL\n"
	printf "ratio ingest/aureport: %.2f (target <= 0.5): %s\n", ratio, ratio <= 0.5 ? "met" : "MISSED"
	printf "peak RSS of ingest: %.1f MiB (target < 64): %s\n", rss / 1024, rss / 1024 < 64 ? "met" : "MISSED"
}'
echo "measured: $MEASURED"
echo "machine: before the timed runs $LOAD_BEFORE; after them $LOAD_AFTER"
echo "on: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -h | awk '/^Mem:/ { print $2 }') RAM"

[ "$COUNTS_OK" = 1 ] || exit 1
exit 0
