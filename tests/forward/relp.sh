#!/bin/bash
# RELP against a scripted receiver (relp_fake.py) that fails on purpose: the
# cursor moves only over messages the receiver answered "200 OK". The fake
# writes exactly the messages it acknowledged, so after each failure and
# retry every stored event must be there exactly once:
#   - the receiver acknowledges part of a session, then sends "serverclose"
#     and closes (what rsyslog does when stopped: tests/forward/restart.sh
#     lost the unacknowledged rest of such a session, confirmed as sent);
#   - it closes the connection without a word;
#   - it refuses one message with "500" and acknowledges later ones;
#   - it answers out of order;
#   - it does not offer the syslog command (nothing may count as sent).
. "$PODAUDIT_SRCDIR/tests/lib.sh"
need sqlite3
need python3
CHECK="python3 $PODAUDIT_SRCDIR/tests/forward/check.py"
FAKE="$PODAUDIT_SRCDIR/tests/forward/relp_fake.py"
DB=$TMP/p.db

pa ingest --db "$DB" "$PODAUDIT_SRCDIR/tests/data/podman-session.log" 2>/dev/null
n=$(q "$DB" "SELECT count(*) FROM events")
max=$(q "$DB" "SELECT max(id) FROM events")
echo "# $n events"

# fake NAME SCRIPT: start the fake receiver for target NAME; sets PORT, FAKE_PID.
fake() {
	rm -f "$TMP/$1.port"
	python3 "$FAKE" "$TMP/$1.port" "$TMP/$1.out" "$2" 2>"$TMP/$1.fake.err" &
	FAKE_PID=$!
	for _ in $(seq 1 100); do
		[ -s "$TMP/$1.port" ] && break
		sleep 0.05
	done
	PORT=$(cat "$TMP/$1.port")
}
# forward NAME [OPTION...]: forward every event to the fake receiver as target NAME.
forward() {
	local name=$1
	shift
	"$PODAUDIT_BIN" forward --db "$DB" --to "relp://127.0.0.1:$PORT" --name "$name" \
		--format rfc5424 --retry-max 1 "$@" 2>"$TMP/$name.err"
}
cursor() { q "$DB" "SELECT last_id FROM forward_targets WHERE name = '$1'"; }
stop_fake() { kill "$FAKE_PID" 2>/dev/null; wait "$FAKE_PID" 2>/dev/null; }

# serverclose in the middle of a session: 30 acknowledged, the rest of the
# session unanswered; the client's "close" gets "serverclose" and a closed connection.
fake sclose "close-after:30,ok"
forward sclose --window 64 --max-retries 5
eq "serverclose mid-session: exit 0" 0 $?
eq "serverclose mid-session: every event arrived once (only acknowledged ones count)" \
	"ids $n unique $n missing 0 extra 0 duplicates 0" "$($CHECK "$DB" rfc5424 "$TMP/sclose.out")"
ok "  ... the failure was reported and retried" grep -q "retry 1 in" "$TMP/sclose.err"
ok "  ... the unacknowledged messages were sent again" \
	grep -Eq "; 1 retries, [1-9][0-9]* events sent again" "$TMP/sclose.err"
eq "  ... the cursor reached the last event" "$max" "$(cursor sclose)"
stop_fake

# The receiver closes without a word after 150 acknowledgements.
fake eof "eof-after:150,ok"
forward eof --max-retries 5
eq "connection closed mid-session: exit 0" 0 $?
eq "connection closed mid-session: every event arrived once" \
	"ids $n unique $n missing 0 extra 0 duplicates 0" "$($CHECK "$DB" rfc5424 "$TMP/eof.out")"
ok "  ... the failure says the receiver closed the connection" \
	grep -q "closed the connection" "$TMP/eof.err"
eq "  ... the cursor reached the last event" "$max" "$(cursor eof)"
stop_fake

# One message refused with 500, later ones acknowledged: the cursor stops
# before the refused one; it and the later ones are sent again (the later
# ones arrive twice: at-least-once).
fake nak "nak-after:50,ok"
forward nak --max-retries 5
eq "a refused message: exit 0" 0 $?
res=$($CHECK "$DB" rfc5424 "$TMP/nak.out")
echo "# a refused message: $res"
eq "a refused message: every event arrived, nothing foreign" "missing 0 extra 0" \
	"$(grep -o 'missing [0-9]* extra [0-9]*' <<<"$res")"
ok "  ... the failure names the receiver's answer" grep -q "500 refused for the test" "$TMP/nak.err"
eq "  ... the cursor reached the last event" "$max" "$(cursor nak)"
stop_fake

# Answers out of order (RELP allows it): each event once, no retry.
fake reorder "reorder:7"
forward reorder --window 32 --max-retries 1
eq "answers out of order: exit 0" 0 $?
eq "answers out of order: every event arrived once" \
	"ids $n unique $n missing 0 extra 0 duplicates 0" "$($CHECK "$DB" rfc5424 "$TMP/reorder.out")"
ok "  ... without a retry" grep -q "; 0 retries, 0 events sent again" "$TMP/reorder.err"
stop_fake

# A receiver that does not offer the syslog command: nothing is sent.
fake nosyslog "drop-syslog"
forward nosyslog --max-retries 2
eq "no syslog command offered: fails" 1 $?
ok "  ... and says why" grep -q "does not offer the RELP syslog command" "$TMP/nosyslog.err"
eq "  ... nothing counts as sent (cursor 0)" 0 "$(cursor nosyslog)"
stop_fake
finish
