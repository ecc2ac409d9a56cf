#!/bin/bash
# podaudit forward to file: and standard output (no receiver needed): formats,
# exactly-once per target, cursor resume, --since, the forward: configuration
# section, errors that name the argument.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
need sqlite3
need python3
CHECK="python3 $PODAUDIT_SRCDIR/tests/forward/check.py"
DATA=$PODAUDIT_SRCDIR/tests/data
DB=$TMP/p.db

pa ingest --db "$DB" "$DATA/podman-session.log" 2>/dev/null
if [ -f "$CORPUS/podman-enriched.log" ]; then
	pa ingest --db "$DB" "$CORPUS/podman-enriched.log" 2>/dev/null
else
	echo "# corpus absent ($CORPUS): the session capture only"
fi
n=$(q "$DB" "SELECT count(*) FROM events")
max=$(q "$DB" "SELECT max(id) FROM events")
echo "# $n events"

# Every format, every event exactly once, ECS fields as in the views.
pa forward --db "$DB" --to - --name out >"$TMP/stdout.jsonl" 2>"$TMP/err"
eq "stdout: exit 0" 0 $?
eq "stdout: every event once, ECS fields match the views" \
	"ids $n unique $n missing 0 extra 0 duplicates 0" "$($CHECK "$DB" ecs "$TMP/stdout.jsonl" --fields)"
ok "summary line names sent count and cursor" \
	grep -q "forward out: $n events sent, 0 skipped, 0 dropped; cursor at event $max (was 0); 0 retries" "$TMP/err"
pa forward --db "$DB" --to "file:$TMP/doc.jsonl" --format json 2>/dev/null
eq "file: json documents, every event once" \
	"ids $n unique $n missing 0 extra 0 duplicates 0" "$($CHECK "$DB" json "$TMP/doc.jsonl" --fields)"
pa forward --db "$DB" --to "file://$TMP/syslog.log" --format rfc5424 2>/dev/null
eq "file: rfc5424 lines, PRI 108 for risky podman commands, 109 otherwise" \
	"ids $n unique $n missing 0 extra 0 duplicates 0" "$($CHECK "$DB" rfc5424 "$TMP/syslog.log" --fields)"
pa forward --db "$DB" --to - --raw --name raw 2>/dev/null | head -1 >"$TMP/raw.json"
ok "--raw: event.original holds the records" python3 -c "
import json,sys; d=json.load(open('$TMP/raw.json')); sys.exit(0 if d['event']['original'].startswith('type=') else 1)"

# A podman run with risks carries them in podaudit.risks and tags.
risky=$(q "$DB" "SELECT id FROM podman_commands WHERE risks IS NOT NULL LIMIT 1")
if [ -n "$risky" ]; then
	ok "risky podman command: podaudit.risks and the 'risky' tag" python3 -c "
import json,sys
for l in open('$TMP/stdout.jsonl'):
    d=json.loads(l)
    if d['podaudit']['id']==$risky:
        sys.exit(0 if d['podaudit']['risks'] and 'risky' in d['tags'] else 1)
sys.exit(1)"
fi

# Cursor: a second run sends nothing; after more events, only those.
pa forward --db "$DB" --to "file:$TMP/cur.jsonl" --name cur 2>/dev/null
pa forward --db "$DB" --to "file:$TMP/cur.jsonl" --name cur 2>"$TMP/err2"
ok "second run: nothing new to send" grep -q "cur: 0 events sent.*cursor at event $max (was $max)" "$TMP/err2"
eq "forward_targets view: cursor and count" "cur|file:$TMP/cur.jsonl|ecs|$max|$n" \
	"$(q "$DB" "SELECT name, url, format, last_id, sent FROM forward_targets WHERE name = 'cur'")"
pa ingest --db "$DB" "$DATA/podman-flags.log" 2>/dev/null
n2=$(q "$DB" "SELECT count(*) FROM events")
pa forward --db "$DB" --to "file:$TMP/cur.jsonl" --name cur 2>/dev/null
eq "after ingesting more: each event exactly once in the file" \
	"ids $n2 unique $n2 missing 0 extra 0 duplicates 0" "$($CHECK "$DB" ecs "$TMP/cur.jsonl")"
eq "the third run sent only the new ones" "$((n2 - n))" \
	"$(tail -n +$((n + 1)) "$TMP/cur.jsonl" | python3 -c "
import json,sys; print(sum(1 for l in sys.stdin if json.loads(l)['podaudit']['id'] > $max))")"

# --since: events older than T are skipped (and passed over by the cursor).
t=$(q "$DB" "SELECT time FROM events ORDER BY epoch, msec LIMIT 1 OFFSET $((n2 / 2))")
want=$(q "$DB" "SELECT count(*) FROM events WHERE epoch * 1000 + msec >= (SELECT epoch * 1000 + msec FROM events WHERE time = '$t' LIMIT 1)")
pa forward --db "$DB" --to "file:$TMP/since.jsonl" --name since --since "$t" 2>"$TMP/err3"
eq "--since: only events at or after T" "$want" "$(wc -l <"$TMP/since.jsonl")"
ok "--since: summary counts the skipped ones" grep -q "since: $want events sent, $((n2 - want)) skipped" "$TMP/err3"
eq "--since: cursor passes the skipped events" "$(q "$DB" "SELECT max(id) FROM events")" \
	"$(q "$DB" "SELECT last_id FROM forward_targets WHERE name = 'since'")"

# The forward: section of the configuration.
cat >"$TMP/podaudit.yaml" <<CONF
forward:
  archive:
    to: file:$TMP/archive.jsonl
    format: json
  siem:
    to: tls://siem.example.org:6514
    ca_file: /nonexistent/ca.pem
CONF
chmod 600 "$TMP/podaudit.yaml"
pa forward --db "$DB" --config "$TMP/podaudit.yaml" --name archive 2>/dev/null
eq "config target: to and format from the forward: section" \
	"ids $n2 unique $n2 missing 0 extra 0 duplicates 0" "$($CHECK "$DB" json "$TMP/archive.jsonl")"
eq "config target: its cursor is kept under its name" "archive|json|$n2" \
	"$(q "$DB" "SELECT name, format, sent FROM forward_targets WHERE name = 'archive'")"
printf 'forward:\n  siem:\n    to: relp://siem.example.org\n' >"$TMP/bad.yaml"
chmod 600 "$TMP/bad.yaml"
pa forward --db "$DB" --config "$TMP/bad.yaml" --name siem 2>"$TMP/err4"
eq "config: a bad URL fails" 1 $?
ok "config: the error names file, line, column and setting" \
	grep -q "bad.yaml:3:9: forward: siem: to: 'relp://siem.example.org': a port is required" "$TMP/err4"
printf 'forward:\n  siem:\n    to: tcp://h:1\n    colour: red\n' >"$TMP/bad2.yaml"
chmod 600 "$TMP/bad2.yaml"
pa forward --db "$DB" --config "$TMP/bad2.yaml" 2>"$TMP/err5"
ok "config: an unknown setting is named" grep -q "bad2.yaml:4:5: forward: siem: unknown setting 'colour'" "$TMP/err5"

# Bad command lines name the argument.
pa forward --db "$DB" --to relp://host 2>"$TMP/e1"
eq "--to without port: usage error" 2 $?
ok "  ... message names --to and the URL" grep -q "forward: --to 'relp://host': a port is required" "$TMP/e1"
pa forward --db "$DB" --to smtp://host:25 2>"$TMP/e2"
eq "--to unknown scheme: usage error" 2 $?
ok "  ... message names it" grep -q "forward: --to 'smtp://host:25': unknown target" "$TMP/e2"
pa forward --db "$DB" --to tcp://h:70000 2>"$TMP/e3"
ok "--to port out of range is named" grep -q "'tcp://h:70000': the port must be a number from 1 to 65535" "$TMP/e3"
pa forward --db "$DB" --to - --format xml 2>"$TMP/e4"
ok "--format xml is named" grep -q -- "--format 'xml'" "$TMP/e4"
pa forward --db "$DB" --to - --since yesterdayish 2>"$TMP/e5"
ok "--since bad value is named" grep -q -- "--since" "$TMP/e5"
pa forward --db "$TMP/none.db" --to - 2>"$TMP/e6"
ok "a missing database is not created" test ! -e "$TMP/none.db"

# Nobody listening: retries with backoff, then gives up; the cursor stays.
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
pa forward --db "$DB" --to "tcp://127.0.0.1:$port" --name down --max-retries 3 --retry-max 1 2>"$TMP/e7"
eq "receiver down: fails after --max-retries" 1 $?
eq "  ... two retry notices, then the final error" 2 "$(grep -c 'retry [0-9] in' "$TMP/e7")"
ok "  ... giving up is said" grep -q "giving up after 3 attempts" "$TMP/e7"
eq "  ... cursor unchanged" 0 "$(q "$DB" "SELECT last_id FROM forward_targets WHERE name = 'down'")"

# A closed standard output is an error, not a retry loop.
timeout 20 "$PODAUDIT_BIN" forward --db "$DB" --to - --name pipe 2>"$TMP/e8" | head -1 >/dev/null
ok "stdout closed: fails at once with the reason" grep -q "Broken pipe" "$TMP/e8"

# --follow: new events are forwarded as ingest stores them; SIGTERM commits.
DB2=$TMP/f.db
pa ingest --db "$DB2" "$DATA/podman-session.log" 2>/dev/null
"$PODAUDIT_BIN" forward --db "$DB2" --to "file:$TMP/follow.jsonl" --name f --follow 2>"$TMP/e9" &
fpid=$!
pa ingest --db "$DB2" "$DATA/podman-flags.log" 2>/dev/null
nf=$(q "$DB2" "SELECT count(*) FROM events")
for _ in $(seq 1 100); do [ "$(wc -l <"$TMP/follow.jsonl" 2>/dev/null)" -ge "$nf" ] 2>/dev/null && break; sleep 0.1; done
kill -TERM $fpid
wait $fpid
eq "--follow: exits 0 on SIGTERM" 0 $?
eq "--follow: events ingested meanwhile arrive once" \
	"ids $nf unique $nf missing 0 extra 0 duplicates 0" "$($CHECK "$DB2" ecs "$TMP/follow.jsonl")"
eq "--follow: cursor committed at exit" "$(q "$DB2" "SELECT max(id) FROM events")" \
	"$(q "$DB2" "SELECT last_id FROM forward_targets WHERE name = 'f'")"
ok "--follow: summary says stopped" grep -q "; stopped" "$TMP/e9"
finish
