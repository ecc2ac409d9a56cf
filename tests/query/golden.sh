#!/usr/bin/env bash
# Golden files for `podaudit show`, `podaudit timeline` and the search table
# on the real captures, in UTC (--tz UTC) so that they do not depend on the
# machine's zone; `show --format json` checked against the views.
# REGEN=1 rewrites the golden files (review the diff before committing).
. "$PODAUDIT_SRCDIR/tests/lib.sh"
need sqlite3
need python3
D=$PODAUDIT_SRCDIR/tests/data
G=$PODAUDIT_SRCDIR/tests/query/golden
S=$D/podman-session.log
F=$D/podman-flags.log
[ -f "$S" ] && [ -f "$F" ] || skip "captures missing in tests/data"

SDB=$TMP/session.db
FDB=$TMP/flags.db
pa ingest --db "$SDB" "$S" > /dev/null
pa ingest --db "$FDB" "$F" > /dev/null

# golden NAME COMMAND...: COMMAND's output equals $G/NAME (or becomes it with REGEN=1).
golden() {
	local name=$1 out
	shift
	out=$TMP/$name
	"$@" > "$out" 2> "$TMP/$name.err" || { echo "# $name: exit $?: $(cat "$TMP/$name.err")"; }
	if [ -n "${REGEN:-}" ]; then
		mkdir -p "$G"
		cp "$out" "$G/$name"
		echo "# wrote $G/$name"
	fi
	checks=$((checks + 1))
	if cmp -s "$out" "$G/$name"; then
		echo "ok - $name"
	else
		echo "not ok - $name"
		diff -u "$G/$name" "$out" | head -40
		failures=$((failures + 1))
	fi
}

run=$(q "$SDB" "SELECT id FROM podman_commands WHERE subcommand = 'run' AND container = 'web'")
runc=$(q "$SDB" "SELECT id FROM runtime_commands WHERE runtime = 'runc' AND action = 'create' AND cause_id = $run")
exec=$(q "$SDB" "SELECT id FROM podman_commands WHERE subcommand = 'exec'")
mkdir=$(q "$SDB" "SELECT min(id) FROM events WHERE syscall = 'mkdirat' AND cause_id = $run")
hostile=$(q "$FDB" "SELECT id FROM podman_commands WHERE argv LIKE '%line1%'")

golden show-run.txt pa show --db "$SDB" --tz UTC "$run"
golden show-runc.txt pa show --db "$SDB" --tz UTC "$runc"
golden show-mkdir.txt pa show --db "$SDB" --tz UTC "$mkdir"
golden show-all-exec.txt pa show --db "$SDB" --tz UTC --all "$exec"
golden show-hostile.txt pa show --db "$FDB" --tz UTC "$hostile"
golden timeline-session.txt pa timeline --db "$SDB" --tz UTC
golden timeline-risky.txt pa timeline --db "$FDB" --tz UTC --risky
golden timeline-expand.txt pa timeline --db "$SDB" --tz UTC --expand --command exec
golden timeline-two-dbs.txt pa timeline --db "$SDB" --db "$FDB" --tz UTC --command rm
golden timeline-storage.txt pa timeline --db "$FDB" --tz UTC --key container_storage --user bob --limit 4
golden search-flags.txt pa search --db "$FDB" --tz UTC --key podman_exec

# show --format json: the event document with its raw records and the caused ids.
json=$(pa show --db "$SDB" --format json "$run")
eq "show --format json: the event document, raw records, caused ids as in the views" \
	"$run|$(q "$SDB" "SELECT hex(raw) FROM events WHERE id = $run")|$(q "$SDB" "SELECT id FROM events WHERE cause_id = $run ORDER BY epoch, msec, id" | paste -sd,)" \
	"$(python3 -c 'import json, sys; d = json.loads(sys.stdin.read()); print("%d|%s|%s" % (d["id"], d["raw"].encode("utf-8", "surrogateescape").hex().upper(), ",".join(map(str, d["caused"]))))' <<<"$json")"

# The zone: times and header follow --tz (and TZ when --tz is absent).
eq "--tz Europe/Paris: local times, zone in the header" \
	"TIME (Europe/Paris)|2026-11-22 13:29:21.440" \
	"$(pa timeline --db "$SDB" --tz Europe/Paris --limit 1 | sed -n '1s/  .*//p; 2s/ [ !x] .*//p' | paste -sd'|')"
eq "TZ=Asia/Tokyo without --tz" "2026-11-22 21:29:21.440" \
	"$(TZ=Asia/Tokyo pa timeline --db "$SDB" --limit 1 | sed -n '2s/ [ !x] .*//p')"

# Every line of the terminal outputs fits 100 columns.
for f in timeline-session.txt timeline-risky.txt timeline-two-dbs.txt search-flags.txt; do
	eq "$f: no line wider than 100 columns" "0" \
		"$(python3 -c 'import sys; print(sum(1 for l in open(sys.argv[1], encoding="utf-8") if len(l.rstrip("\n")) > 100))' "$TMP/$f")"
done

# Errors.
out=$(pa show --db "$SDB" 999999 2>&1)
eq "show of an unknown id: exit 1" "1" "$?"
ok "show of an unknown id: says so ($out)" grep -q "no event 999999 in" <<<"$out"
out=$(pa show --db "$SDB" abc 2>&1)
eq "show abc: exit 2" "2" "$?"
ok "show abc: names EVENT_ID ($out)" grep -q "EVENT_ID: 'abc'" <<<"$out"
out=$(pa show --db "$SDB" --format xml 1 2>&1)
eq "show --format xml: exit 2" "2" "$?"
out=$(pa timeline --db "$SDB" --format csv 2>&1)
eq "timeline --format: exit 2" "2" "$?"
ok "timeline --format: named ($out)" grep -q -- "--format" <<<"$out"
out=$(pa timeline --db "$SDB" --container nosuch 2>&1)
eq "timeline with no match: exit 0, a note" "0|podaudit: timeline: no matching events" "$?|$out"
finish
