/*
 * test_report.c: the rollups give exactly what the events give, whatever
 * state they are in (never refreshed, refreshed, events merged or changed
 * after the refresh, read-only); the renderers keep hostile strings harmless
 * and within 100 columns.
 *
 * The events are real: copies of tests/data/podman-flags.log moved 1000 s
 * apart (so they fall into different 15-minute buckets), cut in two files in
 * the middle of an event so that the second ingest merges lines into events
 * the first one stored.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "report/render.h"
#include "report/report.h"
#include "store/rollup.h"
#include "store/store.h"
#include "util/strbuf.h"
#include "util/when.h"

#define COPIES	 6
#define SHIFT_S	 1000
#define SERIAL_K 100000000ULL

static char tmpdir[256];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/podaudit-report-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd);
}

/* The header values of a record line, or -1 when it has none. */
static int
header(const char *line, long long *sec, int *msec, unsigned long long *serial, size_t *at,
       size_t *len)
{
	const char *p = strstr(line, "msg=audit(");
	int n = 0;

	if (p == NULL || sscanf(p, "msg=audit(%lld.%d:%llu)%n", sec, msec, serial, &n) != 3 ||
	    n == 0)
		return -1;
	*at = (size_t)(p - line);
	*len = (size_t)n;
	return 0;
}

/*
 * Write COPIES shifted copies of the fixture into two files, cut in the
 * middle of an event of the middle copy. Returns the number of lines.
 */
static size_t
make_logs(const char *fixture, const char *part1, const char *part2)
{
	FILE *in = fopen(fixture, "r"), *out[2];
	char **lines = NULL, *line = NULL;
	size_t cap = 0, n = 0, linecap = 0, total, cut = 0;
	unsigned long long prev_serial = 0;
	ssize_t got;

	assert_non_null(in);
	while ((got = getline(&line, &linecap, in)) > 0) {
		lines = realloc(lines, (n + 1) * sizeof(char *));
		assert_non_null(lines);
		lines[n++] = strdup(line);
	}
	free(line);
	fclose(in);
	(void)cap;
	total = n * COPIES;
	out[0] = fopen(part1, "w");
	out[1] = fopen(part2, "w");
	assert_non_null(out[0]);
	assert_non_null(out[1]);
	for (size_t k = 0, i = 0; k < COPIES; k++)
		for (size_t j = 0; j < n; j++, i++) {
			long long sec;
			int msec;
			unsigned long long serial;
			size_t at, len;
			if (header(lines[j], &sec, &msec, &serial, &at, &len) != 0) {
				fputs(lines[j], out[cut != 0 && i >= cut]);
				continue;
			}
			/* the cut: the first line past the middle continuing an event */
			if (cut == 0 && i > total / 2 && serial == prev_serial)
				cut = i;
			prev_serial = serial;
			fprintf(out[cut != 0 && i >= cut], "%.*smsg=audit(%lld.%03d:%llu)%s",
				(int)at, lines[j], sec + (long long)k * SHIFT_S, msec,
				serial + k * SERIAL_K, lines[j] + at + len);
		}
	fclose(out[0]);
	fclose(out[1]);
	for (size_t j = 0; j < n; j++)
		free(lines[j]);
	free(lines);
	assert_true(cut > 0);
	return total;
}

/* Sink that records every group as "kind|dims" -> n in a jansson object. */
static void
add(json_t *o, const char *k, int64_t n)
{
	json_t *v = json_object_get(o, k);

	if (v == NULL)
		json_object_set_new_nocheck(o, k, json_integer(n));
	else
		json_integer_set(v, json_integer_value(v) + n);
}

static int
canon_event(void *ctx, const struct rollup_event_row *r)
{
	char k[2048];

	snprintf(k, sizeof(k), "E|%" PRId64 "|%s|%s|%" PRId64 "|%s|%s|%d", r->bucket, r->node,
		 r->key, r->auid, r->user, r->exe, r->failed);
	add(ctx, k, r->n);
	return 0;
}

static int
canon_podman(void *ctx, const struct rollup_podman_row *r)
{
	char k[2048];

	snprintf(k, sizeof(k), "P|%" PRId64 "|%s|%" PRId64 "|%s|%s|%s|%s|%d|%d", r->bucket, r->node,
		 r->auid, r->user, r->mode, r->object, r->subcommand, r->internal, r->risky);
	add(ctx, k, r->n);
	return 0;
}

static int
canon_target(void *ctx, const struct rollup_target_row *r)
{
	char k[2048];

	snprintf(k, sizeof(k), "T|%" PRId64 "|%s|%s|%s", r->bucket, r->node, r->kind, r->name);
	add(ctx, k, r->n);
	return 0;
}

static int
canon_risky(void *ctx, const struct rollup_risky_row *r)
{
	char k[8192];

	snprintf(k, sizeof(k),
		 "R|%" PRId64 "|%" PRId64 "|%s|%" PRId64 "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s", r->id,
		 r->ms, r->node, r->auid, r->user ? r->user : "(null)",
		 r->mode ? r->mode : "(null)", r->object ? r->object : "(null)",
		 r->subcommand ? r->subcommand : "(null)", r->container ? r->container : "(null)",
		 r->image ? r->image : "(null)", r->pod ? r->pod : "(null)",
		 r->volume ? r->volume : "(null)", r->risks_json ? r->risks_json : "(null)",
		 r->argv ? r->argv : "(null)");
	if (json_object_get(ctx, k) != NULL)
		fail_msg("risky command delivered twice: %s", k);
	add(ctx, k, 1);
	return 0;
}

/* The groups of [since, until), with or without the rollups. */
static json_t *
groups(struct store *st, int64_t since, int64_t until, int flags, struct rollup_stats *stats)
{
	json_t *o = json_object();
	struct rollup_sink sink = {canon_event, canon_podman, canon_target, canon_risky, o};
	char err[512];

	if (rollup_aggregate(st, since, until, flags, &sink, stats, err, sizeof(err)) != 0)
		fail_msg("rollup_aggregate: %s", err);
	return o;
}

static int64_t
query_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/*
 * For a set of windows (whole, aligned on buckets, cut in the middle of
 * buckets, one bucket, exact event times), the groups read through the
 * rollups equal those aggregated from the events; returns how many groups
 * came from the rollups in the aligned window.
 */
static int64_t
check_windows(struct store *st, const char *when)
{
	int64_t t0 = query_int(st, "SELECT min(sec) * 1000 FROM event");
	int64_t t1 = query_int(st, "SELECT max(sec) * 1000 + 1000 FROM event");
	int64_t ev = query_int(st, "SELECT sec * 1000 + msec FROM event ORDER BY id LIMIT 1 OFFSET "
				   "1500");
	int64_t b = (t0 / 900000 + 1) * 900000, rollup_rows = 0;
	const int64_t win[][2] = {
	    {0, 4102444800000LL},	 {t0, t1},
	    {b, b + 3 * 900000},	 {t0 + 123457, t1 - 654321},
	    {b + 100, b + 900000 - 100}, {ev, ev + 1},
	    {ev, ev + 5 * 900000},	 {t0 - 5 * 900000, ev},
	};

	for (size_t i = 0; i < sizeof(win) / sizeof(win[0]); i++) {
		struct rollup_stats s1, s2;
		json_t *a = groups(st, win[i][0], win[i][1], 0, &s1);
		json_t *d = groups(st, win[i][0], win[i][1], ROLLUP_DIRECT, &s2);
		if (!json_equal(a, d)) {
			char *x = json_dumps(a, JSON_SORT_KEYS | JSON_INDENT(1));
			char *y = json_dumps(d, JSON_SORT_KEYS | JSON_INDENT(1));
			fprintf(stderr, "rollups:\n%s\nevents:\n%s\n", x, y);
			free(x);
			free(y);
			fail_msg("%s: window %zu [%" PRId64 ", %" PRId64 "): rollups differ", when,
				 i, win[i][0], win[i][1]);
		}
		assert_true(s1.have_rollups);
		if (i == 0) { /* the whole window has risky commands and podman groups */
			const char *k;
			json_t *v;
			int risky = 0, podman = 0;
			json_object_foreach(a, k, v)
			{
				risky += k[0] == 'R';
				podman += k[0] == 'P';
			}
			assert_true(risky >= 23 * COPIES / 2);
			assert_true(podman > 0);
		}
		assert_int_equal(s2.rollup_rows, 0);
		if (i == 2)
			rollup_rows = s1.rollup_rows;
		json_decref(a);
		json_decref(d);
	}
	return rollup_rows;
}

static void
ingest_path(struct store *st, const char *path, int64_t *merged)
{
	struct ingest_opts o = {0};
	struct ingest *ing = NULL;
	char err[512];

	o.all_events = 1;
	assert_int_equal(ingest_open(st, &o, &ing, err, sizeof(err)), 0);
	if (ingest_file(ing, path) != 0)
		fail_msg("ingest: %s", ingest_errmsg(ing));
	*merged = ingest_get_stats(ing)->merged;
	ingest_close(ing);
}

static void
exec_sql(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(store_db(st), sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static void
test_rollups_exact(void **state)
{
	char p1[300], p2[300], db[300], err[512];
	const char *src = getenv("PODAUDIT_SRCDIR");
	char fixture[512];
	struct store *st = NULL;
	int64_t merged = 0, rows;

	(void)state;
	assert_non_null(src);
	snprintf(fixture, sizeof(fixture), "%s/tests/data/podman-flags.log", src);
	snprintf(p1, sizeof(p1), "%s/part1.log", tmpdir);
	snprintf(p2, sizeof(p2), "%s/part2.log", tmpdir);
	snprintf(db, sizeof(db), "%s/r.db", tmpdir);
	make_logs(fixture, p1, p2);
	assert_int_equal(store_open(db, 0, &st, err, sizeof(err)), 0);

	/* never refreshed: everything past the watermark 0 */
	ingest_path(st, p1, &merged);
	assert_int_equal(query_int(st, "SELECT last_id FROM rollup_state"), 0);
	assert_int_equal(check_windows(st, "never refreshed"), 0);

	/* refreshed: whole buckets come from the rollups alone */
	assert_int_equal(rollup_refresh(st, err, sizeof(err)), 0);
	assert_int_equal(query_int(st, "SELECT last_id FROM rollup_state"),
			 query_int(st, "SELECT max(id) FROM event"));
	rows = check_windows(st, "refreshed");
	assert_true(rows > 0);

	/* the second part merges lines into stored events: their buckets go dirty */
	ingest_path(st, p2, &merged);
	assert_true(merged > 0);
	assert_true(query_int(st, "SELECT count(*) FROM rollup_dirty") > 0);
	check_windows(st, "merged, not refreshed");
	assert_int_equal(rollup_refresh(st, err, sizeof(err)), 0);
	assert_int_equal(query_int(st, "SELECT count(*) FROM rollup_dirty"), 0);
	check_windows(st, "merged and refreshed");

	/* a rolled-up event changed, a podman meaning removed, an event deleted */
	exec_sql(st, "UPDATE event SET key = 'changed,podman_exec', success = 0, auid = 7, "
		     "user = 'x' WHERE id = (SELECT min(id) FROM event WHERE key = 'podman_exec')");
	exec_sql(st, "DELETE FROM podman_cmd WHERE event_id = (SELECT max(event_id) FROM "
		     "podman_cmd WHERE internal = 0 AND risks IS NOT NULL)");
	exec_sql(st, "DELETE FROM event WHERE id = (SELECT max(id) FROM event WHERE key = "
		     "'container_storage')");
	assert_true(query_int(st, "SELECT count(*) FROM rollup_dirty") >= 2);
	check_windows(st, "changed after the refresh");
	assert_int_equal(rollup_refresh(st, err, sizeof(err)), 0);
	check_windows(st, "changed and refreshed");
	/* a refresh with nothing new changes nothing */
	assert_int_equal(rollup_refresh(st, err, sizeof(err)), 0);
	store_close(st);

	/* read-only: same answers */
	assert_int_equal(store_open(db, STORE_READONLY, &st, err, sizeof(err)), 0);
	check_windows(st, "read-only");
	store_close(st);
}

/* --- renderers on a hostile model --------------------------------------------- */

static json_t *
hostile_model(void)
{
	static const char evil[] =
	    "\x1b]0;owned\x07\x1b[2J=cmd|' /C calc'!A0\n<script>\xff\xfe"
	    "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97 "
	    "a very long name that will never fit in any column of the table";
	json_t *s = json_stringn_nocheck(evil, sizeof(evil) - 1);
	json_t *m = json_object(), *hours = json_array(), *arr;

	for (int i = 0; i < 24; i++)
		json_array_append_new(hours, json_integer(i * 1000));
	json_object_set_new(
	    m, "period",
	    json_pack("{s:s,s:s,s:I,s:I,s:s,s:b}", "since", "2026-11-16T00:00:00.000Z", "until",
		      "2026-11-23T00:00:00.000Z", "since_epoch_ms", (json_int_t)0, "until_epoch_ms",
		      (json_int_t)1, "timezone", "UTC", "half_open", 1));
	json_object_set_new(m, "generated", json_string("2026-11-23T00:00:00.000Z"));
	json_object_set_new(m, "databases", json_pack("[O]", s));
	json_object_set_new(m, "nodes",
			    json_pack("[{s:O,s:i,s:i,s:i},{s:s,s:i,s:i,s:i}]", "node", s, "events",
				      1, "podman_commands", 1, "failures", 0, "node", "", "events",
				      2, "podman_commands", 0, "failures", 1));
	json_object_set_new(m, "total_events", json_integer(3));
	json_object_set_new(m, "podman_commands", json_integer(1));
	json_object_set_new(m, "podman_executions", json_integer(1));
	json_object_set_new(m, "failures", json_integer(1));
	arr = json_object();
	json_object_set_new_nocheck(arr, json_string_value(s), json_integer(3));
	json_object_set_new(m, "by_key", arr);
	json_object_set_new(m, "by_user",
			    json_pack("[{s:I,s:O,s:i,s:i,s:i,s:i,s:i,s:i,s:i}]", "auid",
				      (json_int_t)4294967295LL, "user", s, "commands", 1, "events",
				      3, "sudo", 1, "rootless", 0, "no_session", 0, "other", 0,
				      "executions", 1));
	json_object_set_new(m, "by_command",
			    json_pack("[{s:O,s:i,s:s,s:O}]", "command", s, "count", 1, "object", "",
				      "subcommand", s));
	json_object_set_new(m, "by_exe", json_pack("[{s:O,s:i}]", "exe", s, "count", 3));
	arr = json_object();
	json_object_set_new_nocheck(arr, json_string_value(s),
				    json_pack("[{s:O,s:i}]", "exe", s, "count", 3));
	json_object_set_new(m, "by_key_exe", arr);
	json_object_set_new(m, "by_hour", json_deep_copy(hours));
	json_object_set_new(m, "by_hour_commands", json_deep_copy(hours));
	json_object_set_new(m, "by_day_hour",
			    json_pack("[{s:s,s:O,s:O,s:O}]", "day", "2026-11-16", "weekday", s,
				      "hours", hours, "commands", hours));
	json_object_set_new(m, "risky",
			    json_pack("[{s:i,s:s,s:I,s:O,s:i,s:O,s:s,s:O,s:O,s:[O,O,s],s:[s,O,O]}]",
				      "id", 1, "time", "2026-11-22T13:29:49.444+01:00", "epoch_ms",
				      (json_int_t)1, "node", s, "auid", 1001, "user", s, "mode",
				      "sudo", "command", s, "target", s, "risks", s, s,
				      "privileged", "argv", "podman", s, s));
	json_object_set_new(m, "top_containers",
			    json_pack("[{s:O,s:i}]", "container", s, "count", 1));
	json_object_set_new(m, "top_images", json_pack("[{s:O,s:i}]", "image", s, "count", 1));
	json_decref(hours);
	json_decref(s);
	return m;
}

/* Display columns of a line of escaped text (ASCII 1, wide CJK 2). */
static int
columns(const char *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xc0) == 0x80)
			continue;
		w += c >= 0xe0 ? 2 : 1;
	}
	return w;
}

static void
test_text_hostile(void **state)
{
	json_t *m = hostile_model();
	struct strbuf out = STRBUF_INIT;
	struct report_render_opts o = {REPORT_BY_USER, 100};
	char err[256];
	const char *p;

	(void)state;
	for (int by = REPORT_BY_USER; by <= REPORT_BY_NODE; by++) {
		strbuf_reset(&out);
		o.by = (enum report_by)by;
		assert_int_equal(report_render_text(m, &o, &out, err, sizeof(err)), 0);
		for (size_t i = 0; i < out.len; i++) {
			unsigned char c = (unsigned char)out.buf[i];
			if ((c < 0x20 && c != '\n') || c == 0x7f)
				fail_msg("control byte 0x%02x at %zu", c, i);
		}
		for (p = out.buf; *p != '\0';) {
			const char *nl = strchr(p, '\n');
			assert_non_null(nl);
			if (columns(p, (size_t)(nl - p)) > 100)
				fail_msg("line of %d columns: %.*s", columns(p, (size_t)(nl - p)),
					 (int)(nl - p), p);
			p = nl + 1;
		}
	}
	assert_non_null(strstr(out.buf, "\\x1b]0;owned\\x07"));
	assert_non_null(strstr(out.buf, "\\xff\\xfe"));
	strbuf_free(&out);
	json_decref(m);
}

static void
test_csv_hostile(void **state)
{
	json_t *m = hostile_model();
	struct strbuf out = STRBUF_INIT;
	struct report_render_opts o = {REPORT_BY_COMMAND, 100};
	char err[256];

	(void)state;
	/* cells a spreadsheet would run: neutralised with a leading quote */
	json_object_set_new(json_array_get(json_object_get(m, "by_command"), 0), "command",
			    json_string("=cmd|' /C calc'!A0"));
	json_object_set_new(json_array_get(json_object_get(m, "by_command"), 0), "object",
			    json_string("@SUM(A1:A2),x"));
	json_object_set_new(json_array_get(json_object_get(m, "by_command"), 0), "subcommand",
			    json_string("-2+3"));
	assert_int_equal(report_render_csv(m, &o, &out, err, sizeof(err)), 0);
	assert_string_equal(out.buf, "command,object,subcommand,count\r\n"
				     "'=cmd|' /C calc'!A0,\"'@SUM(A1:A2),x\",'-2+3,1\r\n");
	json_decref(m);
	m = hostile_model();
	for (int by = REPORT_BY_USER; by <= REPORT_BY_NODE; by++) {
		strbuf_reset(&out);
		o.by = (enum report_by)by;
		assert_int_equal(report_render_csv(m, &o, &out, err, sizeof(err)), 0);
		assert_true(out.len > 0);
	}
	strbuf_free(&out);
	json_decref(m);
}

static void
test_json_roundtrip(void **state)
{
	json_t *m = hostile_model(), *back;
	struct strbuf out = STRBUF_INIT;
	struct report_render_opts o = {REPORT_BY_USER, 100};
	json_error_t je;
	char err[256];

	(void)state;
	assert_int_equal(report_render_json(m, &o, &out, err, sizeof(err)), 0);
	/* invalid bytes as \udcXX, raw controls escaped */
	assert_non_null(strstr(out.buf, "\\udcff\\udcfe"));
	assert_non_null(strstr(out.buf, "\\u001b]0;owned\\u0007"));
	/* with a valid-UTF-8 model, the output reads back as the same document */
	json_decref(m);
	m = json_pack("{s:{s:s},s:[i,i],s:[{s:s,s:[s]}],s:{}}", "period", "since", "x\n\"y\"",
		      "by_hour", 1, 2, "risky", "user", "<b>", "argv", "a b", "empty");
	strbuf_reset(&out);
	assert_int_equal(report_render_json(m, &o, &out, err, sizeof(err)), 0);
	back = json_loads(out.buf, 0, &je);
	assert_non_null(back);
	assert_true(json_equal(m, back));
	json_decref(back);
	json_decref(m);
	strbuf_free(&out);
}

static void
test_render_missing(void **state)
{
	json_t *m = json_object();
	struct strbuf out = STRBUF_INIT;
	struct report_render_opts o = {REPORT_BY_USER, 100};
	char err[256];

	(void)state;
	assert_int_equal(report_render_text(m, &o, &out, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "period"));
	assert_int_equal(report_render_csv(m, &o, &out, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "by_user"));
	assert_non_null(report_format_find("json"));
	assert_null(report_format_find("html5"));
	json_decref(m);
	strbuf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_rollups_exact, setup, teardown),
	    cmocka_unit_test(test_text_hostile),
	    cmocka_unit_test(test_csv_hostile),
	    cmocka_unit_test(test_json_roundtrip),
	    cmocka_unit_test(test_render_missing),
	};

	setenv("TZ", "UTC0", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
