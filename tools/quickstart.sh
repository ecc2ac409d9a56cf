#!/bin/sh
# Quick start: install what is missing, build, ingest the bundled sample log
# into a database under build/, then print the auditor's report for the day
# the sample was captured (and write it as HTML beside the database).
set -eu
cd "$(dirname "$0")/.."
tools/deps.sh
[ -d build ] || meson setup build > /dev/null
ninja -C build > /dev/null
db=build/sample.db
rm -f "$db" "$db-wal" "$db-shm"
build/cli/podaudit ingest --db "$db" tests/data/sample.log
echo
# The sample was captured on 2026-11-22 (UTC).
build/cli/podaudit report --db "$db" --since 2026-11-22 --until 2026-11-23 --utc
build/cli/podaudit report --db "$db" --since 2026-11-22 --until 2026-11-23 --utc \
	--format html -o build/sample-report.html
echo
echo "HTML report: build/sample-report.html; database: $db (see docs/schema.md, podaudit search/sql)"
