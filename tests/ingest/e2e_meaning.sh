#!/usr/bin/env bash
# The meaning of podman, conmon and runtime events, on real captures: every
# runtime, conmon and storage event of a `podman run` links back to that
# run; podman's own executions are marked internal; person-typed commands
# per auid match what ausearch shows once the internal ones are set aside;
# hostile arguments come out intact in the data.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
need sqlite3
need ausearch
D=$PODAUDIT_SRCDIR/tests/data
S=$D/podman-session.log
F=$D/podman-flags.log
[ -f "$S" ] && [ -f "$F" ] || skip "captures missing in tests/data"

db=$TMP/s.db
pa ingest --db "$db" "$S" > /dev/null
run=$(q "$db" "SELECT id FROM podman_commands WHERE subcommand = 'run' AND container = 'web'")
ok "alice's podman run --name web is a podman command" test -n "$run"
eq "it is alice's, via sudo" "alice|sudo|container|localhost/bb:1|0" \
	"$(q "$db" "SELECT user, mode, object, image, internal FROM podman_commands WHERE id = $run")"
eq "its runtime events (conmon create, runc create/init/start) link back to it" \
	"conmon create|runc create|runc init|runc start" \
	"$(q "$db" "SELECT runtime || ' ' || action FROM runtime_commands WHERE cause_id = $run AND action IN ('create', 'init', 'start') ORDER BY id" | paste -sd'|')"
eq "every runtime and conmon event has a cause" "0" \
	"$(q "$db" "SELECT count(*) FROM events WHERE key IN ('container_runtime', 'container_monitor') AND cause_id IS NULL")"
eq "every storage event has a cause" "0" \
	"$(q "$db" "SELECT count(*) FROM events WHERE key LIKE '%container_storage' AND cause_id IS NULL")"
eq "causes are podman commands typed by a person" "0" \
	"$(q "$db" "SELECT count(*) FROM events e WHERE cause_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM podman_commands p WHERE p.id = e.cause_id AND p.internal = 0)")"
eq "conmon's exit commands are internal and belong to the run" "conmon-cleanup $run" \
	"$(q "$db" "SELECT DISTINCT internal_reason || ' ' || cause_id FROM podman_commands WHERE subcommand = 'cleanup' AND cause_id = $run")"
eq "runc learns the container name from conmon" "web" \
	"$(q "$db" "SELECT DISTINCT container_name FROM runtime_commands WHERE runtime = 'runc' AND action = 'start' AND cause_id = $run")"
eq "the exec's runtime events carry the container id" "1" \
	"$(q "$db" "SELECT count(DISTINCT container_id) FROM events WHERE cause_id = $run AND container_id IS NOT NULL")"
# Commands per auid: ausearch's podman executions less the internal ones.
exp=$(ausearch -if "$S" -k podman_exec --raw 2>/dev/null | grep -a '^type=SYSCALL' | sed -n 's/.* auid=\([0-9]*\) .*/\1/p' | sort | uniq -c | awk '{print $2, $1}' | sort)
got=$(q "$db" "SELECT auid, count(*) FROM podman_commands GROUP BY auid ORDER BY auid" | tr '|' ' ' | sort)
eq "podman executions per auid equal ausearch's" "$exp" "$got"
eq "person-typed commands: alice 5, bob 1, carol 1" "1001 5|1002 1|1003 1" \
	"$(q "$db" "SELECT auid || ' ' || count(*) FROM podman_commands WHERE internal = 0 GROUP BY auid ORDER BY auid" | paste -sd'|')"

# Links cross ingest runs: the log read in two runs, cut at several places,
# links every event to the same command as one run does.
links() { q "$1" "SELECT e.serial, c.serial, e.container_name, e.container_id FROM events e LEFT JOIN events c ON c.id = e.cause_id ORDER BY e.serial" | md5sum; }
one=$(links "$db")
n=$(wc -l < "$S")
for cut in $((n / 5)) $((n * 2 / 5)) $((n * 3 / 5)) $((n * 4 / 5)); do
	rm -f "$TMP/two.db"*
	head -n "$cut" "$S" > "$TMP/part.log"
	pa ingest --db "$TMP/two.db" "$TMP/part.log" > /dev/null
	pa ingest --db "$TMP/two.db" "$S" > /dev/null
	eq "read in two runs cut at line $cut, the same links as one run" "$one" "$(links "$TMP/two.db")"
done

# The shared corpus: rootless podman re-executing itself counts once.
if [ -f "$CORPUS/podman-enriched.log" ]; then
	pa ingest --db "$TMP/c.db" "$CORPUS/podman-enriched.log" > /dev/null
	eq "rootless re-exec marked internal, linked to the typed command" "2" \
		"$(q "$TMP/c.db" "SELECT count(*) FROM podman_commands p WHERE internal_reason = 'rootless-reexec' AND (SELECT argv FROM events WHERE id = p.cause_id) = p.argv")"
	eq "risks in vocabulary order" "host_pid,host_network,seccomp_unconfined" \
		"$(q "$TMP/c.db" "SELECT risks FROM podman_commands WHERE risks LIKE 'host_pid%'")"
	eq "runtime and storage events all linked" "0" \
		"$(q "$TMP/c.db" "SELECT count(*) FROM events WHERE key <> 'podman_exec' AND cause_id IS NULL")"
fi

# Flags capture: risky runs and hostile arguments.
db=$TMP/f.db
pa ingest --db "$db" "$S" "$F" > /dev/null
ok "privileged runs are found" test "$(q "$db" "SELECT count(*) FROM podman_commands WHERE risks LIKE '%privileged%'")" -gt 0
eq "a container named \$(rm -rf /) is kept byte for byte" '$(rm -rf /)' \
	"$(q "$db" "SELECT container FROM podman_commands WHERE container LIKE '\$(rm%'")"
eq "<script> in an argument is kept in argv" "1" \
	"$(q "$db" "SELECT count(*) > 0 FROM podman_commands WHERE subcommand = 'exec' AND argv LIKE '%<script>alert(1)</script>%'")"
eq "a newline in an argument is JSON-escaped in argv" "1" \
	"$(q "$db" "SELECT count(*) > 0 FROM podman_commands WHERE argv LIKE '%line1\\nline2%'")"
eq "invalid UTF-8 bytes survive as \\udcXX" "1" \
	"$(q "$db" "SELECT count(*) > 0 FROM podman_commands WHERE argv LIKE '%\\udcff\\udcfe%'")"
eq "the argv of every podman execution equals the capture's table" "$(grep -v '^#' "$D/podman-cmdlines.tsv" | cut -f1 | sort -n | paste -sd' ')" \
	"$(q "$db" "SELECT serial FROM podman_commands ORDER BY serial" | paste -sd' ')"
ok "risks_json is valid JSON" test "$(q "$db" "SELECT count(*) FROM podman_commands WHERE json_valid(risks_json) = 0")" = 0
finish
