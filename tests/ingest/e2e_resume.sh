#!/usr/bin/env bash
# Exactly once: running twice adds nothing, overlapping inputs store each
# event once, and SIGKILL at random points followed by a rerun ends with
# exactly the events of one clean run.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
need sqlite3
[ -f "$SAMPLE" ] || skip "sample log not found"

# Idempotence.
pa ingest --db "$TMP/a.db" "$SAMPLE" > /dev/null
clean=$(db_digest "$TMP/a.db")
out=$(pa ingest --db "$TMP/a.db" "$SAMPLE")
eq "second run reads nothing new" "1 file, 0 events read, 0 stored, 0 already present, 0 malformed lines" "$out"
eq "second run changes nothing" "$clean" "$(db_digest "$TMP/a.db")"

# A copy of the file (another inode, same fingerprint) resumes at the same place.
cp "$SAMPLE" "$TMP/copy.log"
out=$(pa ingest --db "$TMP/a.db" "$TMP/copy.log")
eq "a copy of an ingested file is recognised by its fingerprint" "1 file, 0 events read, 0 stored, 0 already present, 0 malformed lines" "$out"

# Overlapping inputs: two slices sharing their middle third.
n=$(wc -l < "$SAMPLE")
head -n $((n * 2 / 3)) "$SAMPLE" > "$TMP/first.log"
tail -n +$((n / 3)) "$SAMPLE" > "$TMP/second.log"
pa ingest --db "$TMP/o.db" "$TMP/first.log" "$TMP/second.log" > "$TMP/o.out"
eq "overlapping files store each event once, raw intact" "$clean" "$(db_digest "$TMP/o.db")"
present=$(sed -n 's/.* stored, \([0-9]*\) already present.*/\1/p' "$TMP/o.out")
ok "the overlap is reported as already present ($present)" test "$present" -gt 0

# SIGKILL at random points, then resume; several rounds on a larger input.
shifted_copies "$SAMPLE" 12 "$TMP/big.log"
pa ingest --db "$TMP/ref.db" "$TMP/big.log" > /dev/null
ref=$(db_digest "$TMP/ref.db")
refn=$(q "$TMP/ref.db" 'SELECT count(*) FROM events')
start=$(date +%s%N)
pa ingest --db "$TMP/time.db" "$TMP/big.log" > /dev/null
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -gt 20 ] || ms=20
for round in 1 2 3 4 5; do
	db=$TMP/kill$round.db
	kills=0
	while :; do
		"$PODAUDIT_BIN" ingest --db "$db" "$TMP/big.log" > "$TMP/kill.out" 2>&1 &
		pid=$!
		# Somewhere in the first 90% of a clean run's time.
		delay=$(( (RANDOM % 90 + 1) * ms / 100 ))
		sleep "$(printf '0.%03d' "$delay")" 2>/dev/null || sleep 0.05
		if kill -9 "$pid" 2>/dev/null; then
			wait "$pid" 2>/dev/null
			kills=$((kills + 1))
		else
			wait "$pid"
			break
		fi
		[ "$kills" -lt 6 ] || { pa ingest --db "$db" "$TMP/big.log" > /dev/null; break; }
	done
	got=$(q "$db" 'SELECT count(*) FROM events')
	echo "# round $round: killed $kills times"
	eq "round $round: after $kills SIGKILLs and a rerun, the same $refn events, no duplicate" "$ref" "$(db_digest "$db")"
	eq "round $round: integrity check" "ok" "$(q "$db" 'PRAGMA integrity_check')"
done
finish
