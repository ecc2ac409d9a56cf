#!/bin/bash
# Live test of `podaudit rules` against the running audit system:
#   install and load the rules (augenrules --load), verify them, run podman,
#   ingest the audit log and find the event, remove one rule and see verify
#   fail. Everything it changes is put back on exit: the kernel's rules and
#   settings, /etc/audit/audit.rules(.prev) and rules.d/50-podaudit.rules.
#
# Exits 77 (skipped) with a message when the audit system cannot be used:
# not root, no auditctl/augenrules, auditd not running, auditing disabled or
# locked, no podman or sqlite3.
set -u

BIN=${PODAUDIT_BIN:?PODAUDIT_BIN not set}
skip() { printf 'SKIP: %s\n' "$*"; exit 77; }
fail() { printf 'FAIL: %s\n' "$*"; FAILS=$((FAILS + 1)); }
FAILS=0

command -v augenrules >/dev/null 2>&1 || skip "augenrules is not installed"
command -v podman >/dev/null 2>&1 || skip "podman is not installed"
# shellcheck source=../live-check.sh
. "${PODAUDIT_SRCDIR:?PODAUDIT_SRCDIR not set}/tests/live-check.sh"

T=$(mktemp -d /tmp/podaudit-rules-live-XXXXXX)
RULES_D=/etc/audit/rules.d
OURS=$RULES_D/50-podaudit.rules

# ---------------------------------------------------------------- save
auditctl -l >"$T/saved.rules"
B=$(val backlog_limit)
F=$(val failure)
W=$(val backlog_wait_time)
RL=$(val rate_limit)
for f in "$OURS" /etc/audit/audit.rules /etc/audit/audit.rules.prev; do
    if [ -e "$f" ]; then cp -p "$f" "$T/saved.$(basename "$f")"; fi
done

restore() {
    local f
    for f in "$OURS" /etc/audit/audit.rules /etc/audit/audit.rules.prev; do
        if [ -e "$T/saved.$(basename "$f")" ]; then
            cp -p "$T/saved.$(basename "$f")" "$f"
        else
            rm -f "$f"
        fi
    done
    auditctl -D >/dev/null
    if ! grep -qx 'No rules' "$T/saved.rules"; then
        auditctl -R "$T/saved.rules" >/dev/null || echo "live.sh: could not reload the saved rules"
    fi
    [ -n "$B" ] && auditctl -b "$B" >/dev/null
    [ -n "$F" ] && auditctl -f "$F" >/dev/null
    [ -n "$W" ] && auditctl --backlog_wait_time "$W" >/dev/null
    [ -n "$RL" ] && auditctl -r "$RL" >/dev/null
    auditctl -l >"$T/restored.rules"
    if ! cmp -s "$T/saved.rules" "$T/restored.rules"; then
        echo "FAIL: the kernel's rules were not restored:"
        diff "$T/saved.rules" "$T/restored.rules"
        rm -rf "$T"
        exit 1
    fi
    rm -rf "$T"
}
trap restore EXIT
trap 'exit 1' INT TERM

# ---------------------------------------------------------------- config
# podman, a watched directory of our own, and a file that does not exist yet
# in another directory: the kernel must accept a watch on it by name. (Not in
# the watched directory: the first rule that matches a syscall gives the
# event its key.)
mkdir -p "$T/watched" "$T/creds"
cat >"$T/podaudit.yaml" <<EOF
executables:
  - name: podman
    key: podman_exec
paths:
  - path: $T/watched
    key: container_storage
  - path: $T/creds/auth.json
    key: registry_auth
EOF
chmod 0600 "$T/podaudit.yaml"
PODMAN_RULE=$("$BIN" rules print --config "$T/podaudit.yaml" 2>/dev/null | grep -- '-k podman_exec$' | head -n1)
[ -n "$PODMAN_RULE" ] || { fail "rules print gives no podman rule"; exit 1; }

# ---------------------------------------------------------------- install + load
if ! "$BIN" rules install --config "$T/podaudit.yaml" --load >"$T/out" 2>&1; then
    fail "rules install --load failed"
    cat "$T/out"
fi
grep -q '^loaded: 3 rules$' "$T/out" || { fail "install --load did not report 3 rules loaded"; cat "$T/out"; }
[ "$(stat -c %a "$OURS")" = 640 ] || fail "$OURS has mode $(stat -c %a "$OURS")"
auditctl -l | grep -qxF -- "-w $T/creds/auth.json -p wa -k registry_auth" ||
    fail "the watch on a file that does not exist yet is not loaded"

if ! "$BIN" rules verify --config "$T/podaudit.yaml" >"$T/out" 2>&1; then
    fail "rules verify failed after loading"
    cat "$T/out"
fi
grep -q '^rules: 3 expected, 3 present, 0 missing$' "$T/out" || { fail "verify report"; cat "$T/out"; }
grep -q '^lost events: ' "$T/out" || { fail "verify does not report lost events"; cat "$T/out"; }

# ---------------------------------------------------------------- an event
OFFSET=$(stat -c %s "$LOG")
podman --version >/dev/null 2>&1 || fail "podman --version failed"
echo data >"$T/watched/file"
echo '{}' >"$T/creds/auth.json"
for _ in $(seq 1 50); do
    SIZE=$(stat -c %s "$LOG")
    [ "$SIZE" -lt "$OFFSET" ] && OFFSET=0 # rotated meanwhile
    tail -c +"$((OFFSET + 1))" "$LOG" >"$T/slice.log"
    grep -q 'key="podman_exec"' "$T/slice.log" && grep -q 'key="registry_auth"' "$T/slice.log" &&
        grep -q 'key="container_storage"' "$T/slice.log" && break
    sleep 0.2
done
grep -q 'key="podman_exec"' "$T/slice.log" || fail "no podman_exec event in $LOG"
grep -q 'key="container_storage"' "$T/slice.log" || fail "no container_storage event for the watched directory"
grep -q 'key="registry_auth"' "$T/slice.log" || fail "no registry_auth event for the file created after loading"

if ! "$BIN" ingest --db "$T/podaudit.db" "$T/slice.log" >"$T/out" 2>&1; then
    fail "ingest failed"
    cat "$T/out"
fi
PODMAN_EXE=${PODMAN_RULE#-w }
PODMAN_EXE=${PODMAN_EXE%% *}
N=$(sqlite3 "$T/podaudit.db" "SELECT count(*) FROM events WHERE key = 'podman_exec' AND exe = '$PODMAN_EXE' AND argv LIKE '%--version%'" 2>&1)
[ "$N" -ge 1 ] 2>/dev/null || fail "the podman --version event is not in the database (got '$N')"

# ---------------------------------------------------------------- a rule removed
# shellcheck disable=SC2086 # the rule is a list of auditctl arguments
auditctl ${PODMAN_RULE/-w/-W} >/dev/null || fail "auditctl could not remove $PODMAN_RULE"
if "$BIN" rules verify --config "$T/podaudit.yaml" >"$T/out" 2>&1; then
    fail "rules verify succeeded with a rule removed"
fi
grep -qxF "missing: $PODMAN_RULE" "$T/out" || { fail "verify does not name the missing rule"; cat "$T/out"; }
grep -q '^rules: 3 expected, 2 present, 1 missing$' "$T/out" || { fail "verify count"; cat "$T/out"; }

if [ "$FAILS" -eq 0 ]; then echo "live: all checks passed"; fi
[ "$FAILS" -eq 0 ]
