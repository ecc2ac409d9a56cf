#!/usr/bin/env bash
# Time windows: [since, until) -- an event exactly at since is in, one
# exactly at until is out -- across DST changes (Europe/Paris), through the
# rollups and at the edges cut in the middle of their 15-minute buckets; and
# the time arguments (--period, keywords, relative) and their errors.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
. "$PODAUDIT_SRCDIR/tests/report/craft.sh"
need jq
need sqlite3
export SOURCE_DATE_EPOCH=1795392000

LOG=$PODAUDIT_SRCDIR/tests/data/podman-session.log
[ -f "$LOG" ] || skip "$LOG is absent"
SERIAL=24927 # alice's podman run: one event of key podman_exec
n=0
ev() { # UTC time (date -d), milliseconds
	n=$((n + 1))
	craft_event "$LOG" $SERIAL "$(date -u -d "$1" +%s)" "$2" $((800000000 + n))
}
{
	# the week of the autumn change (Sunday 2026-10-25, 03:00 CEST -> 02:00 CET)
	ev 2026-10-18T21:59:59Z 999 # 2026-10-18 23:59:59.999 CEST: before the week
	ev 2026-10-18T22:00:00Z 000 # 2026-10-19 00:00 CEST: the week's first instant
	ev 2026-10-24T22:30:00Z 000 # 2026-10-25 00:30 CEST
	ev 2026-10-25T00:30:00Z 000 # 2026-10-25 02:30 CEST
	ev 2026-10-25T01:30:00Z 000 # 2026-10-25 02:30 CET (the hour that happens twice)
	ev 2026-10-25T02:30:00Z 000 # 2026-10-25 03:30 CET
	ev 2026-10-25T22:59:59Z 999 # 2026-10-25 23:59:59.999 CET: the week's last instant
	ev 2026-10-25T23:00:00Z 000 # 2026-10-26 00:00 CET: until, out
	# the spring change (Sunday 2026-03-29, 02:00 CET -> 03:00 CEST: no 02:xx)
	ev 2026-03-29T00:30:00Z 000 # 01:30 CET
	ev 2026-03-29T01:30:00Z 000 # 03:30 CEST
} >"$TMP/dst.log"
pa ingest --db "$TMP/dst.db" "$TMP/dst.log" >/dev/null 2>&1
eq "the crafted events are stored" 10 "$(q "$TMP/dst.db" 'SELECT count(*) FROM events')"

R=(--db "$TMP/dst.db" --format json)
pa report "${R[@]}" --tz Europe/Paris --since 2026-10-19 --until 2026-10-26 >"$TMP/autumn.json"
j() { jq -c "$1" "$TMP/autumn.json"; }
eq "autumn week: the window is local midnight to midnight, 169 hours" \
	'["2026-10-19T00:00:00.000+02:00","2026-10-26T00:00:00.000+01:00",608400000]' \
	"$(j '[.period.since, .period.until, .period.until_epoch_ms - .period.since_epoch_ms]')"
eq "autumn week: since in, until out, 6 events" 6 "$(j .total_events)"
eq "autumn week: hours in Paris time (02:xx twice)" \
	'[2,0,2,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1]' "$(j .by_hour)"
eq "autumn week: seven days, Monday to Sunday" \
	'["Mon 2026-10-19","Tue 2026-10-20","Wed 2026-10-21","Thu 2026-10-22","Fri 2026-10-23","Sat 2026-10-24","Sun 2026-10-25"]' \
	"$(j '[.by_day_hour[] | .weekday + " " + .day]')"
eq "autumn week: the first instant on Monday 00h" \
	'[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]' "$(j '.by_day_hour[0].hours')"
eq "autumn week: Sunday's hours" \
	'[1,0,2,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1]' "$(j '.by_day_hour[6].hours')"
eq "autumn week: the same through the podman command counts" "$(j .by_hour)" "$(j .by_hour_commands)"

pa report "${R[@]}" --utc --since 2026-10-19 --until 2026-10-26 >"$TMP/utc.json"
eq "autumn week in UTC: 00:00Z to 00:00Z, the 23:00Z event is in, the 22:00Z one out" \
	'[6,[1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,1]]' \
	"$(jq -c '[.total_events, .by_hour]' "$TMP/utc.json")"

pa report "${R[@]}" --tz Europe/Paris --since 2026-03-23 --until 2026-03-30 >"$TMP/spring.json"
eq "spring week: 167 hours, 01:30 CET and 03:30 CEST, no 02h" \
	'[601200000,2,[0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]]' \
	"$(jq -c '[.period.until_epoch_ms - .period.since_epoch_ms, .total_events, .by_day_hour[6].hours]' "$TMP/spring.json")"

# Exact bounds with milliseconds, given in UTC and with an offset.
pa report "${R[@]}" --since 2026-10-25T22:59:59.999Z --until 2026-10-25T23:00:00Z >"$TMP/ms.json"
eq "a 1 ms window holds the event at its start" 1 "$(jq .total_events "$TMP/ms.json")"
pa report "${R[@]}" --since 2026-10-25T23:59:59.999+01:00 --until 2026-10-26T00:00:00.001+01:00 >"$TMP/ms.json"
eq "and the next 2 ms the one at 23:00Z" 2 "$(jq .total_events "$TMP/ms.json")"
pa report "${R[@]}" --since 2026-10-18T21:59:59.999Z --until 2026-10-18T21:59:59.999Z >/dev/null 2>&1
eq "an empty window is a usage error" 2 $?

# Real events spread over weeks (three copies of the session 10^6 s apart): for
# windows cut anywhere, the report through the rollups equals a count of the events.
shifted_copies "$LOG" 3 "$TMP/spread.log"
pa ingest --all-events --db "$TMP/spread.db" "$TMP/spread.log" >/dev/null 2>&1
iso() { date -u -d "@$(($1 / 1000))" +%Y-%m-%dT%H:%M:%S.$(printf %03d $(($1 % 1000)))Z; }
times=$(q "$TMP/spread.db" "SELECT epoch * 1000 + msec FROM events ORDER BY 1")
first=$(head -1 <<<"$times")
last=$(tail -1 <<<"$times")
mid=$(sed -n 500p <<<"$times")
late=$(sed -n 2500p <<<"$times")
for w in "$first $((last + 1))" "$mid $late" "$((mid + 1)) $late" "$mid $((late + 1))" \
	"$((first - 900000 * 4 - 7)) $((mid + 900000 * 3 + 11))" "$late $((late + 1))" \
	"$((first + 1000000000)) $((last - 5))"; do
	set -- $w
	exp_total=$(q "$TMP/spread.db" "SELECT count(*) FROM events WHERE epoch * 1000 + msec >= $1 AND epoch * 1000 + msec < $2")
	exp_keys=$(q "$TMP/spread.db" "SELECT key, count(*) FROM events WHERE key IS NOT NULL AND epoch * 1000 + msec >= $1 AND epoch * 1000 + msec < $2 GROUP BY key ORDER BY key" | tr '|' ' ')
	pa report --db "$TMP/spread.db" --format json --since "$(iso "$1")" --until "$(iso "$2")" >"$TMP/w.json"
	eq "[$(iso "$1"), $(iso "$2")): total events" "$exp_total" "$(jq .total_events "$TMP/w.json")"
	eq "[$(iso "$1"), $(iso "$2")): events per key" "$exp_keys" \
		"$(jq -r '.by_key | to_entries[] | "\(.key) \(.value)"' "$TMP/w.json" | sort)"
done

# Time arguments and their errors.
pa report --db "$TMP/dst.db" --format json --period last-week --tz Europe/Paris >"$TMP/p.json"
ok "--period last-week runs" test $? -eq 0
ok "--period last-week starts on a Monday at 00:00" \
	grep -q '"since": "[0-9-]*T00:00:00.000+0[12]:00"' "$TMP/p.json"
for t in now today yesterday this-week week-ago this-month this-year 7d 24h 2026-11-22 \
	'2026-11-22 10:00:05' 2026-11-22T10:00+05:30; do
	pa report --db "$TMP/dst.db" --since "$t" --until 2030-01-01 --format csv >/dev/null 2>&1
	eq "--since '$t' is understood" 0 $?
done
pa report --db "$TMP/dst.db" --format json >"$TMP/d.json"
eq "the default window is the last 7 days" 604800000 \
	"$(jq '.period.until_epoch_ms - .period.since_epoch_ms' "$TMP/d.json")"
pa report --db "$TMP/dst.db" --period last-week --since 7d >/dev/null 2>&1
eq "--period with --since is a usage error" 2 $?
pa report --db "$TMP/dst.db" --since 2026-13-01 >/dev/null 2>&1
eq "a bad date is a usage error" 2 $?
pa report --db "$TMP/dst.db" --tz Mars/Olympus >/dev/null 2>&1
eq "an unknown zone is a usage error" 2 $?
pa report --db "$TMP/dst.db" --utc --tz Europe/Paris >/dev/null 2>&1
eq "--utc with --tz is a usage error" 2 $?
pa report --db "$TMP/dst.db" --format pdf >/dev/null 2>&1
eq "an unknown format is a usage error" 2 $?
pa report --db "$TMP/dst.db" --by day >/dev/null 2>&1
eq "an unknown table is a usage error" 2 $?
pa report --db "$TMP/nonexistent.db" >/dev/null 2>&1
eq "a missing database fails" 1 $?
ok "no database was created by the report" test ! -e "$TMP/nonexistent.db"
finish
