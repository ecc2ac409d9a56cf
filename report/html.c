/*
 * html.c: the report as one self-contained HTML page.
 *
 * The page needs nothing but itself: the style sheet is inline, the charts
 * are inline SVG drawn here, there is no script (and a Content-Security-Policy
 * meta tag forbids any), no font, image or link to another file. Every string
 * of the model is log data and goes through html_put(), which HTML-escapes
 * it and shows what a reader could not see or what is not text -- control
 * characters, bytes that are not valid UTF-8, invisible or bidirectional
 * formatting characters -- as a highlighted escape, so the page is valid
 * UTF-8 and shows exactly what the log held.
 */
#include "report/render.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/json.h"

/* How html_put() writes escapes: in HTML text, in SVG text, or plain (attributes). */
enum html_mode {
	HTML_TEXT,
	HTML_SVG,
	HTML_ATTR,
};

/* What one rendering carries: the model (already checked), the output, the zone. */
struct html {
	const json_t *m;
	struct strbuf *out;
	const json_t *zone; /* period.timezone, for labels */
};

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026 */
#define NDASH	 "\xe2\x80\x93" /* U+2013 */

/*
 * Whether code point cp, valid UTF-8, is shown as an escape: C1 controls and
 * the invisible or bidirectional formatting characters that can make text
 * read differently from what it holds (zero-width, LRE/RLO/PDF..., isolates,
 * line and paragraph separators, BOM, interlinear annotations).
 */
static int
html_hidden_cp(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}

/*
 * Append s (n bytes of log data) to sb, escaped for mode. HTML's special
 * characters & < > " ' become entities; printable ASCII and valid UTF-8 are
 * kept; newline, tab and carriage return are shown as \n \t \r, other
 * control characters and bytes that are not valid UTF-8 as \xHH, hidden
 * characters (html_hidden_cp) as \uHHHH, each run of escapes inside one
 * highlighted span (HTML_TEXT) or tspan (HTML_SVG). With max > 0, at most
 * about max characters are shown, then an ellipsis. Cannot fail.
 */
static void
html_put(struct strbuf *sb, const char *s, size_t n, enum html_mode mode, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, shown = 0;
	int open = 0;

	while (i < n) {
		unsigned c = p[i];
		char esc[12];
		const char *lit = NULL;
		size_t len = 1, cost = 1;

		esc[0] = '\0';
		if (c >= 0x20 && c < 0x7f) {
			switch (c) {
			case '&':
				lit = "&amp;";
				break;
			case '<':
				lit = "&lt;";
				break;
			case '>':
				lit = "&gt;";
				break;
			case '"':
				lit = "&quot;";
				break;
			case '\'':
				lit = "&#39;";
				break;
			default:
				lit = (const char *)p + i;
			}
		} else if (c == '\n' || c == '\t' || c == '\r') {
			strcpy(esc, c == '\n' ? "\\n" : c == '\t' ? "\\t" : "\\r");
		} else if (c < 0x80) {
			snprintf(esc, sizeof esc, "\\x%c%c", hex[c >> 4], hex[c & 15]);
		} else {
			len = utf8_seq_len(p + i, n - i);
			if (len == 0) {
				len = 1;
				snprintf(esc, sizeof esc, "\\x%c%c", hex[c >> 4], hex[c & 15]);
			} else {
				unsigned cp = len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
				for (size_t k = 1; k < len; k++)
					cp = (cp << 6) | (p[i + k] & 0x3f);
				if (html_hidden_cp(cp))
					snprintf(esc, sizeof esc, "\\u%04x", cp);
				else
					lit = (const char *)p + i;
			}
		}
		if (esc[0] != '\0')
			cost = strlen(esc);
		if (max > 0 && shown + cost > max - 1 && !(i + len == n && shown + cost <= max)) {
			if (open && mode != HTML_ATTR)
				strbuf_puts(sb, mode == HTML_SVG ? "</tspan>" : "</span>");
			strbuf_puts(sb, ELLIPSIS);
			return;
		}
		shown += cost;
		if (esc[0] != '\0') {
			if (!open && mode != HTML_ATTR)
				strbuf_puts(sb, mode == HTML_SVG ? "<tspan class=\"x\">"
								 : "<span class=\"x\">");
			open = 1;
			strbuf_puts(sb, esc);
		} else {
			if (open && mode != HTML_ATTR)
				strbuf_puts(sb, mode == HTML_SVG ? "</tspan>" : "</span>");
			open = 0;
			if (lit == (const char *)p + i)
				strbuf_add(sb, lit, len);
			else
				strbuf_puts(sb, lit);
		}
		i += len;
	}
	if (open && mode != HTML_ATTR)
		strbuf_puts(sb, mode == HTML_SVG ? "</tspan>" : "</span>");
}

/* Append the JSON string v (log data, any bytes) escaped with html_put();
 * "-" dimmed when v is null or empty in HTML text. */
static void
html_str(struct strbuf *sb, const json_t *v, enum html_mode mode, size_t max)
{
	if (!json_is_string(v) || json_string_length(v) == 0) {
		if (mode == HTML_TEXT)
			strbuf_puts(sb, "<span class=\"none\">" NDASH "</span>");
		return;
	}
	html_put(sb, json_string_value(v), json_string_length(v), mode, max);
}

/* Append a NUL-terminated string of log data escaped (an object key). */
static void
html_cstr(struct strbuf *sb, const char *s, enum html_mode mode)
{
	html_put(sb, s, strlen(s), mode, 0);
}

/* The integer at key in obj (0 when absent: the model was validated first). */
static json_int_t
num(const json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(obj, key));
}

/* Append an integer. */
static void
put_int(struct strbuf *sb, json_int_t v)
{
	strbuf_printf(sb, "%" JSON_INTEGER_FORMAT, v);
}

/* ---- Checking the model's shape ------------------------------------- */

/* One field of a row: name and kind ('i' integer, 's' string or null,
 * 'S' array of strings, 'H' array of 24 integers). */
struct field {
	const char *name;
	char kind;
};

static const struct field node_fields[] = {
    {"node", 's'}, {"events", 'i'}, {"podman_commands", 'i'}, {NULL, 0}};
static const struct field user_fields[] = {{"auid", 'i'},	{"user", 's'}, {"commands", 'i'},
					   {"events", 'i'},	{"sudo", 'i'}, {"rootless", 'i'},
					   {"no_session", 'i'}, {NULL, 0}};
static const struct field command_fields[] = {{"command", 's'}, {"count", 'i'}, {NULL, 0}};
static const struct field exe_fields[] = {{"exe", 's'}, {"count", 'i'}, {NULL, 0}};
static const struct field day_fields[] = {{"day", 's'}, {"hours", 'H'}, {NULL, 0}};
static const struct field risky_fields[] = {
    {"id", 'i'},      {"time", 's'},   {"node", 's'},  {"auid", 'i'}, {"user", 's'},
    {"command", 's'}, {"target", 's'}, {"risks", 'S'}, {"argv", 'S'}, {NULL, 0}};
static const struct field container_fields[] = {{"container", 's'}, {"count", 'i'}, {NULL, 0}};
static const struct field image_fields[] = {{"image", 's'}, {"count", 'i'}, {NULL, 0}};
static const struct field top_fields[] = {
    {"total_events", 'i'}, {"podman_commands", 'i'}, {"failures", 'i'}, {"generated", 's'},
    {"databases", 'S'},	   {"by_hour", 'H'},	     {NULL, 0}};
static const struct field period_fields[] = {
    {"since", 's'}, {"until", 's'}, {"timezone", 's'}, {NULL, 0}};

/* Whether v is of kind (see struct field). */
static int
kind_ok(const json_t *v, char kind)
{
	size_t i;
	json_t *e;

	switch (kind) {
	case 'i':
		return json_is_integer(v);
	case 's':
		return json_is_string(v) || json_is_null(v);
	case 'S':
		if (!json_is_array(v))
			return 0;
		json_array_foreach(v, i, e) if (!json_is_string(e)) return 0;
		return 1;
	case 'H':
		if (!json_is_array(v) || json_array_size(v) != 24)
			return 0;
		json_array_foreach(v, i, e) if (!json_is_integer(e)) return 0;
		return 1;
	}
	return 0;
}

/* Check that obj has every field of fields; 0, or -1 with a message naming
 * where (what) and which field is missing or of the wrong type. */
static int
check_fields(const json_t *obj, const struct field *fields, const char *what, char *err,
	     size_t errlen)
{
	if (!json_is_object(obj)) {
		snprintf(err, errlen, "report model: %s is not an object", what);
		return -1;
	}
	for (; fields->name != NULL; fields++) {
		if (!kind_ok(json_object_get(obj, fields->name), fields->kind)) {
			snprintf(err, errlen,
				 "report model: %s: \"%s\" is missing or of the wrong type", what,
				 fields->name);
			return -1;
		}
	}
	return 0;
}

/* Check that model[key] is an array of rows with fields; 0, or -1 with a
 * message in err. */
static int
check_rows(const json_t *model, const char *key, const struct field *fields, char *err,
	   size_t errlen)
{
	const json_t *a = json_object_get(model, key);
	size_t i;
	json_t *row;

	if (!json_is_array(a)) {
		snprintf(err, errlen, "report model: \"%s\" is missing or not an array", key);
		return -1;
	}
	json_array_foreach(a, i,
			   row) if (check_fields(row, fields, key, err, errlen) != 0) return -1;
	return 0;
}

/* Check the whole model against the shape in render.h before anything is
 * written; 0, or -1 with a message in err. */
static int
check_model(const json_t *m, char *err, size_t errlen)
{
	const json_t *bykey = json_object_get(m, "by_key");
	const char *k;
	json_t *v;

	if (check_fields(m, top_fields, "model", err, errlen) != 0 ||
	    check_fields(json_object_get(m, "period"), period_fields, "period", err, errlen) != 0 ||
	    check_rows(m, "nodes", node_fields, err, errlen) != 0 ||
	    check_rows(m, "by_user", user_fields, err, errlen) != 0 ||
	    check_rows(m, "by_command", command_fields, err, errlen) != 0 ||
	    check_rows(m, "by_exe", exe_fields, err, errlen) != 0 ||
	    check_rows(m, "by_day_hour", day_fields, err, errlen) != 0 ||
	    check_rows(m, "risky", risky_fields, err, errlen) != 0 ||
	    check_rows(m, "top_containers", container_fields, err, errlen) != 0 ||
	    check_rows(m, "top_images", image_fields, err, errlen) != 0)
		return -1;
	if (!json_is_object(bykey)) {
		snprintf(err, errlen, "report model: \"by_key\" is missing or not an object");
		return -1;
	}
	json_object_foreach((json_t *)bykey, k, v)
	{
		if (!json_is_integer(v)) {
			snprintf(err, errlen, "report model: by_key: a count is not an integer");
			return -1;
		}
	}
	return 0;
}

/* ---- Page frame ------------------------------------------------------ */

static const char page_css[] =
    ":root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--soft:#f8fafc;--accent:#1d4ed8;"
    "--warn:#b45309;--risk:#b91c1c}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%}\n"
    "body{margin:0;background:#fff;color:var(--ink);font:14px/1.45 system-ui,-apple-system,"
    "\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,\"Liberation Sans\",sans-serif}\n"
    "main{max-width:1200px;margin:0 auto;padding:24px 28px 48px}\n"
    "header.top{border-left:6px solid var(--accent);background:var(--soft);padding:16px 20px;"
    "margin-bottom:20px}\n"
    "header.top h1{margin:0 0 4px;font-size:22px;font-weight:650}\n"
    "header.top p{margin:2px 0;color:var(--muted)}\n"
    "header.top .window{color:var(--ink);font-size:15px}\n"
    "code,.mono,td.argv,.time{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"
    "\"Liberation Mono\",monospace;font-size:12.5px}\n"
    "h2{font-size:17px;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid "
    "var(--line);break-after:avoid}\n"
    "h3{font-size:14px;margin:18px 0 6px;color:#374151}\n"
    "p.note{color:var(--muted);margin:4px 0 10px;font-size:13px}\n"
    "nav.toc{font-size:13px;margin:0 0 8px}\n"
    "nav.toc a{color:var(--accent);text-decoration:none;margin-right:14px;white-space:nowrap}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;"
    "margin:8px 0 4px}\n"
    ".card{border:1px solid var(--line);border-radius:6px;padding:10px 12px;background:#fff}\n"
    ".card .n{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}\n"
    ".card .l{color:var(--muted);font-size:12.5px}\n"
    ".card.risk .n{color:var(--risk)}\n"
    ".empty{border:1px solid #fcd34d;background:#fffbeb;color:#78350f;padding:10px 14px;"
    "border-radius:6px;margin:12px 0;font-weight:600}\n"
    "table{border-collapse:collapse;width:100%;margin:4px 0 8px;font-size:13px}\n"
    "th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid "
    "var(--line);overflow-wrap:anywhere;word-break:break-word}\n"
    "thead th{background:var(--soft);border-bottom:2px solid #cbd5e1;font-weight:600;"
    "white-space:nowrap}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;"
    "overflow-wrap:normal;word-break:normal}\n"
    "tr{break-inside:avoid}\n"
    "thead{display:table-header-group}\n"
    "table:not(.risky) tbody tr:nth-child(even){background:#fbfcfd}\n"
    "tbody.op{break-inside:avoid}\n"
    "tbody.op tr:first-child td{border-bottom:none;padding-bottom:2px}\n"
    "tbody.op tr.cl td{padding-top:0;padding-bottom:9px;border-bottom:1px solid #d1d5db}\n"
    "td.share{width:22%}\n"
    ".meter{display:block;height:8px;background:#eef2f7;border-radius:4px;margin-top:5px;"
    "overflow:hidden}\n"
    ".meter span{display:block;height:100%;background:#60a5fa}\n"
    "table.kv{width:auto;min-width:55%}\n"
    "table.kv th{width:15em;background:none;font-weight:600;white-space:normal}\n"
    "table.hours{table-layout:fixed}\n"
    "table.hours th,table.hours td{text-align:center;padding:4px 2px;font-size:12px;"
    "font-variant-numeric:tabular-nums;overflow-wrap:normal;word-break:normal}\n"
    "table.hours td.z{color:#cbd5e1}\n"
    "td.mono,.risk{white-space:pre-wrap}\n"
    "td.none,.none{color:#9ca3af}\n"
    ".x{background:#fef3c7;color:#92400e;border:1px solid #f59e0b;border-radius:3px;"
    "padding:0 2px;font-family:ui-monospace,Menlo,Consolas,\"Liberation Mono\",monospace;"
    "font-size:.92em}\n"
    "tspan.x{fill:#b45309;font-family:monospace}\n"
    ".risk{display:inline-block;background:#fee2e2;color:#991b1b;border:1px solid #fecaca;"
    "border-radius:10px;padding:0 7px;margin:1px 2px 1px 0;font-size:12px;"
    "overflow-wrap:anywhere}\n"
    "td.argv div{max-height:14em;overflow:auto}\n"
    ".arg{display:inline-block;max-width:100%;background:#f1f5f9;border:1px solid #e2e8f0;"
    "border-radius:3px;padding:0 3px;margin:1px 0;line-height:1.5;overflow-wrap:anywhere;"
    "white-space:pre-wrap}\n"
    ".arg.e{color:#9ca3af}\n"
    "td.time{white-space:nowrap;overflow-wrap:normal;word-break:normal;color:#374151}\n"
    ".id{color:var(--muted);font-size:11.5px}\n"
    ".two{display:grid;grid-template-columns:1fr 1fr;gap:24px}\n"
    "figure{margin:8px 0 12px;break-inside:avoid}\n"
    "figure svg{display:block;width:100%;height:auto;max-width:100%}\n"
    "figcaption{color:var(--muted);font-size:12.5px;margin-top:2px}\n"
    "svg text{font-size:12.5px;font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,"
    "\"Liberation Sans\",sans-serif;fill:#374151}\n"
    "svg .axis{stroke:#9ca3af;stroke-width:1}\n"
    "svg .grid{stroke:#e5e7eb;stroke-width:1}\n"
    "svg .bar{fill:#3b82f6}\n"
    "svg .val{font-size:11.5px;fill:#1f2937}\n"
    "svg .title{font-size:12.5px;fill:#6b7280}\n"
    "svg .cv{font-size:10.5px;text-anchor:middle}\n"
    "svg .cv.d{fill:#fff}\n"
    "footer{margin-top:36px;padding-top:10px;border-top:1px solid var(--line);color:var(--muted);"
    "font-size:12px}\n"
    "@media (max-width:800px){.two{grid-template-columns:1fr}}\n"
    "@media print{@page{size:A4;margin:14mm 12mm}\n"
    " body{font-size:10.5pt;background:#fff;color:#000}\n"
    " main{max-width:none;padding:0}\n"
    " header.top{background:none;border-left:4px solid #000;padding:6px 12px}\n"
    " nav.toc{display:none}\n"
    " thead th,table:not(.risky) tbody tr:nth-child(even){background:none}\n"
    " table.risky{font-size:9pt}\n"
    " td.argv div{max-height:none;overflow:visible}\n"
    " h2{break-after:avoid;page-break-after:avoid}\n"
    " tr,tbody.op,figure,.card{break-inside:avoid;page-break-inside:avoid}\n"
    " .two{display:block}\n"
    " figure svg{width:100%;height:auto}\n"
    " *{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* Write the document head and the page header (title, window, sources). */
static void
page_open(struct html *h)
{
	struct strbuf *o = h->out;
	const json_t *period = json_object_get(h->m, "period");
	const json_t *dbs = json_object_get(h->m, "databases");
	size_t i;
	json_t *db;

	strbuf_puts(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		       "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
		       "form-action 'none'\">\n"
		       "<meta name=\"referrer\" content=\"no-referrer\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		       "<meta name=\"generator\" content=\"podaudit\">\n<title>podaudit report ");
	strbuf_puts(o, "[");
	html_str(o, json_object_get(period, "since"), HTML_ATTR, 0);
	strbuf_puts(o, ", ");
	html_str(o, json_object_get(period, "until"), HTML_ATTR, 0);
	strbuf_puts(o, ") ");
	html_str(o, json_object_get(period, "timezone"), HTML_ATTR, 0);
	strbuf_puts(o, "</title>\n<style>\n");
	strbuf_puts(o, page_css);
	strbuf_puts(o, "</style>\n</head>\n<body>\n<main>\n<header class=\"top\">\n"
		       "<h1>Container activity audit report</h1>\n<p class=\"window\">Window "
		       "<strong class=\"mono\">[");
	html_str(o, json_object_get(period, "since"), HTML_TEXT, 0);
	strbuf_puts(o, ", ");
	html_str(o, json_object_get(period, "until"), HTML_TEXT, 0);
	strbuf_puts(o, ")</strong>, times in <strong>");
	html_str(o, json_object_get(period, "timezone"), HTML_TEXT, 0);
	strbuf_puts(o, "</strong></p>\n<p>Half-open window: events at the start time are "
		       "included, events at the end time are not.</p>\n<p>Generated ");
	html_str(o, json_object_get(h->m, "generated"), HTML_TEXT, 0);
	strbuf_puts(o, " by podaudit from ");
	if (json_array_size(dbs) == 0)
		strbuf_puts(o, "no database");
	json_array_foreach(dbs, i, db)
	{
		if (i > 0)
			strbuf_puts(o, ", ");
		strbuf_puts(o, "<code>");
		html_str(o, db, HTML_TEXT, 0);
		strbuf_puts(o, "</code>");
	}
	strbuf_puts(o, "</p>\n</header>\n");
}

/* Write the page footer and close the document. */
static void
page_close(struct html *h)
{
	strbuf_puts(h->out,
		    "<footer>\n<p>Every name, path and argument on this page is shown as the "
		    "audit log recorded it. Highlighted <span class=\"x\">\\n</span>, "
		    "<span class=\"x\">\\t</span>, <span class=\"x\">\\r</span> and "
		    "<span class=\"x\">\\xHH</span> are a control character or a byte that is not "
		    "valid UTF-8; <span class=\"x\">\\uHHHH</span> is an invisible or "
		    "text-direction character. Command lines show each argument in its own "
		    "box.</p>\n<p>Counts: events are audit events (one per audit record group) "
		    "matching podaudit's keys; podman commands are the podman executions a person "
		    "typed, without podman's own internal executions.</p>\n</footer>\n"
		    "</main>\n</body>\n</html>\n");
}

/* ---- Small table pieces ---------------------------------------------- */

/* Write a <td> with a bar proportional to v / max (no bar when max is 0). */
static void
cell_meter(struct strbuf *o, json_int_t v, json_int_t max)
{
	double pct = max > 0 && v > 0 ? 100.0 * (double)v / (double)max : 0.0;

	strbuf_printf(o,
		      "<td class=\"share\"><span class=\"meter\"><span style=\"width:%.1f%%\">"
		      "</span></span></td>",
		      pct);
}

/* Write a number cell. */
static void
cell_int(struct strbuf *o, json_int_t v)
{
	strbuf_puts(o, "<td class=\"n\">");
	put_int(o, v);
	strbuf_puts(o, "</td>");
}

/* Write a table row saying the table is empty, spanning cols columns. */
static void
row_none(struct strbuf *o, int cols, const char *what)
{
	strbuf_printf(o, "<tr><td class=\"none\" colspan=\"%d\">%s</td></tr>\n", cols, what);
}

/* The largest "count" of an array of rows. */
static json_int_t
rows_max(const json_t *rows, const char *key)
{
	json_int_t max = 0;
	size_t i;
	json_t *r;

	json_array_foreach(rows, i, r) if (num(r, key) > max) max = num(r, key);
	return max;
}

/* Write a user's name and auid ("alice (1001)", the unset auid named). */
static void
put_user(struct strbuf *o, const json_t *row, enum html_mode mode, size_t max)
{
	json_int_t auid = num(row, "auid");

	html_str(o, json_object_get(row, "user"), mode, max);
	if (mode == HTML_ATTR)
		strbuf_puts(o, " ");
	else if (mode == HTML_SVG)
		strbuf_puts(o, " <tspan class=\"title\">");
	else
		strbuf_puts(o, " <span class=\"id\">");
	if (auid == 4294967295LL)
		strbuf_puts(o, "(no login uid)");
	else
		strbuf_printf(o, "(%" JSON_INTEGER_FORMAT ")", auid);
	if (mode != HTML_ATTR)
		strbuf_puts(o, mode == HTML_SVG ? "</tspan>" : "</span>");
}

/*
 * Write a table of name/count rows (by_command, by_exe, top_containers,
 * top_images): columns name, count and a share bar, or a "none" row.
 */
static void
table_counts(struct html *h, const char *key, const char *field, const char *head,
	     const char *count_head, int mono)
{
	struct strbuf *o = h->out;
	const json_t *rows = json_object_get(h->m, key);
	json_int_t max = rows_max(rows, "count");
	size_t i;
	json_t *r;

	strbuf_printf(o,
		      "<table class=\"counts\">\n<thead><tr><th>%s</th><th class=\"n\">%s</th>"
		      "<th>share</th></tr></thead>\n<tbody>\n",
		      head, count_head);
	if (json_array_size(rows) == 0)
		row_none(o, 3, "none in this window");
	json_array_foreach(rows, i, r)
	{
		strbuf_puts(o, mono ? "<tr><td class=\"mono\">" : "<tr><td>");
		html_str(o, json_object_get(r, field), HTML_TEXT, 0);
		strbuf_puts(o, "</td>");
		cell_int(o, num(r, "count"));
		cell_meter(o, num(r, "count"), max);
		strbuf_puts(o, "</tr>\n");
	}
	strbuf_puts(o, "</tbody>\n</table>\n");
}

/* ---- Charts ----------------------------------------------------------- */

/* A "nice" axis for values 0..max: a step of 1, 2 or 5 x 10^k giving about
 * four to eight ticks, and the top of the axis (a multiple of the step >= max, >= 1). */
static void
nice_axis(json_int_t max, json_int_t *step, json_int_t *top)
{
	json_int_t mag = 1, s;

	if (max < 1)
		max = 1;
	while (mag <= max / 50)
		mag *= 10;
	s = mag;
	if (s * 7 < max)
		s = mag * 2;
	if (s * 7 < max)
		s = mag * 5;
	if (s * 7 < max)
		s = mag * 10;
	*step = s;
	*top = (max + s - 1) / s * s;
}

/*
 * Write the hourly bar chart: one bar (rect class "bar") per hour of by_hour,
 * always 24, with a value above each non-empty bar, y gridlines with ticks
 * and both axes labelled.
 */
static void
chart_hours(struct html *h)
{
	struct strbuf *o = h->out;
	const json_t *hours = json_object_get(h->m, "by_hour");
	const double W = 960, H = 270, L = 62, R = 14, T = 22, B = 48;
	const double pw = W - L - R, ph = H - T - B, slot = pw / 24;
	json_int_t max = 0, step, top;

	for (size_t i = 0; i < 24; i++)
		if (json_integer_value(json_array_get(hours, i)) > max)
			max = json_integer_value(json_array_get(hours, i));
	nice_axis(max, &step, &top);
	strbuf_printf(o,
		      "<figure class=\"chart\" id=\"chart-hours\">\n<svg "
		      "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"Events per "
		      "hour of day\">\n",
		      W, H);
	for (json_int_t v = 0; v <= top; v += step) {
		double y = T + ph - ph * (double)v / (double)top;
		strbuf_printf(
		    o,
		    "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
		    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%" JSON_INTEGER_FORMAT
		    "</text>\n",
		    L, y, W - R, y, L - 6, y + 4, v);
	}
	for (size_t i = 0; i < 24; i++) {
		json_int_t v = json_integer_value(json_array_get(hours, i));
		double bh = v > 0 ? ph * (double)v / (double)top : 0;
		double x = L + slot * (double)i + slot * 0.15, y = T + ph - bh;

		if (v > 0 && bh < 1)
			bh = 1, y = T + ph - 1;
		strbuf_printf(
		    o,
		    "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
		    "<title>%02zu:00" NDASH "%02zu:59: %" JSON_INTEGER_FORMAT
		    " events</title></rect>",
		    x, y, slot * 0.7, bh, i, i, v);
		if (v > 0)
			strbuf_printf(
			    o,
			    "<text class=\"val\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
			    "%" JSON_INTEGER_FORMAT "</text>",
			    x + slot * 0.35, y - 4, v);
		strbuf_printf(o,
			      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%02zu</text>\n",
			      x + slot * 0.35, T + ph + 15, i);
	}
	strbuf_printf(o,
		      "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
		      "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		      L, T, L, T + ph, L, T + ph, W - R, T + ph);
	strbuf_printf(o,
		      "<text class=\"title\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">hour "
		      "of day (",
		      L + pw / 2, H - 8);
	html_str(o, h->zone, HTML_SVG, 40);
	strbuf_printf(
	    o,
	    ")</text>\n<text class=\"title\" transform=\"translate(14 %.1f) rotate(-90)\" "
	    "text-anchor=\"middle\">events</text>\n</svg>\n",
	    T + ph / 2);
	strbuf_puts(o, "<figcaption>Audit events per hour of the day, all days of the window "
		       "added up.</figcaption>\n</figure>\n");
}

/* x^(1/5) for x >= 1, by bisection (no libm). */
static double
root5(double x)
{
	double lo = 1, hi = x > 1 ? x : 1;

	for (int i = 0; i < 80; i++) {
		double mid = (lo + hi) / 2;
		if (mid * mid * mid * mid * mid < x)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

#define HEAT_CLASSES 5
static const char *const heat_fill[HEAT_CLASSES + 1] = {"#f1f5f9", "#dbeafe", "#93c5fd",
							"#3b82f6", "#1d4ed8", "#1e3a8a"};

/* Upper bounds of the heat classes for a maximum max: geometric (counts
 * spread over orders of magnitude), strictly increasing, the last = max.
 * Returns how many classes there are (0 when max is 0). */
static int
heat_bounds(json_int_t max, json_int_t bound[HEAT_CLASSES])
{
	double r = root5((double)max), b = 1;
	int n = 0;

	if (max < 1)
		return 0;
	for (int i = 0; i < HEAT_CLASSES && (n == 0 || bound[n - 1] < max); i++) {
		json_int_t v;
		b *= r;
		v = (json_int_t)(b + 0.5);
		if (i == HEAT_CLASSES - 1 || v > max)
			v = max;
		if (n > 0 && v <= bound[n - 1])
			v = bound[n - 1] + 1;
		bound[n++] = v;
	}
	return n;
}

/* The heat class (0 = no events) of count v. */
static int
heat_class(json_int_t v, const json_int_t *bound, int n)
{
	if (v <= 0)
		return 0;
	for (int i = 0; i < n; i++)
		if (v <= bound[i])
			return i + 1;
	return n;
}

/* Write "Mon 2026-11-16" for a day "2026-11-16", or the day escaped when it
 * is not of that form. */
static void
put_day(struct strbuf *o, const json_t *day, enum html_mode mode)
{
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	const char *s = json_string_value(day);
	int y, m, d, end = 0;

	if (s != NULL && json_string_length(day) == 10 &&
	    sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &end) == 3 && end == 10 && m >= 1 && m <= 12 &&
	    d >= 1 && d <= 31) {
		int yy = m < 3 ? y - 1 : y;
		int w = (yy + yy / 4 - yy / 100 + yy / 400 + t[m - 1] + d) % 7;
		strbuf_printf(o, "%s %04d-%02d-%02d", wd[w], y, m, d);
		return;
	}
	html_str(o, day, mode, 16);
}

/*
 * Write the day x hour heatmap: one cell (rect class "cell") per day and
 * hour of by_day_hour, coloured by a geometric scale whose legend follows,
 * with the count written in the cell when rows are tall enough.
 */
static void
chart_heatmap(struct html *h)
{
	struct strbuf *o = h->out;
	const json_t *days = json_object_get(h->m, "by_day_hour");
	size_t nd = json_array_size(days), di;
	const double W = 960, L = 112, R = 14, T = 24, pw = W - L - R, cw = pw / 24;
	double ch = nd <= 14 ? 24 : nd <= 62 ? 14 : 4;
	double H, ly;
	size_t every = ch >= 12 ? 1 : 7;
	json_int_t max = 0, bound[HEAT_CLASSES];
	int nb;
	json_t *day;

	json_array_foreach(days, di, day)
	{
		const json_t *hours = json_object_get(day, "hours");
		for (size_t i = 0; i < 24; i++)
			if (json_integer_value(json_array_get(hours, i)) > max)
				max = json_integer_value(json_array_get(hours, i));
	}
	nb = heat_bounds(max, bound);
	ly = T + ch * (double)nd + 22;
	H = ly + 34;
	strbuf_printf(o,
		      "<figure class=\"chart\" id=\"chart-heatmap\">\n<svg "
		      "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"Events per day "
		      "and hour\">\n",
		      W, H);
	for (size_t i = 0; i < 24; i++)
		strbuf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%02zu</text>",
			      L + cw * ((double)i + 0.5), T - 8, i);
	strbuf_puts(o, "\n");
	json_array_foreach(days, di, day)
	{
		const json_t *hours = json_object_get(day, "hours");
		double y = T + ch * (double)di;

		if (di % every == 0) {
			strbuf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", L - 8,
				      y + ch / 2 + 4);
			put_day(o, json_object_get(day, "day"), HTML_SVG);
			strbuf_puts(o, "</text>");
		}
		for (size_t i = 0; i < 24; i++) {
			json_int_t v = json_integer_value(json_array_get(hours, i));
			int k = heat_class(v, bound, nb);
			double x = L + cw * (double)i;

			strbuf_printf(
			    o,
			    "<rect class=\"cell\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%.1f\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"%s\">"
			    "<title>",
			    x, y, cw, ch, heat_fill[k], ch >= 12 ? "1.5" : "0.5");
			put_day(o, json_object_get(day, "day"), HTML_ATTR);
			strbuf_printf(o,
				      " %02zu:00" NDASH "%02zu:59: %" JSON_INTEGER_FORMAT
				      " events</title></rect>",
				      i, i, v);
			if (v > 0 && ch >= 20)
				strbuf_printf(o,
					      "<text class=\"cv%s\" x=\"%.1f\" "
					      "y=\"%.1f\">%" JSON_INTEGER_FORMAT "</text>",
					      k >= 3 ? " d" : "", x + cw / 2, y + ch / 2 + 3.5, v);
		}
		strbuf_puts(o, "\n");
	}
	if (nd == 0)
		strbuf_printf(o,
			      "<text class=\"title\" x=\"%.1f\" y=\"%.1f\">no day in this "
			      "window</text>\n",
			      L, T + 14);
	/* Legend: "events per hour" then one swatch per class. */
	strbuf_printf(o,
		      "<g class=\"legend\"><text class=\"title\" x=\"%.1f\" y=\"%.1f\" "
		      "text-anchor=\"end\">events per hour</text>",
		      L - 8, ly + 12);
	{
		double x = L;
		for (int k = 0; k <= nb; k++) {
			json_int_t lo = k <= 1 ? k : bound[k - 2] + 1,
				   hi = k == 0 ? 0 : bound[k - 1];
			strbuf_printf(
			    o,
			    "<rect class=\"swatch\" x=\"%.1f\" y=\"%.1f\" width=\"22\" "
			    "height=\"14\" fill=\"%s\" stroke=\"#cbd5e1\" stroke-width=\"0.5\"/>"
			    "<text x=\"%.1f\" y=\"%.1f\">",
			    x, ly + 1, heat_fill[k], x + 27, ly + 12);
			if (lo == hi)
				put_int(o, lo);
			else
				strbuf_printf(o,
					      "%" JSON_INTEGER_FORMAT NDASH "%" JSON_INTEGER_FORMAT,
					      lo, hi);
			strbuf_puts(o, "</text>");
			x += 98;
		}
	}
	strbuf_puts(o, "</g>\n<text class=\"title\" x=\"");
	strbuf_printf(o, "%.1f\" y=\"%.1f\" text-anchor=\"end\">hour of day (", W - R, ly + 30);
	html_str(o, h->zone, HTML_SVG, 40);
	strbuf_puts(o, ")</text>\n</svg>\n<figcaption>Audit events per day and hour; darker is "
		       "more (the scale is geometric, so that a quiet hour still shows next to a "
		       "busy one).</figcaption>\n</figure>\n");
}

/* Colours and labels of the per-user chart's segments, in by_user's keys. */
static const struct {
	const char *key, *label, *fill;
} user_modes[] = {
    {"sudo", "sudo", "#2563eb"},
    {"rootless", "rootless", "#16a34a"},
    {"no_session", "no login session", "#ea580c"},
    {NULL, "other", "#9ca3af"},
};

#define USER_CHART_MAX 25

/*
 * Write the per-user chart: one horizontal bar (g class "user-bar") per user
 * of by_user (at most USER_CHART_MAX), podman commands stacked by mode, with
 * the total at the end, an axis below and a legend above.
 */
static void
chart_users(struct html *h)
{
	struct strbuf *o = h->out;
	const json_t *users = json_object_get(h->m, "by_user");
	size_t nu = json_array_size(users), shown = nu < USER_CHART_MAX ? nu : USER_CHART_MAX;
	const double W = 960, L = 230, R = 60, T = 34, rh = 26, pw = W - L - R;
	double H = T + rh * (double)(shown ? shown : 1) + 40;
	json_int_t max = rows_max(users, "commands"), step, top;
	json_t *u;

	nice_axis(max, &step, &top);
	strbuf_printf(o,
		      "<figure class=\"chart\" id=\"chart-users\">\n<svg "
		      "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"podman "
		      "commands per user\">\n<g class=\"legend\">",
		      W, H);
	for (size_t k = 0; k < sizeof user_modes / sizeof user_modes[0]; k++)
		strbuf_printf(o,
			      "<rect x=\"%.1f\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			      "<text x=\"%.1f\" y=\"16\">%s</text>",
			      L + 130.0 * (double)k, user_modes[k].fill, L + 130.0 * (double)k + 17,
			      user_modes[k].label);
	strbuf_puts(o, "</g>\n");
	for (json_int_t v = 0; v <= top; v += step) {
		double x = L + pw * (double)v / (double)top;
		strbuf_printf(
		    o,
		    "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
		    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%" JSON_INTEGER_FORMAT
		    "</text>\n",
		    x, T - 4, x, H - 36, x, H - 22, v);
	}
	for (size_t i = 0; i < shown; i++) {
		double y = T + rh * (double)i, x = L;
		json_int_t total = 0, rest;

		u = json_array_get(users, i);
		rest = num(u, "commands");
		strbuf_printf(o, "<g class=\"user-bar\"><title>");
		put_user(o, u, HTML_ATTR, 0);
		strbuf_printf(o, ": %" JSON_INTEGER_FORMAT " podman commands</title>",
			      num(u, "commands"));
		strbuf_printf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", L - 8,
			      y + rh / 2 + 4);
		put_user(o, u, HTML_SVG, 24);
		strbuf_puts(o, "</text>");
		for (size_t k = 0; k < sizeof user_modes / sizeof user_modes[0]; k++) {
			json_int_t v = user_modes[k].key ? num(u, user_modes[k].key) : rest;
			double w;

			if (v <= 0)
				continue;
			if (v > rest)
				v = rest;
			rest -= v;
			total += v;
			w = pw * (double)v / (double)top;
			strbuf_printf(o,
				      "<rect class=\"seg\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
				      "height=\"%.1f\" fill=\"%s\"><title>%s: %" JSON_INTEGER_FORMAT
				      "</title></rect>",
				      x, y + 4, w, rh - 8, user_modes[k].fill, user_modes[k].label,
				      v);
			x += w;
		}
		strbuf_printf(o,
			      "<text class=\"val\" x=\"%.1f\" y=\"%.1f\">%" JSON_INTEGER_FORMAT
			      "</text></g>\n",
			      x + 6, y + rh / 2 + 4, total);
	}
	if (nu == 0)
		strbuf_printf(o,
			      "<text class=\"title\" x=\"%.1f\" y=\"%.1f\">no user in this "
			      "window</text>\n",
			      L + 8, T + rh / 2 + 4);
	strbuf_printf(o,
		      "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n"
		      "<text class=\"title\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">podman "
		      "commands typed</text>\n</svg>\n",
		      L, T - 4, L, H - 36, L + pw / 2, H - 6);
	strbuf_puts(o, "<figcaption>podman commands per user, split by how podman ran: through "
		       "sudo (as root for a logged-in person), rootless (as the person), or as "
		       "root without a login session (services, cron).");
	if (nu > shown)
		strbuf_printf(o, " The %zu other users are in the table.", nu - shown);
	strbuf_puts(o, "</figcaption>\n</figure>\n");
}

/* ---- Sections --------------------------------------------------------- */

/* Write the summary: cards with the main counts and, when the window holds
 * no event, a notice saying so. */
static void
section_summary(struct html *h)
{
	struct strbuf *o = h->out;
	const json_t *m = h->m;
	struct {
		const char *label;
		json_int_t v;
		int risk;
	} cards[] = {
	    {"audit events", num(m, "total_events"), 0},
	    {"podman commands typed", num(m, "podman_commands"), 0},
	    {"risky operations", (json_int_t)json_array_size(json_object_get(m, "risky")), 1},
	    {"failed events", num(m, "failures"), 0},
	    {"users", (json_int_t)json_array_size(json_object_get(m, "by_user")), 0},
	    {"nodes", (json_int_t)json_array_size(json_object_get(m, "nodes")), 0},
	};

	strbuf_puts(o, "<section id=\"summary\">\n<h2>Summary</h2>\n");
	if (num(m, "total_events") == 0)
		strbuf_puts(o,
			    "<p class=\"empty\" id=\"no-events\">No events in this window.</p>\n");
	strbuf_puts(o, "<div class=\"cards\">\n");
	for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++) {
		strbuf_printf(o, "<div class=\"card%s\"><div class=\"n\">",
			      cards[i].risk && cards[i].v > 0 ? " risk" : "");
		put_int(o, cards[i].v);
		strbuf_printf(o, "</div><div class=\"l\">%s</div></div>\n", cards[i].label);
	}
	strbuf_puts(o, "</div>\n</section>\n");
}

/* Write the per-user section: chart and table (sudo/rootless/no-session). */
static void
section_users(struct html *h)
{
	struct strbuf *o = h->out;
	const json_t *users = json_object_get(h->m, "by_user");
	size_t i;
	json_t *u;

	strbuf_puts(o, "<section id=\"by-user\">\n<h2>Users</h2>\n");
	chart_users(h);
	strbuf_puts(o, "<table class=\"users\">\n<thead><tr><th>user (login uid)</th>"
		       "<th class=\"n\">podman commands</th><th class=\"n\">sudo</th>"
		       "<th class=\"n\">rootless</th><th class=\"n\">no session</th>"
		       "<th class=\"n\">audit events</th></tr></thead>\n<tbody>\n");
	if (json_array_size(users) == 0)
		row_none(o, 6, "no user in this window");
	json_array_foreach(users, i, u)
	{
		strbuf_puts(o, "<tr><td>");
		put_user(o, u, HTML_TEXT, 0);
		strbuf_puts(o, "</td>");
		cell_int(o, num(u, "commands"));
		cell_int(o, num(u, "sudo"));
		cell_int(o, num(u, "rootless"));
		cell_int(o, num(u, "no_session"));
		cell_int(o, num(u, "events"));
		strbuf_puts(o, "</tr>\n");
	}
	strbuf_puts(o, "</tbody>\n</table>\n<p class=\"note\">The login uid (auid) is the person "
		       "behind an action, whatever account podman ran as.</p>\n</section>\n");
}

/* Write the activity-over-time section: hourly chart, heatmap, hour table. */
static void
section_hours(struct html *h)
{
	struct strbuf *o = h->out;
	const json_t *hours = json_object_get(h->m, "by_hour");

	strbuf_puts(o, "<section id=\"by-hour\">\n<h2>Activity over time</h2>\n"
		       "<h3>Events per hour of day</h3>\n");
	chart_hours(h);
	strbuf_puts(o, "<h3>Events per day and hour</h3>\n");
	chart_heatmap(h);
	strbuf_puts(o, "<table class=\"hours\">\n<thead><tr>");
	for (int i = 0; i < 24; i++)
		strbuf_printf(o, "<th>%02d</th>", i);
	strbuf_puts(o, "</tr></thead>\n<tbody><tr>");
	for (size_t i = 0; i < 24; i++) {
		json_int_t v = json_integer_value(json_array_get(hours, i));
		strbuf_puts(o, v ? "<td>" : "<td class=\"z\">");
		put_int(o, v);
		strbuf_puts(o, "</td>");
	}
	strbuf_puts(o, "</tr></tbody>\n</table>\n</section>\n");
}

/* Write the per-key table (an event with two keys counts for both). */
static void
section_keys(struct html *h)
{
	struct strbuf *o = h->out;
	const json_t *bykey = json_object_get(h->m, "by_key");
	json_int_t max = 0;
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)bykey, k, v) if (json_integer_value(v) > max) max =
	    json_integer_value(v);
	strbuf_puts(o, "<section id=\"by-key\">\n<h2>Events per audit rule key</h2>\n"
		       "<table class=\"counts\">\n<thead><tr><th>key</th><th class=\"n\">events"
		       "</th><th>share</th></tr></thead>\n<tbody>\n");
	if (json_object_size(bykey) == 0)
		row_none(o, 3, "none in this window");
	json_object_foreach((json_t *)bykey, k, v)
	{
		strbuf_puts(o, "<tr><td class=\"mono\">");
		html_cstr(o, k, HTML_TEXT);
		strbuf_puts(o, "</td>");
		cell_int(o, json_integer_value(v));
		cell_meter(o, json_integer_value(v), max);
		strbuf_puts(o, "</tr>\n");
	}
	strbuf_puts(o, "</tbody>\n</table>\n<p class=\"note\">An event recorded under two keys "
		       "counts once for each.</p>\n</section>\n");
}

/* Write the per-podman-subcommand table. */
static void
section_commands(struct html *h)
{
	strbuf_puts(h->out, "<section id=\"by-command\">\n<h2>podman commands</h2>\n");
	table_counts(h, "by_command", "command", "subcommand", "commands", 1);
	strbuf_puts(h->out, "<p class=\"note\">Normalised: <code>podman container run</code> "
			    "counts as <code>run</code>.</p>\n</section>\n");
}

/* Write the per-executable table. */
static void
section_exes(struct html *h)
{
	strbuf_puts(h->out, "<section id=\"by-exe\">\n<h2>Executables</h2>\n");
	table_counts(h, "by_exe", "exe", "executable", "events", 1);
	strbuf_puts(h->out, "</section>\n");
}

/* Write the nodes table. */
static void
section_nodes(struct html *h)
{
	struct strbuf *o = h->out;
	const json_t *nodes = json_object_get(h->m, "nodes");
	size_t i;
	json_t *n;

	strbuf_puts(o, "<section id=\"nodes\">\n<h2>Nodes</h2>\n<table class=\"nodes\">\n"
		       "<thead><tr><th>node</th><th class=\"n\">audit events</th>"
		       "<th class=\"n\">podman commands</th></tr></thead>\n<tbody>\n");
	if (json_array_size(nodes) == 0)
		row_none(o, 3, "no node in this window");
	json_array_foreach(nodes, i, n)
	{
		const json_t *name = json_object_get(n, "node");
		strbuf_puts(o, "<tr><td class=\"mono\">");
		if (json_string_length(name) == 0)
			strbuf_puts(o, "<span class=\"none\">(no node name in the log)</span>");
		else
			html_str(o, name, HTML_TEXT, 0);
		strbuf_puts(o, "</td>");
		cell_int(o, num(n, "events"));
		cell_int(o, num(n, "podman_commands"));
		strbuf_puts(o, "</tr>\n");
	}
	strbuf_puts(o, "</tbody>\n</table>\n</section>\n");
}

/* Write a time "2026-11-22T13:29:49.444+01:00" as date, line break, time
 * (escaped as it is when it has another form). */
static void
put_time(struct strbuf *o, const json_t *t)
{
	const char *s = json_string_value(t);
	size_t n = json_string_length(t);

	if (s != NULL && n > 11 && s[10] == 'T') {
		html_put(o, s, 10, HTML_TEXT, 0);
		strbuf_puts(o, "<br>");
		html_put(o, s + 11, n - 11, HTML_TEXT, 0);
		return;
	}
	html_str(o, t, HTML_TEXT, 0);
}

/* Write the risky operations table: time, user, command, target, risks and
 * the whole argv, one box per argument. */
static void
section_risky(struct html *h)
{
	struct strbuf *o = h->out;
	const json_t *risky = json_object_get(h->m, "risky");
	size_t i, j;
	json_t *r, *s;

	strbuf_puts(o, "<section id=\"risky\">\n<h2>Risky operations</h2>\n<p class=\"note\">"
		       "podman commands that weaken a container's isolation: privileged, added "
		       "capabilities, host namespaces, host paths or the runtime socket mounted, "
		       "devices, disabled confinement. Each is followed by its whole command "
		       "line, one box per argument.</p>\n<table class=\"risky\">\n"
		       "<colgroup><col style=\"width:11.5em\"><col style=\"width:16%\">"
		       "<col style=\"width:11%\"><col style=\"width:23%\"><col></colgroup>\n"
		       "<thead><tr><th>time</th><th>user</th><th>command</th><th>target</th>"
		       "<th>risks</th></tr></thead>\n");
	if (json_array_size(risky) == 0) {
		strbuf_puts(o, "<tbody>");
		row_none(o, 5, "no risky operation in this window");
		strbuf_puts(o, "</tbody>\n");
	}
	json_array_foreach(risky, i, r)
	{
		const json_t *node = json_object_get(r, "node");

		strbuf_puts(o, "<tbody class=\"op\">\n<tr><td class=\"time\">");
		put_time(o, json_object_get(r, "time"));
		strbuf_puts(o, "<br><span class=\"id\">event ");
		put_int(o, num(r, "id"));
		strbuf_puts(o, "</span>");
		if (json_string_length(node) > 0) {
			strbuf_puts(o, "<br><span class=\"id\">node ");
			html_str(o, node, HTML_TEXT, 0);
			strbuf_puts(o, "</span>");
		}
		strbuf_puts(o, "</td><td>");
		put_user(o, r, HTML_TEXT, 0);
		strbuf_puts(o, "</td><td class=\"mono\">");
		html_str(o, json_object_get(r, "command"), HTML_TEXT, 0);
		strbuf_puts(o, "</td><td class=\"mono\">");
		html_str(o, json_object_get(r, "target"), HTML_TEXT, 0);
		strbuf_puts(o, "</td><td>");
		json_array_foreach(json_object_get(r, "risks"), j, s)
		{
			strbuf_puts(o, "<span class=\"risk\">");
			html_str(o, s, HTML_TEXT, 0);
			strbuf_puts(o, "</span> ");
		}
		strbuf_puts(o,
			    "</td></tr>\n<tr class=\"cl\"><td colspan=\"5\" class=\"argv\"><div>");
		json_array_foreach(json_object_get(r, "argv"), j, s)
		{
			if (j > 0)
				strbuf_puts(o, " ");
			if (json_string_length(s) == 0) {
				strbuf_puts(o, "<span class=\"arg e\">(empty)</span>");
				continue;
			}
			strbuf_puts(o, "<span class=\"arg\">");
			html_str(o, s, HTML_TEXT, 0);
			strbuf_puts(o, "</span>");
		}
		strbuf_puts(o, "</div></td></tr>\n</tbody>\n");
	}
	strbuf_puts(o, "</table>\n</section>\n");
}

/* Write the top containers and top images tables, side by side. */
static void
section_targets(struct html *h)
{
	strbuf_puts(h->out, "<section id=\"targets\">\n<h2>Containers and images</h2>\n"
			    "<div class=\"two\">\n<div>\n<h3>Top containers</h3>\n");
	table_counts(h, "top_containers", "container", "container", "commands", 1);
	strbuf_puts(h->out, "</div>\n<div>\n<h3>Top images</h3>\n");
	table_counts(h, "top_images", "image", "image", "commands", 1);
	strbuf_puts(h->out, "</div>\n</div>\n<p class=\"note\">Containers and images named by the "
			    "podman commands typed in the window.</p>\n</section>\n");
}

/* A section of the page: its anchor, its table-of-contents title, its writer. */
struct section {
	const char *id, *title;
	void (*write)(struct html *);
	int by; /* the --by value that puts it first, or -1 */
};

static const struct section sections[] = {
    {"by-user", "Users", section_users, REPORT_BY_USER},
    {"by-hour", "Activity over time", section_hours, REPORT_BY_HOUR},
    {"risky", "Risky operations", section_risky, -1},
    {"by-command", "podman commands", section_commands, REPORT_BY_COMMAND},
    {"by-key", "Rule keys", section_keys, REPORT_BY_KEY},
    {"by-exe", "Executables", section_exes, -1},
    {"targets", "Containers and images", section_targets, -1},
    {"nodes", "Nodes", section_nodes, REPORT_BY_NODE},
};

#define NSECTIONS (sizeof sections / sizeof sections[0])

/* Fill order[] with the sections in page order: the one --by names first,
 * then the others in their usual order. */
static void
section_order(int by, const struct section *order[NSECTIONS])
{
	size_t n = 0;

	for (size_t i = 0; i < NSECTIONS; i++)
		if (sections[i].by == by)
			order[n++] = &sections[i];
	for (size_t i = 0; i < NSECTIONS; i++)
		if (sections[i].by != by)
			order[n++] = &sections[i];
}

/*
 * Check the model's shape, then write the page: head and header, table of
 * contents, summary, the sections (the one opts->by names first), footer.
 * On a malformed model nothing is written to out.
 */
int
report_render_html(const json_t *model, const struct report_render_opts *opts, struct strbuf *out,
		   char *err, size_t errlen)
{
	const struct section *order[NSECTIONS];
	struct html h;

	if (check_model(model, err, errlen) != 0)
		return -1;
	h.m = model;
	h.out = out;
	h.zone = json_object_get(json_object_get(model, "period"), "timezone");
	section_order(opts != NULL ? (int)opts->by : REPORT_BY_USER, order);

	page_open(&h);
	strbuf_puts(out, "<nav class=\"toc\">Contents: <a href=\"#summary\">Summary</a>");
	for (size_t i = 0; i < NSECTIONS; i++)
		strbuf_printf(out, "<a href=\"#%s\">%s</a>", order[i]->id, order[i]->title);
	strbuf_puts(out, "</nav>\n");
	section_summary(&h);
	for (size_t i = 0; i < NSECTIONS; i++)
		order[i]->write(&h);
	page_close(&h);
	return 0;
}
