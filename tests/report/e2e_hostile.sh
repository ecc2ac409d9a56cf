#!/usr/bin/env bash
# Hostile command lines through the whole report: a real podman execution of
# the session capture with its argv replaced (a spreadsheet formula as the
# subcommand, terminal escapes, a newline, <script>, invalid UTF-8). Text
# shows them escaped and fits 100 columns, CSV neutralises formulas, JSON
# keeps the exact bytes (\udcXX for invalid UTF-8), HTML escapes them.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
. "$PODAUDIT_SRCDIR/tests/report/craft.sh"
need jq
export SOURCE_DATE_EPOCH=1795392000

LOG=$PODAUDIT_SRCDIR/tests/data/podman-session.log
[ -f "$LOG" ] || skip "$LOG is absent"
# alice's `podman run -d --name web ...` (sudo, auid 1001)
SERIAL=24927
FORMULA="=cmd|' /C calc'!A0"
ESCNAME=$'\e]0;pwned\a\e[31mred\e[0m\xfe'
# Would change the page's title and body if it ran.
SCRIPT="<script>document.title='PWNED'</script><img src=x onerror=document.body.id='pwned'>"
{
	craft_event "$LOG" $SERIAL 1795350000 100 900000001 podman "$FORMULA"
	craft_event "$LOG" $SERIAL 1795350001 200 900000002 podman run --privileged --name "$ESCNAME" localhost/bb:1
	craft_event "$LOG" $SERIAL 1795350002 300 900000003 podman run --cap-add SYS_ADMIN \
		--name "$SCRIPT" -v $'/tmp/a\nb:/x' localhost/bb:1 $'\xff\xfe' "-2+3"
	craft_event "$LOG" $SERIAL 1795350003 400 900000004 podman "@SUM(1+1)*cmd|' /C calc'!A0"
} >"$TMP/hostile.log"
pa ingest --db "$TMP/h.db" "$TMP/hostile.log" >/dev/null 2>&1
eq "the four crafted executions are stored" 4 "$(q "$TMP/h.db" "SELECT count(*) FROM podman_commands")"

WIN=(--db "$TMP/h.db" --since 2026-11-01 --until 2026-12-01 --tz Europe/Paris)
pa report "${WIN[@]}" >"$TMP/r.txt"
ok "text report exits 0" test $? -eq 0
ok "text: no control character but newline" \
	test "$(LC_ALL=C tr -d '\n' <"$TMP/r.txt" | LC_ALL=C tr -d ' -~' | wc -c)" -eq 0
eq "text: every line fits 100 columns" "" "$(awk 'length($0) > 100' "$TMP/r.txt")"
ok "text: escape sequences and invalid UTF-8 shown escaped" \
	grep -qF '\x1b]0;pwned\x07\x1b[31mred\x1b[0m\xfe' "$TMP/r.txt"
ok "text: the newline of a mount source shown as \\n" grep -qF 'host_mount:/tmp/a\nb' "$TMP/r.txt"
eq "text: both risky commands listed" 2 "$(grep -c '^  2026-11-22 ' "$TMP/r.txt")"

pa report "${WIN[@]}" --format csv --by command >"$TMP/c.csv"
ok "csv report exits 0" test $? -eq 0
ok "csv: the formula subcommand is neutralised" grep -qF "'=cmd|' /C calc'!A0,,'=cmd|' /C calc'!A0,1" "$TMP/c.csv"
ok "csv: so is one starting with @" grep -qF "'@SUM(1+1)*cmd|' /C calc'!A0" "$TMP/c.csv"
eq "csv: no cell starts with = + - @" "" "$(tr ',' '\n' <"$TMP/c.csv" | tr -d '"' | grep -E '^[=+@-]')"

pa report "${WIN[@]}" --format json >"$TMP/r.json"
ok "json report exits 0" test $? -eq 0
ok "json: a valid document" jq -e . "$TMP/r.json" >/dev/null
eq "json: the escapes kept as JSON escapes" '"\u001b]0;pwned\u0007\u001b[31mred\u001b[0m\udcfe"' \
	"$(grep -o '"target": "\\u001b[^"]*"' "$TMP/r.json" | sed 's/^"target": //')"
ok "json: invalid UTF-8 as \\udcXX" grep -qF '"\udcff\udcfe"' "$TMP/r.json"
ok "json: <script> kept as it is (HTML escapes it, not the model)" grep -qF "\"$SCRIPT\"" "$TMP/r.json"
eq "json: the formula is a command" "1" \
	"$(jq --arg f "$FORMULA" '[.by_command[] | select(.command == $f)] | length' "$TMP/r.json")"
eq "json: risks of the hostile run" '["cap_add:SYS_ADMIN","host_mount:/tmp/a\nb"]' \
	"$(jq -c '.risky[1].risks' "$TMP/r.json")"
eq "json: argv whole" '11' "$(jq '.risky[1].argv | length' "$TMP/r.json")"

# html (report/html.c, wired to --format html): the same database end to end
pa report "${WIN[@]}" --format html -o "$TMP/r.html"
ok "html report exits 0" test $? -eq 0
ok "html: one page" grep -qi '^<!DOCTYPE html>' "$TMP/r.html"
eq "html: no <script> element" 0 "$(grep -ci '<script' "$TMP/r.html")"
ok "html: the planted one shown escaped" grep -qF "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;" "$TMP/r.html"
ok "html: no raw escape byte" test "$(LC_ALL=C tr -cd '\033\007' <"$TMP/r.html" | wc -c)" -eq 0

# The page as a browser sees it: it renders, and the planted script does not run.
CHROME=$(command -v chromium || true)
if [ -z "$CHROME" ]; then
	echo "# chromium is not installed: the HTML report is not opened in a browser here"
else
	prof=$(mktemp -d "$TMP/profile.XXXXXX")
	timeout 90 "$CHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --host-resolver-rules='MAP * ~NOTFOUND' \
		--user-data-dir="$prof" --dump-dom "file://$TMP/r.html" >"$TMP/r.dom" 2>"$TMP/chromium.log"
	ok "browser: the page renders (risky operations table and charts in the DOM)" \
		grep -q '<svg' "$TMP/r.dom"
	ok "browser: the planted name is shown as text" grep -qF "&lt;script&gt;document.title='PWNED'" "$TMP/r.dom"
	ok "browser: the planted script did not run" bash -c "! grep -q 'PWNED</title>' '$TMP/r.dom'"
	ok "browser: the planted onerror did not run" bash -c "! grep -q 'id=\"pwned\"' '$TMP/r.dom'"
fi
finish
