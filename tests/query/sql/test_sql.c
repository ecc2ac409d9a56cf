/*
 * test_sql.c: query/sql through its public interface: what is refused (and
 * that the file stays byte for byte the same), and what each format writes
 * for hostile values, NULLs, numbers and blobs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "query/sql.h"
#include "store/store.h"

static char tmpdir[256];
static char dbpath[512];

/* Hostile container names, stored byte for byte. */
#define ESC_NAME     "\033]0;owned\007\033[2Jred"
#define NL_NAME	     "two\nlines"
#define BAD_UTF8     "caf\xe9 \xff\xfe"
#define FORMULA_NAME "=cmd|' /C calc'!A0"

/* Store one podman event with the given container name and serial. */
static void
put_event(struct store *st, uint64_t serial, const char *container)
{
	struct store_podman pm = {0};
	struct store_event ev;
	char raw[128];
	int ins;

	memset(&ev, 0, sizeof(ev));
	snprintf(raw, sizeof(raw), "type=SYSCALL msg=audit(1795348912.474:%llu): x\n",
		 (unsigned long long)serial);
	ev.node = "";
	ev.sec = 1795348912;
	ev.msec = 474;
	ev.serial = serial;
	ev.type = "SYSCALL";
	ev.key = "podman_exec";
	ev.auid = 1001;
	ev.exit = -2;
	ev.have = EV_AUID | EV_EXIT;
	ev.user = "alice";
	ev.comm = "podman";
	ev.raw = raw;
	ev.raw_len = strlen(raw);
	pm.mode = "sudo";
	pm.subcommand = "run";
	pm.object = "container";
	pm.container = container;
	ev.podman = &pm;
	assert_int_equal(store_insert_event(st, &ev, &ins), 0);
	assert_int_equal(ins, STORE_INSERTED);
}

static int
setup(void **state)
{
	struct store *st = NULL;
	char err[512];
	(void)state;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/podaudit-sql-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/podaudit.db", tmpdir);
	if (store_open(dbpath, 0, &st, err, sizeof(err)) != 0)
		return -1;
	assert_int_equal(store_begin(st), 0);
	put_event(st, 1, ESC_NAME);
	put_event(st, 2, NL_NAME);
	put_event(st, 3, BAD_UTF8);
	put_event(st, 4, FORMULA_NAME);
	put_event(st, 5, "NULL");
	put_event(st, 6, NULL);
	assert_int_equal(store_commit(st), 0);
	store_close(st);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[600];
	(void)state;

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* FNV-1a of a whole file ("" when absent), to prove it did not change. */
static uint64_t
file_digest(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint64_t h = 1469598103934665603ULL;
	int c;

	if (f == NULL)
		return 0;
	while ((c = getc(f)) != EOF) {
		h ^= (unsigned char)c;
		h *= 1099511628211ULL;
	}
	fclose(f);
	return h;
}

/* Open a session on the test database. */
static struct sql_session *
open_db(void)
{
	struct sql_session *s = NULL;
	char err[512];

	if (sql_open(dbpath, &s, err, sizeof(err)) != SQL_OK)
		fail_msg("sql_open: %s", err);
	return s;
}

/*
 * Run query in format fmt (table width 60) and return what was written
 * (caller frees); *rc gets sql_prepare's or sql_run's code, err the message.
 */
static char *
run(const char *query, enum sql_format fmt, long sample, int *rc, char *err, size_t errlen)
{
	struct sql_session *s = open_db();
	struct sql_options o = {fmt, 60, sample, 0, NULL};
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	err[0] = '\0';
	*rc = sql_prepare(s, query, err, errlen);
	if (*rc == SQL_OK)
		*rc = sql_run(s, &o, f, NULL, err, errlen);
	fclose(f);
	sql_close(s);
	return text;
}

/* Every write, attach, setting change or code loading is refused, and the file is untouched. */
static void
test_refused(void **state)
{
	static const struct {
		const char *query, *expect;
	} cases[] = {
	    {"INSERT INTO event(id, sec, msec, serial, type, raw) VALUES (99, 1, 1, 1, 'x', '')",
	     "would write to table event (INSERT)"},
	    {"UPDATE event SET user = 'mallory'", "would write to table event (UPDATE)"},
	    {"DELETE FROM event", "would write to table event (DELETE)"},
	    {"DELETE FROM events", "would write to view events"},
	    {"UPDATE events SET user = 'x'", "would write to view events"},
	    {"INSERT INTO events(id) VALUES (1)", "would write to table events"},
	    {"REPLACE INTO event(id) VALUES (1)", "would write to table event (INSERT)"},
	    {"INSERT OR REPLACE INTO path(event_id, item) VALUES (1, 1)",
	     "would write to table path (INSERT)"},
	    {"WITH x(a) AS (SELECT 1) INSERT INTO path(event_id, item) SELECT a, a FROM x",
	     "would write to table path (INSERT)"},
	    {"WITH x(a) AS (SELECT 1) DELETE FROM event WHERE id IN (SELECT a FROM x)",
	     "would write to table event (DELETE)"},
	    {"CREATE TABLE t(a)", "would create table t"},
	    {"CREATE TEMP TABLE t(a)", "would create temporary table t"},
	    {"CREATE TEMPORARY TABLE t AS SELECT * FROM events", "would create temporary table t"},
	    {"CREATE VIEW v AS SELECT 1", "would create view v"},
	    {"CREATE TEMP VIEW v AS SELECT 1", "would create view v"},
	    {"CREATE TRIGGER tr AFTER INSERT ON event BEGIN SELECT 1; END",
	     "would create trigger tr on table event"},
	    {"CREATE TEMP TRIGGER tr AFTER INSERT ON event BEGIN SELECT 1; END",
	     "would create trigger tr on table event"},
	    {"CREATE INDEX i ON event(pid)", "would create index i on table event"},
	    {"CREATE VIRTUAL TABLE temp.f USING fts5(a)", "would create virtual table f"},
	    {"DROP TABLE event", "would drop table event"},
	    {"DROP VIEW events", "would drop view events"},
	    {"DROP INDEX event_time", "would drop index event_time"},
	    {"ALTER TABLE event ADD COLUMN z", "would alter table event"},
	    {"ALTER TABLE event RENAME TO e2", "would alter table event"},
	    {"REINDEX", "would rebuild index"},
	    {"ANALYZE", "refused: the query would"},
	    {"ATTACH 'x.db' AS x", "would attach database file 'x.db'"},
	    {"ATTACH ':memory:' AS m", "would attach database file ':memory:'"},
	    {"DETACH main", "would detach database main"},
	    {"PRAGMA journal_mode = DELETE",
	     "would change a setting: PRAGMA journal_mode = DELETE"},
	    {"PRAGMA user_version = 9", "would change a setting: PRAGMA user_version = 9"},
	    {"PRAGMA main.application_id = 1", "would change a setting: PRAGMA application_id"},
	    {"PRAGMA writable_schema = 1", "would change a setting: PRAGMA writable_schema = 1"},
	    {"PRAGMA query_only = 0", "would change a setting: PRAGMA query_only = 0"},
	    {"PRAGMA journal_mode", "PRAGMA journal_mode is not one of the read-only pragmas"},
	    {"PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA wal_checkpoint"},
	    {"PRAGMA incremental_vacuum", "PRAGMA incremental_vacuum is not one"},
	    {"VACUUM", "would rewrite the database or write a copy of it (VACUUM)"},
	    {"VACUUM INTO '/tmp/podaudit-sql-vacuum.db'", "(VACUUM)"},
	    {"SELECT load_extension('/tmp/x.so')", "calls load_extension(), which loads code"},
	    {"SELECT LOAD_EXTENSION('x')", "calls load_extension()"},
	    {"SELECT fts3_tokenizer('simple')", "calls fts3_tokenizer()"},
	    {"SELECT 1; DELETE FROM event", "more than one statement"},
	    {"SELECT 1;;  SELECT 2", "the second begins: SELECT 2"},
	    {"SELECT 1 /* c */ ; -- c\n DROP TABLE event", "the second begins: DROP TABLE event"},
	    {"BEGIN; SELECT 1", "would control a transaction (BEGIN)"},
	    {"BEGIN IMMEDIATE", "would control a transaction (BEGIN)"},
	    {"COMMIT", "would control a transaction (COMMIT)"},
	    {"SAVEPOINT a", "would control a savepoint (SAVEPOINT a)"},
	    {"UPDATE sqlite_master SET sql = ''",
	     "would write to the schema (table sqlite_master)"},
	    {"INSERT INTO sqlite_master VALUES ('table', 'x', 'x', 0, '')",
	     "would write to the schema"},
	    {"EXPLAIN DELETE FROM event", "would write to table event (DELETE)"},
	};
	uint64_t before = file_digest(dbpath);
	char err[512];
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;
		char *out = run(cases[i].query, SQL_FORMAT_TABLE, 0, &rc, err, sizeof(err));
		if (rc != SQL_REFUSED || strncmp(err, "refused: ", 9) != 0 ||
		    strstr(err, cases[i].expect) == NULL)
			fail_msg("%s: rc %d, message '%s', expected '%s'", cases[i].query, rc, err,
				 cases[i].expect);
		assert_string_equal(out, "");
		free(out);
	}
	assert_true(access("/tmp/podaudit-sql-vacuum.db", F_OK) != 0);
	assert_true(before == file_digest(dbpath));
}

/* What SQLite rejects comes with SQLite's message; an empty query is an error. */
static void
test_errors(void **state)
{
	char err[512], path[600];
	struct sql_session *s = NULL;
	int rc;
	char *out;
	(void)state;

	out = run("SELEC 1", SQL_FORMAT_TABLE, 0, &rc, err, sizeof(err));
	assert_int_equal(rc, SQL_FAILED);
	assert_string_equal(err, "near \"SELEC\": syntax error");
	free(out);
	out = run("SELECT * FROM nosuch", SQL_FORMAT_TABLE, 0, &rc, err, sizeof(err));
	assert_int_equal(rc, SQL_FAILED);
	assert_string_equal(err, "no such table: nosuch");
	free(out);
	out = run("SELECT * FROM \"\033[2J\"", SQL_FORMAT_TABLE, 0, &rc, err, sizeof(err));
	assert_int_equal(rc, SQL_FAILED);
	assert_string_equal(err, "no such table: \\x1b[2J");
	free(out);
	out = run(" -- nothing\n ; ", SQL_FORMAT_TABLE, 0, &rc, err, sizeof(err));
	assert_int_equal(rc, SQL_FAILED);
	assert_string_equal(err, "the query is empty");
	free(out);
	/* A runtime error: the rows before it are written, then the message. */
	out = run("SELECT json(x) FROM (SELECT '[1]' AS x UNION ALL SELECT 'oops')", SQL_FORMAT_CSV,
		  0, &rc, err, sizeof(err));
	assert_int_equal(rc, SQL_FAILED);
	assert_string_equal(err, "malformed JSON");
	assert_string_equal(out, "json(x)\n[1]\n");
	free(out);

	snprintf(path, sizeof(path), "%s/missing.db", tmpdir);
	assert_int_equal(sql_open(path, &s, err, sizeof(err)), SQL_FAILED);
	assert_null(s);
	assert_non_null(strstr(err, "missing.db: no such database"));
	assert_true(access(path, F_OK) != 0);
	assert_int_equal(sql_open(tmpdir, &s, err, sizeof(err)), SQL_FAILED);
	assert_non_null(strstr(err, "not a regular file"));
	snprintf(path, sizeof(path), "%s/empty.db", tmpdir);
	fclose(fopen(path, "w"));
	assert_int_equal(sql_open(path, &s, err, sizeof(err)), SQL_FAILED);
	assert_non_null(strstr(err, "empty.db: an empty file, not a podaudit database"));
	snprintf(path, sizeof(path), "%s/text.db", tmpdir);
	{
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs("not a database, but long enough to be read as a header by SQLite; "
		      "not a database, but long enough to be read as a header by SQLite\n",
		      f);
		fclose(f);
	}
	assert_int_equal(sql_open(path, &s, err, sizeof(err)), SQL_FAILED);
	assert_non_null(strstr(err, "file is not a database"));
	assert_null(s);
}

/* Reads: views, tables, joins, aggregates, json_each, read-only pragmas, the schema. */
static void
test_reads(void **state)
{
	static const struct {
		const char *query, *csv;
	} cases[] = {
	    {"SELECT count(*) AS n FROM events", "n\n6\n"},
	    {"SELECT count(*) FROM event", "count(*)\n6\n"},
	    {"SELECT e.serial, p.subcommand FROM events e JOIN podman_commands p ON p.id = e.id "
	     "WHERE e.serial < 3 ORDER BY 1",
	     "serial,subcommand\n1,run\n2,run\n"},
	    {"SELECT user, count(*), sum(exit), avg(exit), max(serial) FROM events GROUP BY user",
	     "user,count(*),sum(exit),avg(exit),max(serial)\nalice,6,-12,-2.0,6\n"},
	    {"SELECT value FROM json_each('[1,\"a\"]')", "value\n1\na\n"},
	    {"SELECT count(*) FROM pragma_table_info('events') WHERE name = 'argv'",
	     "count(*)\n1\n"},
	    {"PRAGMA table_info(users)",
	     "cid,name,type,notnull,dflt_value,pk\n0,auid,INTEGER,0,,0\n1,user,TEXT,0,,0\n"
	     "2,events,,0,,0\n3,first_epoch,,0,,0\n4,last_epoch,,0,,0\n"},
	    {"PRAGMA user_version", "user_version\n7\n"},
	    {"SELECT name FROM sqlite_schema WHERE type = 'view' AND name LIKE 'p%' ORDER BY 1",
	     "name\npaths\npodman_commands\n"},
	    {"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3) "
	     "SELECT x FROM c",
	     "x\n1\n2\n3\n"},
	    {"SELECT 1; -- a comment after the statement", "1\n1\n"},
	    {"EXPLAIN QUERY PLAN SELECT 1", NULL},
	};
	char err[512];
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;
		char *out = run(cases[i].query, SQL_FORMAT_CSV, 0, &rc, err, sizeof(err));
		if (rc != SQL_OK)
			fail_msg("%s: rc %d: %s", cases[i].query, rc, err);
		if (cases[i].csv != NULL)
			assert_string_equal(out, cases[i].csv);
		free(out);
	}
}

/* The table: escaped, NULL distinct from 'NULL', numbers right-aligned, fitted, counted. */
static void
test_table(void **state)
{
	char err[512];
	int rc;
	char *out;
	(void)state;

	out = run("SELECT serial, container FROM podman_commands ORDER BY serial", SQL_FORMAT_TABLE,
		  0, &rc, err, sizeof(err));
	assert_int_equal(rc, SQL_OK);
	assert_string_equal(out, "serial  container\n"
				 "------  --------------------------\n"
				 "     1  \\x1b]0;owned\\x07\\x1b[2Jred\n"
				 "     2  two\\nlines\n"
				 "     3  caf\\xe9 \\xff\\xfe\n"
				 "     4  =cmd|' /C calc'!A0\n"
				 "     5  \\x4eULL\n"
				 "     6  NULL\n"
				 "(6 rows)\n");
	assert_null(strchr(out, '\033'));
	free(out);

	/* Too wide for 60 columns: cut with an ellipsis; every line fits. */
	out = run("SELECT printf('%.50c', 'a') AS a, printf('%.50c', 'b') AS b, 7 AS n",
		  SQL_FORMAT_TABLE, 0, &rc, err, sizeof(err));
	assert_int_equal(rc, SQL_OK);
	assert_string_equal(
	    out, "a                             b                            n\n"
		 "----------------------------  ---------------------------  -\n"
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaa\u2026  bbbbbbbbbbbbbbbbbbbbbbbbbb\u2026  7\n"
		 "(1 row)\n");
	free(out);

	/* One cell longer than the line: cut to the line. */
	out = run("SELECT printf('%.200c', 'z') AS z", SQL_FORMAT_TABLE, 0, &rc, err, sizeof(err));
	assert_int_equal(rc, SQL_OK);
	{
		char want[512];
		snprintf(want, sizeof(want), "z\n%.60s\n%.59s\u2026\n(1 row)\n",
			 "------------------------------------------------------------------",
			 "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
		assert_string_equal(out, want);
	}
	free(out);

	/* Widths come from the first rows only (here 1); later rows are cut to them. */
	out = run("SELECT 'ab' AS x UNION ALL SELECT 'abcdef' UNION ALL SELECT NULL",
		  SQL_FORMAT_TABLE, 1, &rc, err, sizeof(err));
	assert_int_equal(rc, SQL_OK);
	assert_string_equal(out, "x\n--\nab\na\u2026\nNULL\n(3 rows)\n");
	free(out);

	/* No rows: header only; blobs as X'..'; reals as SQLite writes them. */
	out = run("SELECT x'00ff1b' AS b, 2.5 AS r, -1 AS i WHERE 0", SQL_FORMAT_TABLE, 0, &rc, err,
		  sizeof(err));
	assert_string_equal(out, "b  r  i\n-  -  -\n(0 rows)\n");
	free(out);
	out = run("SELECT x'00ff1b' AS b, 2.5 AS r, -1 AS i", SQL_FORMAT_TABLE, 0, &rc, err,
		  sizeof(err));
	assert_string_equal(out, "b            r   i\n---------  ---  --\nX'00FF1B'  2.5  -1\n"
				 "(1 row)\n");
	free(out);
}

/* CSV: formulas neutralised, numbers as numbers, NULL empty, invalid bytes as \xHH. */
static void
test_csv(void **state)
{
	char err[512];
	int rc;
	char *out;
	(void)state;

	out = run("SELECT serial, container, exit, -1.5 AS r, x'0aff' AS b FROM podman_commands "
		  "ORDER BY serial",
		  SQL_FORMAT_CSV, 0, &rc, err, sizeof(err));
	assert_int_equal(rc, SQL_OK);
	assert_string_equal(out, "serial,container,exit,r,b\n"
				 "1,\033]0;owned\007\033[2Jred,-2,-1.5,X'0AFF'\n"
				 "2,\"two\nlines\",-2,-1.5,X'0AFF'\n"
				 "3,caf\\xe9 \\xff\\xfe,-2,-1.5,X'0AFF'\n"
				 "4,'=cmd|' /C calc'!A0,-2,-1.5,X'0AFF'\n"
				 "5,NULL,-2,-1.5,X'0AFF'\n"
				 "6,,-2,-1.5,X'0AFF'\n");
	free(out);
	out = run("SELECT 1 AS \"=HYPERLINK()\", 2 AS \"a,b\"", SQL_FORMAT_CSV, 0, &rc, err,
		  sizeof(err));
	assert_string_equal(out, "'=HYPERLINK(),\"a,b\"\n1,2\n");
	free(out);
}

/* JSON: typed values, unique keys, invalid UTF-8 as \udcXX, blobs as hex. */
static void
test_json(void **state)
{
	char err[512];
	int rc;
	char *out;
	(void)state;

	out = run("SELECT serial, container FROM podman_commands WHERE serial IN (1, 2, 3, 6) "
		  "ORDER BY serial",
		  SQL_FORMAT_JSON, 0, &rc, err, sizeof(err));
	assert_int_equal(rc, SQL_OK);
	assert_string_equal(
	    out, "[\n"
		 "{\"serial\":1,\"container\":\"\\u001b]0;owned\\u0007\\u001b[2Jred\"},\n"
		 "{\"serial\":2,\"container\":\"two\\nlines\"},\n"
		 "{\"serial\":3,\"container\":\"caf\\udce9 \\udcff\\udcfe\"},\n"
		 "{\"serial\":6,\"container\":null}\n"
		 "]\n");
	free(out);
	out = run("SELECT 1 AS a, 2.5 AS a, x'00ff' AS a, 1e999 AS inf, -1e999 AS ninf, "
		  "'\"' AS q",
		  SQL_FORMAT_JSON, 0, &rc, err, sizeof(err));
	assert_string_equal(out, "[\n{\"a\":1,\"a:2\":2.5,\"a:3\":\"00FF\",\"inf\":9.0e+999,"
				 "\"ninf\":-9.0e+999,\"q\":\"\\\"\"}\n]\n");
	free(out);
	out = run("SELECT 1 WHERE 0", SQL_FORMAT_JSON, 0, &rc, err, sizeof(err));
	assert_string_equal(out, "[]\n");
	free(out);
}

/* A runaway query stops at the timeout, or when the stop flag is raised. */
static void
test_stop(void **state)
{
	static const char forever[] = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
				      "FROM c) SELECT count(*) FROM c";
	struct sql_session *s = open_db();
	volatile sig_atomic_t stop = 1;
	struct sql_options o = {SQL_FORMAT_CSV, 0, 0, 0.2, NULL};
	char err[512];
	FILE *null = fopen("/dev/null", "w");
	long rows = -1;
	(void)state;

	assert_non_null(null);
	assert_int_equal(sql_prepare(s, forever, err, sizeof(err)), SQL_OK);
	assert_int_equal(sql_run(s, &o, null, &rows, err, sizeof(err)), SQL_TIMEOUT);
	assert_non_null(strstr(err, "longer than the 0.2 s timeout"));
	assert_int_equal(rows, 0);
	o.timeout = 0;
	o.stop = &stop;
	assert_int_equal(sql_run(s, &o, null, &rows, err, sizeof(err)), SQL_INTERRUPTED);
	assert_string_equal(err, "interrupted");
	/* The same statement runs again once the flag is down. */
	stop = 0;
	assert_int_equal(sql_prepare(s, "SELECT 1 UNION ALL SELECT 2", err, sizeof(err)), SQL_OK);
	assert_int_equal(sql_run(s, &o, null, &rows, err, sizeof(err)), SQL_OK);
	assert_int_equal(rows, 2);
	fclose(null);
	sql_close(s);
	sql_close(NULL);
}

/* Format names. */
static void
test_format_names(void **state)
{
	enum sql_format f = SQL_FORMAT_TABLE;
	(void)state;

	assert_int_equal(sql_format_parse("json", &f), 0);
	assert_int_equal(f, SQL_FORMAT_JSON);
	assert_int_equal(sql_format_parse("csv", &f), 0);
	assert_int_equal(f, SQL_FORMAT_CSV);
	assert_int_equal(sql_format_parse("table", &f), 0);
	assert_int_equal(f, SQL_FORMAT_TABLE);
	assert_int_equal(sql_format_parse("html", &f), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_refused), cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_reads),   cmocka_unit_test(test_table),
	    cmocka_unit_test(test_csv),	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_stop),    cmocka_unit_test(test_format_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
