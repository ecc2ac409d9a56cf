# Shared by the bench/ scripts (sourced, bash). Expects OUT (bench/out) and
# TMP (a scratch directory) to be set, and the current directory to be the
# top of the checkout.

# bench_build: set PODAUDIT to the binary to measure and MEASURED to what it
# is. The committed tree of REV (default HEAD) is exported to $OUT/src and
# built in $OUT/build (meson defaults: debugoptimized), so that what is
# measured is a known commit, whatever is being edited in the checkout, and
# the shared build/ directory is left alone. PODAUDIT=path measures a given
# binary instead (e.g. PODAUDIT=build/cli/podaudit for the working tree).
bench_build() {
	local hash src bld
	mkdir -p "$OUT"
	if [ -n "${PODAUDIT:-}" ]; then
		MEASURED="binary $PODAUDIT (checkout at $(git rev-parse HEAD)$(git diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' + uncommitted changes'))"
		return
	fi
	hash=$(git rev-parse --verify "${REV:-HEAD}^{commit}")
	src=$OUT/src
	bld=$OUT/build
	if [ "$(cat "$src/.commit" 2>/dev/null)" != "$hash" ] || [ ! -f "$bld/build.ninja" ]; then
		rm -rf "$src" "$bld"
		mkdir -p "$src"
		git archive "$hash" | tar -x -C "$src"
		echo "$hash" >"$src/.commit"
		meson setup "$bld" "$src" -Dtests=disabled >"$TMP/meson.log" 2>&1 ||
			{ cat "$TMP/meson.log" >&2; echo "$0: meson setup failed" >&2; exit 1; }
	fi
	ninja -C "$bld" >"$TMP/ninja.log" 2>&1 ||
		{ tail -30 "$TMP/ninja.log" >&2; echo "$0: build of $hash failed" >&2; exit 1; }
	PODAUDIT=$bld/cli/podaudit
	MEASURED="commit $hash (git archive, built in $bld)"
}

# bench_fixtures: set the array FIXTURES to $FIXTURE (the corpus log) and
# every tests/data/*.log.
bench_fixtures() {
	local f
	FIXTURES=("$FIXTURE")
	shopt -s nullglob
	for f in tests/data/*.log; do FIXTURES+=("$f"); done
	shopt -u nullglob
}
