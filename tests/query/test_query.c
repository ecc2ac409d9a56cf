/*
 * test_query.c: filters, searches and text pieces of the query module
 * through its public interface: option values and their errors, the SQL of
 * each filter on a small database written with store_insert_event (keys
 * joined with ',', container ID prefixes, caused events), argument lists
 * decoded from their JSON form, cells cut to a width.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/filter.h"
#include "query/output.h"
#include "query/search.h"
#include "query/text.h"
#include "store/store.h"
#include "util/strbuf.h"
#include "util/when.h"

static char err[512];
static char tmpdir[256];

/* 2026-11-22T12:00:00Z */
#define T0 1795348800LL

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/podaudit-query-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	assert_int_equal(when_zone_set("UTC", err, sizeof(err)), 0);
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

/* ---- filter options ------------------------------------------------------------ */

static void
test_filter_values(void **state)
{
	struct query_filter f = {0};

	(void)state;
	assert_int_equal(query_filter_set(&f, "user", "1001", 0, err, sizeof(err)), 0);
	assert_true(f.have & QF_AUID);
	assert_int_equal(f.auid, 1001);
	assert_null(f.user);
	memset(&f, 0, sizeof(f));
	assert_int_equal(query_filter_set(&f, "user", "alice", 0, err, sizeof(err)), 0);
	assert_string_equal(f.user, "alice");
	assert_false(f.have & QF_AUID);
	assert_int_equal(query_filter_set(&f, "uid", "0", 0, err, sizeof(err)), 0);
	assert_int_equal(query_filter_set(&f, "session", "4294967295", 0, err, sizeof(err)), 0);
	assert_int_equal(f.ses, 4294967295LL);
	assert_int_equal(query_filter_set(&f, "pid", "28589", 0, err, sizeof(err)), 0);
	assert_int_equal(query_filter_set(&f, "since", "2026-11-22T12:00", 0, err, sizeof(err)), 0);
	assert_int_equal(f.since, T0 * 1000);
	assert_int_equal(query_filter_set(&f, "until", "2026-11-22T13:00Z", 0, err, sizeof(err)),
			 0);
	assert_int_equal(f.until, (T0 + 3600) * 1000);
	assert_int_equal(query_filter_check(&f, err, sizeof(err)), 0);
	assert_int_equal(query_filter_set(&f, "failed", NULL, 0, err, sizeof(err)), 0);
	assert_int_equal(query_filter_set(&f, "risky", NULL, 0, err, sizeof(err)), 0);
	assert_true(f.failed && f.risky);
	assert_int_equal(query_filter_set(&f, "limit", "3", 0, err, sizeof(err)), 1);
	assert_int_equal(query_filter_set(&f, "format", "csv", 0, err, sizeof(err)), 1);
}

/* Each bad value is refused with a message naming its option. */
static void
test_filter_errors(void **state)
{
	static const struct {
		const char *option, *value;
	} bad[] = {
	    {"uid", "abc"},	   {"uid", "-1"},	    {"uid", "4294967296"},
	    {"session", ""},	   {"pid", "12x"},	    {"pid", " 12"},
	    {"user", ""},	   {"key", "a,b"},	    {"key", ""},
	    {"since", "yesterdy"}, {"until", "2026-13-01"}, {"container", ""},
	    {"exe", ""},	   {"image", ""},	    {"command", ""},
	};
	char want[64];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct query_filter f = {0};
		err[0] = '\0';
		assert_int_equal(
		    query_filter_set(&f, bad[i].option, bad[i].value, 0, err, sizeof(err)), -1);
		snprintf(want, sizeof(want), "--%s", bad[i].option);
		if (strstr(err, want) == NULL)
			fail_msg("--%s '%s': message '%s' does not name the option", bad[i].option,
				 bad[i].value, err);
	}
}

static void
test_filter_twice(void **state)
{
	struct query_filter f = {0};

	(void)state;
	assert_int_equal(query_filter_set(&f, "user", "alice", 0, err, sizeof(err)), 0);
	assert_int_equal(query_filter_set(&f, "user", "1002", 0, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--user given more than once"));
	assert_int_equal(query_filter_set(&f, "key", "a", 0, err, sizeof(err)), 0);
	assert_int_equal(query_filter_set(&f, "key", "b", 0, err, sizeof(err)), -1);
	assert_int_equal(query_filter_set(&f, "since", "2026-11-22T13:00Z", 0, err, sizeof(err)),
			 0);
	assert_int_equal(query_filter_set(&f, "until", "2026-11-22T13:00Z", 0, err, sizeof(err)),
			 0);
	assert_int_equal(query_filter_check(&f, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--until"));
}

/* ---- searches on a small database ---------------------------------------------- */

#define CID_A "aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111"
#define CID_B "aaaa2222aaaa2222aaaa2222aaaa2222aaaa2222aaaa2222aaaa2222aaaa2222"

/*
 * Events (ids 1..9 in this order):
 *  1 podman run --name web (alice 1001), risky, image localhost/bb:1
 *  2 runc create CID_A, caused by 1
 *  3 storage openat, caused by 1, key "container_storage,extra"
 *  4 podman exec CID_B-prefix... (bob 1002), container CID_B
 *  5 storage, failed, bob, no cause, key "user_container_storage"
 *  6 podman ps, carol 1003, uid 1003, key "a,podman_exec"
 *  7 runc create CID_B, caused by 4
 *  8 podman volume rm myvol, alice, caused events none
 *  9 storage, caused by 8, key container_storage, at T0+3600
 */
static struct store *
small_db(const char *name)
{
	char path[512];
	struct store *st = NULL;
	struct store_podman run = {"sudo",
				   "run",
				   "container",
				   "web",
				   "localhost/bb:1",
				   NULL,
				   NULL,
				   "privileged",
				   "[\"privileged\"]",
				   0,
				   NULL};
	struct store_podman exec = {"sudo", "exec", "container", CID_B, NULL, NULL,
				    NULL,   NULL,   "[]",	 0,	NULL};
	struct store_podman ps = {"rootless", "ps", "container", NULL, NULL, NULL,
				  NULL,	      NULL, "[]",	 0,    NULL};
	struct store_podman vol = {"sudo",  "rm", "volume", NULL, NULL, NULL,
				   "myvol", NULL, "[]",	    0,	  NULL};
	struct store_runtime create = {"runc", "create"};
	struct store_path p = {0, "/var/lib/containers/storage/x", "NORMAL", 0, 0, 0, 0};
	struct {
		const char *key, *user, *argv;
		int64_t auid, uid, cause, success;
		const char *cid, *cname;
		struct store_podman *pod;
		struct store_runtime *rt;
		int64_t dt;
	} ev[] = {
	    {"podman_exec", "alice", "[\"podman\",\"run\",\"--name\",\"web\"]", 1001, 0, 0, 1, NULL,
	     "web", &run, NULL, 0},
	    {"container_runtime", "alice", "[\"runc\",\"create\"]", 1001, 0, 1, 1, CID_A, "web",
	     NULL, &create, 1},
	    {"container_storage,extra", "alice", NULL, 1001, 0, 1, 1, NULL, NULL, NULL, NULL, 2},
	    {"podman_exec", "bob", "[\"podman\",\"exec\",\"aaaa2222\"]", 1002, 0, 0, 1, CID_B, NULL,
	     &exec, NULL, 3},
	    {"user_container_storage", "bob", NULL, 1002, 0, 0, 0, NULL, NULL, NULL, NULL, 4},
	    {"a,podman_exec", "carol", "[\"podman\",\"ps\"]", 1003, 1003, 0, 1, NULL, NULL, &ps,
	     NULL, 5},
	    {"container_runtime", "bob", "[\"runc\",\"create\"]", 1002, 0, 4, 1, CID_B, NULL, NULL,
	     &create, 6},
	    {"podman_exec", "alice", "[\"podman\",\"volume\",\"rm\",\"myvol\"]", 1001, 0, 0, 1,
	     NULL, NULL, &vol, NULL, 7},
	    {"container_storage", "alice", NULL, 1001, 0, 8, 1, NULL, NULL, NULL, NULL, 3600},
	};

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if (store_open(path, 0, &st, err, sizeof(err)) != 0)
		fail_msg("store_open: %s", err);
	assert_int_equal(store_begin(st), 0);
	for (size_t i = 0; i < sizeof(ev) / sizeof(ev[0]); i++) {
		struct store_event e = {0};
		char raw[128];
		int ins;

		snprintf(raw, sizeof(raw), "type=SYSCALL msg=audit(%lld.000:%zu): key=x\n",
			 (long long)(T0 + ev[i].dt), 100 + i);
		e.node = "";
		e.sec = T0 + ev[i].dt;
		e.serial = 100 + i;
		e.type = "SYSCALL";
		e.key = ev[i].key;
		e.syscall = ev[i].argv ? "execve" : "openat";
		e.success = ev[i].success;
		e.auid = ev[i].auid;
		e.uid = ev[i].uid;
		e.ses = 7;
		e.pid = 1000 + (int64_t)i;
		e.have = EV_SUCCESS | EV_AUID | EV_UID | EV_SES | EV_PID;
		if (ev[i].cause) {
			e.cause_id = ev[i].cause;
			e.have |= EV_CAUSE;
		}
		e.exe = ev[i].argv ? (i == 1 || i == 6 ? "/usr/sbin/runc" : "/usr/bin/podman")
				   : "/usr/bin/podman";
		e.argv_json = ev[i].argv;
		e.user = ev[i].user;
		e.raw = raw;
		e.raw_len = strlen(raw);
		e.container_id = ev[i].cid;
		e.container_name = ev[i].cname;
		e.podman = ev[i].pod;
		e.runtime = ev[i].rt;
		if (ev[i].argv == NULL) {
			e.paths = &p;
			e.npaths = 1;
		}
		assert_int_equal(store_insert_event(st, &e, &ins), 0);
		assert_int_equal(ins, STORE_INSERTED);
	}
	assert_int_equal(store_commit(st), 0);
	return st;
}

/*
 * The ids a search of option=value (several pairs, NULL-terminated) finds,
 * as "1 2 3"; "error: MESSAGE" when the search is refused.
 */
static const char *
ids(struct store *st, int64_t limit, ...)
{
	static char out[1024];
	struct query_filter f = {0};
	struct query_search *s = NULL;
	const char *opt, *val;
	va_list ap;
	int rc;

	va_start(ap, limit);
	while ((opt = va_arg(ap, const char *)) != NULL) {
		val = va_arg(ap, const char *);
		if (query_filter_set(&f, opt, val, 0, err, sizeof(err)) != 0)
			fail_msg("--%s %s: %s", opt, val ? val : "", err);
	}
	va_end(ap);
	out[0] = '\0';
	if (query_search_open(store_db(st), &f, limit, 0, &s, err, sizeof(err)) != 0) {
		snprintf(out, sizeof(out), "error: %s", err);
		return out;
	}
	while ((rc = query_search_step(s, err, sizeof(err))) == 1)
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%lld", out[0] ? " " : "",
			 (long long)query_search_row(s)->id);
	assert_int_equal(rc, 0);
	query_search_close(s);
	return out;
}

static void
test_search_filters(void **state)
{
	struct store *st = small_db("f.db");

	(void)state;
	assert_string_equal(ids(st, 0, NULL), "1 2 3 4 5 6 7 8 9");
	assert_string_equal(ids(st, 3, NULL), "1 2 3");
	assert_string_equal(ids(st, 0, "user", "alice", NULL), "1 2 3 8 9");
	assert_string_equal(ids(st, 0, "user", "1002", NULL), "4 5 7");
	assert_string_equal(ids(st, 0, "user", "nobody", NULL), "");
	assert_string_equal(ids(st, 0, "uid", "1003", NULL), "6");
	assert_string_equal(ids(st, 0, "session", "7", NULL), "1 2 3 4 5 6 7 8 9");
	assert_string_equal(ids(st, 0, "pid", "1003", NULL), "4");
	assert_string_equal(ids(st, 0, "exe", "/usr/sbin/runc", NULL), "2 7");
	assert_string_equal(ids(st, 0, "exe", "runc", NULL), "2 7");
	assert_string_equal(ids(st, 0, "exe", "unc", NULL), "");
	assert_string_equal(ids(st, 0, "failed", NULL, NULL), "5");
	/* keys: a key matches every stored list it is part of, never a substring */
	assert_string_equal(ids(st, 0, "key", "podman_exec", NULL), "1 4 6 8");
	assert_string_equal(ids(st, 0, "key", "container_storage", NULL), "3 9");
	assert_string_equal(ids(st, 0, "key", "extra", NULL), "3");
	assert_string_equal(ids(st, 0, "key", "a", NULL), "6");
	assert_string_equal(ids(st, 0, "key", "storage", NULL), "");
	/* commands and what they caused */
	assert_string_equal(ids(st, 0, "command", "run", NULL), "1 2 3");
	assert_string_equal(ids(st, 0, "command", "rm", NULL), "8 9");
	assert_string_equal(ids(st, 0, "risky", NULL, NULL), "1 2 3");
	assert_string_equal(ids(st, 0, "image", "localhost/bb:1", NULL), "1 2 3");
	assert_string_equal(ids(st, 0, "image", "bb:1", NULL), "1 2 3");
	assert_string_equal(ids(st, 0, "image", "b:1", NULL), "");
	/* time window, half-open */
	assert_string_equal(
	    ids(st, 0, "since", "2026-11-22T12:00:03Z", "until", "2026-11-22T12:00:06Z", NULL),
	    "4 5 6");
	assert_string_equal(ids(st, 0, "since", "2026-11-22T12:00:07Z", NULL), "8 9");
	/* combinations */
	assert_string_equal(ids(st, 0, "user", "alice", "key", "podman_exec", NULL), "1 8");
	assert_string_equal(ids(st, 0, "command", "run", "key", "container_runtime", NULL), "2");
	assert_string_equal(ids(st, 0, "user", "bob", "failed", NULL, "session", "7", NULL), "5");
	assert_string_equal(ids(st, 0, "risky", NULL, "user", "bob", NULL), "");
	store_close(st);
}

static void
test_search_container(void **state)
{
	struct store *st = small_db("c.db");

	(void)state;
	/* by name: the run that named it and what it caused */
	assert_string_equal(ids(st, 0, "container", "web", NULL), "1 2 3");
	/* by full ID, and by a unique prefix of it */
	assert_string_equal(ids(st, 0, "container", CID_B, NULL), "4 7");
	assert_string_equal(ids(st, 0, "container", "aaaa2", NULL), "4 7");
	assert_string_equal(ids(st, 0, "container", "aaaa1111", NULL), "1 2 3");
	/* a prefix of two IDs is refused, as podman does */
	assert_non_null(strstr(ids(st, 0, "container", "aaaa", NULL), "error: --container"));
	/* exactly as typed: the exec named "aaaa2222" */
	assert_string_equal(ids(st, 0, "container", "bbbb", NULL), "");
	assert_string_equal(ids(st, 0, "container", "web", "key", "container_storage", NULL), "3");
	store_close(st);
}

/* The plans use the indexes the issue names (user by auid, time, key, container). */
static void
test_search_plans(void **state)
{
	struct store *st = small_db("p.db");
	static const struct {
		const char *option, *value, *index;
	} cases[] = {
	    {"user", "1001", "event_auid_time"},
	    {"since", "2026-11-22T12:00:03Z", "event_time"},
	    {"key", "podman_exec", "event_key_time"},
	    {"container", "web", "event_container_name"},
	    {"command", "run", "event_cause"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct query_filter f = {0};
		struct query_search *s = NULL;
		struct strbuf plan = STRBUF_INIT;

		assert_int_equal(
		    query_filter_set(&f, cases[i].option, cases[i].value, 0, err, sizeof(err)), 0);
		assert_int_equal(query_search_open(store_db(st), &f, 0, 0, &s, err, sizeof(err)),
				 0);
		assert_int_equal(query_search_plan(s, &plan, err, sizeof(err)), 0);
		if (strstr(plan.buf, cases[i].index) == NULL)
			fail_msg("--%s: plan does not use %s:\n%s", cases[i].option, cases[i].index,
				 plan.buf);
		strbuf_free(&plan);
		query_search_close(s);
	}
	store_close(st);
}

/* ---- text pieces ----------------------------------------------------------------- */

static void
test_argv_decode(void **state)
{
	struct query_argv a;

	(void)state;
	assert_int_equal(
	    query_argv_decode("[\"podman\",\"a\\nb\",\"\\u001b[2J\",\"\\udcff\\udcfe\","
			      "\"caf\\u00e9\",\"\\ud83d\\ude00\",\"\",\"q\\\"\\\\\"]",
			      &a),
	    0);
	assert_int_equal(a.n, 8);
	assert_string_equal(a.arg[0], "podman");
	assert_string_equal(a.arg[1], "a\nb");
	assert_string_equal(a.arg[2], "\x1b[2J");
	assert_int_equal(a.len[3], 2);
	assert_memory_equal(a.arg[3], "\xff\xfe", 2);
	assert_string_equal(a.arg[4], "caf\xc3\xa9");
	assert_string_equal(a.arg[5], "\xf0\x9f\x98\x80");
	assert_int_equal(a.len[6], 0);
	assert_string_equal(a.arg[7], "q\"\\");
	query_argv_free(&a);
	assert_int_equal(query_argv_decode("[]", &a), 0);
	assert_int_equal(a.n, 0);
	assert_int_equal(query_argv_decode("[\"a\",]", &a), -1);
	assert_int_equal(query_argv_decode("[\"a\\u0000\"]", &a), -1);
	assert_int_equal(query_argv_decode("[\"\\ud800\"]", &a), -1);
	assert_int_equal(query_argv_decode("[\"a\"] x", &a), -1);
	assert_int_equal(query_argv_decode("{}", &a), -1);
	assert_int_equal(query_argv_decode(NULL, &a), -1);
}

static void
test_argv_line(void **state)
{
	struct query_argv a;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(query_argv_decode("[\"sh\",\"-c\",\"echo hi; \\u001b]0;x\\u0007\",\"\","
					   "\"it's\",\"a\\nb\",\"\\udcff\"]",
					   &a),
			 0);
	query_argv_line(&sb, &a);
	assert_string_equal(sb.buf, "sh -c 'echo hi; \\x1b]0;x\\x07' '' 'it\\'s' a\\nb \\xff");
	query_argv_free(&a);
	strbuf_free(&sb);
}

static void
test_cells(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	query_put_cell(&sb, "abcdef", 6, 4, 1);
	assert_string_equal(sb.buf, "abc\xe2\x80\xa6");
	strbuf_reset(&sb);
	query_put_cell(&sb, "ab", 2, 4, 1);
	assert_string_equal(sb.buf, "ab  ");
	strbuf_reset(&sb);
	query_put_cell(&sb, "ab", 2, 4, 0);
	assert_string_equal(sb.buf, "ab");
	strbuf_reset(&sb);
	/* characters, not bytes: "café" is 4 columns */
	query_put_cell(&sb, "caf\xc3\xa9s", 6, 4, 1);
	assert_string_equal(sb.buf, "caf\xe2\x80\xa6");
	assert_int_equal(query_width("caf\xc3\xa9", 5), 4);
	strbuf_free(&sb);
}

static void
test_dirsum(void **state)
{
	struct query_dirsum d = {0};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	query_dirsum_add(&d, "/var/lib/containers/storage/overlay/a/diff", 42);
	query_dirsum_add(&d, "/var/lib/containers/storage/libpod/bolt_state.db", 48);
	query_dirsum_add(&d, "diff/x", 6);
	query_dirsum_add(&d, "/proc/self/fd/12/attach", 23);
	query_dirsum_put(&d, &sb);
	assert_string_equal(sb.buf, " under /var/lib/containers/storage (2 elsewhere)");
	query_dirsum_free(&d);
	strbuf_reset(&sb);
	query_dirsum_add(&d, "/a/b", 4);
	query_dirsum_add(&d, "/a/b/c", 6);
	query_dirsum_put(&d, &sb);
	assert_string_equal(sb.buf, " under /a/b");
	query_dirsum_free(&d);
	strbuf_reset(&sb);
	query_dirsum_add(&d, "/ab", 3);
	query_dirsum_add(&d, "/ac", 3);
	query_dirsum_put(&d, &sb);
	assert_string_equal(sb.buf, " under /");
	query_dirsum_free(&d);
	strbuf_free(&sb);
}

static void
test_formats(void **state)
{
	enum query_format fmt;

	(void)state;
	assert_int_equal(query_format_parse("jsonl", &fmt), 0);
	assert_int_equal(fmt, QUERY_FMT_JSONL);
	assert_int_equal(query_format_parse("raw", &fmt), 0);
	assert_int_equal(fmt, QUERY_FMT_RAW);
	assert_int_equal(query_format_parse("json", &fmt), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_filter_values),
	    cmocka_unit_test(test_filter_errors),
	    cmocka_unit_test(test_filter_twice),
	    cmocka_unit_test(test_search_filters),
	    cmocka_unit_test(test_search_container),
	    cmocka_unit_test(test_search_plans),
	    cmocka_unit_test(test_argv_decode),
	    cmocka_unit_test(test_argv_line),
	    cmocka_unit_test(test_cells),
	    cmocka_unit_test(test_dirsum),
	    cmocka_unit_test(test_formats),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
