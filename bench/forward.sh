#!/usr/bin/env bash
# bench/forward.sh [COPIES]: podaudit forward throughput, events per second,
# to a real rsyslog on loopback over RELP and TCP (and to a local file for
# reference).
#
# Builds a database of COPIES (default 20) time-shifted copies of
# tests/data/podman-session.log (902 stored events each), starts rsyslogd
# with imrelp and imtcp inputs on free loopback ports writing what they
# receive with omfile (direct main queue: an acknowledgement or a read
# happens after the message reached omfile), then times one
# `podaudit forward` per target from an empty cursor, checks that every
# event arrived, and prints events/s. Uses the build in ./build (or
# PODAUDIT=binary). A measurement, not a test: exits 1 only when a tool
# fails or events are missing.
set -euo pipefail
export LC_ALL=C
SRC=$(cd "$(dirname "$0")/.." && pwd)
COPIES=${1:-20}
BIN=${PODAUDIT:-$SRC/build/cli/podaudit}
command -v rsyslogd >/dev/null || { echo "rsyslogd is not installed" >&2; exit 1; }
TMP=$(mktemp -d /tmp/podaudit-bench-forward.XXXXXX)
RS_PID=
trap '[ -n "$RS_PID" ] && kill -TERM $RS_PID 2>/dev/null; rm -rf "$TMP"' EXIT

# The same shifted copies as the tests (tests/lib.sh's shifted_copies).
PODAUDIT_BIN=$BIN PODAUDIT_SRCDIR=$SRC
eval "$(sed -n '/^shifted_copies()/,/^}/p' "$SRC/tests/lib.sh")"
shifted_copies "$SRC/tests/data/podman-session.log" "$COPIES" "$TMP/log"
"$BIN" ingest --db "$TMP/b.db" "$TMP/log" >/dev/null 2>&1
rm -f "$TMP/log"
n=$(sqlite3 "$TMP/b.db" "SELECT count(*) FROM events")

port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
RELP=$(port) TCP=$(port)
cat >"$TMP/rs.conf" <<CONF
global(workDirectory="$TMP" maxMessageSize="256k")
main_queue(queue.type="direct")
module(load="imrelp")
module(load="imtcp")
template(name="m" type="string" string="%msg%\n")
ruleset(name="relp") { action(type="omfile" file="$TMP/relp.out" template="m") }
ruleset(name="tcp") { action(type="omfile" file="$TMP/tcp.out" template="m") }
input(type="imrelp" port="$RELP" address="127.0.0.1" ruleset="relp")
input(type="imtcp" port="$TCP" address="127.0.0.1" ruleset="tcp")
CONF
rsyslogd -n -f "$TMP/rs.conf" -i "$TMP/rs.pid" >"$TMP/rs.log" 2>&1 &
RS_PID=$!
for _ in $(seq 1 50); do
	ss -ltn "sport = :$RELP" | grep -q LISTEN && ss -ltn "sport = :$TCP" | grep -q LISTEN && break
	sleep 0.1
done

# run NAME URL [OUT]: time one forward run; print events/s.
run() {
	local t0 t1 got
	t0=$(date +%s.%N)
	"$BIN" forward --db "$TMP/b.db" --to "$2" --name "$1" --max-retries 3 2>"$TMP/$1.err"
	t1=$(date +%s.%N)
	got=$n
	if [ -n "${3:-}" ]; then
		for _ in $(seq 1 100); do [ "$(wc -l <"$3")" -ge "$n" ] && break; sleep 0.1; done
		got=$(wc -l <"$3")
	fi
	[ "$got" -ge "$n" ] || { echo "$1: only $got of $n events arrived" >&2; return 1; }
	awk -v n="$n" -v a="$t0" -v b="$t1" -v name="$1" \
		'BEGIN { printf "%-6s %7d events in %6.2f s: %8.0f events/s\n", name, n, b - a, n / (b - a) }'
}

echo "podaudit forward, $n events (ECS, RFC 5424 framing), rsyslog $(rsyslogd -v | awk 'NR == 1 { print $2 }') on loopback"
run relp "relp://127.0.0.1:$RELP" "$TMP/relp.out"
run tcp "tcp://127.0.0.1:$TCP" "$TMP/tcp.out"
run file "file:$TMP/file.out"
