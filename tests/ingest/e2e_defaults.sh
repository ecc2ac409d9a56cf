#!/bin/bash
# What `podaudit ingest` does without being told much: the default inputs
# (auditd's log_file and its rotated siblings, oldest first), the progress bar
# on a terminal, and a database it cannot write.
#
# The default-input checks run in a private mount namespace where a directory
# of the test's own is mounted over /var/log/audit (and a file over
# /etc/audit/auditd.conf), so the machine's real log is never read or touched.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root (mount namespaces, another user for the read-only checks)"
unshare -m --propagation private true 2>/dev/null || skip "unshare -m does not work here"
need sqlite3
LOG=$PODAUDIT_SRCDIR/tests/data/podman-session.log

# Cut the capture in three at event boundaries: the parts play the rotated
# logs audit.log.2 (oldest), audit.log.1 and audit.log (newest).
mkdir -p "$TMP/logs" "$TMP/other"
python3 - "$LOG" "$TMP/logs" <<'PY'
import re, sys
lines = open(sys.argv[1], "rb").read().splitlines(keepends=True)
def serial(l):
    m = re.search(rb"msg=audit\(\d+\.\d+:(\d+)\)", l)
    return m.group(1) if m else None
cuts, want = [], [len(lines) // 3, 2 * len(lines) // 3]
for w in want:
    i = w
    while serial(lines[i]) == serial(lines[i - 1]):
        i += 1
    cuts.append(i)
parts = [lines[:cuts[0]], lines[cuts[0]:cuts[1]], lines[cuts[1]:]]
for name, part in zip(["audit.log.2", "audit.log.1", "audit.log"], parts):
    open(f"{sys.argv[2]}/{name}", "wb").writelines(part)
PY
# Decoys that are not rotated siblings.
echo 'type=DAEMON_START msg=audit(1.000:1): junk' >"$TMP/logs/audit.log.bak"
echo 'type=DAEMON_START msg=audit(1.000:1): junk' >"$TMP/logs/audit.log.1x"
pa ingest --db "$TMP/ref.db" "$LOG" >/dev/null

# 1. No auditd.conf setting: /var/log/audit/audit.log and its siblings.
printf '# no log_file here\nlog_format = ENRICHED\n' >"$TMP/auditd.conf"
unshare -m --propagation private sh -c '
	mount --bind "$1/logs" /var/log/audit && mount --bind "$1/auditd.conf" /etc/audit/auditd.conf &&
	"$2" ingest --db "$1/default.db"' sh "$TMP" "$PODAUDIT_BIN" >"$TMP/out" 2>&1
eq "default inputs: exit 0" 0 "$?"
ok "default inputs: three files read" grep -q '^3 files, 1009 events read, 902 stored' "$TMP/out"
eq "default inputs: the same events as the whole capture" "$(db_digest "$TMP/ref.db")" "$(db_digest "$TMP/default.db")"
order="SELECT group_concat(serial) FROM (SELECT serial FROM events ORDER BY id)"
eq "default inputs: oldest first (stored in the order of the whole capture)" \
	"$(q "$TMP/ref.db" "$order")" "$(q "$TMP/default.db" "$order")"
eq "default inputs: one cursor per file, the decoys left alone" \
	"/var/log/audit/audit.log
/var/log/audit/audit.log.1
/var/log/audit/audit.log.2" "$(q "$TMP/default.db" "SELECT path FROM sources ORDER BY path")"

# 2. log_file in auditd.conf moves the log elsewhere.
mv "$TMP/logs/"audit.log* "$TMP/other/"
printf 'local_events = yes\n  log_file =  /var/log/audit/custom.log   # moved\nlog_format = RAW\n' >"$TMP/auditd.conf"
for f in audit.log.2 audit.log.1 audit.log; do
	mv "$TMP/other/$f" "$TMP/logs/custom.${f#audit.}"
done
unshare -m --propagation private sh -c '
	mount --bind "$1/logs" /var/log/audit && mount --bind "$1/auditd.conf" /etc/audit/auditd.conf &&
	"$2" ingest --db "$1/custom.db"' sh "$TMP" "$PODAUDIT_BIN" >"$TMP/out" 2>&1
ok "log_file from auditd.conf: three files read" grep -q '^3 files, 1009 events read, 902 stored' "$TMP/out"
eq "log_file from auditd.conf: the same events" "$(db_digest "$TMP/ref.db")" "$(db_digest "$TMP/custom.db")"

# 3. Missing log: a clear error naming it.
rm -f "$TMP/logs/"*
unshare -m --propagation private sh -c '
	mount --bind "$1/logs" /var/log/audit && mount --bind "$1/auditd.conf" /etc/audit/auditd.conf &&
	"$2" ingest --db "$1/none.db"' sh "$TMP" "$PODAUDIT_BIN" >"$TMP/out" 2>&1
eq "no log: exit 1" 1 "$?"
ok "no log: the error names it" grep -q '/var/log/audit/custom.log' "$TMP/out"

# 4. Progress bar: on a terminal for a large input, never when stderr is not one.
need script
for _ in $(seq 1 25); do cat "$PODAUDIT_SRCDIR/tests/data/podman-flags.log"; done >"$TMP/big.log"
script -qec "'$PODAUDIT_BIN' ingest --db '$TMP/big.db' '$TMP/big.log'" /dev/null >"$TMP/tty.out" 2>&1
ok "progress: a bar is drawn on a terminal" grep -aq '\] *[0-9]*%' "$TMP/tty.out"
ok "progress: the bar reaches 100%" grep -aq '100%' "$TMP/tty.out"
ok "progress: the summary follows on a clean line" grep -aq $'\r\033\[K1 file, ' "$TMP/tty.out"
rm -f "$TMP/big.db"*
pa ingest --db "$TMP/big.db" "$TMP/big.log" >"$TMP/pipe.out" 2>&1
ok "progress: nothing drawn when stderr is not a terminal" bash -c "! grep -aq '%' '$TMP/pipe.out'"
script -qec "'$PODAUDIT_BIN' ingest --db '$TMP/small.db' '$LOG'" /dev/null >"$TMP/tty.out" 2>&1
ok "progress: nothing drawn for a small input" bash -c "! grep -aq '%' '$TMP/tty.out'"
rm -f "$TMP/big.log" "$TMP/big.db"*

# 5. A database podaudit cannot write: clear error, nothing changed.
mkdir -p "$TMP/ro"
pa ingest --db "$TMP/ro/x.db" "$LOG" >/dev/null
chmod 755 "$TMP" "$TMP/ro"
chmod 644 "$TMP/ro/x.db"
before=$(db_digest "$TMP/ro/x.db")
sum=$(md5sum <"$TMP/ro/x.db")
setpriv --reuid=65534 --regid=65534 --clear-groups "$PODAUDIT_BIN" ingest --db "$TMP/ro/x.db" \
	"$PODAUDIT_SRCDIR/tests/data/podman-flags.log" >"$TMP/out" 2>&1
eq "read-only file: exit 1" 1 "$?"
ok "read-only file: the error says so and names the file" \
	grep -q "$TMP/ro/x.db: the database is read-only (Permission denied)" "$TMP/out"
chmod 666 "$TMP/ro/x.db"
setpriv --reuid=65534 --regid=65534 --clear-groups "$PODAUDIT_BIN" ingest --db "$TMP/ro/x.db" \
	"$PODAUDIT_SRCDIR/tests/data/podman-flags.log" >"$TMP/out" 2>&1
eq "directory not writable: exit 1" 1 "$?"
ok "directory not writable: the error names the directory" \
	grep -q "its directory $TMP/ro is not writable" "$TMP/out"
unshare -m --propagation private sh -c 'mount --bind -o ro "$1/ro" "$1/ro" &&
	"$2" ingest --db "$1/ro/x.db" "$3"' sh "$TMP" "$PODAUDIT_BIN" \
	"$PODAUDIT_SRCDIR/tests/data/podman-flags.log" >"$TMP/out" 2>&1
eq "read-only file system: exit 1" 1 "$?"
ok "read-only file system: the error says so" grep -q "read-only (Read-only file system)" "$TMP/out"
eq "read-only: the database is unchanged" "$sum" "$(md5sum <"$TMP/ro/x.db")"
eq "read-only: the events are unchanged" "$before" "$(db_digest "$TMP/ro/x.db")"
finish
