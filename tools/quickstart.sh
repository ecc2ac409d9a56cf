#!/bin/sh
# Quick start: install what is missing, build, and ingest the bundled sample
# log into a database under build/, then show what was stored.
set -eu
cd "$(dirname "$0")/.."
tools/deps.sh
[ -d build ] || meson setup build > /dev/null
ninja -C build > /dev/null
db=build/sample.db
rm -f "$db" "$db-wal" "$db-shm"
build/cli/podaudit ingest --db "$db" tests/data/sample.log
echo "events per key in $db:"
sqlite3 -column -header "$db" "SELECT key, count(*) AS events FROM events GROUP BY key ORDER BY 2 DESC"
