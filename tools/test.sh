#!/bin/sh
# Build podaudit twice (plain, and with AddressSanitizer + UBSan) and run
# the whole test suite on both. Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
status=0
passed=0
failed=0
for variant in build build-asan; do
	if [ ! -d "$variant" ]; then
		if [ "$variant" = build-asan ]; then
			meson setup "$variant" -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true > /dev/null || exit 1
		else
			meson setup "$variant" -Dwerror=true > /dev/null || exit 1
		fi
	fi
	ninja -C "$variant" || exit 1
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		meson test -C "$variant" --print-errorlogs --num-processes 2 || status=1
	log=$variant/meson-logs/testlog.json
	if [ -f "$log" ]; then
		p=$(grep -c '"result": "OK"' "$log")
		s=$(grep -c '"result": "SKIP"' "$log")
		f=$(grep -c -E '"result": "(FAIL|ERROR|TIMEOUT)"' "$log")
		echo "$variant: $p ok, $s skipped, $f failed"
		passed=$((passed + p))
		failed=$((failed + f))
	fi
done
echo "$passed passed, $failed failed"
exit $status
