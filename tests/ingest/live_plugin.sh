#!/usr/bin/env bash
# Live: podaudit as an auditd plugin, the way rules/podaudit-plugin.conf runs
# it (auditd starts `podaudit ingest -` and writes every event to its standard
# input). Installs a plugin of its own (a wrapper running the built podaudit
# into a database of the test's), reloads auditd (SIGHUP), watches a directory
# with a configured key and writes files in it. Checks: every event reaches
# the database within about a second; a file name with a newline and quotes is
# stored as it is; a plugin killed with SIGKILL is started again by auditd;
# ingesting the log files into the same database adds what the plugin missed
# and nothing twice; the database then holds exactly the events ausearch finds
# in the log, with the same record lines (the plugin's have the EOE record
# that auditd sends to plugins and does not write to its log); the plugin
# wrote no error. Everything is undone on exit, and auditd is restarted then:
# in auditd 3.0, a reload that removes the last plugin stops the dispatcher,
# and later reloads would start no plugin. Skips (77) where the audit system
# cannot be used (tests/live-check.sh).
. "$PODAUDIT_SRCDIR/tests/lib.sh"
# shellcheck source=../live-check.sh
. "$PODAUDIT_SRCDIR/tests/live-check.sh"
need ausearch

CONF=/etc/audit/plugins.d/zz-podaudit-live-test.conf
[ -e "$CONF" ] && skip "$CONF exists: another run of this test, or one that was killed"
W=$TMP/watched
DB=$TMP/plugin.db
KEY=container_storage

plugin_pid() { pgrep -f -- "ingest --db $DB -" | head -n1; }
# Wait (5 s at most) for the plugin to run; 1 when it does not.
wait_plugin() {
	for _ in $(seq 1 50); do [ -n "$(plugin_pid)" ] && [ -f "$DB" ] && return 0; sleep 0.1; done
	return 1
}
# Restart auditd (the service where systemd runs it, else by hand with
# tools/auditd-up.sh, as .ci/run starts it) and set PID.
restart_auditd() {
	if [ -d /run/systemd/system ] && systemctl -q is-active auditd 2>/dev/null; then
		service auditd restart >/dev/null 2>&1
	else
		kill -TERM "$PID" 2>/dev/null
		for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
		"$PODAUDIT_SRCDIR/tools/auditd-up.sh" >/dev/null
	fi
	PID=$(auditctl -s 2>/dev/null | awk '$1 == "pid" { print $2 }')
	[ -n "$PID" ] && [ "$(cat "/proc/$PID/comm" 2>/dev/null)" = auditd ] && return 0
	echo "# auditd did not come back after a restart"
	return 1
}
# Remove the plugin and wait (5 s at most) for auditd to stop it.
remove_plugin() {
	rm -f "$CONF"
	kill -HUP "$PID" 2>/dev/null
	for _ in $(seq 1 50); do [ -z "$(plugin_pid)" ] && return 0; sleep 0.1; done
	return 1
}
cleanup() {
	auditctl -W "$W" -p wa -k "$KEY" >/dev/null 2>&1
	[ -e "$CONF" ] && remove_plugin
	pkill -KILL -f -- "ingest --db $DB -" 2>/dev/null
	[ -n "${installed:-}" ] && restart_auditd
	[ -n "${KEEP:-}" ] || rm -rf "$TMP"
}
trap cleanup EXIT
# Events of the watched directory in database $1.
count() {
	q "$1" "SELECT count(DISTINCT e.id) FROM events e JOIN paths p ON p.event_id = e.id
	        WHERE e.key = '$KEY' AND substr(p.name, 1, length('$W/')) = '$W/'"
}
# Wait (10 s at most) until database $1 holds $2 of them; prints the ms waited.
wait_count() {
	local t0 now
	t0=$(date +%s%N)
	while [ "$(count "$1" 2>/dev/null)" != "$2" ]; do
		now=$(date +%s%N)
		[ $(((now - t0) / 1000000)) -gt 10000 ] && { echo timeout; return; }
		sleep 0.05
	done
	echo $((($(date +%s%N) - t0) / 1000000))
}

mkdir "$W"
cat >"$TMP/plugin.sh" <<EOF
#!/bin/sh
exec "$PODAUDIT_BIN" ingest --db "$DB" - 2>>"$TMP/plugin.err"
EOF
chmod 0750 "$TMP/plugin.sh"
: >"$TMP/plugin.err"
printf 'active = yes\ndirection = out\npath = %s\ntype = always\nformat = string\n' \
	"$TMP/plugin.sh" >"$CONF"
chmod 0640 "$CONF"
installed=1
# A reload starts it, when auditd's dispatcher runs (it does not after a
# reload removed its last plugin): otherwise, a restart.
kill -HUP "$PID"
if ! wait_plugin; then
	echo "# a reload did not start the plugin: restarting auditd"
	restart_auditd && wait_plugin
fi
first=$(plugin_pid)
ok "auditd starts the plugin" test -n "$first"
[ -n "$first" ] || { cat "$TMP/plugin.err"; finish; exit; }
auditctl -w "$W" -p wa -k "$KEY" >/dev/null || skip "auditctl could not add a watch on $W"

# Writes as a user would make them, one event each, and a hostile file name.
for i in $(seq 1 100); do echo "$i" >"$W/f$i"; done
odd=$'line1\nline2 "q" \'s\''
echo x >"$W/$odd"
waited=$(wait_count "$DB" 101)
ok "the plugin stores the 101 events within about a second ($waited ms)" \
	bash -c "[ '$waited' != timeout ] && [ '$waited' -lt 2000 ]"
eq "a file name with a newline and quotes is stored as written" 1 \
	"$(q "$DB" "SELECT count(*) FROM paths WHERE name = '$W/line1' || char(10) || 'line2 \"q\" ''s'''")"

# SIGKILL in the middle of a stream of writes: auditd starts the plugin again.
(for i in $(seq 1 200); do echo "$i" >"$W/g$i"; sleep 0.005; done) &
writer=$!
sleep 0.3
kill -KILL "$first"
wait "$writer"
for _ in $(seq 1 50); do
	again=$(plugin_pid)
	[ -n "$again" ] && [ "$again" != "$first" ] && break
	sleep 0.1
done
ok "auditd starts the plugin again after SIGKILL (pid $first, then ${again:-none})" \
	bash -c "[ -n '$again' ] && [ '$again' != '$first' ]"

# The reference: what auditd wrote to its log files.
expect=""
for _ in $(seq 1 50); do
	expect=$(ausearch -k "$KEY" -f "$W" --format raw 2>/dev/null | grep -c '^type=SYSCALL')
	[ "$expect" = 301 ] && break
	sleep 0.2
done
eq "ausearch finds the 301 events in the log" 301 "$expect"
echo "# the plugin stored $(count "$DB") of them before the log was ingested"

# The log files (auditd.conf's log_file and its rotated siblings) fill the gap.
pa ingest --db "$DB" >"$TMP/out" 2>"$TMP/err"
ok "ingesting the log files into the plugin's database succeeds" test $? -eq 0
ok "events the plugin stored are found already present ($(cat "$TMP/out"))" \
	grep -qE ' [1-9][0-9]* already present' "$TMP/out"
eq "the database holds every event of the log, once" "$expect" "$(count "$DB")"

# The same events, record for record, as ingesting the log alone gives.
pa ingest --db "$TMP/log.db" >/dev/null 2>&1
sel="SELECT e.epoch, e.msec, e.serial, CASE WHEN instr(e.raw, 'type=EOE ') > 0
       THEN substr(e.raw, 1, instr(e.raw, 'type=EOE ') - 1) ELSE e.raw END
     FROM %s.events e WHERE e.id IN (SELECT event_id FROM %s.paths
       WHERE substr(name, 1, length('$W/')) = '$W/')"
# shellcheck disable=SC2059 # sel is a format of our own
diff_sql="ATTACH '$TMP/log.db' AS l;
SELECT count(*) FROM ($(printf "$sel" main main) EXCEPT $(printf "$sel" l l));
SELECT count(*) FROM ($(printf "$sel" l l) EXCEPT $(printf "$sel" main main));"
eq "identities and record lines equal those of the log (but EOE)" "0 0" \
	"$(sqlite3 -batch -noheader "$DB" "$diff_sql" | tr '\n' ' ' | sed 's/ $//')"
eq "the plugin's events end with the EOE record" 0 \
	"$(q "$DB" "SELECT count(*) FROM events e WHERE e.raw NOT LIKE '%type=EOE msg=audit(%'
	            AND e.id IN (SELECT event_id FROM paths WHERE name = '$W/f1')")"

auditctl -W "$W" -p wa -k "$KEY" >/dev/null 2>&1
ok "auditd stops the plugin when its configuration is removed" remove_plugin
ok "the plugin wrote no error" test ! -s "$TMP/plugin.err"
[ -s "$TMP/plugin.err" ] && head -n 20 "$TMP/plugin.err"
finish
