#!/usr/bin/env bash
# Golden files: the report of the real flags capture in every format, for a
# fixed week in a fixed zone (the output depends neither on the machine's
# zone nor on today's date; SOURCE_DATE_EPOCH fixes "generated").
# UPDATE_GOLDEN=1 rewrites the files from the current output.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
export SOURCE_DATE_EPOCH=1795392000
LOG=$PODAUDIT_SRCDIR/tests/data/podman-flags.log
GOLDEN=$PODAUDIT_SRCDIR/tests/report/golden
[ -f "$LOG" ] || skip "$LOG is absent"

cd "$TMP" || exit 1 # the database is named relatively: its path is in the output
pa ingest --db flags.db "$LOG" >/dev/null 2>&1
WIN=(--db flags.db --since 2026-11-16 --until 2026-11-23 --tz Europe/Paris)

check() { # NAME ARGS...: the report with ARGS equals golden/NAME
	local name=$1
	shift
	pa report "${WIN[@]}" "$@" >"$TMP/$name" 2>"$TMP/$name.err"
	ok "$name: report exits 0" test $? -eq 0
	if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$TMP/$name" "$GOLDEN/$name"; fi
	if cmp -s "$GOLDEN/$name" "$TMP/$name"; then
		ok "$name equals the golden file" true
	else
		diff -u "$GOLDEN/$name" "$TMP/$name" | head -40
		ok "$name equals the golden file" false
	fi
}
check flags.txt
check flags-by-hour.txt --by hour
check flags.json --format json
for by in user command hour key node; do
	check "flags-by-$by.csv" --format csv --by "$by"
done
# -o writes the same bytes to a file
pa report "${WIN[@]}" --format json -o "$TMP/out.json"
ok "-o FILE holds what standard output gets" cmp -s "$TMP/out.json" "$GOLDEN/flags.json"
finish
