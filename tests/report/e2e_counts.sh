#!/usr/bin/env bash
# podaudit report's counts equal the reference tools' on the same log:
#   per key        = aureport -k --summary
#   per executable = aureport -x --summary of the keyed events (ausearch -k KEY --raw)
#   per key and executable = the same, one key at a time
#   podman executions per login user = ausearch -k podman_exec, per auid
# and several --db (one per host) add up, broken down by node.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
need aureport
need ausearch
need sqlite3
need jq

logs=()
[ -f "$CORPUS/podman-enriched.log" ] && logs+=("$CORPUS/podman-enriched.log")
for f in "$PODAUDIT_SRCDIR"/tests/data/*.log; do [ -f "$f" ] && logs+=("$f"); done
[ ${#logs[@]} -gt 0 ] || skip "no log found in $CORPUS or tests/data"

# Wide enough for every fixture (they are from 2026-11).
WIN=(--since 2026-01-01 --until 2027-01-01 --utc)
export SOURCE_DATE_EPOCH=1795392000 # "generated", so that two reports compare equal

# ausearch -k is a substring match (container_storage finds user_container_storage
# too): keep the events whose SYSCALL record carries exactly key="$2".
exact_key() { # LOG KEY
	ausearch -if "$1" -k "$2" --raw 2>/dev/null | awk -v k=" key=\"$2\"" '
		{ if (match($0, /msg=audit\([0-9.:]+\)/)) id = substr($0, RSTART, RLENGTH); else id = "" }
		id != last && last != "" { if (keep) printf "%s", buf; buf = ""; keep = 0 }
		{ last = id; buf = buf $0 "\n"; if (index($0, k) > 0) keep = 1 }
		END { if (keep) printf "%s", buf }'
}
# "exe count" lines, sorted, from aureport -x --summary on stdin (through a pipe:
# aureport reads its standard input only when it is one, else the system's log).
exe_summary() { cat | aureport -x --summary 2>/dev/null | awk '$1 ~ /^[0-9]+$/ && NF == 2 { print $2, $1 }' | sort; }

dbs=()
for f in "${logs[@]}"; do
	name=$(basename "$f" .log)
	db=$TMP/$name.db
	dbs+=("$db")
	pa ingest --db "$db" "$f" >/dev/null 2>&1
	ok "$name: ingest exits 0" test $? -eq 0
	pa report --db "$db" "${WIN[@]}" --format json >"$TMP/$name.json"
	ok "$name: report exits 0" test $? -eq 0
	r=$TMP/$name.json

	eq "$name: events per key equal aureport -k --summary" "$(aureport_keys "$f")" \
		"$(jq -r '.by_key | to_entries[] | "\(.key) \(.value)"' "$r" | sort)"

	keys=$(aureport_keys "$f" | cut -d' ' -f1)
	# The keyed events, once each (every event here has one key).
	: >"$TMP/keyed.raw"
	for k in $keys; do exact_key "$f" "$k" >>"$TMP/keyed.raw"; done
	eq "$name: events per executable equal aureport -x --summary of the keyed events" \
		"$(exe_summary <"$TMP/keyed.raw")" \
		"$(jq -r '.by_exe[] | "\(.exe) \(.count)"' "$r" | sort)"
	for k in $keys; do
		eq "$name: executables of key $k equal ausearch -k $k | aureport -x --summary" \
			"$(exact_key "$f" "$k" | exe_summary)" \
			"$(jq -r --arg k "$k" '.by_key_exe[$k][] | "\(.exe) \(.count)"' "$r" | sort)"
	done

	exp=$(ausearch -if "$f" -k podman_exec --raw 2>/dev/null | grep -a '^type=SYSCALL' |
		sed -n 's/.* auid=\([0-9]*\) .*/\1/p' | sort | uniq -c | awk '{print $2, $1}' | sort)
	eq "$name: podman executions per auid equal ausearch -k podman_exec" "$exp" \
		"$(jq -r '.by_user[] | select(.executions > 0) | "\(.auid) \(.executions)"' "$r" | sort)"
	eq "$name: podman commands per auid are the executions typed by a person" \
		"$(q "$db" 'SELECT auid, count(*) FROM podman_commands WHERE internal = 0 GROUP BY auid' | tr '|' ' ' | sort)" \
		"$(jq -r '.by_user[] | select(.commands > 0) | "\(.auid) \(.commands)"' "$r" | sort)"
	eq "$name: modes add up to the commands" "$(jq '.podman_commands' "$r")" \
		"$(jq '[.by_user[] | .sudo + .rootless + .no_session + .other] | add // 0' "$r")"
	eq "$name: total events are the stored events" "$(q "$db" 'SELECT count(*) FROM events')" \
		"$(jq '.total_events' "$r")"
	eq "$name: failures are the events with success = 0" \
		"$(q "$db" 'SELECT count(*) FROM events WHERE success = 0')" "$(jq '.failures' "$r")"
	eq "$name: the hourly histogram adds up to the total" "$(jq '.total_events' "$r")" \
		"$(jq '.by_hour | add' "$r")"
	eq "$name: the day x hour grid adds up to the total" "$(jq '.total_events' "$r")" \
		"$(jq '[.by_day_hour[].hours | add] | add' "$r")"
	eq "$name: every podman command with a risk is listed" \
		"$(q "$db" 'SELECT count(*) FROM podman_commands WHERE risks IS NOT NULL AND internal = 0')" \
		"$(jq '.risky | length' "$r")"
	eq "$name: per command counts add up to the podman commands" "$(jq '.podman_commands' "$r")" \
		"$(jq '[.by_command[].count] | add // 0' "$r")"
	# A database whose rollups were never filled (a copy made before any refresh) gives the same.
	cp "$db" "$TMP/stale.db"
	q "$TMP/stale.db" "DELETE FROM rollup_event; DELETE FROM rollup_event_min; DELETE FROM rollup_podman; DELETE FROM rollup_target; DELETE FROM rollup_risky; UPDATE rollup_state SET last_id = 0"
	pa report --db "$TMP/stale.db" "${WIN[@]}" --format json | jq -S 'del(.databases)' >"$TMP/stale.json"
	eq "$name: same report without rollups" "$(jq -S 'del(.databases)' "$r" | md5sum)" "$(md5sum <"$TMP/stale.json")"
done

# Several databases, one per host: totals add up, broken down by node.
args=()
for d in "${dbs[@]}"; do args+=(--db "$d"); done
pa report "${args[@]}" "${WIN[@]}" --format json >"$TMP/all.json"
ok "several --db: report exits 0" test $? -eq 0
sum() { for d in "${dbs[@]}"; do jq "$1" "${d%.db}.json"; done | awk '{ s += $1 } END { print s + 0 }'; }
eq "several --db: total events add up" "$(sum .total_events)" "$(jq .total_events "$TMP/all.json")"
eq "several --db: podman commands add up" "$(sum .podman_commands)" "$(jq .podman_commands "$TMP/all.json")"
eq "several --db: one node per database, named after its file" \
	"$(for d in "${dbs[@]}"; do basename "$d" .db; done | sort)" \
	"$(jq -r '.nodes[].node' "$TMP/all.json" | sort)"
for d in "${dbs[@]}"; do
	n=$(basename "$d" .db)
	eq "several --db: node $n has its database's events" "$(jq .total_events "${d%.db}.json")" \
		"$(jq --arg n "$n" '.nodes[] | select(.node == $n) | .events' "$TMP/all.json")"
done
eq "several --db: per key counts add up" \
	"$(for d in "${dbs[@]}"; do jq -r '.by_key | to_entries[] | "\(.key) \(.value)"' "${d%.db}.json"; done |
		awk '{ n[$1] += $2 } END { for (k in n) print k, n[k] }' | sort)" \
	"$(jq -r '.by_key | to_entries[] | "\(.key) \(.value)"' "$TMP/all.json" | sort)"
eq "several --db: risky commands of every host, in time order" \
	"$(sum '.risky | length')" "$(jq '.risky | length' "$TMP/all.json")"
eq "several --db: risky sorted by time" "$(jq '[.risky[].epoch_ms]' "$TMP/all.json")" \
	"$(jq '[.risky[].epoch_ms] | sort' "$TMP/all.json")"
pa report "${args[@]}" "${WIN[@]}" --by node >"$TMP/all.txt"
eq "several --db: text --by node starts with the node table" "Per node (one database per host)" \
	"$(grep -m1 '^Per ' "$TMP/all.txt")"
finish
