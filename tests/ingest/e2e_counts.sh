#!/usr/bin/env bash
# Per-key counts after ingest equal aureport -k --summary on the same files;
# standard input gives the same result as a file.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
need aureport
need sqlite3

logs=()
[ -f "$CORPUS/podman-enriched.log" ] && logs+=("$CORPUS/podman-enriched.log")
for f in "$PODAUDIT_SRCDIR"/tests/data/*.log; do [ -f "$f" ] && logs+=("$f"); done
[ ${#logs[@]} -gt 0 ] || skip "no log found in $CORPUS or tests/data"

for f in "${logs[@]}"; do
	name=$(basename "$f")
	db=$TMP/$name.db
	out=$(pa ingest --db "$db" "$f" 2>&1)
	ok "$name: ingest exits 0" test $? -eq 0
	eq "$name: per-key counts equal aureport -k" "$(aureport_keys "$f")" "$(db_keys "$db")"
	stored=$(echo "$out" | sed -n 's/.* events read, \([0-9]*\) stored.*/\1/p')
	eq "$name: summary's stored count equals the rows" "$(q "$db" 'SELECT count(*) FROM events')" "$stored"
	# Same through standard input (the auditd plugin path).
	pa ingest --db "$TMP/$name.stdin.db" - < "$f" > /dev/null 2>&1
	eq "$name: stdin stores the same events" "$(db_digest "$db")" "$(db_digest "$TMP/$name.stdin.db")"
	# --all-events keeps every event: aureport's event count less identities it splits in two.
	pa ingest --all-events --db "$TMP/$name.all.db" "$f" > /dev/null 2>&1
	all=$(q "$TMP/$name.all.db" 'SELECT count(*) FROM events')
	ids=$(grep -ao 'msg=audit([0-9.:]*)' "$f" | sort -u | wc -l)
	eq "$name: --all-events stores one row per (time, serial)" "$ids" "$all"
	# Events of aureport's users: podman commands per auid equal ausearch's.
	exp=$(ausearch -if "$f" -k podman_exec --raw 2>/dev/null | grep -a '^type=SYSCALL' | sed -n 's/.* auid=\([0-9]*\) .*/\1/p' | sort | uniq -c | awk '{print $2, $1}')
	got=$(q "$db" "SELECT auid, count(*) FROM events WHERE key = 'podman_exec' GROUP BY auid ORDER BY auid" | tr '|' ' ' | sort)
	eq "$name: podman_exec events per auid equal ausearch's" "$(echo "$exp" | sort)" "$got"
done

[ -f "$CORPUS/podman-enriched.log" ] || { echo "# $CORPUS absent: its checks are skipped"; finish; exit; }

# Names: ENRICHED names as written in the log (alice was uid 1001 on that host).
db=$TMP/podman-enriched.log.db
eq "login name from the ENRICHED AUID field" "alice" "$(q "$db" "SELECT DISTINCT user FROM events WHERE auid = 1001")"
eq "unset auid is shown as unset" "unset" "$(q "$db" "SELECT DISTINCT user FROM events WHERE auid = 4294967295")"
eq "argv is a JSON array of the arguments" '["podman","--runtime","runc","run","--rm","--ulimit","nofile=1024:1024","--ulimit","nproc=1024:1024","localhost/bb:1","/bin/echo","hi"]' \
	"$(q "$db" "SELECT argv FROM events WHERE key = 'podman_exec' ORDER BY id LIMIT 1")"
eq "raw holds the ENRICHED part byte for byte" "1" \
	"$(q "$db" "SELECT count(*) FROM events WHERE key = 'podman_exec' AND instr(raw, char(29) || 'ARCH=x86_64 SYSCALL=execve AUID=\"alice\"') > 0 ORDER BY id LIMIT 1" | head -1 | awk '{print ($1 > 0)}')"
eq "time is UTC ISO 8601 with milliseconds" "2026-11-22T12:01:52.474Z" \
	"$(q "$db" "SELECT time FROM events WHERE key = 'podman_exec' ORDER BY id LIMIT 1")"
rawlines=$(q "$db" "SELECT raw FROM events" | grep -c .)
origlines=$(grep -a -F -x -f <(q "$db" "SELECT raw FROM events" | grep .) "$CORPUS/podman-enriched.log" | wc -l)
eq "every stored raw line is a line of the original file" "$rawlines" "$origlines"
finish
