/*
 * eventdoc.c: one stored event as a JSON document; see eventdoc.h.
 */
#include "query/eventdoc.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/json.h"

struct eventdoc {
	sqlite3 *db;
	sqlite3_stmt *event;
	sqlite3_stmt *podman;
	sqlite3_stmt *runtime;
	sqlite3_stmt *paths;
};

/* Columns of the event statement, in order. */
enum {
	C_ID,
	C_NODE,
	C_TIME,
	C_EPOCH,
	C_MSEC,
	C_SERIAL,
	C_TYPE,
	C_KEY,
	C_SYSCALL,
	C_SUCCESS,
	C_EXIT,
	C_AUID,
	C_USER,
	C_UID,
	C_EUID,
	C_GID,
	C_SES,
	C_TTY,
	C_PID,
	C_PPID,
	C_COMM,
	C_EXE,
	C_CWD,
	C_ARGV,
	C_PROCTITLE,
	C_CONTAINER_ID,
	C_CONTAINER_NAME,
	C_CAUSE_ID,
	C_RAW,
	C_COUNT
};

/* Prepare sql into *st; on failure leave SQLite's message in err. */
static int
prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, char *err, size_t errlen)
{
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot read events: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int
eventdoc_open(struct sqlite3 *db, struct eventdoc **out, char *err, size_t errlen)
{
	struct eventdoc *ed = alloc_check(calloc(1, sizeof(*ed)));
	int rc;

	ed->db = db;
	rc = prepare(db,
		     "SELECT id, node, time, epoch, msec, serial, type, key, syscall, success, "
		     "exit, auid, user, uid, euid, gid, ses, tty, pid, ppid, comm, exe, cwd, "
		     "argv, proctitle, container_id, container_name, cause_id, raw "
		     "FROM events WHERE id = ?1",
		     &ed->event, err, errlen);
	if (rc == 0)
		rc = prepare(
		    db,
		    "SELECT mode, subcommand, object, container, image, pod, volume, "
		    "risks_json, internal, internal_reason FROM podman_commands WHERE id = ?1",
		    &ed->podman, err, errlen);
	if (rc == 0)
		rc = prepare(db, "SELECT runtime, action FROM runtime_commands WHERE id = ?1",
			     &ed->runtime, err, errlen);
	if (rc == 0)
		rc = prepare(db,
			     "SELECT item, name, nametype, inode, mode, ouid FROM paths "
			     "WHERE event_id = ?1 ORDER BY item",
			     &ed->paths, err, errlen);
	if (rc != 0) {
		eventdoc_close(ed);
		return -1;
	}
	*out = ed;
	return 0;
}

void
eventdoc_close(struct eventdoc *ed)
{
	if (ed == NULL)
		return;
	sqlite3_finalize(ed->event);
	sqlite3_finalize(ed->podman);
	sqlite3_finalize(ed->runtime);
	sqlite3_finalize(ed->paths);
	free(ed);
}

/* Append ,"name": before a value; the first member of an object has no comma. */
static void
member(struct strbuf *sb, int *first, const char *name)
{
	if (!*first)
		strbuf_putc(sb, ',');
	*first = 0;
	strbuf_putc(sb, '"');
	strbuf_puts(sb, name);
	strbuf_puts(sb, "\":");
}

/* Append column i of st as a JSON string member, unless it is NULL. */
static void
put_text(struct strbuf *sb, int *first, const char *name, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return;
	member(sb, first, name);
	json_put_string(sb, (const char *)sqlite3_column_text(st, i),
			(size_t)sqlite3_column_bytes(st, i));
}

/* Append column i of st as a JSON integer member, unless it is NULL. */
static void
put_int(struct strbuf *sb, int *first, const char *name, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return;
	member(sb, first, name);
	strbuf_printf(sb, "%" PRId64, (int64_t)sqlite3_column_int64(st, i));
}

/* Append column i of st as a JSON boolean member, unless it is NULL. */
static void
put_bool(struct strbuf *sb, int *first, const char *name, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return;
	member(sb, first, name);
	strbuf_puts(sb, sqlite3_column_int64(st, i) ? "true" : "false");
}

/*
 * Append column i of st, which holds JSON text podaudit wrote itself (argv,
 * risks_json), as a member, unless it is NULL or empty.
 */
static void
put_json(struct strbuf *sb, int *first, const char *name, sqlite3_stmt *st, int i)
{
	int n = sqlite3_column_bytes(st, i);

	if (sqlite3_column_type(st, i) == SQLITE_NULL || n == 0)
		return;
	member(sb, first, name);
	strbuf_add(sb, sqlite3_column_text(st, i), (size_t)n);
}

/* Append the key column (keys joined with ',') as an array of strings. */
static void
put_keys(struct strbuf *sb, int *first, sqlite3_stmt *st, int i)
{
	const char *k = (const char *)sqlite3_column_text(st, i);
	const char *end, *comma;

	if (k == NULL)
		return;
	end = k + sqlite3_column_bytes(st, i);
	member(sb, first, "keys");
	strbuf_putc(sb, '[');
	while (k <= end) {
		comma = memchr(k, ',', (size_t)(end - k));
		if (comma == NULL)
			comma = end;
		if (sb->buf[sb->len - 1] != '[')
			strbuf_putc(sb, ',');
		json_put_string(sb, k, (size_t)(comma - k));
		k = comma + 1;
	}
	strbuf_putc(sb, ']');
}

/* Finish a statement's use: reset it; return -1 with a message if step failed. */
static int
finish(struct eventdoc *ed, sqlite3_stmt *st, int rc, char *err, size_t errlen)
{
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		snprintf(err, errlen, "cannot read events: %s", sqlite3_errmsg(ed->db));
		return -1;
	}
	return 0;
}

/* Append the "podman" object of event id, if it is a podman command. */
static int
put_podman(struct eventdoc *ed, int64_t id, struct strbuf *sb, int *first, char *err, size_t errlen)
{
	sqlite3_stmt *st = ed->podman;
	int rc, f = 1;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		member(sb, first, "podman");
		strbuf_putc(sb, '{');
		put_text(sb, &f, "mode", st, 0);
		put_text(sb, &f, "subcommand", st, 1);
		put_text(sb, &f, "object", st, 2);
		put_text(sb, &f, "container", st, 3);
		put_text(sb, &f, "image", st, 4);
		put_text(sb, &f, "pod", st, 5);
		put_text(sb, &f, "volume", st, 6);
		if (sqlite3_column_type(st, 7) == SQLITE_NULL) {
			member(sb, &f, "risks");
			strbuf_puts(sb, "[]");
		} else {
			put_json(sb, &f, "risks", st, 7);
		}
		put_bool(sb, &f, "internal", st, 8);
		put_text(sb, &f, "internal_reason", st, 9);
		strbuf_putc(sb, '}');
	}
	return finish(ed, st, rc, err, errlen);
}

/* Append the "runtime" object of event id, if it is a runtime command. */
static int
put_runtime(struct eventdoc *ed, int64_t id, struct strbuf *sb, int *first, char *err,
	    size_t errlen)
{
	sqlite3_stmt *st = ed->runtime;
	int rc, f = 1;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		member(sb, first, "runtime");
		strbuf_putc(sb, '{');
		put_text(sb, &f, "runtime", st, 0);
		put_text(sb, &f, "action", st, 1);
		strbuf_putc(sb, '}');
	}
	return finish(ed, st, rc, err, errlen);
}

/* Append the "paths" array of event id, if it touched any. */
static int
put_paths(struct eventdoc *ed, int64_t id, struct strbuf *sb, int *first, char *err, size_t errlen)
{
	sqlite3_stmt *st = ed->paths;
	int rc, n = 0, f;

	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == 0) {
			member(sb, first, "paths");
			strbuf_putc(sb, '[');
		} else {
			strbuf_putc(sb, ',');
		}
		f = 1;
		strbuf_putc(sb, '{');
		put_int(sb, &f, "item", st, 0);
		put_text(sb, &f, "name", st, 1);
		put_text(sb, &f, "nametype", st, 2);
		put_int(sb, &f, "inode", st, 3);
		put_int(sb, &f, "mode", st, 4);
		put_int(sb, &f, "ouid", st, 5);
		strbuf_putc(sb, '}');
	}
	if (n > 0)
		strbuf_putc(sb, ']');
	return finish(ed, st, rc, err, errlen);
}

int
eventdoc_json(struct eventdoc *ed, int64_t id, int flags, struct strbuf *sb, char *err,
	      size_t errlen)
{
	sqlite3_stmt *st = ed->event;
	size_t start = sb->len;
	int rc, first = 1;

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return finish(ed, st, rc, err, errlen) == 0 ? 1 : -1;
	strbuf_putc(sb, '{');
	put_int(sb, &first, "id", st, C_ID);
	put_text(sb, &first, "node", st, C_NODE);
	put_text(sb, &first, "time", st, C_TIME);
	put_int(sb, &first, "epoch", st, C_EPOCH);
	put_int(sb, &first, "msec", st, C_MSEC);
	put_int(sb, &first, "serial", st, C_SERIAL);
	put_text(sb, &first, "type", st, C_TYPE);
	put_keys(sb, &first, st, C_KEY);
	put_text(sb, &first, "syscall", st, C_SYSCALL);
	put_bool(sb, &first, "success", st, C_SUCCESS);
	put_int(sb, &first, "exit", st, C_EXIT);
	put_int(sb, &first, "auid", st, C_AUID);
	put_text(sb, &first, "user", st, C_USER);
	put_int(sb, &first, "uid", st, C_UID);
	put_int(sb, &first, "euid", st, C_EUID);
	put_int(sb, &first, "gid", st, C_GID);
	put_int(sb, &first, "ses", st, C_SES);
	put_text(sb, &first, "tty", st, C_TTY);
	put_int(sb, &first, "pid", st, C_PID);
	put_int(sb, &first, "ppid", st, C_PPID);
	put_text(sb, &first, "comm", st, C_COMM);
	put_text(sb, &first, "exe", st, C_EXE);
	put_text(sb, &first, "cwd", st, C_CWD);
	put_json(sb, &first, "argv", st, C_ARGV);
	put_text(sb, &first, "proctitle", st, C_PROCTITLE);
	if (sqlite3_column_type(st, C_CONTAINER_ID) != SQLITE_NULL ||
	    sqlite3_column_type(st, C_CONTAINER_NAME) != SQLITE_NULL) {
		int f = 1;

		member(sb, &first, "container");
		strbuf_putc(sb, '{');
		put_text(sb, &f, "id", st, C_CONTAINER_ID);
		put_text(sb, &f, "name", st, C_CONTAINER_NAME);
		strbuf_putc(sb, '}');
	}
	put_int(sb, &first, "cause_id", st, C_CAUSE_ID);
	if (flags & EVENTDOC_RAW)
		put_text(sb, &first, "raw", st, C_RAW);
	rc = finish(ed, st, SQLITE_DONE, err, errlen);
	if (rc == 0)
		rc = put_podman(ed, id, sb, &first, err, errlen);
	if (rc == 0)
		rc = put_runtime(ed, id, sb, &first, err, errlen);
	if (rc == 0)
		rc = put_paths(ed, id, sb, &first, err, errlen);
	if (rc != 0) {
		sb->len = start;
		if (sb->buf)
			sb->buf[start] = '\0';
		return -1;
	}
	strbuf_putc(sb, '}');
	return 0;
}
