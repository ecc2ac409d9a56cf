/*
 * test_html.c: report_render_html() on models built in C: hostile bytes
 * (made with json_stringn_nocheck, which a JSON file cannot hold), an empty
 * window, a malformed model, the --by order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report/render.h"
#include "util/json.h"

static char err[256];

/* A string of n raw bytes, checked by nobody: what the aggregation makes. */
static json_t *
raw(const char *s, size_t n)
{
	return json_stringn_nocheck(s, n);
}

#define RAW(lit) raw(lit, sizeof(lit) - 1)

/* An array of 24 zero counts. */
static json_t *
zeros24(void)
{
	json_t *a = json_array();
	for (int i = 0; i < 24; i++)
		json_array_append_new(a, json_integer(0));
	return a;
}

/* A complete model of a window of ndays days (UTC) holding no event. */
static json_t *
empty_model(int ndays)
{
	json_t *days = json_array();

	for (int i = 0; i < ndays; i++)
		json_array_append_new(
		    days, json_pack("{s:s, s:o}", "day", "2026-11-22", "hours", zeros24()));
	return json_pack("{s:{s:s, s:s, s:I, s:I, s:s, s:b}, s:s, s:[s], s:[], s:i, s:i, s:i, "
			 "s:{}, s:[], s:[], s:[], s:o, s:o, s:[], s:[], s:[]}",
			 "period", "since", "2026-11-22T00:00:00.000Z", "until",
			 "2026-11-23T00:00:00.000Z", "since_epoch_ms", (json_int_t)1795305600000LL,
			 "until_epoch_ms", (json_int_t)1795392000000LL, "timezone", "UTC",
			 "half_open", 1, "generated", "2026-11-23T08:00:00.000Z", "databases",
			 "/tmp/x.db", "nodes", "total_events", 0, "podman_commands", 0, "failures",
			 0, "by_key", "by_user", "by_command", "by_exe", "by_hour", zeros24(),
			 "by_day_hour", days, "risky", "top_containers", "top_images");
}

/* Render m with by; the page, valid until the next call. */
static const char *
render(const json_t *m, enum report_by by)
{
	static struct strbuf out = STRBUF_INIT;
	struct report_render_opts opts = {by, 100};

	strbuf_reset(&out);
	err[0] = '\0';
	assert_int_equal(report_render_html(m, &opts, &out, err, sizeof err), 0);
	assert_int_equal(strlen(strbuf_str(&out)), out.len); /* no NUL in the page */
	return strbuf_str(&out);
}

/* How many times needle occurs in hay. */
static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Whether the whole of s is valid UTF-8. */
static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	while (i < n) {
		size_t len = utf8_seq_len(p + i, n - i);
		if (len == 0)
			return 0;
		i += len;
	}
	return 1;
}

static void
test_empty(void **state)
{
	json_t *m = empty_model(1);
	const char *page;

	(void)state;
	page = render(m, REPORT_BY_USER);
	assert_non_null(strstr(page, "No events in this window."));
	assert_int_equal(count(page, "<rect class=\"bar\""), 24);
	assert_int_equal(count(page, "<rect class=\"cell\""), 24);
	assert_int_equal(count(page, "class=\"user-bar\""), 0);
	assert_null(strstr(page, "nan"));
	assert_null(strstr(page, "inf\""));
	assert_null(strstr(page, "=\"-"));
	assert_non_null(strstr(page, "[2026-11-22T00:00:00.000Z, 2026-11-23T00:00:00.000Z)"));
	assert_true(valid_utf8(page));
	json_decref(m);

	/* A window without a single day (since = until) still renders. */
	m = empty_model(0);
	page = render(m, REPORT_BY_HOUR);
	assert_int_equal(count(page, "<rect class=\"cell\""), 0);
	assert_non_null(strstr(page, "no day in this window"));
	json_decref(m);
}

static void
test_hostile_bytes(void **state)
{
	json_t *m = empty_model(1), *argv = json_array(), *risks = json_array();
	const char *page;

	(void)state;
	json_array_append_new(argv, RAW("podman"));
	json_array_append_new(argv, RAW("\"'&<>"));
	json_array_append_new(argv, RAW("caf\xe9 \xff\xfe"));
	json_array_append_new(argv, RAW("a\x1b[2Jb\x07\x7f"));
	json_array_append_new(argv,
			      RAW("c1 \xc2\x9b rlo \xe2\x80\xae zw \xe2\x80\x8b ok \xc3\xa9"));
	json_array_append_new(argv, RAW("overlong \xc0\xaf cut \xe2\x80"));
	json_array_append_new(argv, RAW("nul\0byte"));
	json_array_append_new(argv, RAW(""));
	json_array_append_new(risks, RAW("host_mount:/tmp/</svg><script>x</script>"));
	json_array_append_new(
	    json_object_get(m, "risky"),
	    json_pack("{s:I, s:s, s:s, s:I, s:o, s:s, s:o, s:o, s:o}", "id", (json_int_t)7, "time",
		      "2026-11-22T10:00:00.000Z", "node", "", "auid", (json_int_t)1001, "user",
		      RAW("\xff<script>x</script>\n"), "command", "run", "target",
		      RAW("\"><img src=x onerror=alert(1)>"), "risks", risks, "argv", argv));
	json_array_append_new(json_object_get(m, "by_user"),
			      json_pack("{s:I, s:o, s:i, s:i, s:i, s:i, s:i}", "auid",
					(json_int_t)1001, "user", RAW("\xff<script>x</script>\n"),
					"commands", 1, "events", 1, "sudo", 1, "rootless", 0,
					"no_session", 0));
	json_object_set_new(json_object_get(m, "period"), "timezone", RAW("Europe/\xff"));

	page = render(m, REPORT_BY_USER);
	assert_true(valid_utf8(page));
	assert_null(strstr(page, "<script"));
	assert_null(strstr(page, "<img"));
	assert_null(strstr(page, "</svg><"));
	assert_non_null(strstr(page, "<span class=\"arg\">&quot;&#39;&amp;&lt;&gt;</span>"));
	assert_non_null(strstr(page, "caf<span class=\"x\">\\xe9</span> "
				     "<span class=\"x\">\\xff\\xfe</span>"));
	assert_non_null(strstr(page, "a<span class=\"x\">\\x1b</span>[2Jb"
				     "<span class=\"x\">\\x07\\x7f</span>"));
	assert_non_null(strstr(page, "c1 <span class=\"x\">\\u009b</span> rlo "
				     "<span class=\"x\">\\u202e</span> zw "
				     "<span class=\"x\">\\u200b</span> ok \xc3\xa9"));
	assert_non_null(strstr(page, "overlong <span class=\"x\">\\xc0\\xaf</span> cut "
				     "<span class=\"x\">\\xe2\\x80</span>"));
	assert_non_null(strstr(page, "nul<span class=\"x\">\\x00</span>byte"));
	assert_non_null(strstr(page, "<span class=\"arg e\">(empty)</span>"));
	/* The user name in the table, in the chart (SVG: tspan) and its tooltip. */
	assert_non_null(strstr(page, "<span class=\"x\">\\xff</span>&lt;script&gt;x&lt;/script&gt;"
				     "<span class=\"x\">\\n</span>"));
	assert_non_null(strstr(page, "<tspan class=\"x\">\\xff</tspan>&lt;script&gt;"));
	assert_non_null(strstr(page, "<title>\\xff&lt;script&gt;x&lt;/script&gt;\\n (1001)"));
	assert_non_null(strstr(page, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
	assert_non_null(strstr(page, "host_mount:/tmp/&lt;/svg&gt;&lt;script&gt;"));
	/* The zone in the page title is plain text: no markup inside <title>. */
	assert_non_null(strstr(page, "Z) Europe/\\xff</title>"));
	assert_int_equal(count(page, "class=\"user-bar\""), 1);
	json_decref(m);
}

static void
test_long_names_truncated_in_charts(void **state)
{
	json_t *m = empty_model(1);
	char name[300];
	const char *page;

	(void)state;
	memset(name, 'n', sizeof name);
	json_array_append_new(json_object_get(m, "by_user"),
			      json_pack("{s:I, s:s%, s:i, s:i, s:i, s:i, s:i}", "auid",
					(json_int_t)1001, "user", name, sizeof name, "commands", 3,
					"events", 3, "sudo", 1, "rootless", 1, "no_session", 0));
	page = render(m, REPORT_BY_USER);
	/* Chart label: 23 characters and an ellipsis; the table has the whole name. */
	assert_non_null(strstr(page, ">nnnnnnnnnnnnnnnnnnnnnnn\xe2\x80\xa6 <tspan"));
	assert_int_equal(
	    count(page,
		  "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
		  "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
		  "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
		  "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn "),
	    2); /* tooltip and table */
	/* Segments: sudo 1, rootless 1, and 1 command of another mode. */
	assert_int_equal(count(page, "<rect class=\"seg\""), 3);
	assert_non_null(strstr(page, "<title>other: 1</title>"));
	json_decref(m);
}

static void
test_malformed(void **state)
{
	struct strbuf out = STRBUF_INIT;
	json_t *m = empty_model(1);

	(void)state;
	json_object_del(m, "risky");
	assert_int_equal(report_render_html(m, NULL, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "risky"));
	assert_int_equal(out.len, 0);
	json_decref(m);

	m = empty_model(1);
	json_array_remove(json_object_get(m, "by_hour"), 0);
	assert_int_equal(report_render_html(m, NULL, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "by_hour"));
	json_decref(m);

	m = empty_model(1);
	json_array_append_new(json_object_get(m, "by_user"), json_pack("{s:i}", "auid", 1));
	assert_int_equal(report_render_html(m, NULL, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "by_user"));
	json_decref(m);

	m = empty_model(1);
	json_object_set_new(json_object_get(m, "by_key"), "podman_exec", json_string("3"));
	assert_int_equal(report_render_html(m, NULL, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "by_key"));
	json_decref(m);
	strbuf_free(&out);
}

static void
test_by_order(void **state)
{
	static const struct {
		enum report_by by;
		const char *id;
	} cases[] = {
	    {REPORT_BY_USER, "<section id=\"by-user\">"},
	    {REPORT_BY_COMMAND, "<section id=\"by-command\">"},
	    {REPORT_BY_HOUR, "<section id=\"by-hour\">"},
	    {REPORT_BY_KEY, "<section id=\"by-key\">"},
	    {REPORT_BY_NODE, "<section id=\"nodes\">"},
	};
	json_t *m = empty_model(1);

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *page = render(m, cases[i].by);
		const char *summary = strstr(page, "<section id=\"summary\">");
		const char *first = strstr(summary, "<section id=\"");
		first = strstr(first + 1, "<section id=\"");
		assert_non_null(first);
		assert_memory_equal(first, cases[i].id, strlen(cases[i].id));
		assert_int_equal(count(page, "<section id="), 9);
	}
	json_decref(m);
}

static void
test_scale(void **state)
{
	json_t *m = empty_model(1), *hours = json_object_get(m, "by_hour");
	json_t *day =
	    json_object_get(json_array_get(json_object_get(m, "by_day_hour"), 0), "hours");
	const char *page;

	(void)state;
	json_array_set_new(hours, 3, json_integer(1));
	json_array_set_new(hours, 13, json_integer(3164));
	json_array_set_new(day, 3, json_integer(1));
	json_array_set_new(day, 13, json_integer(3164));
	json_object_set_new(m, "total_events", json_integer(3165));
	page = render(m, REPORT_BY_HOUR);
	/* Axis up to 3500 in steps of 500; both values written above their bars. */
	assert_non_null(strstr(page, "text-anchor=\"end\">3500</text>"));
	assert_null(strstr(page, "text-anchor=\"end\">4000</text>"));
	assert_non_null(strstr(page, "text-anchor=\"middle\">3164</text>"));
	assert_non_null(strstr(page, "text-anchor=\"middle\">1</text>"));
	/* The quiet hour gets the lightest class, the busy one the darkest. */
	assert_non_null(strstr(page, "fill=\"#dbeafe\" stroke=\"#fff\" stroke-width=\"1.5\">"
				     "<title>Sun 2026-11-22 03:00"));
	assert_non_null(strstr(page, "fill=\"#1e3a8a\" stroke=\"#fff\" stroke-width=\"1.5\">"
				     "<title>Sun 2026-11-22 13:00"));
	assert_null(strstr(page, "No events in this window."));
	json_decref(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_hostile_bytes),
	    cmocka_unit_test(test_long_names_truncated_in_charts),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_by_order),
	    cmocka_unit_test(test_scale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
