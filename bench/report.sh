#!/usr/bin/env bash
# bench/report.sh [MB]: podaudit report against aureport -k --summary.
#
# 1. Builds the committed tree of HEAD (or REV) in bench/out/build, as
#    bench/ingest.sh does (PODAUDIT=path measures a given binary instead).
# 2. Makes bench/out/big-MB.log (default 520 MiB) with bench/mklog.py from the
#    real fixtures, and ingests it into bench/out/report.db (ingest time
#    printed; ingest ends with the rollup refresh).
# 3. Measures what the rollups cost ingest: the same database with its
#    rollups emptied and its watermark at 0, refreshed from scratch by
#    `podaudit ingest` of an empty file (every event in one set-based pass),
#    and the refresh after one more round of the fixtures (a typical run).
# 4. Times `aureport -if LOG -k --summary` and `podaudit report` over the
#    whole log's time span (--format json and text), best of RUNS (default
#    3), prints the ratio (target: report <= aureport / 50) and checks that
#    the report's per-key counts equal aureport's.
# 5. Builds a 5-million-event database bench/out/report5m.db by SQL from
#    report.db: COPIES5M (default 10) more copies of every event row (and of
#    its podman_cmd and runtime_cmd rows), copy k with ids + k * (max id),
#    times + k * (span + 1 h) and serials + k * 10^9; paths are not copied
#    (no report reads them). Its rollups are made by the refresh at the end of
#    an ingest of an empty file (timed), then the report is timed on it
#    (target: under 1 s) and its per-key counts checked (copies + 1 times the
#    aureport counts).
# Files stay in bench/out (gitignored); the databases are deleted at the
# end unless KEEP_DB=1, the log is kept (cached, as bench/ingest.sh does).
# Needs aureport, sqlite3, jq, python3, GNU time, meson and ninja; about
# 12 GB of free disk for the 5M database.
set -euo pipefail
export LC_ALL=C

MB=${1:-520}
RUNS=${RUNS:-3}
COPIES5M=${COPIES5M:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. bench/lib.sh
OUT=bench/out
LOG=$OUT/big-$MB.log
DB=$OUT/report.db
DB5=$OUT/report5m.db
FIXTURE=${FIXTURE:-/work/shared/corpus/podman-enriched.log}
TMP=$(mktemp -d)
cleanup() {
	rm -rf "$TMP"
	if [ "${KEEP_DB:-0}" != 1 ]; then rm -f "$DB" "$DB-wal" "$DB-shm" "$DB5" "$DB5-wal" "$DB5-shm" "$OUT/reset.db"*; fi
}
trap cleanup EXIT
need() { command -v "$1" >/dev/null 2>&1 || { echo "$0: $1 not found" >&2; exit 1; }; }
need aureport
need sqlite3
need jq
need python3
[ -x /usr/bin/time ] || { echo "$0: /usr/bin/time not found (apt-get install -y time)" >&2; exit 1; }

# --- build ---------------------------------------------------------------------
bench_build

# --- the log and its database ----------------------------------------------------
bench_fixtures
mkdir -p "$TMP/fx"
SNAP=()
n=0
for f in "${FIXTURES[@]}"; do
	n=$((n + 1))
	cp "$f" "$TMP/fx/$n-$(basename "$f")"
	SNAP+=("$TMP/fx/$n-$(basename "$f")")
done
gen=$(python3 bench/mklog.py --mb "$MB" --out "$LOG" "${SNAP[@]}")
COPIES=$(sed -n 's/.*copies=\([0-9]*\).*/\1/p' <<<"$gen")
echo "log: $LOG ($(($(stat -c %s "$LOG") >> 20)) MiB, $COPIES copies of each fixture)"

timed() { # FILE CMD...: run CMD, elapsed seconds into FILE
	/usr/bin/time -f '%e' -o "$1" "${@:2}"
}
best() { sort -n "$@" | head -1; }

rm -f "$DB" "$DB-wal" "$DB-shm"
sync
timed "$TMP/ingest.time" "$PODAUDIT" ingest --db "$DB" "$LOG" >"$TMP/ingest.out"
EVENTS=$(sqlite3 "$DB" "SELECT count(*) FROM event")
echo "ingest: $(cat "$TMP/ingest.time") s, $EVENTS events stored ($(tail -1 "$TMP/ingest.out"))"
SINCE=$(sqlite3 "$DB" "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', min(sec), 'unixepoch') FROM event")
UNTIL=$(sqlite3 "$DB" "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', max(sec) + 1, 'unixepoch') FROM event")
WIN=(--since "$SINCE" --until "$UNTIL" --utc)

# --- what the rollups cost ingest ----------------------------------------------
: >"$TMP/empty.log"
cp "$DB" "$OUT/reset.db"
sqlite3 "$OUT/reset.db" "DELETE FROM rollup_event; DELETE FROM rollup_event_min; DELETE FROM rollup_podman; DELETE FROM rollup_target; DELETE FROM rollup_risky; UPDATE rollup_state SET last_id = 0"
sync
timed "$TMP/refresh_all.time" "$PODAUDIT" ingest --db "$OUT/reset.db" "$TMP/empty.log" >/dev/null
echo "refresh from scratch: $(cat "$TMP/refresh_all.time") s"
cmp -s <(sqlite3 "$DB" "SELECT * FROM rollup_event ORDER BY 1,2,3,4,5,6,7") \
	<(sqlite3 "$OUT/reset.db" "SELECT * FROM rollup_event ORDER BY 1,2,3,4,5,6,7") ||
	{ echo "$0: rollups rebuilt from scratch differ from the ingest's" >&2; exit 1; }
rm -f "$OUT/reset.db"*
# one more round of the fixtures, shifted after the log
python3 bench/mklog.py --mb 1 --out "$TMP/round.log" "${SNAP[@]}" >/dev/null
LAST=$(sqlite3 "$DB" "SELECT max(sec) FROM event")
python3 - "$TMP/round.log" "$LAST" <<'EOF'
import re, sys
p, last = sys.argv[1], int(sys.argv[2])
d = open(p, "rb").read()
lo = min(int(m.group(1)) for m in re.finditer(rb"msg=audit\((\d+)\.", d))
d = re.sub(rb"msg=audit\((\d+)\.(\d+):(\d+)\)",
           lambda m: b"msg=audit(%d.%s:%d)" % (int(m.group(1)) - lo + last + 3600, m.group(2), int(m.group(3)) + 10**12), d)
open(p, "wb").write(d)
EOF
cp "$DB" "$OUT/reset.db"
timed "$TMP/round.time" "$PODAUDIT" ingest --db "$OUT/reset.db" "$TMP/round.log" >/dev/null
ROUND_EVENTS=$(($(sqlite3 "$OUT/reset.db" "SELECT count(*) FROM event") - EVENTS))
rm -f "$OUT/reset.db"*

# --- report vs aureport ----------------------------------------------------------
cat "$LOG" >/dev/null
for ((r = 1; r <= RUNS; r++)); do
	timed "$TMP/a$r.time" aureport -if "$LOG" -k --summary >"$TMP/aureport.out"
	timed "$TMP/j$r.time" "$PODAUDIT" report --db "$DB" "${WIN[@]}" --format json -o "$TMP/report.json"
	timed "$TMP/t$r.time" "$PODAUDIT" report --db "$DB" "${WIN[@]}" -o "$TMP/report.txt"
done
A=$(best "$TMP"/a*.time)
J=$(best "$TMP"/j*.time)
T=$(best "$TMP"/t*.time)
awk '$1 ~ /^[0-9]+$/ && NF == 2 { print $2, $1 }' "$TMP/aureport.out" | sort >"$TMP/exp"
jq -r '.by_key | to_entries[] | "\(.key) \(.value)"' "$TMP/report.json" | sort >"$TMP/got"
cmp -s "$TMP/exp" "$TMP/got" && KEYS_OK=equal || KEYS_OK=DIFFER
# a plain GROUP BY over the events, for comparison
timed "$TMP/groupby.time" sqlite3 "$DB" "SELECT key, auid, exe, count(*) FROM event GROUP BY 1, 2, 3" >/dev/null

# --- 5 million events ----------------------------------------------------------
rm -f "$DB5" "$DB5-wal" "$DB5-shm"
cp "$DB" "$DB5"
M=$(sqlite3 "$DB5" "SELECT max(id) FROM event")
SPAN=$(sqlite3 "$DB5" "SELECT max(sec) - min(sec) + 3600 FROM event")
COLS="node, sec, msec, serial, type, key, syscall, success, exit, auid, uid, euid, gid, ses, tty, pid, ppid, comm, exe, cwd, argv, proctitle, user, raw, container_id, container_name, cause_id"
{
	echo "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; BEGIN;"
	for ((k = 1; k <= COPIES5M; k++)); do
		echo "INSERT INTO event(id, $COLS) SELECT id + $k * $M, node, sec + $k * $SPAN, msec, serial + $k * 1000000000, type, key, syscall, success, exit, auid, uid, euid, gid, ses, tty, pid, ppid, comm, exe, cwd, argv, proctitle, user, raw, container_id, container_name, cause_id + $k * $M FROM event WHERE id <= $M;"
		echo "INSERT INTO podman_cmd SELECT event_id + $k * $M, mode, subcommand, object, container, image, pod, volume, risks, risks_json, internal, internal_reason FROM podman_cmd WHERE event_id <= $M;"
		echo "INSERT INTO runtime_cmd SELECT event_id + $k * $M, runtime, action FROM runtime_cmd WHERE event_id <= $M;"
	done
	echo "COMMIT;"
} >"$TMP/dup.sql"
timed "$TMP/dup.time" sqlite3 "$DB5" <"$TMP/dup.sql" >/dev/null
echo "5M database: $(cat "$TMP/dup.time") s to duplicate"
EVENTS5=$(sqlite3 "$DB5" "SELECT count(*) FROM event")
timed "$TMP/refresh5.time" "$PODAUDIT" ingest --db "$DB5" "$TMP/empty.log" >/dev/null
echo "5M database: $(cat "$TMP/refresh5.time") s to refresh the rollups"
UNTIL5=$(sqlite3 "$DB5" "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', max(sec) + 1, 'unixepoch') FROM event")
WIN5=(--since "$SINCE" --until "$UNTIL5" --utc)
# a window whose edges cut 15-minute buckets: the partial buckets come from the events
CUT5=(--since "$(sqlite3 "$DB5" "SELECT strftime('%Y-%m-%dT%H:%M:%S', min(sec) + 437, 'unixepoch') FROM event").250Z"
	--until "$(sqlite3 "$DB5" "SELECT strftime('%Y-%m-%dT%H:%M:%S', (min(sec) + max(sec)) / 2 + 433, 'unixepoch') FROM event").750Z" --utc)
for ((r = 1; r <= RUNS; r++)); do
	timed "$TMP/j5$r.time" "$PODAUDIT" report --db "$DB5" "${WIN5[@]}" --format json -o "$TMP/report5.json"
	timed "$TMP/t5$r.time" "$PODAUDIT" report --db "$DB5" "${WIN5[@]}" -o "$TMP/report5.txt"
	timed "$TMP/w5$r.time" "$PODAUDIT" report --db "$DB5" "${CUT5[@]}" --format json -o "$TMP/cut5.json"
done
J5=$(best "$TMP"/j5*.time)
T5=$(best "$TMP"/t5*.time)
awk -v k=$((COPIES5M + 1)) '{ print $1, $2 * k }' "$TMP/exp" >"$TMP/exp5"
jq -r '.by_key | to_entries[] | "\(.key) \(.value)"' "$TMP/report5.json" | sort >"$TMP/got5"
cmp -s "$TMP/exp5" "$TMP/got5" && KEYS5_OK=equal || KEYS5_OK=DIFFER

# --- figures ----------------------------------------------------------------------
echo
echo "measured: $MEASURED"
echo "on: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(free -h | awk '/^Mem:/ { print $2 }') RAM"
echo
printf '| %-58s | %10s |\n' "what" "seconds"
printf '|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" "$(printf -- '-%.0s' {1..11})-"
printf '| %-58s | %10s |\n' "ingest, $EVENTS events (rollup refresh included)" "$(cat "$TMP/ingest.time")"
printf '| %-58s | %10s |\n' "rollup refresh of all $EVENTS events from scratch" "$(cat "$TMP/refresh_all.time")"
printf '| %-58s | %10s |\n' "ingest of one more round ($ROUND_EVENTS events) with its refresh" "$(cat "$TMP/round.time")"
printf '| %-58s | %10s |\n' "aureport -k --summary on the log (best of $RUNS)" "$A"
printf '| %-58s | %10s |\n' "podaudit report --format json, $EVENTS events" "$J"
printf '| %-58s | %10s |\n' "podaudit report (text), $EVENTS events" "$T"
printf '| %-58s | %10s |\n' "sqlite3: GROUP BY key, auid, exe over the events" "$(cat "$TMP/groupby.time")"
printf '| %-58s | %10s |\n' "5M database: SQL duplication ($COPIES5M copies)" "$(cat "$TMP/dup.time")"
printf '| %-58s | %10s |\n' "5M database: rollup refresh of the $((EVENTS5 - EVENTS)) new events" "$(cat "$TMP/refresh5.time")"
printf '| %-58s | %10s |\n' "podaudit report --format json, $EVENTS5 events" "$J5"
printf '| %-58s | %10s |\n' "podaudit report (text), $EVENTS5 events" "$T5"
printf '| %-58s | %10s |\n' "podaudit report --format json, 5M, half, edges mid-bucket" "$(best "$TMP"/w5*.time)"
echo
awk -v a="$A" -v j="$J" -v t="$T" -v j5="$J5" -v t5="$T5" 'BEGIN {
	r = (j > t ? j : t) / a
	printf "ratio report/aureport: %.4f (1/%.0f; target <= 1/50 = 0.02): %s\n", r, 1 / r, r <= 0.02 ? "met" : "MISSED"
	m = j5 > t5 ? j5 : t5
	printf "report on 5M events: %.2f s (target < 1 s): %s\n", m, m < 1 ? "met" : "MISSED"
}'
echo "per-key counts: report = aureport -k --summary: $KEYS_OK; 5M = $((COPIES5M + 1)) x aureport: $KEYS5_OK"
echo "risky commands listed: $(jq '.risky | length' "$TMP/report.json") and $(jq '.risky | length' "$TMP/report5.json"); json output $(($(stat -c %s "$TMP/report.json") >> 10)) KiB and $(($(stat -c %s "$TMP/report5.json") >> 10)) KiB"
echo "databases: $(($(stat -c %s "$DB") / 1000000)) MB and $(($(stat -c %s "$DB5") / 1000000)) MB; rows of rollup_event, _podman, _target: $(sqlite3 "$DB5" "SELECT (SELECT count(*) FROM rollup_event) + (SELECT count(*) FROM rollup_podman) + (SELECT count(*) FROM rollup_target)") in the 5M database"
[ "$KEYS_OK" = equal ] && [ "$KEYS5_OK" = equal ]
