#!/bin/sh
# Start auditd when it is installed and not running, so that the live test
# suite (tests/rules/live.sh) can run: daemons started by hand do not survive
# into a CI run. Best effort: prints what it found and never fails the caller;
# the live suite skips with its own message where auditing cannot be used.
[ "$(id -u)" = 0 ] || { echo "auditd-up: not root, auditd left as it is"; exit 0; }
AUDITD=$(command -v auditd || echo /sbin/auditd)
[ -x "$AUDITD" ] || { echo "auditd-up: auditd is not installed"; exit 0; }
alive() {
	pid=$(auditctl -s 2>/dev/null | awk '$1 == "pid" { print $2 }')
	[ -n "$pid" ] && [ "$pid" -gt 0 ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = auditd ]
}
if alive; then
	echo "auditd-up: auditd is running (pid $pid)"
	exit 0
fi
"$AUDITD" 2>&1 || { echo "auditd-up: $AUDITD failed to start"; exit 0; }
for _ in 1 2 3 4 5 6 7 8 9 10; do
	alive && { echo "auditd-up: started auditd (pid $pid)"; exit 0; }
	sleep 0.3
done
echo "auditd-up: auditd started but did not register with the kernel"
exit 0
