/*
 * test_ingest.c: line recognition, value decoding, pending events and
 * ingest_file() on small logs written by the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ingest/extract.h"
#include "ingest/ingest.h"
#include "ingest/pending.h"
#include "ingest/record.h"
#include "store/store.h"
#include "util/escape.h"
#include "util/json.h"

static char tmpdir[256];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/podaudit-ingest-XXXXXX");
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

static void
test_record_header(void **state)
{
	struct record_header h;
	const char *l1 = "type=SYSCALL msg=audit(1795348912.474:16725): arch=c000003e";
	const char *l2 = "node=web-1.example type=EXECVE msg=audit(1.005:4294967295): argc=1";
	static const char *const bad[] = {
	    "",
	    "garbage",
	    "type=UNKNOWN[1329] msg=?",
	    "type=DAEMON_END msg=audit(1143060045.366:1234) auditd normal halt",
	    "host=dhcppc2 type=AVC msg=audit(1.000:1): avc:",
	    "node= type=SYSCALL msg=audit(1.000:1): x",
	    "type=SYSCALL msg=audit(1.0000:1): x",
	    "type=SYSCALL msg=audit(1.000:99999999999999999999): x",
	    "time->Fri Aug  9 22:29:36 2019",
	    "type=SYSCALL msg=audit(.000:1): x",
	};
	(void)state;

	assert_int_equal(record_header_parse(l1, strlen(l1), &h), 0);
	assert_null(h.node);
	assert_int_equal(h.type_len, 7);
	assert_memory_equal(h.type, "SYSCALL", 7);
	assert_int_equal(h.sec, 1795348912);
	assert_int_equal(h.msec, 474);
	assert_int_equal(h.serial, 16725);
	assert_int_equal(record_header_parse(l2, strlen(l2), &h), 0);
	assert_int_equal(h.node_len, strlen("web-1.example"));
	assert_memory_equal(h.node, "web-1.example", h.node_len);
	assert_int_equal(h.msec, 5);
	assert_int_equal(h.serial, 4294967295u);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (record_header_parse(bad[i], strlen(bad[i]), &h) != -1)
			fail_msg("accepted: %s", bad[i]);
	/* A line cut right after the header is still recognised as far as it goes. */
	assert_int_equal(record_header_parse(l1, 45, &h), 0);
	assert_int_equal(record_header_parse(l1, 44, &h), -1);
}

static void
test_decode_value(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	assert_int_equal(extract_decode_value("\"/usr/bin/podman\"", &sb), 0);
	assert_string_equal(strbuf_str(&sb), "/usr/bin/podman");
	strbuf_reset(&sb);
	assert_int_equal(extract_decode_value("24287226D202D7266202F29", &sb), -1); /* odd */
	assert_int_equal(extract_decode_value("2428726D202D7266202F29", &sb), 0);
	assert_string_equal(strbuf_str(&sb), "$(rm -rf /)");
	strbuf_reset(&sb);
	assert_int_equal(extract_decode_value("610A62FF00", &sb), 0);
	assert_int_equal(sb.len, 5);
	assert_memory_equal(sb.buf, "a\nb\xff\0", 5);
	strbuf_reset(&sb);
	assert_int_equal(extract_decode_value("(null)", &sb), 0);
	assert_int_equal(sb.len, 0);
	assert_int_equal(extract_decode_value("xyz", &sb), -1);
	strbuf_free(&sb);
}

static void
test_json_bytes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char in[] = "a\"b\\c\n\t\x01<script>\xc3\xa9\xff\xed\xa0\x80";
	(void)state;

	json_put_string(&sb, in, sizeof(in) - 1);
	assert_string_equal(
	    strbuf_str(&sb),
	    "\"a\\\"b\\\\c\\n\\t\\u0001<script>\xc3\xa9\\udcff\\udced\\udca0\\udc80\"");
	strbuf_free(&sb);
}

static void
test_escape_terminal(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	const char in[] = "ok \x1b[31mred\x07\n\xc2\x9b\xc3\xa9\xff\\";
	(void)state;

	escape_terminal(&sb, in, sizeof(in) - 1);
	assert_string_equal(strbuf_str(&sb), "ok \\x1b[31mred\\x07\\n\\xc2\\x9b\xc3\xa9\\xff\\\\");
	strbuf_free(&sb);
}

static void
test_pending(void **state)
{
	struct pending p;
	struct record_header a, b;
	const char *la = "type=SYSCALL msg=audit(10.001:7): x";
	const char *lb = "node=n type=SYSCALL msg=audit(10.001:7): y";
	struct pending_event *e;
	int64_t line;
	(void)state;

	pending_init(&p);
	assert_int_equal(record_header_parse(la, strlen(la), &a), 0);
	assert_int_equal(record_header_parse(lb, strlen(lb), &b), 0);
	assert_int_equal(pending_min_offset(&p, 500, 9, &line), 500);
	assert_int_equal(line, 9);
	pending_add(&p, &a, la, strlen(la), 100, 3);
	pending_add(&p, &b, lb, strlen(lb), 200, 4);
	pending_add(&p, &a, la, strlen(la), 300, 5);
	assert_int_equal(p.live, 2);
	assert_int_equal(pending_min_offset(&p, 500, 9, &line), 100);
	assert_int_equal(line, 3);
	e = pending_find(&p, NULL, 10, 1, 7);
	assert_non_null(e);
	assert_int_equal(e->raw.len, 2 * (strlen(la) + 1));
	pending_release(&p, e);
	assert_int_equal(pending_min_offset(&p, 500, 9, &line), 200);
	e = pending_find(&p, "n", 10, 1, 7);
	assert_non_null(e);
	assert_null(pending_find(&p, "m", 10, 1, 7));
	pending_release(&p, e);
	assert_int_equal(p.live, 0);
	assert_int_equal(p.raw_bytes, 0);
	pending_free(&p);
}

/* Write a file in tmpdir and return its path (static buffer). */
static const char *
write_file(const char *name, const char *content, size_t len)
{
	static char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(content, 1, len, f), len);
	fclose(f);
	return path;
}

struct warnings {
	int n;
	char last[1024];
};

static void
collect_warn(void *ctx, const char *msg)
{
	struct warnings *w = ctx;
	w->n++;
	snprintf(w->last, sizeof(w->last), "%s", msg);
}

/* Ingest path into a fresh database named db; returns the open store. */
static struct store *
ingest_into(const char *db, const char *path, int all, struct ingest_stats *stats,
	    struct warnings *w)
{
	static const char *const keys[] = {"podman_exec", "container_runtime", NULL};
	char dbpath[512], err[512];
	struct store *st = NULL;
	struct ingest *ing = NULL;
	struct ingest_opts o = {
	    .keys = keys, .all_events = all, .warn = collect_warn, .warn_ctx = w};

	snprintf(dbpath, sizeof(dbpath), "%s/%s", tmpdir, db);
	assert_int_equal(store_open(dbpath, 0, &st, err, sizeof(err)), 0);
	assert_int_equal(ingest_open(st, &o, &ing, err, sizeof(err)), 0);
	if (ingest_file(ing, path) != 0)
		fail_msg("ingest_file: %s", ingest_errmsg(ing));
	*stats = *ingest_get_stats(ing);
	ingest_close(ing);
	return st;
}

static char *
query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	char *v = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v;
}

/* Records of two events interleaved, one with node=, hex fields, split args. */
static const char interleaved[] =
    "type=SYSCALL msg=audit(1700000000.100:10): arch=c000003e syscall=59 success=yes exit=0 "
    "a0=1 a1=2 a2=3 a3=0 items=1 ppid=100 pid=101 auid=1001 uid=0 gid=0 euid=0 suid=0 "
    "fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=5 comm=\"podman\" exe=\"/usr/bin/podman\" "
    "key=\"podman_exec\"\n"
    "type=SYSCALL msg=audit(1700000000.100:11): arch=c000003e syscall=59 success=no exit=-2 "
    "a0=1 a1=2 a2=3 a3=0 items=0 ppid=1 pid=102 auid=4294967295 uid=0 gid=0 euid=0 suid=0 "
    "fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=72756E6320 "
    "exe=\"/usr/sbin/runc\" key=\"container_runtime\"\n"
    "type=EXECVE msg=audit(1700000000.100:10): argc=4 a0=\"podman\" a1=\"run\" a2_len=6 "
    "a2[0]=3C7363 a2[1]=726970743E a3=2428726D202D7266202F29\n"
    "this line is not an audit record\n"
    "type=CWD msg=audit(1700000000.100:10): cwd=2F746D702F61206220FF\n"
    "type=PATH msg=audit(1700000000.100:10): item=0 name=\"/usr/bin/podman\" inode=77 "
    "dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL\n"
    "type=PROCTITLE msg=audit(1700000000.100:10): proctitle=706F646D616E0072756E\n"
    "type=USER_CMD msg=audit(1700000000.200:12): pid=5 uid=1001 auid=1001 ses=5 "
    "msg='cwd=\"/\" cmd=6C73 exe=\"/usr/bin/sudo\" terminal=pts/0 res=success'\n"
    "node=other type=SYSCALL msg=audit(1700000000.100:10): arch=c000003e syscall=2 "
    "success=yes exit=3 items=0 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 "
    "egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm=\"x\" exe=\"/x\" key=\"podman_exec\"\n"
    "type=SYSCALL msg=audit(1700000000.300:13): arch=c000003e syscall=2 success=yes exit=3 "
    "items=0 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 "
    "tty=(none) ses=1 comm=\"x\" exe=\"/x\" key=\"podman_exec\"";

static void
test_ingest_interleaved(void **state)
{
	struct ingest_stats s;
	struct warnings w = {0};
	const char *path = write_file("inter.log", interleaved, sizeof(interleaved) - 1);
	struct store *st = ingest_into("inter.db", path, 0, &s, &w);
	sqlite3 *db = store_db(st);
	char *v;
	(void)state;

	assert_int_equal(s.malformed, 1);
	assert_int_equal(w.n, 1);
	assert_non_null(strstr(w.last, "inter.log:4: not an audit record"));
	assert_int_equal(s.events, 5);
	assert_int_equal(s.stored, 4); /* USER_CMD has no key */
	v = query_text(db, "SELECT argv FROM events WHERE serial = 10 AND node = ''");
	assert_string_equal(v, "[\"podman\",\"run\",\"<script>\",\"$(rm -rf /)\"]");
	free(v);
	v = query_text(db, "SELECT hex(cwd) FROM events WHERE serial = 10 AND node = ''");
	assert_string_equal(v, "2F746D702F61206220FF");
	free(v);
	v = query_text(db, "SELECT proctitle || '|' || user || '|' || ses || '|' || tty || '|' || "
			   "syscall || '|' || success FROM events WHERE serial = 10 AND node = ''");
	assert_non_null(v);
	assert_non_null(strstr(v, "podman run|"));
	assert_non_null(strstr(v, "|5|pts0|execve|1"));
	free(v);
	v = query_text(db, "SELECT comm || '|' || exit || '|' || success || '|' || auid || '|' || "
			   "user FROM events WHERE serial = 11");
	assert_string_equal(v, "runc |-2|0|4294967295|unset");
	free(v);
	v = query_text(db, "SELECT name || '|' || inode || '|' || mode || '|' || nametype FROM "
			   "paths JOIN events ON events.id = paths.event_id WHERE serial = 10 AND "
			   "node = ''");
	assert_string_equal(v, "/usr/bin/podman|77|33261|NORMAL");
	free(v);
	/* Same identity on another node is another event. */
	v = query_text(db, "SELECT count(*) FROM events WHERE serial = 10");
	assert_string_equal(v, "2");
	free(v);
	/* raw is the original lines, in order, byte for byte. */
	v = query_text(db, "SELECT raw FROM events WHERE serial = 10 AND node = ''");
	assert_non_null(v);
	assert_int_equal(strncmp(v, "type=SYSCALL msg=audit(1700000000.100:10): arch", 47), 0);
	assert_non_null(
	    strstr(v, "\ntype=EXECVE msg=audit(1700000000.100:10): argc=4 a0=\"podman\""));
	assert_null(strstr(v, "not an audit record"));
	assert_null(strstr(v, ":11)"));
	free(v);
	/* The last line had no newline and still counts. */
	v = query_text(db, "SELECT count(*) FROM events WHERE serial = 13");
	assert_string_equal(v, "1");
	free(v);
	store_close(st);
}

static void
test_ingest_all_events_and_resume(void **state)
{
	struct ingest_stats s;
	struct warnings w = {0};
	const char *path = write_file("all.log", interleaved, sizeof(interleaved) - 1);
	struct store *st = ingest_into("all.db", path, 1, &s, &w);
	char err[512];
	struct ingest *ing = NULL;
	struct ingest_opts o = {.all_events = 1};
	char *v;
	(void)state;

	assert_int_equal(s.stored, 5);
	v = query_text(store_db(st),
		       "SELECT exe || '|' || cwd || '|' || success || '|' || tty FROM "
		       "events WHERE type = 'USER_CMD'");
	assert_string_equal(v, "/usr/bin/sudo|/|1|pts/0");
	free(v);
	/*
	 * A second run reads only the last line again: it had no newline, so
	 * the cursor stayed before it in case it was still being written.
	 */
	assert_int_equal(ingest_open(st, &o, &ing, err, sizeof(err)), 0);
	assert_int_equal(ingest_file(ing, path), 0);
	assert_int_equal(ingest_get_stats(ing)->lines, 1);
	assert_int_equal(ingest_get_stats(ing)->events, 1);
	assert_int_equal(ingest_get_stats(ing)->stored, 0);
	assert_int_equal(ingest_get_stats(ing)->present, 1);
	ingest_close(ing);
	store_close(st);
}

static void
test_ingest_missing_file(void **state)
{
	char dbpath[512], err[512];
	struct store *st = NULL;
	struct ingest *ing = NULL;
	struct ingest_opts o = {0};
	(void)state;

	snprintf(dbpath, sizeof(dbpath), "%s/missing.db", tmpdir);
	assert_int_equal(store_open(dbpath, 0, &st, err, sizeof(err)), 0);
	assert_int_equal(ingest_open(st, &o, &ing, err, sizeof(err)), 0);
	assert_int_equal(ingest_file(ing, "/nonexistent/audit.log"), -1);
	assert_non_null(strstr(ingest_errmsg(ing), "/nonexistent/audit.log: cannot open"));
	assert_int_equal(ingest_file(ing, tmpdir), -1);
	assert_non_null(strstr(ingest_errmsg(ing), "directory"));
	ingest_close(ing);
	store_close(st);
}

struct follower {
	struct ingest *ing;
	const char *path;
	int rc;
};

static void *
follow_main(void *arg)
{
	struct follower *f = arg;
	f->rc = ingest_follow(f->ing, f->path);
	return NULL;
}

/* An integer from a fresh read-only connection to db (-1 when NULL or on error). */
static long long
peek_int(const char *db, const char *sql)
{
	sqlite3 *c = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -1;

	if (sqlite3_open_v2(db, &c, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(c, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(c);
	return v;
}

/* Wait (5 s at most) until the rollups of db cover at least n events. */
static int
wait_rollups(const char *db, long long n)
{
	for (int i = 0; i < 500; i++) {
		if (peek_int(db, "SELECT (SELECT last_id FROM rollup_state) = (SELECT max(id) FROM "
				 "event) AND (SELECT sum(n) FROM rollup_event) = (SELECT count(*) "
				 "FROM event)") == 1 &&
		    peek_int(db, "SELECT count(*) FROM event") >= n)
			return 1;
		nanosleep(&(struct timespec){0, 10000000}, NULL);
	}
	return 0;
}

/*
 * While following, the report rollups are brought up to date every
 * rollup_ms, not only when the run stops: a report during a long follow
 * reads them instead of counting days of events one by one.
 */
static void
test_follow_refreshes_rollups(void **state)
{
	static volatile sig_atomic_t stop;
	static const char more[] =
	    "type=SYSCALL msg=audit(1700000100.000:20): arch=c000003e syscall=59 success=yes "
	    "exit=0 items=0 ppid=1 pid=9 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 "
	    "sgid=0 fsgid=0 tty=pts0 ses=5 comm=\"podman\" exe=\"/usr/bin/podman\" "
	    "key=\"podman_exec\"\n"
	    "type=EOE msg=audit(1700000100.000:20): \n";
	char dbpath[512], err[512];
	struct store *st = NULL;
	struct follower f = {0};
	struct ingest_opts o = {.all_events = 1, .batch_ms = 20, .rollup_ms = 50, .stop = &stop};
	const char *path;
	pthread_t t;
	long long before;
	FILE *fp;
	(void)state;

	/* Every line of the interleaved log, the unterminated last one excepted. */
	path = write_file("follow.log", interleaved,
			  (size_t)(strrchr(interleaved, '\n') - interleaved + 1));
	snprintf(dbpath, sizeof(dbpath), "%s/follow.db", tmpdir);
	assert_int_equal(store_open(dbpath, 0, &st, err, sizeof(err)), 0);
	assert_int_equal(ingest_open(st, &o, &f.ing, err, sizeof(err)), 0);
	f.path = path;
	stop = 0;
	assert_int_equal(pthread_create(&t, NULL, follow_main, &f), 0);

	assert_true(wait_rollups(dbpath, 4));
	before = peek_int(dbpath, "SELECT count(*) FROM event");
	fp = fopen(path, "a");
	assert_non_null(fp);
	fputs(more, fp);
	fclose(fp);
	/* The appended event is rolled up while the follow still runs. */
	assert_true(wait_rollups(dbpath, before + 1));
	assert_int_equal(peek_int(dbpath, "SELECT count(*) FROM event WHERE serial = 20 AND "
					  "id <= (SELECT last_id FROM rollup_state)"),
			 1);
	assert_int_equal(peek_int(dbpath, "SELECT count(*) FROM rollup_dirty"), 0);

	stop = 1;
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(f.rc, 0);
	ingest_close(f.ing);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_record_header),
	    cmocka_unit_test(test_decode_value),
	    cmocka_unit_test(test_json_bytes),
	    cmocka_unit_test(test_escape_terminal),
	    cmocka_unit_test(test_pending),
	    cmocka_unit_test(test_ingest_interleaved),
	    cmocka_unit_test(test_ingest_all_events_and_resume),
	    cmocka_unit_test(test_ingest_missing_file),
	    cmocka_unit_test(test_follow_refreshes_rollups),
	};
	return cmocka_run_group_tests_name("ingest", tests, setup, teardown);
}
