#!/usr/bin/env bash
# Malformed, truncated and hostile lines are counted, reported with file and
# line, and skipped; the rest of the file is ingested. Failures to read or to
# write give a clear message and a non-zero exit, and keep what was stored.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
need sqlite3
[ -f "$SAMPLE" ] || skip "sample log not found"

pa ingest --db "$TMP/ref.db" "$SAMPLE" > /dev/null
ref=$(db_digest "$TMP/ref.db")

# Garbage at known lines, a NUL byte, a 300 KiB line, a syslog-prefixed record.
{
	sed -n '1,100p' "$SAMPLE"
	echo "this is not an audit record"
	printf 'type=SYSCALL msg=audit(1.000:1): \0 nul inside\n'
	sed -n '101,200p' "$SAMPLE"
	head -c 300000 /dev/zero | tr '\0' 'A'; echo
	echo "Nov 22 12:00:00 host audispd: type=SYSCALL msg=audit(1.000:2): x"
	sed -n '201,$p' "$SAMPLE"
} > "$TMP/bad.log"
pa ingest --db "$TMP/bad.db" "$TMP/bad.log" > "$TMP/out" 2> "$TMP/err"
ok "malformed lines do not fail the run" test $? -eq 0
eq "the rest of the file is ingested" "$ref" "$(db_digest "$TMP/bad.db")"
ok "summary counts 4 malformed lines" grep -q ', 4 malformed lines' "$TMP/out"
ok "message names file and line 101" grep -q "bad.log:101: not an audit record: this is not" "$TMP/err"
ok "message names the NUL line 102" grep -q "bad.log:102: NUL byte" "$TMP/err"
ok "message names the long line 203" grep -q "bad.log:203: line too long" "$TMP/err"
ok "message names the syslog line 204" grep -q "bad.log:204: not an audit record" "$TMP/err"

# Terminal escapes in a malformed line are not sent to the terminal.
printf 'evil \033]0;owned\007 \033[2J line\n' > "$TMP/esc.log"
pa ingest --db "$TMP/esc.db" "$TMP/esc.log" > /dev/null 2> "$TMP/err"
ok "control characters in messages are escaped" grep -q 'evil \\x1b\]0;owned\\x07 \\x1b\[2J line' "$TMP/err"
ok "no raw ESC byte reaches stderr" bash -c "! grep -q $'\033' '$TMP/err'"

# A file cut in the middle of its last record.
n=$(wc -c < "$SAMPLE")
head -c $((n - 40)) "$SAMPLE" > "$TMP/cut.log"
pa ingest --db "$TMP/cut.db" "$TMP/cut.log" > "$TMP/out" 2>&1
ok "a truncated last line is ingested without error" test $? -eq 0
eq "all events but the cut one are intact" "$(q "$TMP/ref.db" 'SELECT count(*) FROM events')" "$(q "$TMP/cut.db" 'SELECT count(*) FROM events')"

# Unreadable inputs: a clear message, a non-zero exit, the other files still read.
pa ingest --db "$TMP/u.db" /nonexistent/audit.log "$SAMPLE" > "$TMP/out" 2> "$TMP/err"
ok "a missing file gives a non-zero exit" test $? -eq 1
ok "the message names the file" grep -q "/nonexistent/audit.log: cannot open: No such file" "$TMP/err"
eq "the other file is ingested" "$ref" "$(db_digest "$TMP/u.db")"

# A database that cannot be created.
pa ingest --db /proc/podaudit/x.db "$SAMPLE" > /dev/null 2> "$TMP/err"
ok "an impossible database path gives exit 1" test $? -eq 1
ok "and names it" grep -q "/proc/podaudit/x.db" "$TMP/err"

# A locked database: the write fails after the busy timeout, nothing is committed.
pa ingest --db "$TMP/l.db" "$TMP/cut.log" > /dev/null 2>&1
before=$(db_digest "$TMP/l.db")
printf "BEGIN IMMEDIATE;\n.shell sleep 8\nCOMMIT;\n" | sqlite3 "$TMP/l.db" > /dev/null &
sleep 1
printf '%s\n' "$(tail -n 5 "$SAMPLE")" > "$TMP/more.log"
pa ingest --db "$TMP/l.db" "$SAMPLE" > /dev/null 2> "$TMP/err"
ok "a locked database gives exit 1" test $? -eq 1
ok "with a clear message" grep -q "database is locked" "$TMP/err"
wait
eq "and nothing is committed" "$before" "$(db_digest "$TMP/l.db")"
pa ingest --db "$TMP/l.db" "$SAMPLE" > /dev/null
eq "a later run completes the data" "$ref" "$(db_digest "$TMP/l.db")"

# Disk full: a small tmpfs. The run fails, keeps whole batches, resumes later.
if [ "$(id -u)" = 0 ] && mkdir -p "$TMP/full" && mount -t tmpfs -o size=3m tmpfs "$TMP/full" 2>/dev/null; then
	shifted_copies "$SAMPLE" 3 "$TMP/three.log"
	pa ingest --db "$TMP/full/f.db" "$TMP/three.log" > /dev/null 2> "$TMP/err"
	ok "a full disk gives exit 1" test $? -eq 1
	ok "with a clear message" grep -qi "full" "$TMP/err"
	eq "what was committed is intact" "ok" "$(q "$TMP/full/f.db" 'PRAGMA integrity_check')"
	cp "$TMP/full/f.db" "$TMP/f.db"
	[ -f "$TMP/full/f.db-wal" ] && cp "$TMP/full/f.db-wal" "$TMP/f.db-wal"
	umount "$TMP/full"
	pa ingest --db "$TMP/ref3.db" "$TMP/three.log" > /dev/null
	pa ingest --db "$TMP/f.db" "$TMP/three.log" > /dev/null
	eq "with room again, a rerun ends with the clean run's events" "$(db_digest "$TMP/ref3.db")" "$(db_digest "$TMP/f.db")"
else
	echo "# skipped the disk-full case: cannot mount a tmpfs here"
fi
finish
