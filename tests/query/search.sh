#!/usr/bin/env bash
# podaudit search on the real captures: each filter, and combinations, find
# the very events ausearch finds for the same criteria (-ul, -ui, --session,
# -p, -x, -k, --success, -ts/-te); the filters ausearch lacks (--command,
# --container, --image, --risky) against the views; --limit; several
# databases merged in time order; --format raw piped into ausearch finds the
# same events; jsonl and csv parse; bad values are refused naming the option.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
need sqlite3
need ausearch
need python3
D=$PODAUDIT_SRCDIR/tests/data
S=$D/podman-session.log
F=$D/podman-flags.log
[ -f "$S" ] && [ -f "$F" ] || skip "captures missing in tests/data"
export TZ=UTC

LOG=$TMP/both.log
cat "$S" "$F" > "$LOG"
DB=$TMP/both.db
pa ingest --db "$DB" "$LOG" > /dev/null

# Serials of the keyed events ausearch finds in $LOG for its arguments (podaudit
# stores keyed events only, by default).
as_serials() {
	ausearch -if "$LOG" "$@" --raw 2>/dev/null | grep -a '^type=SYSCALL' | grep -a ' key="' |
		sed -n 's/.*msg=audit([0-9.]*:\([0-9]*\)).*/\1/p' | sort -n | uniq
}
# Serials of the events podaudit search finds (csv: id,node,time,serial,...).
pa_serials() { pa search --db "$DB" "$@" --format csv | tail -n +2 | cut -d, -f4 | sort -n; }
# same DESCRIPTION "podaudit args" "ausearch args": the same events, and some.
same() {
	local mine theirs
	# shellcheck disable=SC2086
	mine=$(pa_serials $2)
	# shellcheck disable=SC2086
	theirs=$(as_serials $3)
	if [ -z "$theirs" ]; then eq "$1: ausearch finds something" "some" "none"; return; fi
	eq "$1 = ausearch $3 ($(echo "$theirs" | wc -l) events)" "$(echo "$theirs" | md5sum)" "$(echo "$mine" | md5sum)"
}

# --- each filter against ausearch ---------------------------------------------
same "--user 1001" "--user 1001" "-ul 1001"
same "--user alice (name)" "--user alice" "-ul 1001"
same "--user 1003" "--user 1003" "-ul 1003"
same "--user 4294967295 (unset)" "--user 4294967295" "-ul -1"
same "--uid 0" "--uid 0" "-ui 0"
same "--uid 1003" "--uid 1003" "-ui 1003"
ses=$(q "$DB" "SELECT ses FROM podman_commands WHERE subcommand = 'exec' AND user = 'bob' LIMIT 1")
same "--session $ses" "--session $ses" "--session $ses"
pid=$(q "$DB" "SELECT pid FROM podman_commands WHERE subcommand = 'run' AND container = 'web' LIMIT 1")
same "--pid $pid" "--pid $pid" "-p $pid"
same "--exe /usr/sbin/runc" "--exe /usr/sbin/runc" "-w -x /usr/sbin/runc"
same "--exe /usr/bin/conmon" "--exe /usr/bin/conmon" "-w -x /usr/bin/conmon"
same "--exe conmon (base name)" "--exe conmon" "-w -x /usr/bin/conmon"
for k in podman_exec container_runtime container_monitor container_storage user_container_storage registry_auth; do
	same "--key $k" "--key $k" "-w -k $k"
done
same "--failed" "--failed" "--success no"
# times: ausearch's -te is inclusive to the end of its second, ours is half-open
same "--since/--until" "--since 2026-11-22T12:29:22 --until 2026-11-22T12:29:26" \
	"-ts 11/22/26 12:29:22 -te 11/22/26 12:29:25"
same "--since only" "--since 2026-11-22T12:30:30" "-ts 11/22/26 12:30:30"
same "--until only" "--until 2026-11-22T12:29:50" "-te 11/22/26 12:29:49"

# --- combinations -------------------------------------------------------------------
same "--user 1001 --key container_runtime" "--user 1001 --key container_runtime" \
	"-ul 1001 -w -k container_runtime"
same "--uid 1003 --exe /usr/bin/conmon" "--uid 1003 --exe /usr/bin/conmon" "-ui 1003 -w -x /usr/bin/conmon"
same "--session --key" "--session $ses --key container_storage" "--session $ses -w -k container_storage"
same "--pid --failed" "--pid $pid --failed" "-p $pid --success no"
same "--user 1002 --since --until --key" \
	"--user 1002 --since 2026-11-22T12:29:50 --until 2026-11-22T12:30:00 --key podman_exec" \
	"-ul 1002 -ts 11/22/26 12:29:50 -te 11/22/26 12:29:59 -w -k podman_exec"
same "--user --uid --failed --key" "--user 1001 --uid 0 --failed --key container_storage" \
	"-ul 1001 -ui 0 --success no -w -k container_storage"

# --- filters ausearch lacks, against the views --------------------------------------
count() { pa search --db "$DB" "$@" --format csv | tail -n +2 | wc -l; }
eq "--command run --key podman_exec: the run commands and podman's own runs under them" \
	"$(q "$DB" "SELECT count(*) FROM podman_commands WHERE subcommand = 'run' OR cause_id IN (SELECT id FROM podman_commands WHERE subcommand = 'run')")" \
	"$(count --command run --key podman_exec)"
run=$(q "$DB" "SELECT id FROM podman_commands WHERE subcommand = 'run' AND container = 'web' AND argv LIKE '%echo web up%'")
want=$(q "$DB" "SELECT serial FROM events WHERE cause_id = $run AND key = 'container_runtime' ORDER BY serial")
ok "alice's run caused runtime events" test -n "$want"
eq "--command run --key container_runtime holds every runtime event of alice's run" "" \
	"$(comm -23 <(sort <<<"$want") <(pa_serials --command run --key container_runtime | sort))"
eq "--command run --session: the run and all it caused" \
	"$(q "$DB" "SELECT count(*) FROM events WHERE id = $run OR cause_id = $run")" \
	"$(count --command run --session "$(q "$DB" "SELECT ses FROM events WHERE id = $run")" --since 2026-11-22T12:29:21 --until 2026-11-22T12:29:29)"
cid=$(q "$DB" "SELECT DISTINCT container_id FROM runtime_commands WHERE cause_id = $run AND container_id IS NOT NULL")
by_name=$(pa_serials --container web --until 2026-11-22T12:29:40)
eq "--container: full ID, 12-character prefix and name find the same events" \
	"$by_name|$by_name" \
	"$(pa_serials --container "$cid" --until 2026-11-22T12:29:40)|$(pa_serials --container "${cid:0:12}" --until 2026-11-22T12:29:40)"
eq "--container web (session part): the 5 commands naming it, the cleanups, all they caused" \
	"$(q "$DB" "SELECT count(*) FROM events WHERE epoch < 1795350580 AND (id IN (SELECT id FROM podman_commands WHERE container = 'web') OR cause_id IN (SELECT id FROM podman_commands WHERE container = 'web'))")" \
	"$(echo "$by_name" | wc -l)"
eq "--container web --key podman_exec: run, exec, logs, stop, rm and 2 cleanups" "7" \
	"$(count --container web --key podman_exec --until 2026-11-22T12:29:40)"
eq "--image localhost/bb:1 --key podman_exec = podman_commands with that image (and their internal executions)" \
	"$(q "$DB" "SELECT count(*) FROM podman_commands WHERE image = 'localhost/bb:1' OR cause_id IN (SELECT id FROM podman_commands WHERE image = 'localhost/bb:1')")" \
	"$(count --image localhost/bb:1 --key podman_exec)"
eq "--image bb:1 (short name) = --image localhost/bb:1" "$(pa_serials --image localhost/bb:1 | md5sum)" "$(pa_serials --image bb:1 | md5sum)"
eq "--risky --key podman_exec: the commands with risks and podman's own executions under them" \
	"$(q "$DB" "SELECT count(*) FROM podman_commands WHERE risks IS NOT NULL OR cause_id IN (SELECT id FROM podman_commands WHERE risks IS NOT NULL)")" \
	"$(count --risky --key podman_exec)"
eq "--risky --user bob --key podman_exec --command exec: bob's exec --privileged" \
	"podman exec --privileged web id" \
	"$(pa search --db "$DB" --risky --user bob --key podman_exec --command exec | sed -n 2p | sed 's/.*yes  //')"

# --- plans -------------------------------------------------------------------------------------
ok "--explain: --user 1001 reads the (auid, epoch) index" grep -q "USING INDEX event_auid_time" <(pa search --db "$DB" --user 1001 --explain)
ok "--explain: --key reads the (key, epoch) index" grep -q "USING INDEX event_key_time" <(pa search --db "$DB" --key registry_auth --explain)
ok "--explain: a window reads the time index" grep -q "USING INDEX event_time (sec>? AND sec<?)" <(pa search --db "$DB" --since 2026-11-22T12:29:22 --until 2026-11-22T12:29:26 --explain)

# --- limit, order ---------------------------------------------------------------------
eq "--limit 7 gives the first 7 in time order" "$(pa_serials --user 1001 | head -7 | md5sum)" \
	"$(pa search --db "$DB" --user 1001 --limit 7 --format csv | tail -n +2 | cut -d, -f4 | md5sum)"
times=$(pa search --db "$DB" --key container_storage --format csv | tail -n +2 | cut -d, -f3)
eq "rows in time order" "$(sort <<<"$times" | md5sum)" "$(md5sum <<<"$times")"

# --- several databases ------------------------------------------------------------------
pa ingest --db "$TMP/s.db" "$S" > /dev/null
pa ingest --db "$TMP/f.db" "$F" > /dev/null
merged=$(pa search --db "$TMP/f.db" --db "$TMP/s.db" --user 1001 --format csv)
eq "two databases: the events of both (csv with a source column)" "$(pa_serials --user 1001 | md5sum)" \
	"$(tail -n +2 <<<"$merged" | cut -d, -f5 | sort -n | md5sum)"
eq "two databases: merged in time order" "$(tail -n +2 <<<"$merged" | cut -d, -f4 | sort | md5sum)" \
	"$(tail -n +2 <<<"$merged" | cut -d, -f4 | md5sum)"
eq "two databases: each row names its database (no node= in the log)" "f s" \
	"$(tail -n +2 <<<"$merged" | cut -d, -f2 | sort -u | paste -sd' ')"
ok "two databases: the table has a NODE column" \
	grep -q '^ *ID  TIME ([^)]*)  *NODE  USER' <(pa search --db "$TMP/f.db" --db "$TMP/s.db" --user 1003)
eq "two databases, --limit 3: the 3 earliest of both" "$(pa_serials --user 1001 | head -3 | paste -sd' ')" \
	"$(pa search --db "$TMP/f.db" --db "$TMP/s.db" --user 1001 --limit 3 --format csv | tail -n +2 | cut -d, -f5 | paste -sd' ')"

# --- raw: the original records, for ausearch ------------------------------------------------
for f in "--user 1002" "--key container_runtime" "--session $ses" "--command run --user 1003"; do
	# shellcheck disable=SC2086
	n=$(count $f)
	# shellcheck disable=SC2086
	got=$(pa search --db "$DB" $f --format raw | ausearch -i 2>/dev/null | grep -c '^----')
	eq "search $f --format raw | ausearch -i: the same $n events" "$n" "$got"
	# shellcheck disable=SC2086
	eq "search $f --format raw | ausearch --raw: the same serials" "$(pa_serials $f | md5sum)" \
		"$(pa search --db "$DB" $f --format raw | ausearch --raw 2>/dev/null | grep -a '^type=SYSCALL' | sed -n 's/.*msg=audit([0-9.]*:\([0-9]*\)).*/\1/p' | sort -n | uniq | md5sum)"
done
eq "--format raw is events.raw byte for byte, in time order" \
	"$(q "$DB" "SELECT hex(group_concat(raw, '')) FROM (SELECT raw FROM events WHERE user = 'carol' ORDER BY epoch, msec, id)")" \
	"$(pa search --db "$DB" --user carol --format raw | od -An -tx1 -v | tr -d ' \n' | tr a-f A-F)"
eq "every line of --format raw is a line of the capture" "0" \
	"$(pa search --db "$DB" --user 1002 --format raw | grep -a -v -x -F -f "$LOG" | wc -l)"

# --- jsonl, csv ----------------------------------------------------------------------------
eq "jsonl: one valid document per event, ids in order" \
	"$(pa search --db "$DB" --user 1002 --format csv | tail -n +2 | cut -d, -f1 | paste -sd' ')" \
	"$(pa search --db "$DB" --user 1002 --format jsonl | python3 -c 'import json, sys; print(" ".join(str(json.loads(l)["id"]) for l in sys.stdin))')"
eq "csv: parses, 22 columns in every row" "22" \
	"$(pa search --db "$DB" --key podman_exec --format csv | python3 -c 'import csv, sys; print(" ".join(sorted({str(len(r)) for r in csv.reader(sys.stdin)})))')"

# --- bad values, named ------------------------------------------------------------------------
bad() { # bad DESCRIPTION PATTERN ARGS...: exit 2 and a message matching PATTERN
	local what=$1 pat=$2 out rc
	shift 2
	out=$(pa search --db "$DB" "$@" 2>&1 >/dev/null)
	rc=$?
	eq "$what: exit 2" "2" "$rc"
	ok "$what: says '$pat' ($out)" grep -q -- "$pat" <<<"$out"
}
bad "--uid abc" "--uid: 'abc' is not a number" --uid abc
bad "--session -1" "--session" --session -1
bad "--pid 1e3" "--pid" --pid 1e3
bad "--since garbage" "--since" --since "last tuesday"
bad "--until before --since" "--until" --since 2026-11-22T13:00 --until 2026-11-22T12:00
bad "--limit 0" "--limit" --limit 0
bad "--format xml" "--format" --format xml
bad "--tz Mars/Base" "--tz" --tz Mars/Base
bad "--key a,b" "--key" --key a,b
bad "--user twice" "--user given more than once" --user 1001 --user bob
bad "a stray operand" "unexpected argument" alice
out=$(pa search --db "$TMP/nonexistent.db" 2>&1)
eq "a missing database: exit 1" "1" "$?"
ok "a missing database: named ($out)" grep -q "nonexistent.db" <<<"$out"
out=$(pa search --db "$DB" --user nobody 2>&1)
eq "no match: exit 0 and a note on stderr" "0|podaudit: search: no matching events" "$?|$out"

# --- the shared corpus, when present -----------------------------------------------------------
if [ -f "$CORPUS/podman-enriched.log" ]; then
	LOG=$CORPUS/podman-enriched.log
	DB=$TMP/corpus.db
	pa ingest --db "$DB" "$LOG" > /dev/null
	same "corpus: --user 1002" "--user 1002" "-ul 1002"
	same "corpus: --uid 1003 --key user_container_storage" "--uid 1003 --key user_container_storage" \
		"-ui 1003 -w -k user_container_storage"
	same "corpus: --failed --key container_storage" "--failed --key container_storage" \
		"--success no -w -k container_storage"
	same "corpus: --exe /usr/sbin/runc" "--exe /usr/sbin/runc" "-w -x /usr/sbin/runc"
	n=$(count --risky)
	eq "corpus: --risky --format raw | ausearch: $n events" "$n" \
		"$(pa search --db "$DB" --risky --format raw | ausearch -i 2>/dev/null | grep -c '^----')"
else
	echo "# $CORPUS/podman-enriched.log absent: corpus checks skipped"
fi
finish
