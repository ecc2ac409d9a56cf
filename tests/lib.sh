# Shared helpers for podaudit's black-box tests (bash). Each test sources this.
set -u
: "${PODAUDIT_BIN:?run through meson test}"
: "${PODAUDIT_SRCDIR:?run through meson test}"
CORPUS=${PODAUDIT_CORPUS:-$PODAUDIT_SRCDIR/../shared/corpus}
SAMPLE=$PODAUDIT_SRCDIR/tests/data/sample.log
[ -f "$SAMPLE" ] || SAMPLE=$CORPUS/podman-enriched.log
export LC_ALL=C
TMP=$(mktemp -d /tmp/podaudit-test.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$TMP"; jobs -p | xargs -r kill -9 2>/dev/null' EXIT
failures=0
checks=0

skip() { echo "SKIP: $*"; exit 77; }
need() { command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed"; }
pa() { "$PODAUDIT_BIN" "$@"; }
q() { sqlite3 -batch -noheader "$1" "$2"; }

# ok DESCRIPTION COMMAND...: a check that passes when COMMAND succeeds.
ok() {
	local what=$1; shift
	checks=$((checks + 1))
	if "$@"; then echo "ok - $what"; else echo "not ok - $what"; failures=$((failures + 1)); fi
}
# eq DESCRIPTION EXPECTED ACTUAL
eq() {
	checks=$((checks + 1))
	if [ "$2" = "$3" ]; then echo "ok - $1"; else
		echo "not ok - $1"; echo "  expected: $2"; echo "  actual:   $3"; failures=$((failures + 1)); fi
}
finish() {
	echo "$((checks - failures)) passed, $failures failed"
	[ "$failures" -eq 0 ]
}

# Per-key counts from aureport, as "key count" lines sorted by key.
aureport_keys() { aureport -if "$1" -k --summary 2>/dev/null | awk '$1 ~ /^[0-9]+$/ && NF == 2 {print $2, $1}' | sort; }
# Per-key counts from a podaudit database, same shape.
db_keys() { q "$1" "SELECT key, count(*) FROM events WHERE key IS NOT NULL GROUP BY key ORDER BY key" | tr '|' ' '; }
# A digest of what a database holds: identity and raw text of every event.
db_digest() { q "$1" "SELECT node, epoch, msec, serial, hex(raw) FROM events ORDER BY node, epoch, msec, serial" | md5sum | cut -d' ' -f1; }

# shifted_copies FILE N OUT: N copies of FILE, copy k moved k*10^6 s later with serials + k*10^8.
shifted_copies() {
	awk -v n="$2" 'BEGIN { RS = "\n"; ORS = "\n" }
	{ lines[NR] = $0 }
	END {
		for (k = 0; k < n; k++)
			for (i = 1; i <= NR; i++) {
				l = lines[i]
				if (k > 0 && match(l, /msg=audit\([0-9]+\.[0-9]+:[0-9]+\)/)) {
					h = substr(l, RSTART + 10, RLENGTH - 11)
					split(h, a, /[.:]/)
					# %.0f: exact for integers below 2^53 (awk numbers are doubles);
					# mawk prints integers past 2^31 as "2.2e+09" and clamps %d there
					l = substr(l, 1, RSTART - 1) sprintf("msg=audit(%.0f.%s:%.0f)", a[1] + k * 1000000, a[2], a[3] + k * 100000000) substr(l, RSTART + RLENGTH)
				}
				print l
			}
	}' "$1" > "$3"
}
