#!/bin/bash
# report_render_html on the fixture models: the pages equal the checked-in
# golden files, and they are self-contained and inert (no script, no URL, no
# external resource, valid UTF-8) with every planted payload shown escaped.
#
# Regenerate the golden files after an intended change of the page:
#     UPDATE_GOLDEN=1 meson test -C build report_html
# then look at the difference (git diff tests/report/html/) before committing.
. "$PODAUDIT_SRCDIR/tests/lib.sh"
: "${RENDER_HTML:?run through meson test}"
DIR=$PODAUDIT_SRCDIR/tests/report/html

for m in model empty; do
	"$RENDER_HTML" "$DIR/$m.json" "$TMP/$m.html" || { echo "not ok - render $m.json"; exit 1; }
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$TMP/$m.html" "$DIR/$m.expected.html"
		echo "# updated $DIR/$m.expected.html"
	fi
	if cmp -s "$TMP/$m.html" "$DIR/$m.expected.html"; then
		eq "$m.json renders as $m.expected.html" same same
	else
		eq "$m.json renders as $m.expected.html" same different
		diff -u "$DIR/$m.expected.html" "$TMP/$m.html" | head -40
	fi
done
PAGE=$TMP/model.html

# The markup of a page: every tag. Log data has its '<' and '>' escaped, so
# each literal '<' in the page starts real markup and nothing else does.
tags() { tr '\n' ' ' < "$1" | grep -o '<[^>]*>'; }

for m in model empty; do
	p=$TMP/$m.html
	eq "$m: valid UTF-8" 0 "$(iconv -f UTF-8 -t UTF-8 "$p" >/dev/null 2>&1; echo $?)"
	eq "$m: no http:// or https:// anywhere" 0 "$(grep -ciE 'https?:' "$p")"
	eq "$m: no <script> element" 0 "$(tags "$p" | grep -ciE '^<script')"
	eq "$m: no element that loads something" 0 \
		"$(tags "$p" | grep -ciE '^<(img|link|iframe|frame|object|embed|audio|video|source|base|form|input|use|image|foreignobject)[ >/]')"
	eq "$m: no event handler attribute" 0 "$(tags "$p" | grep -ciE '[[:space:]]on[a-z]+=')"
	eq "$m: src= only data: URIs" 0 "$(tags "$p" | grep -oiE '(src|srcset|poster|data)="[^"]*"' | grep -civ '="data:')"
	eq "$m: href= only in-page anchors" 0 "$(tags "$p" | grep -oiE 'href="[^"]*"' | grep -cv '="#')"
	eq "$m: no url(), @import or @font-face in the style sheet" 0 "$(grep -ciE 'url\(|@import|@font-face' "$p")"
	eq "$m: Content-Security-Policy forbids scripts" 1 \
		"$(tags "$p" | grep -c "^<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:")"
	eq "$m: the CSP comes right after the charset" 1 "$(head -5 "$p" | tr '\n' ' ' | grep -c '<meta charset="utf-8"> <meta http-equiv="Content-Security-Policy"')"
	eq "$m: print style sheet" 1 "$(grep -c '@media print{' "$p")"
	eq "$m: 3 charts" 3 "$(tags "$p" | grep -c '^<svg ')"
	eq "$m: 24 hour bars" 24 "$(tags "$p" | grep -c '^<rect class="bar"')"
done

# The window, half-open, with its zone.
eq "window stated half-open with zone" 1 \
	"$(grep -c 'Window <strong class="mono">\[2026-11-16T00:00:00.000+01:00, 2026-11-23T00:00:00.000+01:00)</strong>, times in <strong>Europe/Paris</strong>' "$PAGE")"
eq "heatmap: 7 days x 24 hours" 168 "$(tags "$PAGE" | grep -c '^<rect class="cell"')"
eq "per-user chart: one bar per user" 5 "$(tags "$PAGE" | grep -c '^<g class="user-bar"')"
eq "risky table: one row per risky command" 24 "$(grep -c '^<tr><td class="time">' "$PAGE")"
eq "risky table: the capture's first risky run" 1 \
	"$(grep -c '<span class="risk">cap_add:SYS_ADMIN</span> <span class="risk">host_mount:/etc</span>' "$PAGE")"

# Planted payloads: shown as text, escaped.
# document.title='PWNED' script: user (table, risky row, chart tooltip),
# command (table, risky row), image, a risk and an argument.
eq "planted <script> escaped everywhere" 8 "$(grep -o "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;" "$PAGE" | wc -l)"
eq "user name <script> escaped" 2 "$(grep -c "<td>&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt; <span class=\"id\">(4242)</span></td>" "$PAGE")"
eq "attribute breaker escaped" 1 "$(grep -c '<span class="arg">&quot;&gt;&lt;img src=x onerror=&quot;document.title=&#39;PWNED&#39;&quot;&gt;</span>' "$PAGE")"
eq "</svg> in a command, an image name escaped" 3 "$(grep -c '<td class="mono">&lt;/svg&gt;&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;</td>' "$PAGE")"
eq "javascript: URL is text" 1 "$(grep -c '<span class="arg">url=javascript:document.title=&#39;PWNED&#39;</span>' "$PAGE")"
eq "bytes not UTF-8 as \\xHH" 1 "$(grep -c '<span class="arg"><span class="x">\\xff\\xfe</span></span> <span class="arg">caf<span class="x">\\xe9</span></span>' "$PAGE")"
eq "terminal escapes as \\x1b" 1 "$(grep -c '<span class="arg"><span class="x">\\x1b</span>\[31mred<span class="x">\\x1b</span>\[0m<span class="x">\\x07</span></span>' "$PAGE")"
eq "newline, tab, CR as \\n \\t \\r" 1 "$(grep -c 'line1<span class="x">\\n</span>line2<span class="x">\\t</span>tab<span class="x">\\r</span>' "$PAGE")"
eq "right-to-left override as \\u202e" 1 "$(grep -c 'bidi <span class="x">\\u202e</span>exe.txt' "$PAGE")"

# Empty window.
eq "empty: says so" 1 "$(grep -c 'No events in this window.' "$TMP/empty.html")"
eq "empty: no NaN or infinity" 0 "$(grep -ciE 'nan|inf[^o]' "$TMP/empty.html")"
eq "empty: 24 heatmap cells" 24 "$(tags "$TMP/empty.html" | grep -c '^<rect class="cell"')"

# A model that lacks a key is refused with a message, and nothing is written.
grep -v '"risky"' "$DIR/empty.json" > "$TMP/bad.json"
"$RENDER_HTML" "$TMP/bad.json" "$TMP/bad.html" 2> "$TMP/bad.err"
eq "missing key: exit 1" 1 $?
eq "missing key: named" 1 "$(grep -c '"risky" is missing' "$TMP/bad.err")"
ok "missing key: no page" test ! -e "$TMP/bad.html"

finish
