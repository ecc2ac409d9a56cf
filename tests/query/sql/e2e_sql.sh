#!/usr/bin/env bash
# podaudit sql on a real database (podaudit ingest of tests/data/podman-session.log):
# writes, ATTACH, pragma changes, VACUUM, load_extension, several statements and
# transactions are refused with a clear message and leave the database file and
# its WAL byte for byte as they were; reads give what the sqlite3 shell gives;
# hostile argv bytes come out escaped in every format.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
need sqlite3
SESSION=$PODAUDIT_SRCDIR/tests/data/podman-session.log
[ -f "$SESSION" ] || skip "tests/data/podman-session.log not found"

DB=$TMP/s.db
pa ingest --db "$DB" "$SESSION" > /dev/null || { echo "ingest failed"; exit 1; }

# What must not change: the database file and its WAL, byte for byte.
files_digest() { { cat "$DB"; echo WAL; cat "$DB-wal" 2>/dev/null; } | md5sum | cut -d' ' -f1; }
dump_digest() { sqlite3 "$DB" .dump | md5sum | cut -d' ' -f1; }

dump_before=$(dump_digest)

# Keep a writer's WAL alive while the refused queries run: a sqlite3 shell that
# changed rows (without checkpointing) and keeps its connection open until its
# standard input is closed. (Two updates that cancel out: the data stays the
# same, the WAL gets frames.)
coproc WRITER { sqlite3 "$DB" > /dev/null 2>&1; }
writer=$WRITER_PID
printf '%s\n' 'PRAGMA wal_autocheckpoint = 0;' 'CREATE TEMP TABLE k AS SELECT user FROM event WHERE id = 1;' \
	"UPDATE event SET user = 'x' WHERE id = 1;" 'UPDATE event SET user = (SELECT user FROM k) WHERE id = 1;' \
	".shell touch $TMP/writer-done" >&"${WRITER[1]}"
for _ in $(seq 100); do [ -e "$TMP/writer-done" ] && break; sleep 0.1; done
ok "the WAL holds frames while the refused queries run" test -s "$DB-wal"
files_before=$(files_digest)

# refuse QUERY EXPECTED-MESSAGE-PART: exit 1, "podaudit: refused: ...", no output, nothing changed.
refuse() {
	local q=$1 want=$2 rc before after
	before=$(files_digest)
	pa sql --db "$DB" -- "$q" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	after=$(files_digest)
	checks=$((checks + 1))
	if [ "$rc" -eq 1 ] && grep -qF "podaudit: refused: " "$TMP/err" && grep -qF -- "$want" "$TMP/err" &&
		[ ! -s "$TMP/out" ] && [ "$before" = "$after" ]; then
		echo "ok - refused: $q"
	else
		echo "not ok - refused: $q (exit $rc, stderr: $(cat "$TMP/err"), database $([ "$before" = "$after" ] && echo unchanged || echo CHANGED))"
		failures=$((failures + 1))
	fi
}

refuse "INSERT INTO event(sec, msec, serial, type, raw) VALUES (1, 1, 1, 'x', '')" "would write to table event (INSERT)"
refuse "INSERT INTO events(id) VALUES (1)" "would write to table events"
refuse "UPDATE event SET user = 'mallory'" "would write to table event (UPDATE)"
refuse "UPDATE events SET user = 'mallory'" "would write to view events"
refuse "DELETE FROM event" "would write to table event (DELETE)"
refuse "DELETE FROM events" "would write to view events"
refuse "DELETE FROM source_cursor" "would write to table source_cursor (DELETE)"
refuse "REPLACE INTO event(id, sec, msec, serial, type, raw) VALUES (1, 1, 1, 1, 'x', '')" "would write to table event (INSERT)"
refuse "WITH doomed AS (SELECT id FROM events) DELETE FROM event WHERE id IN doomed" "would write to table event (DELETE)"
refuse "WITH x(a) AS (SELECT 1) INSERT INTO path(event_id, item) SELECT a, a FROM x" "would write to table path (INSERT)"
refuse "CREATE TABLE evil(a)" "would create table evil"
refuse "CREATE TEMP TABLE evil(a)" "would create temporary table evil"
refuse "CREATE TEMP TABLE evil AS SELECT * FROM events" "would create temporary table evil"
refuse "CREATE VIEW evil AS SELECT 1" "would create view evil"
refuse "CREATE TEMP VIEW evil AS SELECT 1" "would create view evil"
refuse "CREATE TRIGGER evil AFTER INSERT ON event BEGIN DELETE FROM event; END" "would create trigger evil on table event"
refuse "CREATE INDEX evil ON event(pid)" "would create index evil on table event"
refuse "DROP TABLE event" "would drop table event"
refuse "DROP VIEW events" "would drop view events"
refuse "DROP INDEX event_time" "would drop index event_time"
refuse "ALTER TABLE event RENAME TO gone" "would alter table event"
refuse "ATTACH 'x.db' AS x" "would attach database file 'x.db'"
refuse "ATTACH '$TMP/other.db' AS other" "would attach database file"
refuse "DETACH main" "would detach database main"
refuse "PRAGMA journal_mode=DELETE" "would change a setting: PRAGMA journal_mode = DELETE"
refuse "PRAGMA user_version=9" "would change a setting: PRAGMA user_version = 9"
refuse "PRAGMA writable_schema=1" "would change a setting: PRAGMA writable_schema = 1"
refuse "PRAGMA query_only=0" "would change a setting: PRAGMA query_only = 0"
refuse "PRAGMA wal_checkpoint(TRUNCATE)" "PRAGMA wal_checkpoint = TRUNCATE"
refuse "PRAGMA journal_mode" "PRAGMA journal_mode is not one of the read-only pragmas"
refuse "VACUUM" "(VACUUM)"
refuse "VACUUM INTO '$TMP/copy.db'" "(VACUUM)"
refuse "REINDEX" "would rebuild index"
refuse "ANALYZE" "refused: the query would"
refuse "SELECT load_extension('x')" "calls load_extension(), which loads code"
refuse "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libsqlite3.so.0', 'sqlite3_extension_init')" "load_extension()"
refuse "SELECT fts3_tokenizer('simple')" "calls fts3_tokenizer()"
refuse "SELECT 1; DELETE FROM event" "more than one statement"
refuse "SELECT 1; SELECT 2" "the second begins: SELECT 2"
refuse "BEGIN; DELETE FROM event; COMMIT" "would control a transaction (BEGIN)"
refuse "BEGIN IMMEDIATE" "would control a transaction (BEGIN)"
refuse "SAVEPOINT s" "would control a savepoint (SAVEPOINT s)"
refuse "UPDATE sqlite_master SET sql = ''" "would write to the schema (table sqlite_master)"
refuse "EXPLAIN DELETE FROM event" "would write to table event (DELETE)"
ok "VACUUM INTO wrote no file" test ! -e "$TMP/copy.db"
ok "ATTACH created no file" test ! -e "$TMP/other.db" -a ! -e x.db

# writefile() is a sqlite3 shell function; the library podaudit links has none.
pa sql --db "$DB" "SELECT writefile('$TMP/written', 'data')" > /dev/null 2> "$TMP/err"
ok "writefile() fails with exit 1" test $? -eq 1
ok "and writes nothing" test ! -e "$TMP/written"

# Reads see the live WAL and leave it alone.
eq "reads work while another connection holds the WAL" "902" "$(pa sql --db "$DB" --format csv "SELECT count(*) FROM events" | tail -n 1)"
eq "the database file and its WAL are unchanged" "$files_before" "$(files_digest)"
exec {WRITER[1]}>&-
wait "$writer"
eq "the database holds what it held (sqlite3 .dump)" "$dump_before" "$(dump_digest)"

# Reads give what the sqlite3 shell gives (both CSVs imported by sqlite3 and compared
# value by value: the two quote differently, e.g. the shell quotes cells with blanks).
same_as_shell() {
	local what=$1 q=$2
	sqlite3 -csv -header "$DB" "$q" > "$TMP/shell.csv"
	pa sql --db "$DB" --format csv "$q" > "$TMP/pa.csv" || { eq "$what" "exit 0" "failed"; return; }
	sqlite3 -header :memory: ".import --csv $TMP/shell.csv a" ".mode quote" "SELECT * FROM a" > "$TMP/a.txt"
	sqlite3 -header :memory: ".import --csv $TMP/pa.csv b" ".mode quote" "SELECT * FROM b" > "$TMP/b.txt"
	checks=$((checks + 1))
	if [ "$(wc -l < "$TMP/a.txt")" -gt 1 ] && cmp -s "$TMP/a.txt" "$TMP/b.txt"; then
		echo "ok - $what ($(wc -l < "$TMP/a.txt") rows, as the sqlite3 shell)"
	else
		echo "not ok - $what differs from the sqlite3 shell"; diff "$TMP/a.txt" "$TMP/b.txt" | head -5
		failures=$((failures + 1))
	fi
}
same_as_shell "podman commands" "SELECT id, time, user, mode, subcommand, object, container, image, internal, internal_reason, success, exit FROM podman_commands ORDER BY id"
same_as_shell "every event" "SELECT id, time, epoch, msec, serial, type, key, syscall, success, exit, auid, uid, euid, gid, ses, tty, pid, ppid, comm, exe, cwd, user, container_id, container_name, cause_id FROM events ORDER BY id"
same_as_shell "join of events and paths" "SELECT e.id, e.key, p.item, p.name, p.nametype, p.inode, p.mode FROM events e JOIN paths p ON p.event_id = e.id ORDER BY e.id, p.item"
same_as_shell "join of podman and runtime commands" "SELECT p.id, p.subcommand, r.runtime, r.action, count(*) FROM podman_commands p JOIN runtime_commands r ON r.cause_id = p.id GROUP BY p.id, r.runtime, r.action ORDER BY 1, 3, 4"
same_as_shell "aggregates" "SELECT user, count(*), min(epoch), max(epoch), avg(msec), sum(exit), total(msec) / 7 FROM events GROUP BY user ORDER BY user"
same_as_shell "what each command caused" "SELECT p.id, p.user, p.subcommand, count(e.id) AS caused, count(DISTINCT e.key) AS keys FROM podman_commands p LEFT JOIN events e ON e.cause_id = p.id GROUP BY p.id ORDER BY p.id"
same_as_shell "users" "SELECT * FROM users ORDER BY auid, user"
same_as_shell "arguments through json_each" "SELECT p.id, j.key, j.value FROM podman_commands p, json_each(p.argv) j WHERE p.internal = 0 AND j.value NOT LIKE '-%' ORDER BY p.id, j.key"

# Counts that overlap aureport's are aureport's.
if command -v aureport > /dev/null 2>&1; then
	eq "per-key counts equal aureport's" "$(aureport_keys "$SESSION")" \
		"$(pa sql --db "$DB" --format csv "SELECT key, count(*) FROM events WHERE key IS NOT NULL GROUP BY key ORDER BY key" | tail -n +2 | tr ',' ' ')"
fi

# The other formats on real data.
pa sql --db "$DB" --width 80 "SELECT id, user, subcommand, container, image, argv FROM podman_commands ORDER BY id" > "$TMP/table"
ok "table: exit 0" test $? -eq 0
eq "table: header, underline, 10 rows, count" "13" "$(wc -l < "$TMP/table")"
eq "table: the count line" "(10 rows)" "$(tail -n 1 "$TMP/table")"
ok "table: every line fits 80 columns" bash -c "! sed 's/…/./g' '$TMP/table' | awk 'length(\$0) > 80 { bad = 1 } END { exit !bad }'"
ok "table: long cells end in an ellipsis" grep -q '…$' "$TMP/table"
ok "table: NULL shown as NULL" grep -q ' NULL ' "$TMP/table"
if command -v jq > /dev/null 2>&1; then
	pa sql --db "$DB" --format json "SELECT id, argv, internal, container FROM podman_commands ORDER BY id" > "$TMP/json"
	eq "json: valid, one object per row" "10" "$(jq length "$TMP/json")"
	eq "json: integers are numbers, NULL is null" "number null" "$(jq -r '[(.[0].id | type), (.[7].container | type)] | join(" ")' "$TMP/json")"
	eq "json: argv text holds the JSON array" "podman" "$(jq -r '.[0].argv | fromjson | .[0]' "$TMP/json")"
else
	echo "# jq is not installed: JSON checks left to test_sql"
fi

# Hostile argv: ESC sequences, a newline, invalid UTF-8, a spreadsheet formula, "NULL".
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F; }
hostile_event() { # SERIAL NAME
	printf 'type=SYSCALL msg=audit(1795350600.100:%s): arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=0 ppid=100 pid=%s auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="podman" exe="/usr/bin/podman" key="podman_exec"\n' "$1" "$1"
	printf 'type=EXECVE msg=audit(1795350600.100:%s): argc=5 a0="podman" a1="run" a2="--name" a3=%s a4="localhost/bb:1"\n' "$1" "$(hex "$2")"
	printf 'type=PROCTITLE msg=audit(1795350600.100:%s): proctitle=%s\n' "$1" "$(hex "podman")"
}
{
	hostile_event 1 $'\e]0;owned\a\e[2Jred'
	hostile_event 2 $'two\nlines'
	hostile_event 3 $'caf\xe9'
	hostile_event 4 "=cmd|' /C calc'!A0"
	hostile_event 5 "NULL"
} > "$TMP/hostile.log"
HDB=$TMP/h.db
pa ingest --db "$HDB" "$TMP/hostile.log" > /dev/null
eq "the hostile names are stored byte for byte" "$(hex $'\e]0;owned\a\e[2Jred')" \
	"$(q "$HDB" "SELECT hex(container) FROM podman_commands WHERE serial = 1")"
HQ="SELECT serial, container FROM podman_commands ORDER BY serial"
pa sql --db "$HDB" "$HQ" > "$TMP/h.table"
ok "table: no ESC or BEL byte reaches the terminal" bash -c "! grep -q $'[\e\a]' '$TMP/h.table'"
ok "table: ESC and BEL shown as \\x1b and \\x07" grep -qF '\x1b]0;owned\x07\x1b[2Jred' "$TMP/h.table"
ok "table: the newline is shown as \\n, on one line" grep -qF '     2  two\nlines' "$TMP/h.table"
ok "table: invalid UTF-8 as \\xe9" grep -qF 'caf\xe9' "$TMP/h.table"
ok "table: the text NULL is not shown as NULL" grep -qF '     5  \x4eULL' "$TMP/h.table"
eq "table: 5 rows" "(5 rows)" "$(tail -n 1 "$TMP/h.table")"
pa sql --db "$HDB" --format csv "$HQ" > "$TMP/h.csv"
ok "csv: the formula is neutralised" grep -qF "4,'=cmd|' /C calc'!A0" "$TMP/h.csv"
ok "csv: the newline cell is quoted" grep -qF '2,"two' "$TMP/h.csv"
ok "csv: invalid UTF-8 as \\xe9" grep -qF '3,caf\xe9' "$TMP/h.csv"
pa sql --db "$HDB" --format json "$HQ" > "$TMP/h.json"
ok "json: ESC as \\u001b" grep -qF '"\u001b]0;owned\u0007\u001b[2Jred"' "$TMP/h.json"
ok "json: invalid UTF-8 as \\udce9" grep -qF '"caf\udce9"' "$TMP/h.json"
ok "json: no raw control byte" bash -c "! grep -q $'[\e\a]' '$TMP/h.json'"
if command -v jq > /dev/null 2>&1; then
	eq "json: parses, newline restored" "two
lines" "$(jq -r '.[1].container' "$TMP/h.json")"
fi
pa sql --db "$HDB" "SELECT 1 AS \"$(printf '\e[31m')col\"" > "$TMP/h.col"
ok "table: column names are escaped too" grep -qF '\x1b[31mcol' "$TMP/h.col"

# Errors: SQLite's message and exit 1; a missing database is named and not created.
pa sql --db "$DB" "SELEC * FROM events" > "$TMP/out" 2> "$TMP/err"
ok "bad SQL: exit 1" test $? -eq 1
eq "bad SQL: SQLite's message" 'podaudit: near "SELEC": syntax error' "$(cat "$TMP/err")"
pa sql --db "$DB" "SELECT nosuch FROM events" > /dev/null 2> "$TMP/err"
eq "unknown column: SQLite's message" "podaudit: no such column: nosuch" "$(cat "$TMP/err")"
pa sql --db "$TMP/none/missing.db" "SELECT 1" > /dev/null 2> "$TMP/err"
ok "missing database: exit 1" test $? -eq 1
ok "missing database: named, with a hint" grep -qF "$TMP/none/missing.db: no such database (podaudit ingest creates it" "$TMP/err"
ok "missing database: not created" test ! -e "$TMP/none"
pa sql --db "$TMP/missing.db" "SELECT 1" > /dev/null 2>&1
ok "missing database in an existing directory: not created" test ! -e "$TMP/missing.db"
eq "PODAUDIT_DB names the database" "902" "$(PODAUDIT_DB=$DB pa sql --format csv "SELECT count(*) FROM events" | tail -n 1)"
eq "the query can come from standard input" "902" "$(echo "SELECT count(*) FROM events" | pa sql --db "$DB" --format csv - | tail -n 1)"
eq "a query beginning with -- after --" "1" "$(pa sql --db "$DB" --format csv -- "-- a comment
SELECT 1 AS one" | tail -n 1)"

# Usage errors: exit 2.
pa sql --db "$DB" > /dev/null 2>&1
eq "no query: exit 2" "2" "$?"
pa sql --db "$DB" "SELECT 1" "SELECT 2" > /dev/null 2>&1
eq "two queries: exit 2" "2" "$?"
pa sql --db "$DB" --format xml "SELECT 1" > /dev/null 2>&1
eq "unknown format: exit 2" "2" "$?"
pa sql --db "$DB" --timeout 0 "SELECT 1" > /dev/null 2>&1
eq "--timeout 0: exit 2" "2" "$?"
pa sql --db "$DB" --timeout 1x "SELECT 1" > /dev/null 2>&1
eq "--timeout 1x: exit 2" "2" "$?"

# A runaway query stops at --timeout, or at SIGINT.
FOREVER="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
pa sql --db "$DB" --timeout 0.3 "$FOREVER" > /dev/null 2> "$TMP/err"
ok "--timeout: exit 1" test $? -eq 1
ok "--timeout: says so" grep -qF "podaudit: the query ran longer than the 0.3 s timeout and was stopped" "$TMP/err"
"$PODAUDIT_BIN" sql --db "$DB" "$FOREVER" > /dev/null 2> "$TMP/err" &
runaway=$!
sleep 0.3
kill -INT "$runaway"
wait "$runaway"
eq "SIGINT: exit 130" "130" "$?"
ok "SIGINT: says interrupted" grep -qxF "podaudit: interrupted" "$TMP/err"
eq "the database still holds what it held" "$dump_before" "$(dump_digest)"

finish
