/*
 * ecs.c: events as Elastic Common Schema documents; see ecs.h.
 */
#include "forward/ecs.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/json.h"

#define AUID_UNSET 4294967295LL

struct forward_ecs {
	sqlite3_stmt *st[4]; /* the statements of sql[] */
	char *host;
};

/* Columns of the event statement, in order. */
enum {
	C_ID,
	C_NODE,
	C_TIME,
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
	C_EPOCH,
	C_MSEC,
	C_RAW,
};

/* Columns of the podman statement. */
enum {
	P_MODE,
	P_SUBCOMMAND,
	P_OBJECT,
	P_CONTAINER,
	P_IMAGE,
	P_POD,
	P_VOLUME,
	P_RISKS_JSON,
	P_INTERNAL,
	P_INTERNAL_REASON,
};

static const char *const sql[] = {
    "SELECT id, node, time, serial, type, key, syscall, success, exit, auid, user, uid, euid, "
    "gid, ses, pid, ppid, comm, exe, cwd, argv, proctitle, container_id, container_name, "
    "cause_id, epoch, msec, raw FROM events WHERE id = ?1",
    "SELECT mode, subcommand, object, container, image, pod, volume, risks_json, internal, "
    "internal_reason FROM podman_commands WHERE id = ?1",
    "SELECT runtime, action FROM runtime_commands WHERE id = ?1",
    "SELECT name, nametype FROM paths WHERE event_id = ?1 AND nametype IS NOT 'PARENT' "
    "ORDER BY item LIMIT 1",
};

/* One event's rows: the event, and its podman, runtime and path rows or NULL. */
struct row {
	sqlite3_stmt *ev, *pm, *rt, *pa;
};

int
forward_ecs_open(struct sqlite3 *db, const char *host, struct forward_ecs **out, char *err,
		 size_t errlen)
{
	struct forward_ecs *ecs = alloc_check(calloc(1, sizeof(*ecs)));

	ecs->host = alloc_check(strdup(host));
	for (size_t i = 0; i < 4; i++)
		if (sqlite3_prepare_v3(db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &ecs->st[i],
				       NULL) != SQLITE_OK) {
			snprintf(err, errlen, "cannot read events: %s", sqlite3_errmsg(db));
			forward_ecs_close(ecs);
			return -1;
		}
	*out = ecs;
	return 0;
}

void
forward_ecs_close(struct forward_ecs *ecs)
{
	if (ecs == NULL)
		return;
	for (size_t i = 0; i < 4; i++)
		sqlite3_finalize(ecs->st[i]);
	free(ecs->host);
	free(ecs);
}

/* A JSON object under construction: whether a member was written yet. */
struct obj {
	struct strbuf *sb;
	int first;
};

/* Start member name of o (with its comma). */
static void
member(struct obj *o, const char *name)
{
	if (!o->first)
		strbuf_putc(o->sb, ',');
	o->first = 0;
	json_put_string(o->sb, name, strlen(name));
	strbuf_putc(o->sb, ':');
}

/* Open a nested object as member name of o. */
static struct obj
open_obj(struct obj *o, const char *name)
{
	member(o, name);
	strbuf_putc(o->sb, '{');
	return (struct obj){o->sb, 1};
}

static void
close_obj(struct obj *o)
{
	strbuf_putc(o->sb, '}');
}

static int
is_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL;
}

static const char *
text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* 1 for an execve event (its PATH records are the program and its interpreter). */
static int
is_execve(sqlite3_stmt *st)
{
	return !is_null(st, C_SYSCALL) && strcmp(text(st, C_SYSCALL), "execve") == 0;
}

/* Member name: the text of column i, unless NULL. */
static void
put_text(struct obj *o, const char *name, sqlite3_stmt *st, int i)
{
	if (is_null(st, i))
		return;
	member(o, name);
	json_put_string(o->sb, text(st, i), (size_t)sqlite3_column_bytes(st, i));
}

/* Member name: a C string. */
static void
put_str(struct obj *o, const char *name, const char *s)
{
	member(o, name);
	json_put_string(o->sb, s, strlen(s));
}

/* Member name: the integer of column i, unless NULL. */
static void
put_int(struct obj *o, const char *name, sqlite3_stmt *st, int i)
{
	if (is_null(st, i))
		return;
	member(o, name);
	strbuf_printf(o->sb, "%" PRId64, (int64_t)sqlite3_column_int64(st, i));
}

/* Member name: the integer of column i as a string (ECS ids are keywords). */
static void
put_id(struct obj *o, const char *name, sqlite3_stmt *st, int i)
{
	if (is_null(st, i))
		return;
	member(o, name);
	strbuf_printf(o->sb, "\"%" PRId64 "\"", (int64_t)sqlite3_column_int64(st, i));
}

/* Member name: JSON text podaudit wrote itself (argv, risks_json), unless NULL or empty. */
static void
put_json(struct obj *o, const char *name, sqlite3_stmt *st, int i)
{
	int n = sqlite3_column_bytes(st, i);

	if (is_null(st, i) || n == 0)
		return;
	member(o, name);
	strbuf_add(o->sb, sqlite3_column_text(st, i), (size_t)n);
}

/* A single-string array member. */
static void
put_array1(struct obj *o, const char *name, const char *s)
{
	member(o, name);
	strbuf_putc(o->sb, '[');
	json_put_string(o->sb, s, strlen(s));
	strbuf_putc(o->sb, ']');
}

/* Number of elements of a JSON array of strings podaudit wrote (argv). */
static int64_t
array_count(const char *s)
{
	int64_t n = 0;
	int in = 0;

	for (; s != NULL && *s != '\0'; s++) {
		if (in && *s == '\\' && s[1] != '\0')
			s++;
		else if (*s == '"') {
			if (!in)
				n++;
			in = !in;
		}
	}
	return n;
}

/* event.action: what happened, in one word (see docs/forwarding.md). */
static void
put_action(struct obj *o, const struct row *w)
{
	sqlite3_stmt *st = w->ev;
	struct strbuf a = STRBUF_INIT;

	if (w->pm != NULL) {
		strbuf_puts(&a, "podman");
		if (!is_null(w->pm, P_SUBCOMMAND)) {
			strbuf_putc(&a, '-');
			strbuf_puts(&a, text(w->pm, P_SUBCOMMAND));
		}
	} else if (w->rt != NULL && !is_null(w->rt, 0)) {
		strbuf_puts(&a, text(w->rt, 0));
		if (!is_null(w->rt, 1)) {
			strbuf_putc(&a, '-');
			strbuf_puts(&a, text(w->rt, 1));
		}
	} else if (is_execve(st)) {
		strbuf_puts(&a, "executed");
	} else if (!is_null(st, C_SYSCALL)) {
		strbuf_puts(&a, text(st, C_SYSCALL));
	} else if (!is_null(st, C_TYPE)) {
		for (const char *c = text(st, C_TYPE); *c; c++)
			strbuf_putc(&a, (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c));
	} else {
		strbuf_puts(&a, "unknown");
	}
	member(o, "action");
	json_put_string(o->sb, a.buf, a.len);
	strbuf_free(&a);
}

/* event.category and event.type. */
static void
put_category(struct obj *o, const struct row *w)
{
	if (is_execve(w->ev)) {
		put_array1(o, "category", "process");
		put_array1(o, "type", "start");
	} else if (w->pa != NULL) {
		const char *nt = is_null(w->pa, 1) ? "" : text(w->pa, 1);
		put_array1(o, "category", "file");
		put_array1(o, "type",
			   strcmp(nt, "CREATE") == 0   ? "creation"
			   : strcmp(nt, "DELETE") == 0 ? "deletion"
						       : "change");
	} else {
		put_array1(o, "category", "host");
		put_array1(o, "type", "info");
	}
}

/* 1 when the podman command has risk findings. */
static int
risky(const struct row *w)
{
	return w->pm != NULL && !is_null(w->pm, P_RISKS_JSON) &&
	       sqlite3_column_bytes(w->pm, P_RISKS_JSON) > 2;
}

/* tags: the audit keys, then "risky" and "internal" for podman commands. */
static void
put_tags(struct obj *o, const struct row *w)
{
	const char *k = is_null(w->ev, C_KEY) ? NULL : text(w->ev, C_KEY);
	int n = 0;

	member(o, "tags");
	strbuf_putc(o->sb, '[');
	while (k != NULL && *k != '\0') {
		size_t len = strcspn(k, ",");
		if (n++)
			strbuf_putc(o->sb, ',');
		json_put_string(o->sb, k, len);
		k += len + (k[len] == ',');
	}
	if (risky(w))
		strbuf_puts(o->sb, n++ ? ",\"risky\"" : "\"risky\"");
	if (w->pm != NULL && sqlite3_column_int(w->pm, P_INTERNAL))
		strbuf_puts(o->sb, n++ ? ",\"internal\"" : "\"internal\"");
	strbuf_putc(o->sb, ']');
}

/* user.*: real, effective and login (audit) identities. */
static void
put_user(struct obj *root, sqlite3_stmt *st)
{
	struct obj u = open_obj(root, "user");
	int64_t auid = sqlite3_column_int64(st, C_AUID);
	int have_auid = !is_null(st, C_AUID) && auid != AUID_UNSET;

	put_id(&u, "id", st, C_UID);
	/* The events carry a name for the login uid only: use it when the
	 * process ran as that uid, and "root" for uid 0. */
	if (!is_null(st, C_UID)) {
		int64_t uid = sqlite3_column_int64(st, C_UID);
		if (have_auid && uid == auid && !is_null(st, C_USER))
			put_text(&u, "name", st, C_USER);
		else if (uid == 0)
			put_str(&u, "name", "root");
	}
	if (!is_null(st, C_EUID)) {
		struct obj e = open_obj(&u, "effective");
		put_id(&e, "id", st, C_EUID);
		close_obj(&e);
	}
	if (!is_null(st, C_GID)) {
		struct obj g = open_obj(&u, "group");
		put_id(&g, "id", st, C_GID);
		close_obj(&g);
	}
	if (have_auid) {
		struct obj a = open_obj(&u, "audit");
		put_id(&a, "id", st, C_AUID);
		put_text(&a, "name", st, C_USER);
		close_obj(&a);
	}
	close_obj(&u);
}

/* process.*: the executed program. */
static void
put_process(struct obj *root, sqlite3_stmt *st)
{
	struct obj p = open_obj(root, "process");

	put_int(&p, "pid", st, C_PID);
	if (!is_null(st, C_PPID)) {
		struct obj pp = open_obj(&p, "parent");
		put_int(&pp, "pid", st, C_PPID);
		close_obj(&pp);
	}
	put_text(&p, "executable", st, C_EXE);
	put_text(&p, "name", st, C_COMM);
	if (!is_null(st, C_ARGV) && sqlite3_column_bytes(st, C_ARGV) > 0) {
		put_json(&p, "args", st, C_ARGV);
		member(&p, "args_count");
		strbuf_printf(p.sb, "%" PRId64, array_count(text(st, C_ARGV)));
	}
	put_text(&p, "working_directory", st, C_CWD);
	put_text(&p, "title", st, C_PROCTITLE);
	close_obj(&p);
}

/* podaudit.*: what podman, conmon and runtime command lines mean, and the audit identity. */
static void
put_podaudit(struct obj *root, const struct row *w)
{
	struct obj p = open_obj(root, "podaudit");
	sqlite3_stmt *st = w->ev, *pm = w->pm;

	put_int(&p, "id", st, C_ID);
	put_text(&p, "node", st, C_NODE);
	put_int(&p, "serial", st, C_SERIAL);
	put_text(&p, "record_type", st, C_TYPE);
	put_text(&p, "key", st, C_KEY);
	put_text(&p, "syscall", st, C_SYSCALL);
	put_int(&p, "exit", st, C_EXIT);
	put_int(&p, "ses", st, C_SES);
	put_int(&p, "cause_id", st, C_CAUSE_ID);
	if (pm != NULL) {
		put_text(&p, "mode", pm, P_MODE);
		put_text(&p, "subcommand", pm, P_SUBCOMMAND);
		put_text(&p, "object", pm, P_OBJECT);
		put_text(&p, "container", pm, P_CONTAINER);
		put_text(&p, "image", pm, P_IMAGE);
		put_text(&p, "pod", pm, P_POD);
		put_text(&p, "volume", pm, P_VOLUME);
		if (is_null(pm, P_RISKS_JSON) || sqlite3_column_bytes(pm, P_RISKS_JSON) == 0) {
			member(&p, "risks");
			strbuf_puts(p.sb, "[]");
		} else {
			put_json(&p, "risks", pm, P_RISKS_JSON);
		}
		if (!is_null(pm, P_INTERNAL)) {
			member(&p, "internal");
			strbuf_puts(p.sb, sqlite3_column_int(pm, P_INTERNAL) ? "true" : "false");
		}
		put_text(&p, "internal_reason", pm, P_INTERNAL_REASON);
	}
	if (w->rt != NULL) {
		struct obj r = open_obj(&p, "runtime");
		put_text(&r, "name", w->rt, 0);
		put_text(&r, "action", w->rt, 1);
		close_obj(&r);
	}
	close_obj(&p);
}

/* Write the document of the event w holds. */
static void
render(struct forward_ecs *ecs, const struct row *w, int flags, struct strbuf *sb)
{
	sqlite3_stmt *st = w->ev;
	struct obj root = {sb, 1}, ev, host;

	strbuf_putc(sb, '{');
	put_text(&root, "@timestamp", st, C_TIME);
	put_text(&root, "message", st, C_PROCTITLE);

	ev = open_obj(&root, "event");
	member(&ev, "id");
	strbuf_putc(sb, '"');
	if (sqlite3_column_bytes(st, C_NODE) > 0) {
		/* the node is inside a JSON string: escape it */
		struct strbuf n = STRBUF_INIT;
		json_put_string(&n, text(st, C_NODE), (size_t)sqlite3_column_bytes(st, C_NODE));
		strbuf_add(sb, n.buf + 1, n.len - 2);
		strbuf_putc(sb, ':');
		strbuf_free(&n);
	}
	strbuf_printf(sb, "%" PRId64 ".%03d:%" PRId64 "\"",
		      (int64_t)sqlite3_column_int64(st, C_EPOCH), sqlite3_column_int(st, C_MSEC),
		      (int64_t)sqlite3_column_int64(st, C_SERIAL));
	put_str(&ev, "kind", "event");
	put_str(&ev, "module", "auditd");
	put_str(&ev, "dataset", "podaudit.events");
	put_action(&ev, w);
	put_category(&ev, w);
	if (is_null(st, C_SUCCESS))
		put_str(&ev, "outcome", "unknown");
	else
		put_str(&ev, "outcome", sqlite3_column_int(st, C_SUCCESS) ? "success" : "failure");
	put_int(&ev, "sequence", st, C_SERIAL);
	member(&ev, "severity");
	strbuf_puts(sb, risky(w) ? "4" : "5");
	if (flags & ECS_ORIGINAL)
		put_text(&ev, "original", st, C_RAW);
	close_obj(&ev);

	put_user(&root, st);
	put_process(&root, st);

	host = open_obj(&root, "host");
	if (sqlite3_column_bytes(st, C_NODE) > 0)
		put_text(&host, "name", st, C_NODE);
	else
		put_str(&host, "name", ecs->host);
	close_obj(&host);

	if (!is_null(st, C_CONTAINER_ID) || !is_null(st, C_CONTAINER_NAME) ||
	    (w->pm != NULL && !is_null(w->pm, P_IMAGE))) {
		struct obj c = open_obj(&root, "container");
		put_text(&c, "id", st, C_CONTAINER_ID);
		put_text(&c, "name", st, C_CONTAINER_NAME);
		if (w->pm != NULL && !is_null(w->pm, P_IMAGE)) {
			struct obj i = open_obj(&c, "image");
			put_text(&i, "name", w->pm, P_IMAGE);
			close_obj(&i);
		}
		close_obj(&c);
	}
	if (w->pa != NULL && !is_execve(st)) {
		struct obj f = open_obj(&root, "file");
		put_text(&f, "path", w->pa, 0);
		close_obj(&f);
	}
	put_tags(&root, w);
	put_podaudit(&root, w);
	strbuf_putc(sb, '}');
}

/* Step statement s for id: 1 with a row, 0 without, -1 on error. */
static int
step(sqlite3_stmt *s, int64_t id)
{
	int rc;

	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
forward_ecs_json(struct forward_ecs *ecs, int64_t id, int flags, struct strbuf *sb, char *err,
		 size_t errlen)
{
	struct row w = {0};
	int rc[4], ret = 0;

	for (size_t i = 0; i < 4; i++) {
		rc[i] = step(ecs->st[i], id);
		if (rc[i] < 0)
			ret = -1;
		if (i == 0 && rc[0] == 0)
			ret = 1;
		if (ret != 0)
			break;
	}
	if (ret == 0) {
		w.ev = ecs->st[0];
		w.pm = rc[1] == 1 ? ecs->st[1] : NULL;
		w.rt = rc[2] == 1 ? ecs->st[2] : NULL;
		w.pa = rc[3] == 1 ? ecs->st[3] : NULL;
		render(ecs, &w, flags, sb);
	} else if (ret < 0) {
		snprintf(err, errlen, "cannot read event %" PRId64 ": %s", id,
			 sqlite3_errmsg(sqlite3_db_handle(ecs->st[0])));
	}
	for (size_t i = 0; i < 4; i++)
		sqlite3_reset(ecs->st[i]);
	return ret;
}
