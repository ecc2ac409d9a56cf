#!/bin/bash
# podaudit forward to a real rsyslog (Debian's rsyslog + rsyslog-relp) on
# loopback: over RELP, TCP and UDP every stored event arrives (exactly once
# here: nothing fails), as RFC 5424 messages with the JSON as body; TCP and
# RELP carry a message with an 8 KiB argument full of newlines, quotes,
# escapes and an invalid UTF-8 byte intact.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
. "$PODAUDIT_SRCDIR/tests/forward/rsyslog-lib.sh"
need sqlite3
need_rsyslog imrelp imtcp imudp
CHECK="python3 $PODAUDIT_SRCDIR/tests/forward/check.py"
DATA=$PODAUDIT_SRCDIR/tests/data
DB=$TMP/p.db
RS=$TMP/rs
mkdir -p "$RS"

pa ingest --db "$DB" "$DATA/podman-session.log" 2>/dev/null
if [ -f "$CORPUS/podman-enriched.log" ]; then
	pa ingest --db "$DB" "$CORPUS/podman-enriched.log" 2>/dev/null
else
	echo "# corpus absent ($CORPUS): the session capture only"
fi
# The fixture: a podman execution whose last argument is 8 KiB of lines.
python3 "$PODAUDIT_SRCDIR/tests/forward/fixture.py" "$DATA/podman-session.log" 8192 \
	"$TMP/big.log" >"$TMP/big.hex"
pa ingest --db "$DB" "$TMP/big.log" 2>/dev/null
big=$(q "$DB" "SELECT max(id) FROM events")
n=$(q "$DB" "SELECT count(*) FROM events")
echo "# $n events; event $big has an argument of $(($(wc -c <"$TMP/big.hex") / 2)) bytes"

RELP=$(free_port) TCP=$(free_port) UDP=$(free_port udp)
rs_conf_head "$RS"
cat >>"$RS/rs.conf" <<CONF
module(load="imrelp")
module(load="imtcp")
module(load="imudp")
CONF
for o in relp tcp udp relpjson; do rs_conf_output "$RS" $o; done
RELP2=$(free_port)
cat >>"$RS/rs.conf" <<CONF
input(type="imrelp" port="$RELP" address="127.0.0.1" ruleset="relp") # tcpport="$RELP"
input(type="imrelp" port="$RELP2" address="127.0.0.1" ruleset="relpjson") # tcpport="$RELP2"
input(type="imtcp" port="$TCP" address="127.0.0.1" ruleset="tcp") # tcpport="$TCP"
input(type="imudp" port="$UDP" address="127.0.0.1" ruleset="udp")
CONF
ok "rsyslogd starts with the test's configuration" rs_start "$RS"

pa forward --db "$DB" --to "relp://127.0.0.1:$RELP" 2>"$TMP/e.relp"
eq "relp: exit 0" 0 $?
ok "relp: every event delivered" wait_lines "$RS/relp.out" "$n"
eq "relp: each stored event arrived exactly once, fields as in the views" \
	"ids $n unique $n missing 0 extra 0 duplicates 0" "$($CHECK "$DB" ecs "$RS/relp.out" --received --fields)"
cat "$TMP/e.relp"

pa forward --db "$DB" --to "relp://localhost:$RELP2" --format json 2>/dev/null
ok "relp (json documents): every event delivered" wait_lines "$RS/relpjson.out" "$n"
eq "relp (json documents): each event exactly once" \
	"ids $n unique $n missing 0 extra 0 duplicates 0" "$($CHECK "$DB" json "$RS/relpjson.out" --received --fields)"

pa forward --db "$DB" --to "tcp://127.0.0.1:$TCP" 2>"$TMP/e.tcp"
eq "tcp: exit 0" 0 $?
ok "tcp: every event delivered" wait_lines "$RS/tcp.out" "$n"
eq "tcp: each stored event arrived exactly once, fields as in the views" \
	"ids $n unique $n missing 0 extra 0 duplicates 0" "$($CHECK "$DB" ecs "$RS/tcp.out" --received --fields)"
cat "$TMP/e.tcp"

pa forward --db "$DB" --to "udp://127.0.0.1:$UDP" 2>"$TMP/e.udp"
eq "udp: exit 0" 0 $?
wait_lines "$RS/udp.out" "$n" 3
# UDP is best effort (a burst overflows the receiver's socket buffer): report
# what arrived; nothing may arrive twice.
res=$($CHECK "$DB" ecs "$RS/udp.out" --received)
echo "# udp (best effort): $res"
ok "udp: no duplicates, nothing foreign" grep -q "extra 0 duplicates 0" <<<"$res"

# The 8 KiB argument with newlines, over each transport, byte for byte.
for t in relp tcp; do
	eq "$t: the 8 KiB argument with newlines arrived intact" "$(md5sum <"$TMP/big.hex")" "$(python3 -c "
import json, sys
for l in open('$RS/$t.out', encoding='utf-8', errors='surrogateescape'):
    d = json.loads(l.split('|', 2)[2])
    if d['podaudit']['id'] == $big:
        print(d['process']['args'][-1].encode('utf-8', 'surrogateescape').hex())
" | md5sum)"
done
ok "tcp: one line per message in the receiver's file" test "$(wc -l <"$RS/tcp.out")" -eq "$n"

# Summary counters.
ok "relp summary: all sent, no retries" grep -q ": $n events sent, 0 skipped, 0 dropped; cursor at event $big (was 0); 0 retries" "$TMP/e.relp"
rs_stop
ok "rsyslog logged no error about our messages" bash -c "! grep -i 'error\|oversize\|truncat' '$RS/rs.log'"
finish
