#!/bin/bash
# The HTML report in a real browser (headless Chromium): the fixture page
# renders (tables, the three SVG charts with their bars and cells, a
# screenshot and a PDF), and no script planted in the log runs: the planted
# scripts would set document.title to PWNED or add an element with id pwned.
# Two control pages show that the harness sees a script that runs, and that
# the page's Content-Security-Policy alone stops one.
#
# The browser reads local files only: background networking is off, and every
# host name resolves to nothing.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
: "${RENDER_HTML:?run through meson test}"
DIR=$PODAUDIT_SRCDIR/tests/report/html

CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$CHROME" ] || skip "chromium is not installed (apt-get install chromium): the page is not checked in a browser"

# browser ARGS... URL: run headless Chromium once, with a fresh profile.
browser() {
	local prof
	prof=$(mktemp -d "$TMP/profile.XXXXXX")
	timeout 90 "$CHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --no-default-browser-check \
		--disable-extensions --disable-default-apps --disable-breakpad --mute-audio \
		--host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$prof" "$@" 2>>"$TMP/chromium.log"
}
# count PATTERN FILE: lines... occurrences of a fixed string in FILE.
count() { grep -oF -- "$1" "$2" | wc -l; }

# Control pages: a script that runs is seen; the CSP meta tag stops it.
printf '<!DOCTYPE html><html><head><title>t</title></head><body><script>document.title="PWNED";document.body.insertAdjacentHTML("beforeend","<p id=pwned>x</p>")</script></body></html>\n' > "$TMP/control.html"
sed "s|<head>|<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">|" "$TMP/control.html" > "$TMP/control-csp.html"
browser --dump-dom "file://$TMP/control.html" > "$TMP/control.dom"
[ -s "$TMP/control.dom" ] || { cat "$TMP/chromium.log"; skip "chromium does not start here (log above)"; }
eq "control: a script that runs sets the title" 1 "$(count '<title>PWNED</title>' "$TMP/control.dom")"
eq "control: a script that runs adds #pwned" 1 "$(count 'id="pwned"' "$TMP/control.dom")"
browser --dump-dom "file://$TMP/control-csp.html" > "$TMP/control-csp.dom"
eq "control: the CSP meta tag stops it (title)" 1 "$(count '<title>t</title>' "$TMP/control-csp.dom")"
eq "control: the CSP meta tag stops it (#pwned)" 0 "$(count 'id="pwned"' "$TMP/control-csp.dom")"

for m in model empty; do
	"$RENDER_HTML" "$DIR/$m.json" "$TMP/$m.html" || { echo "not ok - render $m.json"; exit 1; }
	browser --dump-dom "file://$TMP/$m.html" > "$TMP/$m.dom"
	browser --window-size=1280,2000 --screenshot="$TMP/$m.png" "file://$TMP/$m.html" > /dev/null
	browser --no-pdf-header-footer --print-to-pdf="$TMP/$m.pdf" "file://$TMP/$m.html" > /dev/null
	eq "$m: screenshot is a PNG" "89504e470d0a1a0a" "$(head -c 8 "$TMP/$m.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')"
	ok "$m: screenshot is not tiny" test "$(stat -c %s "$TMP/$m.png" 2>/dev/null || echo 0)" -gt 20000
	eq "$m: prints to PDF" "%PDF" "$(head -c 4 "$TMP/$m.pdf" 2>/dev/null)"
	d=$TMP/$m.dom
	eq "$m: DOM title untouched" 1 "$(grep -c '<title>podaudit report \[' "$d")"
	eq "$m: no PWNED title" 0 "$(count '<title>PWNED' "$d")"
	eq "$m: no element #pwned" 0 "$(count 'id="pwned"' "$d")"
	eq "$m: no <script> element" 0 "$(grep -ci '<script' "$d")"
	eq "$m: no <img> element" 0 "$(grep -ci '<img' "$d")"
	eq "$m: links only to the page's own sections" 0 "$(grep -oE '<a [^>]*>' "$d" | grep -cv '^<a href="#[a-z-]*">$')"
	eq "$m: 3 inline SVG charts" 3 "$(count '<svg ' "$d")"
	eq "$m: 24 hour bars" 24 "$(count '<rect class="bar"' "$d")"
	eq "$m: all sections, in order" "summary by-user by-hour risky by-command by-key by-exe targets nodes" \
		"$(grep -o '<section id="[a-z-]*"' "$d" | cut -d'"' -f2 | tr '\n' ' ' | sed 's/ $//')"
	eq "$m: the footer closes the page inside main" 1 "$(tr -d '\n' < "$d" | grep -c '</footer></main></body></html>')"
done

d=$TMP/model.dom
eq "model: 9 tables" 9 "$(count '<table' "$d")"
eq "model: heatmap 7 x 24 cells" 168 "$(count '<rect class="cell"' "$d")"
eq "model: one chart bar per user" 5 "$(count '<g class="user-bar"' "$d")"
eq "model: 24 risky rows" 24 "$(count '<td class="time">' "$d")"
eq "model: planted scripts shown as text" 8 "$(count "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" "$d")"
eq "model: planted #pwned script shown as text" 2 "$(count "&lt;p id=pwned&gt;PWNED&lt;/p&gt;" "$d")"
eq "model: planted </svg> did not close a chart" 3 "$(count '</svg>' "$d")"
eq "model: planted img tag shown as text" 4 "$(count '"&gt;&lt;img src=x onerror="document.title='"'"'PWNED'"'"'"&gt;' "$d")"
eq "model: bytes not UTF-8 shown escaped" 1 "$(count '<span class="x">\xff\xfe</span>' "$d")"
eq "model: the window and zone" 1 "$(count '[2026-11-16T00:00:00.000+01:00, 2026-11-23T00:00:00.000+01:00)</strong>, times in <strong>Europe/Paris</strong>' "$d")"
d=$TMP/empty.dom
eq "empty: says so" 1 "$(count 'No events in this window.' "$d")"
eq "empty: 24 heatmap cells" 24 "$(count '<rect class="cell"' "$d")"
eq "empty: no NaN in the charts" 0 "$(grep -ciE '="-?(nan|inf)' "$d")"

[ -n "${KEEP:-}" ] && echo "# pages, screenshots and PDFs kept in $TMP"
finish
