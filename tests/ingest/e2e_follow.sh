#!/usr/bin/env bash
# --follow: events become queryable within about a second of being appended,
# a rotation in the middle loses nothing (the old file is finished first),
# truncation is noticed, and SIGTERM ends the run cleanly.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
need sqlite3
[ -f "$SAMPLE" ] || skip "sample log not found"

n=$(wc -l < "$SAMPLE")
a=$((n / 4)); b=$((n / 2)); c=$((3 * n / 4))
sed -n "1,${a}p" "$SAMPLE" > "$TMP/A"
sed -n "$((a + 1)),${b}p" "$SAMPLE" > "$TMP/B"
sed -n "$((b + 1)),${c}p" "$SAMPLE" > "$TMP/C"
sed -n "$((c + 1)),\$p" "$SAMPLE" > "$TMP/D"
expect() { cat "$@" > "$TMP/exp.log"; rm -f "$TMP/exp.db"*; pa ingest --db "$TMP/exp.db" "$TMP/exp.log" > /dev/null; q "$TMP/exp.db" 'SELECT count(*) FROM events'; }
# wait_for N: until the database holds N events (10 s at most); prints the milliseconds waited.
wait_for() {
	local t0=$(date +%s%N) now
	while :; do
		now=$(q "$DB" 'SELECT count(*) FROM events' 2>/dev/null || echo 0)
		[ "$now" = "$1" ] && break
		[ $(( ($(date +%s%N) - t0) / 1000000 )) -gt 10000 ] && { echo timeout; return; }
		sleep 0.05
	done
	echo $(( ($(date +%s%N) - t0) / 1000000 ))
}

mkdir "$TMP/log"
LOG=$TMP/log/audit.log
DB=$TMP/follow.db
cp "$TMP/A" "$LOG"
"$PODAUDIT_BIN" ingest --follow --db "$DB" "$LOG" > "$TMP/out" 2> "$TMP/err" &
pid=$!
nA=$(expect "$TMP/A")
waited=$(wait_for "$nA")
ok "the existing content is ingested ($waited ms)" test "$waited" != timeout

# Appends, in pieces of a few hundred lines, as auditd writes.
split -l 300 "$TMP/B" "$TMP/Bpart."
for p in "$TMP"/Bpart.*; do cat "$p" >> "$LOG"; sleep 0.1; done
nAB=$(expect "$TMP/A" "$TMP/B")
waited=$(wait_for "$nAB")
ok "appended events are queryable within about a second ($waited ms)" \
	bash -c "[ '$waited' != timeout ] && [ '$waited' -lt 1500 ]"

# Rotation: the last lines are written just before the rename, then a new file.
head -n 200 "$TMP/C" >> "$LOG"
mv "$LOG" "$LOG.1"
tail -n +201 "$TMP/C" > "$LOG"
nABC=$(expect "$TMP/A" "$TMP/B" "$TMP/C")
waited=$(wait_for "$nABC")
ok "after rotation, the old file is finished and the new one read ($waited ms)" test "$waited" != timeout

# Truncation: the file is emptied and written again.
: > "$LOG"
sleep 0.5
cat "$TMP/D" > "$LOG"
nall=$(expect "$TMP/A" "$TMP/B" "$TMP/C" "$TMP/D")
waited=$(wait_for "$nall")
ok "after truncation, the new content is read ($waited ms)" test "$waited" != timeout

kill -TERM "$pid"
wait "$pid"
ok "SIGTERM ends the follower with exit 0" test $? -eq 0
ok "rotation was noticed" grep -q "rotated" "$TMP/err"
ok "truncation was noticed" grep -q "truncated" "$TMP/err"
eq "the same events, byte for byte, as one clean run" "$(db_digest "$TMP/exp.db")" "$(db_digest "$DB")"

# A restart resumes from the cursors: nothing more, nothing twice.
pa ingest --db "$DB" "$LOG.1" "$LOG" > "$TMP/out2"
ok "a later run finds nothing new" grep -q ' 0 stored' "$TMP/out2"
finish
