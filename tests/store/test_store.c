/*
 * test_store.c: the store module through its public interface.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store.h"

static char tmpdir[256];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/podaudit-store-XXXXXX");
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

/* Run one query returning an integer. */
static int64_t
query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static struct store *
open_at(const char *name)
{
	char path[512], err[512];
	struct store *st = NULL;
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if (store_open(path, 0, &st, err, sizeof(err)) != 0)
		fail_msg("store_open: %s", err);
	return st;
}

static void
sample_event(struct store_event *ev, const char *raw)
{
	memset(ev, 0, sizeof(*ev));
	ev->node = "";
	ev->sec = 1795348912;
	ev->msec = 474;
	ev->serial = 16725;
	ev->type = "SYSCALL";
	ev->key = "podman_exec";
	ev->auid = 1001;
	ev->have = EV_AUID;
	ev->raw = raw;
	ev->raw_len = strlen(raw);
}

static void
test_create_modes(void **state)
{
	char path[512], err[512];
	struct store *st = NULL;
	struct stat sb;
	(void)state;

	snprintf(path, sizeof(path), "%s/a/b/podaudit.db", tmpdir);
	assert_int_equal(store_open(path, 0, &st, err, sizeof(err)), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	snprintf(path, sizeof(path), "%s/a/b", tmpdir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0750);
	assert_int_equal(store_db_version(st), store_schema_version());
	store_close(st);
}

static void
test_insert_present_merge(void **state)
{
	struct store *st = open_at("m.db");
	struct store_event ev;
	struct store_path p = {.item = 0,
			       .name = "/usr/bin/podman",
			       .nametype = "NORMAL",
			       .inode = 42,
			       .mode = 0100755,
			       .ouid = 0,
			       .have = PATH_INODE | PATH_MODE | PATH_OUID};
	int ins;
	(void)state;

	sample_event(&ev, "type=SYSCALL msg=audit(1795348912.474:16725): x\n");
	ev.paths = &p;
	ev.npaths = 1;
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_insert_event(st, &ev, &ins), 0);
	assert_int_equal(ins, STORE_INSERTED);
	/* The same event again: nothing changes. */
	assert_int_equal(store_insert_event(st, &ev, &ins), 0);
	assert_int_equal(ins, STORE_PRESENT);
	/* A second part of the same identity: appended, missing fields filled. */
	sample_event(&ev, "type=PROCTITLE msg=audit(1795348912.474:16725): proctitle=6869\n");
	ev.key = NULL;
	ev.exe = "/usr/bin/podman";
	assert_int_equal(store_insert_event(st, &ev, &ins), 0);
	assert_int_equal(ins, STORE_MERGED);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(query_int(store_db(st), "SELECT count(*) FROM event"), 1);
	assert_int_equal(query_int(store_db(st), "SELECT count(*) FROM path"), 1);
	assert_int_equal(query_int(store_db(st), "SELECT count(*) FROM events WHERE "
						 "key = 'podman_exec' AND exe = '/usr/bin/podman' "
						 "AND raw LIKE 'type=SYSCALL%' AND raw LIKE "
						 "'%proctitle=6869' || char(10)"),
			 1);
	assert_int_equal(query_int(store_db(st), "SELECT count(*) FROM events WHERE time = "
						 "'2026-11-22T12:01:52.474Z'"),
			 1);
	store_close(st);
}

static void
test_rollback_keeps_nothing(void **state)
{
	struct store *st = open_at("r.db");
	struct store_event ev;
	struct store_cursor c = {0};
	int ins;
	(void)state;

	sample_event(&ev, "line\n");
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_insert_event(st, &ev, &ins), 0);
	c.path = strdup("/x");
	c.dev = 1;
	c.ino = 2;
	c.offset = 100;
	assert_int_equal(store_cursor_put(st, &c), 0);
	assert_int_equal(store_rollback(st), 0);
	assert_int_equal(query_int(store_db(st), "SELECT count(*) FROM event"), 0);
	assert_int_equal(query_int(store_db(st), "SELECT count(*) FROM source_cursor"), 0);
	store_cursor_clear(&c);
	store_close(st);
}

static void
test_cursor_roundtrip(void **state)
{
	struct store *st = open_at("c.db");
	struct store_cursor c = {0}, got = {0};
	int found;
	(void)state;

	c.path = strdup("/var/log/audit/audit.log");
	c.dev = 65024;
	c.ino = 5308423;
	c.offset = 4374700;
	c.line = 16465;
	c.fp_len = 1024;
	c.fp = 0xfedcba9876543210ULL; /* above INT64_MAX: must survive */
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_cursor_put(st, &c), 0);
	assert_int_equal(store_commit(st), 0);
	assert_true(c.id > 0);
	assert_int_equal(store_cursor_by_inode(st, 65024, 5308423, &got, &found), 0);
	assert_int_equal(found, 1);
	assert_string_equal(got.path, "/var/log/audit/audit.log");
	assert_int_equal(got.offset, 4374700);
	assert_int_equal(got.line, 16465);
	assert_true(got.fp == c.fp);
	store_cursor_clear(&got);
	assert_int_equal(store_cursor_by_fingerprint(st, 1024, 0xfedcba9876543210ULL, &got, &found),
			 0);
	assert_int_equal(found, 1);
	assert_int_equal(got.ino, 5308423);
	store_cursor_clear(&got);
	assert_int_equal(store_cursor_by_inode(st, 65024, 1, &got, &found), 0);
	assert_int_equal(found, 0);
	/* Updating by id moves the offset. */
	c.offset = 5000000;
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_cursor_put(st, &c), 0);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(query_int(store_db(st), "SELECT offset FROM sources"), 5000000);
	store_cursor_clear(&c);
	store_close(st);
}

static void
test_upgrade_from_v1(void **state)
{
	char path[512], sql[512], err[512];
	struct store *st = NULL;
	sqlite3 *db;
	const char *src = getenv("PODAUDIT_SRCDIR");
	FILE *f;
	char *v1 = NULL;
	size_t cap = 0;
	ssize_t n;
	(void)state;

	/* Build a version 1 database from the frozen copy of migration 1. */
	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/tests/store/data/schema-v1.sql", src);
	f = fopen(path, "r");
	assert_non_null(f);
	n = getdelim(&v1, &cap, '\0', f);
	fclose(f);
	assert_true(n > 0);
	snprintf(path, sizeof(path), "%s/old.db", tmpdir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, v1, NULL, NULL, NULL), SQLITE_OK);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO event(sec, msec, serial, type, key, raw) "
		 "VALUES (1, 2, 3, 'SYSCALL', 'podman_exec', 'raw'); PRAGMA user_version = 1; "
		 "PRAGMA application_id = %d",
		 0x50444155);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(v1);

	/* Read-only open refuses an old schema, read-write upgrades it in place. */
	assert_int_equal(store_open(path, STORE_READONLY, &st, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "older"));
	assert_int_equal(store_open(path, 0, &st, err, sizeof(err)), 0);
	assert_int_equal(store_db_version(st), store_schema_version());
	assert_int_equal(query_int(store_db(st),
				   "SELECT count(*) FROM events WHERE key = "
				   "'podman_exec' AND time = '1970-01-01T00:00:01.002Z'"),
			 1);
	/* Version 7: the container indexes hold only events that have one. */
	assert_int_equal(query_int(store_db(st),
				   "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND "
				   "name IN ('event_container', 'event_container_name') AND "
				   "sql LIKE '%WHERE % IS NOT NULL%'"),
			 2);
	store_close(st);
}

static void
test_refuses_foreign_database(void **state)
{
	char path[512], err[512];
	struct store *st = NULL;
	sqlite3 *db;
	(void)state;

	snprintf(path, sizeof(path), "%s/other.db", tmpdir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, 0, &st, err, sizeof(err)), -1);
	assert_null(st);
	assert_non_null(strstr(err, "not a podaudit database"));
	assert_non_null(strstr(err, path));
}

static void
test_open_errors_name_path(void **state)
{
	char err[512];
	struct store *st = NULL;
	(void)state;

	assert_int_equal(store_open("/proc/podaudit-nope/x.db", 0, &st, err, sizeof(err)), -1);
	assert_null(st);
	assert_non_null(strstr(err, "/proc/podaudit-nope/x.db"));
	assert_int_equal(
	    store_open("/nonexistent-podaudit/x.db", STORE_READONLY, &st, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent-podaudit/x.db"));
	store_close(NULL);
}

static void
test_readonly_cannot_write(void **state)
{
	char path[512], err[512];
	struct store *st = open_at("ro.db");
	struct store_event ev;
	int ins;
	(void)state;

	store_close(st);
	snprintf(path, sizeof(path), "%s/ro.db", tmpdir);
	assert_int_equal(store_open(path, STORE_READONLY, &st, err, sizeof(err)), 0);
	sample_event(&ev, "x\n");
	assert_int_equal(store_insert_event(st, &ev, &ins), -1);
	assert_true(strlen(store_errmsg(st)) > 0);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create_modes),
	    cmocka_unit_test(test_insert_present_merge),
	    cmocka_unit_test(test_rollback_keeps_nothing),
	    cmocka_unit_test(test_cursor_roundtrip),
	    cmocka_unit_test(test_upgrade_from_v1),
	    cmocka_unit_test(test_refuses_foreign_database),
	    cmocka_unit_test(test_open_errors_name_path),
	    cmocka_unit_test(test_readonly_cannot_write),
	};
	return cmocka_run_group_tests_name("store", tests, setup, teardown);
}
