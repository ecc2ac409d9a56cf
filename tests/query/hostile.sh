#!/usr/bin/env bash
# Hostile strings in audit data come out harmless in every format: escaped
# for the terminal (table, show, timeline: no control byte but newline, only
# valid UTF-8), as valid JSON keeping the bytes (jsonl), neutralised in csv
# (no formula), byte for byte in raw.
#
# Data: the real flags capture (container name $(rm -rf /), <script>, an
# argument with a newline, one with a tab, the bytes ff fe, caf\xe9), plus
# one event derived from the real session capture: alice's `podman run`
# (serial 24927) moved one hour later with a new serial, its EXECVE and
# PROCTITLE records replaced by a command line holding terminal escapes, a
# spreadsheet formula as container name, a newline and invalid UTF-8, its
# comm and cwd hex-encoded with a formula and an escape, as the kernel
# encodes such values.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
need sqlite3
need python3
D=$PODAUDIT_SRCDIR/tests/data
S=$D/podman-session.log
F=$D/podman-flags.log
[ -f "$S" ] && [ -f "$F" ] || skip "captures missing in tests/data"

python3 - "$S" > "$TMP/hostile.log" <<'EOF'
import re, sys
args = [b"podman", b"run", b"--name", b'=HYPERLINK("http://x","y")', b"localhost/bb:1",
        b"sh", b"-c", b"\x1b[2J\x1b]0;pwned\x07\x1b[31mred", b"line1\nline2", b"\xff\xfe",
        b"\xc2\x9b31m", b"tab\there"]
def enc(b):
    # the kernel's rule: quoted when printable, without '"', else hex
    if all(0x21 <= c <= 0x7e and c != 0x22 for c in b):
        return b'"' + b + b'"'
    return b.hex().upper().encode()
out = []
for line in open(sys.argv[1], "rb"):
    if b":24927)" not in line:
        continue
    line = line.replace(b"(1795350561.440:24927)", b"(1795354161.440:99000001)")
    if line.startswith(b"type=EXECVE"):
        head = line[:line.index(b"): ") + 3]
        line = head + b"argc=%d " % len(args) + b" ".join(
            b"a%d=%s" % (i, enc(a)) for i, a in enumerate(args)) + b"\n"
    elif line.startswith(b"type=PROCTITLE"):
        head = line[:line.index(b"): ") + 3]
        line = head + b"proctitle=" + b"\x00".join(args)[:128].hex().upper().encode() + b"\n"
    elif line.startswith(b"type=SYSCALL"):
        line = line.replace(b'comm="podman"', b"comm=" + b"=cmd|' /C calc'".hex().upper().encode())
    elif line.startswith(b"type=CWD"):
        line = re.sub(rb'cwd="[^"]*"', b"cwd=" + b"/tmp/\x1b[8m".hex().upper().encode(), line)
    out.append(line)
assert len(out) == 7, len(out)
sys.stdout.buffer.write(b"".join(out))
EOF
DB=$TMP/h.db
pa ingest --db "$DB" "$F" "$TMP/hostile.log" > /dev/null
id=$(q "$DB" "SELECT id FROM events WHERE serial = 99000001")
ok "the derived event is stored" test -n "$id"
eq "its argv is kept byte for byte" \
	"$(python3 -c 'import sys; sys.stdout.write((b"\x1b[2J\x1b]0;pwned\x07\x1b[31mred").hex())')" \
	"$(q "$DB" "SELECT argv FROM events WHERE id = $id" | python3 -c 'import json, sys; sys.stdout.write(json.loads(sys.stdin.read())[7].encode("utf-8", "surrogateescape").hex())')"

# clean FILE: only valid UTF-8, no control byte but newline, no C1 control.
clean() {
	python3 - "$1" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
text = data.decode("utf-8")  # raises on invalid UTF-8
bad = [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) < 0xa0]
sys.exit(1 if bad else 0)
EOF
}
pa search --db "$DB" --utc > "$TMP/table.txt"
pa search --db "$DB" --utc --key podman_exec > "$TMP/table-exec.txt"
pa show --db "$DB" --utc "$id" > "$TMP/show.txt"
pa show --db "$DB" --utc --all "$id" > "$TMP/show-all.txt"
pa timeline --db "$DB" --utc > "$TMP/timeline.txt"
pa timeline --db "$DB" --utc --expand > "$TMP/timeline-expand.txt"
for f in table.txt table-exec.txt show.txt show-all.txt timeline.txt timeline-expand.txt; do
	ok "$f: valid UTF-8, no control character but newline" clean "$TMP/$f"
done
eq "table: one line per event (a newline in an argument does not break a row)" \
	"$(($(q "$DB" "SELECT count(*) FROM events WHERE key = 'podman_exec'") + 1))" "$(wc -l < "$TMP/table-exec.txt")"
ok "show: the escape sequence is shown as text" grep -qF '[7] \x1b[2J\x1b]0;pwned\x07\x1b[31mred' "$TMP/show.txt"
ok "show: the newline argument on one line" grep -qF '[8] line1\nline2' "$TMP/show.txt"
ok "show: invalid UTF-8 as \\xHH" grep -qF '[9] \xff\xfe' "$TMP/show.txt"
ok "show: a C1 control (CSI) as \\xHH" grep -qF '[10] \xc2\x9b31m' "$TMP/show.txt"
ok "show: a tab as \\t" grep -qF '[11] tab\there' "$TMP/show.txt"
ok "show: comm and cwd escaped" grep -qF 'cwd          /tmp/\x1b[8m' "$TMP/show.txt"
ok "show: raw records escaped (0x1d of ENRICHED as \\x1d)" grep -qF 'key="podman_exec"\x1dARCH=x86_64' "$TMP/show.txt"
ok "timeline: the container name \$(rm -rf /) as text" grep -qF 'container=$(rm -rf /)' "$TMP/timeline.txt"
ok "timeline: the formula container name shown, escaped" grep -qF 'container==HYPERLINK' "$TMP/timeline.txt"

# jsonl: valid JSON that gives the bytes back
pa search --db "$DB" --key podman_exec --format jsonl > "$TMP/exec.jsonl"
eq "jsonl: every line is valid JSON" "$(($(wc -l < "$TMP/exec.jsonl")))" \
	"$(python3 -c 'import json, sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)))' "$TMP/exec.jsonl")"
eq "jsonl: the hostile arguments decode to their bytes" "1b5b324a1b5d303b70776e6564071b5b33316d726564|6c696e65310a6c696e6532|fffe" \
	"$(python3 -c '
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d["serial"] == 99000001:
        a = [x.encode("utf-8", "surrogateescape").hex() for x in d["argv"]]
        print("|".join([a[7], a[8], a[9]]))' "$TMP/exec.jsonl")"
# JSON escapes C0 controls; C1 ones (U+0080..U+009F) are valid JSON text as they are.
eq "jsonl: no raw C0 control byte in the file" "0" "$(tr -d '\n' < "$TMP/exec.jsonl" | LC_ALL=C grep -c -P '[\x00-\x1f]')"

# csv: a formula in a cell is neutralised, every row parses
pa search --db "$DB" --key podman_exec --format csv > "$TMP/exec.csv"
eq "csv: the container name cell starts with ' (no formula)" "'=HYPERLINK(\"http://x\",\"y\")" \
	"$(python3 -c '
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    if r["serial"] == "99000001":
        print(r["container_name"])' "$TMP/exec.csv")"
eq "csv: the comm cell too" "'=cmd|' /C calc'" \
	"$(python3 -c '
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    if r["serial"] == "99000001":
        print(r["comm"])' "$TMP/exec.csv")"
eq "csv: no cell of any row starts with = + - @ (dates and numbers aside)" "0" \
	"$(python3 -c '
import csv, sys
n = 0
for r in csv.reader(open(sys.argv[1], newline="")):
    for c in r:
        if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not c.lstrip("-").isdigit()):
            n += 1
print(n)' "$TMP/exec.csv")"
eq "csv: invalid UTF-8 as text, the file is valid UTF-8" "ok" \
	"$(python3 -c 'open(__import__("sys").argv[1], encoding="utf-8").read(); print("ok")' "$TMP/exec.csv")"

# raw: the records exactly as logged
eq "raw: byte for byte the derived records" "$(md5sum < "$TMP/hostile.log")" \
	"$(pa search --db "$DB" --since 2026-11-22T13:29:21Z --format raw | md5sum)"
finish
