#!/bin/bash
# Black-box tests of `podaudit rules`: the real binary on fake system trees
# (--root), captured auditctl output (--listing/--status), exit codes.
set -u

BIN=${PODAUDIT_BIN:?PODAUDIT_BIN not set}
SRC=${PODAUDIT_SRCDIR:?PODAUDIT_SRCDIR not set}
T=$(mktemp -d /tmp/podaudit-rules-cli-XXXXXX)
trap 'rm -rf "$T"' EXIT
FAILS=0
N=0

fail() { printf 'FAIL: %s\n' "$*"; FAILS=$((FAILS + 1)); }
ok() { N=$((N + 1)); }

# expect_rc WANT DESC CMD...: run CMD, keep its output in $T/out and $T/err.
expect_rc() {
    local want=$1 desc=$2; shift 2
    "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    if [ "$rc" -ne "$want" ]; then
        fail "$desc: exit $rc, wanted $want"
        sed 's/^/    out: /' "$T/out"
        sed 's/^/    err: /' "$T/err"
    else
        ok
    fi
}

# expect_in FILE TEXT DESC: FILE contains the fixed string TEXT.
expect_in() {
    if grep -qF -- "$2" "$1"; then ok; else fail "$3: '$2' not in $(basename "$1")"; sed 's/^/    /' "$1"; fi
}

# expect_same FILE1 FILE2 DESC
expect_same() {
    if cmp -s "$1" "$2"; then ok; else fail "$3"; diff -u "$1" "$2" | sed 's/^/    /'; fi
}

# A small Debian-like system, shaped like the machine the fixtures were
# captured on: podman, runc, conmon; carol has rootless storage.
R=$T/root
mkdir -p "$R/usr/bin" "$R/usr/sbin" "$R/var/lib/containers" \
    "$R/home/carol/.local/share/containers" "$R/home/alice" \
    "$R/run/containers/0" "$R/root/.config/containers" "$R/etc"
ln -s usr/bin "$R/bin"
ln -s usr/sbin "$R/sbin"
for f in usr/bin/podman usr/sbin/runc usr/bin/conmon; do
    printf '#!/bin/sh\n' >"$R/$f"
    chmod 0755 "$R/$f"
done
: >"$R/root/.config/containers/auth.json"
cat >"$R/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
alice:x:1001:1001::/home/alice:/bin/bash
carol:x:1003:1003::/home/carol:/bin/bash
EOF
printf 'UID_MIN 1000\nUID_MAX 60000\n' >"$R/etc/login.defs"

HEADER='## podaudit: audit rules for podman, its OCI runtimes, conmon and container storage.
## Written by `podaudit rules install` from podaudit'"'"'s configuration (podaudit.yaml): edit that, not this file.
## `podaudit rules verify` checks that the kernel has loaded them.'
EXPECTED_RULES='-w /usr/bin/podman -p x -k podman_exec
-w /usr/sbin/runc -p x -k container_runtime
-w /usr/bin/conmon -p x -k container_monitor
-w /var/lib/containers -p wa -k container_storage
-w /home/carol/.local/share/containers -p wa -k user_container_storage
-w /run/containers/0/auth.json -p wa -k registry_auth
-w /root/.config/containers/auth.json -p wa -k registry_auth'
printf '%s\n%s\n' "$HEADER" "$EXPECTED_RULES" >"$T/expected.rules"

# ---------------------------------------------------------------- usage
expect_rc 2 "no action" "$BIN" rules
expect_rc 2 "unknown action" "$BIN" rules bogus
expect_rc 0 "help" "$BIN" rules --help
expect_in "$T/out" "podaudit rules install [--config FILE] [--root DIR] [--load] [--check]" "help synopsis"
expect_rc 0 "print --help" "$BIN" rules print --help
expect_rc 2 "print --load" "$BIN" rules print --load
expect_in "$T/err" "option '--load' belongs to another subcommand" "print --load message"
expect_rc 2 "print extra argument" "$BIN" rules print extra
expect_rc 2 "unknown option" "$BIN" rules print --nope
expect_rc 2 "install --check --load" "$BIN" rules install --check --load --root "$R"
expect_rc 2 "install --load --root" "$BIN" rules install --load --root "$R"
expect_rc 2 "install --plugin=relative" "$BIN" rules install --plugin=podaudit --root "$R"
expect_rc 2 "verify --status without --listing" "$BIN" rules verify --status x
expect_rc 2 "verify --check" "$BIN" rules verify --check

# ---------------------------------------------------------------- print
expect_rc 0 "print on the fake root" "$BIN" rules print --root "$R"
expect_same "$T/expected.rules" "$T/out" "print --root output"
expect_in "$T/err" "podaudit: warning: executable crun (key container_runtime) is not installed" "crun warning"
expect_in "$T/err" "path {home}/.local/share/containers (key user_container_storage): left out for 1 user whose directory does not exist: alice" "per-user warning"

# The default configuration file is looked for under --root.
mkdir -p "$R/etc/podaudit"
cat >"$R/etc/podaudit/podaudit.yaml" <<'EOF'
executables:
  - name: podman
    key: podman_exec
paths: []
EOF
chmod 0600 "$R/etc/podaudit/podaudit.yaml"
expect_rc 0 "print with ROOT/etc/podaudit/podaudit.yaml" "$BIN" rules print --root "$R"
printf '%s\n-w /usr/bin/podman -p x -k podman_exec\n' "$HEADER" >"$T/want"
expect_same "$T/want" "$T/out" "print uses the root's configuration"
chmod 0664 "$R/etc/podaudit/podaudit.yaml"
expect_rc 1 "group-writable configuration" "$BIN" rules print --root "$R"
expect_in "$T/err" "podaudit: $R/etc/podaudit/podaudit.yaml: refusing a configuration writable by group or others (mode 0664)" "refusal message"
rm -f "$R/etc/podaudit/podaudit.yaml"

# --config: errors name file, line and column.
printf 'paths:\n  - path: /home/*/.local/share/containers\n    key: user_container_storage\n' >"$T/bad.yaml"
chmod 0600 "$T/bad.yaml"
expect_rc 1 "wildcard in configuration" "$BIN" rules print --config "$T/bad.yaml" --root "$R"
expect_in "$T/err" "podaudit: $T/bad.yaml:2:11: path: '/home/*/.local/share/containers' audit rules take no wildcards" "wildcard message"
printf 'keys: [a\n' >"$T/bad.yaml"
expect_rc 1 "syntax error" "$BIN" rules print --config "$T/bad.yaml"
expect_in "$T/err" "podaudit: $T/bad.yaml:2:1: " "syntax error position"
expect_rc 1 "missing --config file" "$BIN" rules print --config "$T/nope.yaml"
expect_in "$T/err" "$T/nope.yaml: No such file or directory" "missing file message"

# ---------------------------------------------------------------- install
DEST=$R/etc/audit/rules.d/50-podaudit.rules
mkdir -p "$R/etc/audit/rules.d"
printf -- '-D\n-b 8192\n' >"$R/etc/audit/rules.d/10-base.rules"
touch -d '2020-01-01 00:00' "$R/etc/audit/rules.d/10-base.rules"
BASE_BEFORE=$(stat -c '%i %Y %s' "$R/etc/audit/rules.d/10-base.rules")

expect_rc 1 "--check before install" "$BIN" rules install --check --root "$R"
expect_in "$T/out" "--- $DEST (not installed)" "check header"
expect_in "$T/out" "+-w /usr/bin/podman -p x -k podman_exec" "check shows the rules"
[ ! -e "$DEST" ] && ok || fail "--check wrote $DEST"

expect_rc 0 "install" "$BIN" rules install --root "$R"
expect_in "$T/out" "$DEST: installed" "install message"
expect_same "$T/expected.rules" "$DEST" "installed file"
[ "$(stat -c %a "$DEST")" = 640 ] && ok || fail "mode $(stat -c %a "$DEST"), wanted 640"
BEFORE=$(stat -c '%i %Y' "$DEST")
sleep 1
expect_rc 0 "install again" "$BIN" rules install --root "$R"
expect_in "$T/out" "$DEST: unchanged" "second install message"
[ "$(stat -c '%i %Y' "$DEST")" = "$BEFORE" ] && ok || fail "second install touched $DEST"
expect_rc 0 "--check after install" "$BIN" rules install --check --root "$R"
expect_in "$T/out" "$DEST: up to date" "check up to date"
[ "$(stat -c '%i %Y %s' "$R/etc/audit/rules.d/10-base.rules")" = "$BASE_BEFORE" ] && ok ||
    fail "10-base.rules was touched"
[ "$(ls -A "$R/etc/audit/rules.d" | wc -l)" = 2 ] && ok || fail "stray files: $(ls -A "$R/etc/audit/rules.d")"

# A new user with rootless storage: --check shows it, install adds it.
mkdir -p "$R/home/alice/.local/share/containers"
expect_rc 1 "--check sees the new user" "$BIN" rules install --check --root "$R"
expect_in "$T/out" "+-w /home/alice/.local/share/containers -p wa -k user_container_storage" "check diff"
expect_same "$T/expected.rules" "$DEST" "--check left the file alone"
expect_rc 0 "install the new user" "$BIN" rules install --root "$R"
expect_in "$T/out" "$DEST: installed" "reinstall message"
expect_in "$DEST" "-w /home/alice/.local/share/containers -p wa -k user_container_storage" "reinstalled file"
rm -rf "$R/home/alice/.local"
expect_rc 0 "install back" "$BIN" rules install --root "$R"

# A duplicate in another rules file is reported, not touched.
printf -- '-w /usr/bin/podman -p x -k podman_exec\n' >"$R/etc/audit/rules.d/60-site.rules"
expect_rc 0 "install with a duplicate elsewhere" "$BIN" rules install --root "$R"
expect_in "$T/err" "60-site.rules:1: '-w /usr/bin/podman -p x -k podman_exec' is also here" "duplicate warning"
rm -f "$R/etc/audit/rules.d/60-site.rules"

# The auditd plugin file.
PLUGIN=$R/etc/audit/plugins.d/podaudit.conf
expect_rc 1 "--check --plugin" "$BIN" rules install --check --plugin=/usr/bin/podaudit --root "$R"
expect_in "$T/out" "$DEST: up to date" "check with plugin: rules up to date"
expect_in "$T/out" "+path = /usr/bin/podaudit" "check with plugin: plugin diff"
expect_rc 0 "install --plugin" "$BIN" rules install --plugin=/usr/bin/podaudit --root "$R"
expect_same "$SRC/rules/podaudit-plugin.conf" "$PLUGIN" "plugin file"
[ "$(stat -c %a "$PLUGIN")" = 640 ] && ok || fail "plugin mode $(stat -c %a "$PLUGIN")"
expect_rc 0 "install --plugin again" "$BIN" rules install --plugin=/usr/bin/podaudit --root "$R"
expect_in "$T/out" "$PLUGIN: unchanged" "plugin unchanged"

# ---------------------------------------------------------------- verify
# The captured `auditctl -l` of the reference machine holds exactly these rules.
expect_rc 0 "verify the captured listing" "$BIN" rules verify --root "$R" \
    --listing "$SRC/tests/rules/data/auditctl-l.txt" --status "$SRC/tests/rules/data/auditctl-s.txt"
cat >"$T/want" <<'EOF'
audit: 1 (enabled)
failure mode: 1 (printk)
auditd pid: 3462
backlog: 0 of 8192
rate limit: 0 (none)
lost events: 0
rules: 7 expected, 7 present, 0 missing
EOF
expect_same "$T/want" "$T/out" "verify report"

grep -v conmon "$SRC/tests/rules/data/auditctl-l.txt" >"$T/l-missing.txt"
printf -- '-w /home/gone/.local/share/containers -p wa -k user_container_storage\n-w /etc/shadow -p wa -k identity\n' >>"$T/l-missing.txt"
expect_rc 1 "verify with a rule missing" "$BIN" rules verify --root "$R" --listing "$T/l-missing.txt"
expect_in "$T/out" "audit: status not checked (--listing without --status)" "offline status"
expect_in "$T/out" "rules: 7 expected, 6 present, 1 missing" "missing count"
expect_in "$T/out" "missing: -w /usr/bin/conmon -p x -k container_monitor" "missing rule"
expect_in "$T/out" "unexpected: -w /home/gone/.local/share/containers -p wa -k user_container_storage" "stale rule"
if grep -q shadow "$T/out"; then fail "a rule with a foreign key was reported"; else ok; fi
expect_in "$T/err" "podaudit: 1 rule is missing: run podaudit rules install --load" "missing hint"

sed 's/^lost 0$/lost 42/' "$SRC/tests/rules/data/auditctl-s.txt" >"$T/s-lost.txt"
expect_rc 0 "lost events are reported" "$BIN" rules verify --root "$R" \
    --listing "$SRC/tests/rules/data/auditctl-l.txt" --status "$T/s-lost.txt"
expect_in "$T/out" "WARNING: 42 audit events were lost since the counter was last reset: the audit trail has a gap" "lost warning"
sed 's/^enabled 1$/enabled 0/' "$SRC/tests/rules/data/auditctl-s.txt" >"$T/s-off.txt"
expect_rc 1 "auditing disabled fails" "$BIN" rules verify --root "$R" \
    --listing "$SRC/tests/rules/data/auditctl-l.txt" --status "$T/s-off.txt"
expect_in "$T/out" "WARNING: auditing is disabled (enabled 0): no events are recorded" "disabled warning"
if [ -f "$SRC/tests/data/auditctl-l-empty.txt" ]; then
    expect_rc 1 "verify an empty listing" "$BIN" rules verify --root "$R" \
        --listing "$SRC/tests/data/auditctl-l-empty.txt"
    expect_in "$T/out" "rules: 7 expected, 0 present, 7 missing" "empty listing"
fi
printf 'garbage line\n' >"$T/l-bad.txt"
expect_rc 1 "unparsable listing" "$BIN" rules verify --root "$R" --listing "$T/l-bad.txt"
expect_in "$T/err" "auditctl -l: line 1: unexpected 'garbage'" "unparsable listing message"
expect_rc 1 "missing listing file" "$BIN" rules verify --root "$R" --listing "$T/none.txt"

echo "$N checks passed, $FAILS failed"
[ "$FAILS" -eq 0 ]
