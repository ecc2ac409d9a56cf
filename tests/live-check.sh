# Preconditions of the live tests (sourced by tests/rules/live.sh and
# tests/ingest/live_plugin.sh): exits 77 (skipped) with a message when the
# audit system cannot be used here: not root, no auditctl, auditd not
# running or not writing its log, auditing disabled or locked, a fixture
# capture using the rules. Needs skip() from the caller. Sets STATUS (auditctl
# -s), val KEY (a value of it), PID (auditd's) and LOG (its log file).
[ "$(id -u)" = 0 ] || skip "not root: changing the audit configuration needs root"
command -v auditctl >/dev/null 2>&1 || skip "auditctl is not installed"
command -v sqlite3 >/dev/null 2>&1 || skip "sqlite3 (the command-line shell) is not installed"
STATUS=$(auditctl -s 2>&1) || skip "auditctl -s failed: $STATUS"
val() { printf '%s\n' "$STATUS" | awk -v k="$1" '$1 == k { print $2; exit }'; }
ENABLED=$(val enabled)
PID=$(val pid)
[ -n "$PID" ] && [ "$PID" -gt 0 ] 2>/dev/null || skip "auditd is not running (the kernel has no audit daemon registered)"
# The kernel keeps the pid of an auditd that was killed until it next fails to
# send to it: check that the process is alive and is auditd.
[ "$(cat "/proc/$PID/comm" 2>/dev/null)" = auditd ] ||
    skip "auditd is not running (the kernel still names pid $PID, which is gone or not auditd)"
[ "$ENABLED" = 1 ] || skip "auditing is not enabled and unlocked (enabled=$ENABLED)"
if grep -qsE '^[[:space:]]*-e[[:space:]]+2' /etc/audit/rules.d/*.rules; then
    skip "/etc/audit/rules.d locks the rules (-e 2): loading them could not be undone"
fi
# The fixture capture script loads its own rules and slices the audit log:
# changing the rules under it would spoil its fixtures.
if pgrep -f 'tests/data/capture/scenario\.sh' >/dev/null 2>&1; then
    skip "a fixture capture (tests/data/capture/scenario.sh) is using the audit rules"
fi
LOG=$(awk -F= '$1 ~ /^[[:space:]]*log_file[[:space:]]*$/ { gsub(/[[:space:]]/, "", $2); print $2 }' \
    /etc/audit/auditd.conf 2>/dev/null)
LOG=${LOG:-/var/log/audit/audit.log}
[ -r "$LOG" ] || skip "cannot read the audit log $LOG"
# A message of our own must reach the log: otherwise auditd writes elsewhere
# (another mount namespace, a suspended log after a disk-full action, ...).
MARK="podaudit-live-probe-$$-$(date +%s%N)"
auditctl -m "$MARK" >/dev/null 2>&1 || skip "auditctl -m could not send a user message"
for _ in $(seq 1 25); do
    tail -c 65536 "$LOG" 2>/dev/null | grep -qF "$MARK" && break
    sleep 0.2
done
tail -c 65536 "$LOG" 2>/dev/null | grep -qF "$MARK" ||
    skip "auditd (pid $PID) does not write to $LOG: a message sent with auditctl -m did not arrive within 5 s"
