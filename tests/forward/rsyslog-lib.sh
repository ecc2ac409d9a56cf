# Helpers for the forwarding tests that run a real rsyslog (sourced after ../lib.sh).
# Each test starts its own rsyslogd on loopback ports of its own, with its own
# configuration, writing what each input receives to a file; it is killed at exit.

RS_MODDIR=$(ls -d /usr/lib/*/rsyslog 2>/dev/null | head -1)

# need_rsyslog MODULE...: skip unless rsyslogd and the named input modules exist.
need_rsyslog() {
	command -v rsyslogd >/dev/null 2>&1 || skip "rsyslogd is not installed (Debian: rsyslog)"
	for m in "$@"; do
		[ -f "$RS_MODDIR/$m.so" ] || skip "rsyslog module $m is missing (Debian: rsyslog-relp / rsyslog-openssl)"
	done
	need python3
}

# A free loopback TCP or UDP port (bound and released; rsyslog takes it right after).
free_port() {
	python3 -c 'import socket,sys
t = socket.SOCK_DGRAM if sys.argv[1] == "udp" else socket.SOCK_STREAM
s = socket.socket(socket.AF_INET, t); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' "${1:-tcp}"
}

# rs_start DIR: start rsyslogd with DIR/rs.conf (written by the test); RS_PID.
rs_start() {
	local dir=$1
	rsyslogd -n -f "$dir/rs.conf" -i "$dir/rs.pid" >>"$dir/rs.log" 2>&1 &
	RS_PID=$!
	# wait until every TCP port of the configuration listens
	for _ in $(seq 1 100); do
		local all=1
		for p in $(grep -o 'tcpport="[0-9]*"' "$dir/rs.conf" | tr -dc '0-9\n'); do
			ss -ltn "sport = :$p" | grep -q LISTEN || all=0
		done
		[ $all = 1 ] && return 0
		kill -0 "$RS_PID" 2>/dev/null || { cat "$dir/rs.log"; return 1; }
		sleep 0.1
	done
	return 1
}

# rs_stop: SIGTERM rsyslogd (it writes out what it acknowledged) and wait for it.
rs_stop() {
	[ -n "${RS_PID:-}" ] || return 0
	kill -TERM "$RS_PID" 2>/dev/null
	wait "$RS_PID" 2>/dev/null
	RS_PID=
}

# wait_lines FILE N [SECONDS]: wait until FILE has at least N lines.
wait_lines() {
	local i
	for i in $(seq 1 $((${3:-20} * 10))); do
		[ "$(cat "$1" 2>/dev/null | wc -l)" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# rs_conf_head DIR: the common part of a configuration (written to DIR/rs.conf).
# Messages up to 256 KiB; a direct main queue, so that an acknowledgement
# (RELP) or a read (TCP) comes after the message was handed to omfile.
rs_conf_head() {
	cat >"$1/rs.conf" <<CONF
global(workDirectory="$1" maxMessageSize="256k")
main_queue(queue.type="direct")
template(name="received" type="string" string="%pri%|%app-name%|%msg%\n")
CONF
}

# rs_conf_output DIR NAME: a ruleset NAME writing to DIR/NAME.out.
rs_conf_output() {
	cat >>"$1/rs.conf" <<CONF
ruleset(name="$2") { action(type="omfile" file="$1/$2.out" template="received" flushOnTXEnd="on" asyncWriting="off") }
CONF
}

trap '[ -n "${RS_PID:-}" ] && kill -TERM "$RS_PID" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$TMP"; jobs -p | xargs -r kill -9 2>/dev/null' EXIT

# check_received FILE DB NAME: every event of DB arrived in FILE (lines "PRI|APP|JSON")
# exactly once as JSON in ECS or podaudit format; prints "missing duplicates" counts.
received_ids() {
	python3 - "$1" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8", errors="surrogateescape"):
    pri, app, msg = line.rstrip("\n").split("|", 2)
    d = json.loads(msg)
    print(d["podaudit"]["id"] if "podaudit" in d else d["id"])
PY
}
