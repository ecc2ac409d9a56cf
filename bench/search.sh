#!/usr/bin/env bash
# bench/search.sh [EVENTS]: how fast podaudit search, timeline and show answer
# on a database of at least EVENTS stored events (default 1,000,000).
#
# The database (bench/out/search.db, deleted at the end unless KEEP_DB=1) is
# made from the real fixtures: they are ingested once (the seed: every
# keyed event of /work/shared/corpus/podman-enriched.log or FIXTURE, and of
# tests/data/*.log), then the seed's rows (events, paths, podman and runtime
# meanings) are copied K times by SQL, copy k moved k x (span + 60 s) later,
# with its own ids, serials, sessions and causes (cause_id + k x N), its own
# container IDs (the first 8 hex digits replaced by k) and names (web-k),
# and users spread over 20 identities (alice, alice1 .. alice19, auid + 100 x
# (k mod 20)), so that a user, a container or a minute selects a realistic
# share of the data, not 1/3 of it. The raw records are copied unchanged.
#
# Each query runs RUNS times (default 5) as a whole `podaudit` process
# (start, open, plan, read, print to /dev/null); the median wall-clock time is
# reported in ms, with the number of matching events and the index the plan
# uses (search --explain). Target: indexed searches (user, time range,
# container, key) under 100 ms. This is a measurement: the exit status is 0
# unless a command fails.
#
# Environment: RUNS; FIXTURE; KEEP_DB=1; REV (commit to build, default HEAD)
# or PODAUDIT (a binary to measure instead, e.g. build/cli/podaudit).
set -euo pipefail
export LC_ALL=C TZ=UTC

EVENTS=${1:-1000000}
RUNS=${RUNS:-5}
case $EVENTS in '' | *[!0-9]*) echo "usage: $0 [EVENTS]" >&2; exit 2 ;; esac
case $RUNS in '' | *[!0-9]* | 0) echo "$0: RUNS must be a positive integer" >&2; exit 2 ;; esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
. bench/lib.sh
OUT=bench/out
DB=$OUT/search.db
SEED=$OUT/search-seed.db
FIXTURE=${FIXTURE:-/work/shared/corpus/podman-enriched.log}
TMP=$(mktemp -d)
cleanup() {
	rm -rf "$TMP"
	rm -f "$SEED" "$SEED-wal" "$SEED-shm"
	if [ "${KEEP_DB:-0}" != 1 ]; then rm -f "$DB" "$DB-wal" "$DB-shm"; fi
}
trap cleanup EXIT
command -v sqlite3 >/dev/null || { echo "$0: sqlite3 not found (apt-get install -y sqlite3)" >&2; exit 1; }

# --- build (as bench/ingest.sh: a known commit, in bench/out/build) -------------
bench_build

# --- the database -------------------------------------------------------------------
bench_fixtures
rm -f "$SEED" "$SEED-wal" "$SEED-shm" "$DB" "$DB-wal" "$DB-shm"
"$PODAUDIT" ingest --db "$SEED" "${FIXTURES[@]}" >"$TMP/ingest.out"
sqlite3 "$SEED" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$SEED" "$DB"
read -r N SPAN M SEEDN < <(sqlite3 -separator ' ' "$DB" \
	"SELECT max(id), max(sec) - min(sec) + 60, max(serial) + 1, count(*) FROM event")
K=$(((EVENTS + SEEDN - 1) / SEEDN))
echo "seed: ${FIXTURES[*]}: $SEEDN events ($(tail -1 "$TMP/ingest.out"))"
echo "copies: $K (ids + k*$N, times + k*$SPAN s, serials + k*$M)"
t0=$EPOCHREALTIME
sqlite3 "$DB" <<EOF
PRAGMA synchronous = OFF;
CREATE TEMP TABLE k(n INTEGER PRIMARY KEY);
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < $K - 1)
INSERT INTO k SELECT n FROM c;
BEGIN;
INSERT INTO event (id, node, sec, msec, serial, type, key, syscall, success, exit, auid, uid,
  euid, gid, ses, tty, pid, ppid, comm, exe, cwd, argv, proctitle, user, raw, container_id,
  container_name, cause_id)
SELECT e.id + k.n * $N, node, sec + k.n * $SPAN, msec, serial + k.n * $M, type, key, syscall,
  success, exit,
  CASE WHEN auid IN (1001, 1002, 1003) THEN auid + 100 * (k.n % 20) ELSE auid END,
  uid, euid, gid, ses + k.n * 1000, tty, pid, ppid, comm, exe, cwd, argv, proctitle,
  CASE WHEN auid IN (1001, 1002, 1003) AND k.n % 20 > 0 THEN user || (k.n % 20) ELSE user END,
  raw,
  CASE WHEN container_id IS NULL THEN NULL ELSE printf('%08x', k.n) || substr(container_id, 9) END,
  CASE WHEN container_name IS NULL THEN NULL ELSE container_name || '-' || k.n END,
  cause_id + k.n * $N
FROM event e, k ORDER BY k.n, e.id;
INSERT INTO path (event_id, item, name, nametype, inode, mode, ouid)
SELECT event_id + k.n * $N, item, name, nametype, inode, mode, ouid FROM path, k;
INSERT INTO podman_cmd (event_id, mode, subcommand, object, container, image, pod, volume,
  risks, risks_json, internal, internal_reason)
SELECT event_id + k.n * $N, mode, subcommand, object,
  CASE WHEN container IS NULL THEN NULL
       WHEN length(container) = 64 AND container NOT GLOB '*[^0-9a-f]*'
       THEN printf('%08x', k.n) || substr(container, 9)
       ELSE container || '-' || k.n END,
  image, pod, volume, risks, risks_json, internal, internal_reason
FROM podman_cmd, k;
INSERT INTO runtime_cmd (event_id, runtime, action)
SELECT event_id + k.n * $N, runtime, action FROM runtime_cmd, k;
COMMIT;
EOF
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
t1=$EPOCHREALTIME
TOTAL=$(sqlite3 "$DB" "SELECT count(*) FROM event")
DBMB=$(($(stat -c %s "$DB") / 1000000))
echo "database: $DB, $TOTAL events, $DBMB MB, made in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') s"

# --- the queries ----------------------------------------------------------------------
C=$((K / 2)) # a copy in the middle
AUID=$((1001 + 100 * (C % 20)))
NAME=alice$((C % 20))
[ $((C % 20)) = 0 ] && NAME=alice
T=$(sqlite3 "$DB" "SELECT min(sec) + 3 FROM event WHERE id > $C * $N AND id <= ($C + 1) * $N")
SINCE=$(date -u -d "@$T" +%Y-%m-%dT%H:%M:%SZ)
UNTIL=$(date -u -d "@$((T + 60))" +%Y-%m-%dT%H:%M:%SZ)
CNAME=$(sqlite3 "$DB" "SELECT container_name FROM event WHERE container_name LIKE 'web-$C' LIMIT 1")
CID=$(sqlite3 "$DB" "SELECT container_id FROM event WHERE container_name = '$CNAME' AND container_id IS NOT NULL LIMIT 1")
SHOWID=$(sqlite3 "$DB" "SELECT id FROM podman_commands WHERE container = '$CNAME' AND subcommand = 'run' LIMIT 1")

# median ms of RUNS runs of the command; its stdout goes to /dev/null
median_ms() {
	local i t0 t1
	for ((i = 0; i < RUNS; i++)); do
		t0=$EPOCHREALTIME
		"$@" >/dev/null
		t1=$EPOCHREALTIME
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
# the index named by the plan's first search step (or SCAN when none)
plan() {
	"$PODAUDIT" search --db "$DB" "$@" --explain |
		awk '/USING (COVERING )?INDEX|INTEGER PRIMARY KEY|SCAN/ { print; exit }' |
		sed -e 's/^ *//' -e 's/SEARCH event USING //' -e 's/ (.*//'
}

printf '\n| query | matches | shown | ms (median of %d) | plan starts with |\n' "$RUNS"
printf '|---|---:|---:|---:|---|\n'
row() { # row LABEL KIND ARGS...: KIND search (all rows) or first (--limit 100)
	local label=$1 kind=$2 n shown ms p
	shift 2
	n=$("$PODAUDIT" search --db "$DB" "$@" --format csv | tail -n +2 | wc -l)
	if [ "$kind" = first ]; then
		shown=$((n < 100 ? n : 100))
		ms=$(median_ms "$PODAUDIT" search --db "$DB" "$@" --limit 100)
	else
		shown=$n
		ms=$(median_ms "$PODAUDIT" search --db "$DB" "$@")
	fi
	p=$(plan "$@")
	printf '| `search %s` | %d | %d | %s | %s |\n' "$label" "$n" "$shown" "$ms" "$p"
}
row "--user $AUID (auid)" first --user "$AUID"
row "--user $AUID --format raw" first --user "$AUID" --format raw
row "--user $NAME (name)" first --user "$NAME"
row "--user $NAME (name), all" all --user "$NAME"
row "--since/--until (1 minute)" all --since "$SINCE" --until "$UNTIL"
row "--container $CNAME" all --container "$CNAME"
row "--container ${CID:0:12} (ID prefix)" all --container "${CID:0:12}"
row "--key registry_auth" all --key registry_auth
row "--key podman_exec" first --key podman_exec
row "--user $AUID --key podman_exec --since/--until (1 min)" all --user "$AUID" --key podman_exec --since "$SINCE" --until "$UNTIL"
SES=$(sqlite3 "$DB" "SELECT ses FROM events WHERE id = $SHOWID")
row "--session $SES" all --session "$SES"
row "--command run" first --command run
row "--risky" first --risky
row "--failed --since/--until (1 min)" all --failed --since "$SINCE" --until "$UNTIL"
printf '| `timeline --container %s` | | | %s | |\n' "$CNAME" \
	"$(median_ms "$PODAUDIT" timeline --db "$DB" --container "$CNAME")"
printf '| `show %s` (a podman run) | | | %s | |\n' "$SHOWID" \
	"$(median_ms "$PODAUDIT" show --db "$DB" "$SHOWID")"
printf '| `podaudit --version` (process start alone) | | | %s | |\n' "$(median_ms "$PODAUDIT" --version)"

# The indexes a name or a session lookup needs (not in the schema: see
# bench/README.md), made on this copy to show what they change.
if [ "${WITH_INDEXES:-1}" = 1 ]; then
	t0=$EPOCHREALTIME
	sqlite3 "$DB" "CREATE INDEX bench_user_time ON event(user, sec); CREATE INDEX bench_ses_time ON event(ses, sec);"
	t1=$EPOCHREALTIME
	printf '| *with event(user, sec) and event(ses, sec), made in %s s:* | | | | |\n' \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }')"
	row "--user $NAME (name)" first --user "$NAME"
	row "--user $NAME (name), all" all --user "$NAME"
	row "--session $SES" all --session "$SES"
fi

echo
echo "matches: events matching (search --format csv | wc -l); shown: rows printed in the timed run"
echo "(--limit 100 for the broad filters: time to the first screenful)"
echo "measured: $MEASURED"
echo "on: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), SQLite $(sqlite3 --version | cut -d' ' -f1), page cache warm"
