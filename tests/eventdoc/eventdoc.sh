#!/bin/bash
# The event document (query/eventdoc.h) on real captures: valid JSON, every
# field equal to the documented views, raw records byte for byte, hostile
# arguments (invalid UTF-8, escapes) recoverable exactly.
set -u
. "$PODAUDIT_SRCDIR/tests/lib.sh"
DUMP=$1

for log in podman-flags.log podman-session.log; do
	db=$TMP/${log%.log}.db
	"$PODAUDIT_BIN" ingest --all-events --db "$db" "$PODAUDIT_SRCDIR/tests/data/$log" >/dev/null 2>&1
	"$DUMP" "$db" --raw >"$TMP/docs.jsonl"
	eq "$log: dump every event" 0 "$?"
	[ "$log" = podman-flags.log ] && cp "$TMP/docs.jsonl" "$TMP/flags.jsonl"
	ok "$log: documents equal the views" python3 - "$db" "$TMP/docs.jsonl" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.text_factory = bytes
def b(s):  # JSON string back to the logged bytes
    return None if s is None else s.encode("utf-8", "surrogateescape")
def t(v):
    return None if v is None else v
rows = {r[0]: r for r in db.execute(
    "SELECT id, node, time, epoch, msec, serial, type, key, syscall, success, exit, auid, user,"
    " uid, euid, gid, ses, tty, pid, ppid, comm, exe, cwd, argv, proctitle, container_id,"
    " container_name, cause_id, raw FROM events")}
pod = {r[0]: r for r in db.execute(
    "SELECT id, mode, subcommand, container, image, risks_json, internal FROM podman_commands")}
paths = {}
for r in db.execute("SELECT event_id, item, name, inode FROM paths ORDER BY event_id, item"):
    paths.setdefault(r[0], []).append(r[1:])
n = 0
bad = 0
hostile = 0
for line in open(sys.argv[2], "rb"):
    d = json.loads(line)
    n += 1
    r = rows[d["id"]]
    cols = ["id", "node", "time", "epoch", "msec", "serial", "type", None, "syscall", None,
            "exit", "auid", "user", "uid", "euid", "gid", "ses", "tty", "pid", "ppid", "comm",
            "exe", "cwd", None, "proctitle", None, None, "cause_id", "raw"]
    for i, c in enumerate(cols):
        if c is None:
            continue
        v = d.get(c)
        want = r[i]
        got = b(v) if isinstance(v, str) else v
        if got != want:
            print(f"event {d['id']}: {c}: {got!r} != {want!r}"); bad += 1
    keys = r[7].split(b",") if r[7] is not None else None
    if (keys is None) != ("keys" not in d) or (keys and [b(k) for k in d["keys"]] != keys):
        print(f"event {d['id']}: keys {d.get('keys')} != {r[7]!r}"); bad += 1
    if r[9] is not None and d["success"] != bool(r[9]):
        print(f"event {d['id']}: success"); bad += 1
    if r[23] is not None:
        if d["argv"] != json.loads(r[23]):
            print(f"event {d['id']}: argv"); bad += 1
        if any("\udc80" <= ch <= "\udcff" for a in d["argv"] for ch in a):
            hostile += 1
    if (r[25], r[26]) != (b(d.get("container", {}).get("id")), b(d.get("container", {}).get("name"))):
        print(f"event {d['id']}: container"); bad += 1
    p = pod.get(d["id"])
    if (p is None) != ("podman" not in d):
        print(f"event {d['id']}: podman presence"); bad += 1
    elif p is not None:
        pd = d["podman"]
        if (b(pd.get("mode")), b(pd.get("subcommand")), b(pd.get("container")), b(pd.get("image"))) != p[1:5]:
            print(f"event {d['id']}: podman fields"); bad += 1
        if pd["risks"] != json.loads(p[5] or b"[]") or pd["internal"] != bool(p[6]):
            print(f"event {d['id']}: podman risks/internal"); bad += 1
    want_paths = [(i, nm, ino) for i, nm, ino in paths.get(d["id"], [])]
    got_paths = [(x.get("item"), b(x.get("name")), x.get("inode")) for x in d.get("paths", [])]
    if want_paths != got_paths:
        print(f"event {d['id']}: paths"); bad += 1
if n != len(rows):
    print(f"{n} documents for {len(rows)} events"); bad += 1
print(f"{n} documents, {hostile} with invalid UTF-8 in argv, {bad} differences")
sys.exit(1 if bad else 0)
PY
done
# podman-flags.log holds arguments with invalid UTF-8: the check above must have seen some.
ok "hostile arguments were exercised" grep -q 'udcff' "$TMP/flags.jsonl"
db=$TMP/podman-session.db
n=$(sqlite3 "$db" "SELECT max(id) FROM events")
"$DUMP" "$db" $((n + 1)) >"$TMP/out" 2>"$TMP/err"
eq "an unknown id is reported, not printed" "3:0" "$?:$(wc -c <"$TMP/out")"
"$DUMP" "$db" 1 >"$TMP/one"
ok "raw is left out unless asked for" bash -c "! grep -q '\"raw\"' $TMP/one"
finish
