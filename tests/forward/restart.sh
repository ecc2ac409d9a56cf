#!/bin/bash
# RELP (and TCP) against a real rsyslog that is stopped (SIGTERM) and started
# again in the middle of a run: podaudit retries with backoff and, once the
# receiver is back, every stored event arrives; the test reports how many
# arrived twice (at-least-once: a message the receiver took but could not
# answer before it went away is sent again).
#
# The receiver is the plain one of rsyslog-lib.sh: a direct main queue, so a
# RELP "200 OK" comes after omfile wrote the message. What rsyslog answered
# must therefore be in its file, and what it did not answer podaudit must send
# again: a missing event is podaudit's loss. (podaudit once confirmed a whole
# RELP session after rsyslog answered only part of it and sent "serverclose";
# tests/forward/relp.sh reproduces that deterministically.)
. "$PODAUDIT_SRCDIR/tests/lib.sh"
. "$PODAUDIT_SRCDIR/tests/forward/rsyslog-lib.sh"
need sqlite3
need_rsyslog imrelp imtcp
CHECK="python3 $PODAUDIT_SRCDIR/tests/forward/check.py"
DB=$TMP/p.db
RS=$TMP/rs
mkdir -p "$RS"

# A big enough database: 20 time-shifted copies of the session capture (18040 events).
shifted_copies "$PODAUDIT_SRCDIR/tests/data/podman-session.log" 20 "$TMP/big.log"
pa ingest --db "$DB" "$TMP/big.log" 2>/dev/null
rm -f "$TMP/big.log"
n=$(q "$DB" "SELECT count(*) FROM events")
echo "# $n events"

RELP=$(free_port) TCP=$(free_port)
rs_conf_head "$RS"
cat >>"$RS/rs.conf" <<CONF
module(load="imrelp")
module(load="imtcp")
CONF
rs_conf_output "$RS" relp
rs_conf_output "$RS" tcp
cat >>"$RS/rs.conf" <<CONF
input(type="imrelp" port="$RELP" address="127.0.0.1" ruleset="relp") # tcpport="$RELP"
input(type="imtcp" port="$TCP" address="127.0.0.1" ruleset="tcp") # tcpport="$TCP"
CONF

# restart_during PROTO URL: forward in the background, stop rsyslog after a
# third of the events arrived, start it again 1.5 s later, check the result.
restart_during() {
	local proto=$1 url=$2 out=$RS/$1.out fpid rc
	ok "$proto: rsyslogd starts" rs_start "$RS"
	"$PODAUDIT_BIN" forward --db "$DB" --to "$url" --name "$proto" --retry-max 1 \
		2>"$TMP/$proto.err" &
	fpid=$!
	ok "$proto: a third of the events arrived before the stop" wait_lines "$out" $((n / 3)) 60
	rs_stop
	echo "# $proto: rsyslog stopped with $(wc -l <"$out") messages written"
	sleep 1.5
	ok "$proto: podaudit is still running while the receiver is down" kill -0 $fpid
	ok "$proto: rsyslogd starts again" rs_start "$RS"
	wait $fpid
	rc=$?
	eq "$proto: forward finished (exit 0)" 0 $rc
	ok "$proto: it retried while the receiver was down" grep -q "retry 1 in" "$TMP/$proto.err"
	wait_lines "$out" "$n" 30
	res=$($CHECK "$DB" ecs "$out" --received)
	echo "# $proto after a receiver restart: $res"
	eq "$proto: every stored event arrived, nothing foreign" "missing 0 extra 0" \
		"$(grep -o 'missing [0-9]* extra [0-9]*' <<<"$res")"
	echo "# $proto: $(grep -o 'duplicates [0-9]*' <<<"$res" | cut -d' ' -f2) events arrived twice; podaudit: $(tail -1 "$TMP/$proto.err")"
	eq "$proto: the cursor reached the last event" "$(q "$DB" "SELECT max(id) FROM events")" \
		"$(q "$DB" "SELECT last_id FROM forward_targets WHERE name = '$proto'")"
	rs_stop
}

restart_during relp "relp://127.0.0.1:$RELP"
restart_during tcp "tcp://127.0.0.1:$TCP"
finish
