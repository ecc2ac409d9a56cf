/*
 * search.c: filters as SQL with bound parameters, and lookups of one
 * event's details; see search.h.
 */
#include "query/search.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "util/alloc.h"

/* The events view's columns a query_row holds, in row_fill() order. */
#define ROW_COLUMNS                                                                                \
	"e.id, e.node, e.epoch, e.msec, e.serial, e.type, e.key, e.syscall, e.success, "           \
	"e.exit, e.auid, e.uid, e.euid, e.gid, e.ses, e.pid, e.ppid, e.cause_id, e.user, e.tty, "  \
	"e.comm, e.exe, e.cwd, e.argv, e.proctitle, e.container_id, e.container_name"
#define ROW_NCOLUMNS 27
#define ORDER	     " ORDER BY e.epoch, e.msec, e.id"

#define MAX_BINDS 64
#define MAX_KEYS  64 /* stored keys holding --key that a search lists */

struct bind {
	int text;
	int64_t i;
	char *s; /* owned */
};

struct query_search {
	sqlite3_stmt *stmt;
	struct query_row row;
	int with_raw;
};

struct query_lookup {
	sqlite3_stmt *event, *podman, *runtime, *paths, *caused, *main_path;
	struct query_row row;
};

/* Text of column i, or NULL. */
static const char *
col_text(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL
							 : (const char *)sqlite3_column_text(st, i);
}

/* Integer column i into *v, setting bit in *have unless it is NULL. */
static void
col_int(sqlite3_stmt *st, int i, int64_t *v, unsigned *have, unsigned bit)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		*v = 0;
		return;
	}
	*v = sqlite3_column_int64(st, i);
	*have |= bit;
}

/*
 * Fill row from the current result of st (ROW_COLUMNS, then raw when
 * with_raw, as column ROW_NCOLUMNS).
 */
static void
row_fill(sqlite3_stmt *st, struct query_row *row, int with_raw)
{
	memset(row, 0, sizeof(*row));
	row->id = sqlite3_column_int64(st, 0);
	row->node = col_text(st, 1);
	row->sec = sqlite3_column_int64(st, 2);
	row->msec = sqlite3_column_int(st, 3);
	row->serial = sqlite3_column_int64(st, 4);
	row->type = col_text(st, 5);
	row->key = col_text(st, 6);
	row->syscall = col_text(st, 7);
	col_int(st, 8, &row->success, &row->have, QR_SUCCESS);
	col_int(st, 9, &row->exit, &row->have, QR_EXIT);
	col_int(st, 10, &row->auid, &row->have, QR_AUID);
	col_int(st, 11, &row->uid, &row->have, QR_UID);
	col_int(st, 12, &row->euid, &row->have, QR_EUID);
	col_int(st, 13, &row->gid, &row->have, QR_GID);
	col_int(st, 14, &row->ses, &row->have, QR_SES);
	col_int(st, 15, &row->pid, &row->have, QR_PID);
	col_int(st, 16, &row->ppid, &row->have, QR_PPID);
	col_int(st, 17, &row->cause_id, &row->have, QR_CAUSE);
	row->user = col_text(st, 18);
	row->tty = col_text(st, 19);
	row->comm = col_text(st, 20);
	row->exe = col_text(st, 21);
	row->cwd = col_text(st, 22);
	row->argv = col_text(st, 23);
	row->proctitle = col_text(st, 24);
	row->container_id = col_text(st, 25);
	row->container_name = col_text(st, 26);
	if (with_raw && sqlite3_column_type(st, ROW_NCOLUMNS) != SQLITE_NULL) {
		row->raw = (const char *)sqlite3_column_text(st, ROW_NCOLUMNS);
		row->raw_len = (size_t)sqlite3_column_bytes(st, ROW_NCOLUMNS);
	}
}

/* Prepare sql into *st; on error writes "what: message" into err and returns -1. */
static int
prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, const char *what, char *err, size_t errlen)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(db));
		*st = NULL;
		return -1;
	}
	return 0;
}

/* ---- building the WHERE clause ------------------------------------------ */

struct builder {
	struct strbuf where;
	struct bind binds[MAX_BINDS];
	int nbinds;
	int nparts;
};

/* Add an integer parameter; returns its number (?N). */
static int
bind_int(struct builder *b, int64_t v)
{
	assert(b->nbinds < MAX_BINDS);
	b->binds[b->nbinds].text = 0;
	b->binds[b->nbinds].i = v;
	return ++b->nbinds;
}

/* Add a text parameter (copied); returns its number (?N). */
static int
bind_text(struct builder *b, const char *s)
{
	assert(b->nbinds < MAX_BINDS);
	b->binds[b->nbinds].text = 1;
	b->binds[b->nbinds].s = alloc_check(strdup(s));
	return ++b->nbinds;
}

/* Start one more AND-ed condition of the WHERE clause. */
static void
part(struct builder *b)
{
	strbuf_puts(&b->where, b->nparts++ ? " AND " : " WHERE ");
}

static void
builder_free(struct builder *b)
{
	for (int i = 0; i < b->nbinds; i++)
		if (b->binds[i].text)
			free(b->binds[i].s);
	strbuf_free(&b->where);
}

/*
 * The stored keys that hold key as one of their ','-separated parts, found
 * by hopping over the distinct values of the key index (a few index seeks,
 * whatever the number of events). Adds them as parameters and writes
 * "e.key = ?N" or "e.key IN (?N, ...)". Returns 0, or -1 with a message.
 */
static int
where_key(sqlite3 *db, struct builder *b, const char *key, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	char *found[MAX_KEYS];
	int n = 0, rc = 0, step;
	size_t klen = strlen(key);
	char *last = alloc_check(strdup(""));

	if (prepare(db, "SELECT min(key) FROM events WHERE key > ?1", &st, "--key", err, errlen))
		return -1;
	for (;;) {
		const char *v, *p;

		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, last, -1, SQLITE_TRANSIENT);
		step = sqlite3_step(st);
		if (step != SQLITE_ROW) {
			snprintf(err, errlen, "--key: %s", sqlite3_errmsg(db));
			rc = -1;
			break;
		}
		v = col_text(st, 0);
		if (v == NULL)
			break;
		free(last);
		last = alloc_check(strdup(v));
		for (p = v; *p;) {
			size_t len = strcspn(p, ",");
			if (len == klen && memcmp(p, key, klen) == 0 && strcmp(v, key) != 0) {
				if (n == MAX_KEYS) {
					snprintf(err, errlen,
						 "--key: more than %d stored key lists hold '%s'",
						 MAX_KEYS, key);
					rc = -1;
					goto out;
				}
				found[n++] = alloc_check(strdup(v));
				break;
			}
			p += len;
			if (*p == ',')
				p++;
		}
	}
out:
	if (rc == 0) {
		part(b);
		strbuf_printf(&b->where, "e.key IN (?%d", bind_text(b, key));
		for (int i = 0; i < n; i++)
			strbuf_printf(&b->where, ", ?%d", bind_text(b, found[i]));
		strbuf_puts(&b->where, ")");
	}
	for (int i = 0; i < n; i++)
		free(found[i]);
	free(last);
	sqlite3_finalize(st);
	return rc;
}

/* 1 when s is 1..64 lower-case hex digits: it may be a container ID or a prefix of one. */
static int
maybe_id_prefix(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n > 0 && n <= 64 && s[n] == '\0';
}

/*
 * Run a one-column text query with one or two text parameters; copy the
 * first result into *out (NULL when none). Returns 0, or -1 with a message.
 */
static int
query_text(sqlite3 *db, const char *sql, const char *a, const char *b, char **out, const char *what,
	   char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int step;
	const char *v;

	*out = NULL;
	if (prepare(db, sql, &st, what, err, errlen))
		return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
	step = sqlite3_step(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	if (step == SQLITE_ROW && (v = col_text(st, 0)) != NULL)
		*out = alloc_check(strdup(v));
	sqlite3_finalize(st);
	return 0;
}

/*
 * --container: the events naming the container (container_name,
 * container_id, a podman command's target), the podman commands that caused
 * them, and everything those commands caused. As podman does, a name or a full ID is taken
 * as is; otherwise a hex value is a prefix of the container's ID, which must
 * match one ID only. Returns 0, or -1 with a message naming --container.
 */
static int
where_container(sqlite3 *db, struct builder *b, const char *v, char *err, size_t errlen)
{
	char *full = NULL, *exact = NULL;
	int pv, pf;

	if (maybe_id_prefix(v)) {
		char *hi = alloc_check(strdup(v)), *first = NULL, *second = NULL;
		int rc;

		hi[strlen(hi) - 1]++; /* the smallest string after every v... */
		rc = query_text(
		    db,
		    "SELECT 1 FROM events WHERE container_name = ?1 OR container_id = ?1 "
		    "UNION ALL SELECT 1 FROM podman_commands WHERE container = ?1 LIMIT 1",
		    v, NULL, &exact, "--container", err, errlen);
		if (rc == 0 && exact == NULL)
			rc = query_text(db,
					"SELECT min(container_id) FROM events "
					"WHERE container_id >= ?1 AND container_id < ?2",
					v, hi, &first, "--container", err, errlen);
		if (rc == 0 && first != NULL)
			rc = query_text(db,
					"SELECT min(container_id) FROM events "
					"WHERE container_id > ?1 AND container_id < ?2",
					first, hi, &second, "--container", err, errlen);
		if (rc == 0 && second != NULL) {
			snprintf(err, errlen,
				 "--container: '%s' is a prefix of several container IDs (%.12s, "
				 "%.12s, ...): give more of the ID",
				 v, first, second);
			rc = -1;
		}
		full = first;
		free(second);
		free(exact);
		free(hi);
		if (rc != 0) {
			free(full);
			return -1;
		}
	}
	pv = bind_text(b, v);
	pf = full ? bind_text(b, full) : pv;
	free(full);
	part(b);
	/*
	 * The commands behind the events naming the container (or those events
	 * themselves when they have no cause), then those and what they caused:
	 * the `podman run --name web` that created container ID X matches X.
	 */
	strbuf_printf(&b->where,
		      "(e.id IN (SELECT coalesce(cause_id, id) FROM events WHERE container_name = "
		      "?%d OR container_id IN (?%d, ?%d) UNION SELECT coalesce(cause_id, id) FROM "
		      "podman_commands WHERE container IN (?%d, ?%d))",
		      pv, pv, pf, pv, pf);
	strbuf_printf(&b->where,
		      " OR e.cause_id IN (SELECT coalesce(cause_id, id) FROM events WHERE "
		      "container_name = ?%d OR container_id IN (?%d, ?%d) UNION SELECT "
		      "coalesce(cause_id, id) FROM podman_commands WHERE container IN (?%d, ?%d)))",
		      pv, pv, pf, pv, pf);
	return 0;
}

/*
 * Add "(e.id IN (SELECT id FROM podman_commands WHERE cond) OR e.cause_id IN
 * (the same))": the podman commands matching cond and what they caused.
 * cond may hold %d once or more, all replaced by param.
 */
static void
where_commands(struct builder *b, const char *cond, int param)
{
	struct strbuf c = STRBUF_INIT;

	for (const char *p = cond; *p; p++) {
		if (p[0] == '%' && p[1] == 'd') {
			strbuf_printf(&c, "%d", param);
			p++;
		} else {
			strbuf_putc(&c, *p);
		}
	}
	part(b);
	strbuf_printf(&b->where,
		      "(e.id IN (SELECT id FROM podman_commands WHERE %s) OR e.cause_id IN "
		      "(SELECT id FROM podman_commands WHERE %s))",
		      c.buf, c.buf);
	strbuf_free(&c);
}

/* Floor division of ms by 1000, for negative times too. */
static int64_t
sec_of(int64_t ms)
{
	return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

/*
 * Write the WHERE clause of f into b. Returns 0, or -1 with a message in
 * err.
 */
static int
build_where(sqlite3 *db, const struct query_filter *f, struct builder *b, char *err, size_t errlen)
{
	if (f->user != NULL) {
		part(b);
		strbuf_printf(&b->where, "e.user = ?%d", bind_text(b, f->user));
	}
	if (f->have & QF_AUID) {
		part(b);
		strbuf_printf(&b->where, "e.auid = ?%d", bind_int(b, f->auid));
	}
	if (f->have & QF_UID) {
		part(b);
		strbuf_printf(&b->where, "e.uid = ?%d", bind_int(b, f->uid));
	}
	if (f->have & QF_SES) {
		part(b);
		strbuf_printf(&b->where, "e.ses = ?%d", bind_int(b, f->ses));
	}
	if (f->have & QF_PID) {
		part(b);
		strbuf_printf(&b->where, "e.pid = ?%d", bind_int(b, f->pid));
	}
	if (f->exe != NULL) {
		int p = bind_text(b, f->exe);
		part(b);
		if (strchr(f->exe, '/') != NULL)
			strbuf_printf(&b->where, "e.exe = ?%d", p);
		else
			strbuf_printf(&b->where, "substr(e.exe, -1 - length(?%d)) = '/' || ?%d", p,
				      p);
	}
	if (f->key != NULL && where_key(db, b, f->key, err, errlen) != 0)
		return -1;
	if (f->command != NULL)
		where_commands(b, "subcommand = ?%d", bind_text(b, f->command));
	if (f->container != NULL && where_container(db, b, f->container, err, errlen) != 0)
		return -1;
	if (f->image != NULL)
		where_commands(b, "image = ?%d OR substr(image, -1 - length(?%d)) = '/' || ?%d",
			       bind_text(b, f->image));
	if (f->risky)
		where_commands(b, "risks IS NOT NULL", 0);
	/* Seconds first, so that the (epoch, msec) index bounds the scan. */
	if (f->have & QF_SINCE) {
		part(b);
		strbuf_printf(&b->where, "e.epoch >= ?%d AND e.epoch * 1000 + e.msec >= ?%d",
			      bind_int(b, sec_of(f->since)), bind_int(b, f->since));
	}
	if (f->have & QF_UNTIL) {
		part(b);
		strbuf_printf(&b->where, "e.epoch <= ?%d AND e.epoch * 1000 + e.msec < ?%d",
			      bind_int(b, sec_of(f->until - 1)), bind_int(b, f->until));
	}
	if (f->failed) {
		part(b);
		strbuf_puts(&b->where, "e.success = 0");
	}
	return 0;
}

int
query_search_open(struct sqlite3 *db, const struct query_filter *f, int64_t limit, int flags,
		  struct query_search **out, char *err, size_t errlen)
{
	struct builder b = {STRBUF_INIT, {{0}}, 0, 0};
	struct strbuf sql = STRBUF_INIT;
	struct query_search *s;
	int rc = -1, plimit;

	*out = NULL;
	if (build_where(db, f, &b, err, errlen) != 0)
		goto out;
	plimit = bind_int(&b, limit > 0 ? limit : -1);
	strbuf_printf(&sql, "SELECT " ROW_COLUMNS ", %s FROM events e%s" ORDER " LIMIT ?%d",
		      (flags & QUERY_WITH_RAW) ? "e.raw" : "NULL", strbuf_str(&b.where), plimit);
	s = alloc_check(calloc(1, sizeof(*s)));
	s->with_raw = (flags & QUERY_WITH_RAW) != 0;
	if (prepare(db, sql.buf, &s->stmt, "search", err, errlen) != 0) {
		free(s);
		goto out;
	}
	for (int i = 0; i < b.nbinds; i++) {
		if (b.binds[i].text)
			sqlite3_bind_text(s->stmt, i + 1, b.binds[i].s, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(s->stmt, i + 1, b.binds[i].i);
	}
	*out = s;
	rc = 0;
out:
	builder_free(&b);
	strbuf_free(&sql);
	return rc;
}

int
query_search_step(struct query_search *s, char *err, size_t errlen)
{
	int step = sqlite3_step(s->stmt);

	if (step == SQLITE_ROW) {
		row_fill(s->stmt, &s->row, s->with_raw);
		return 1;
	}
	if (step == SQLITE_DONE)
		return 0;
	snprintf(err, errlen, "search: %s", sqlite3_errmsg(sqlite3_db_handle(s->stmt)));
	return -1;
}

const struct query_row *
query_search_row(const struct query_search *s)
{
	return &s->row;
}

int
query_search_plan(struct query_search *s, struct strbuf *out, char *err, size_t errlen)
{
	sqlite3 *db = sqlite3_db_handle(s->stmt);
	char *expanded = sqlite3_expanded_sql(s->stmt);
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *st = NULL;
	int64_t ids[64];
	int depth[64], n = 0, step, rc = 0;

	if (expanded == NULL) {
		snprintf(err, errlen, "plan: out of memory");
		return -1;
	}
	strbuf_printf(&sql, "EXPLAIN QUERY PLAN %s", expanded);
	sqlite3_free(expanded);
	if (prepare(db, sql.buf, &st, "plan", err, errlen) != 0) {
		strbuf_free(&sql);
		return -1;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), parent = sqlite3_column_int64(st, 1);
		const char *detail = col_text(st, 3);
		int d = 0;

		for (int i = n - 1; i >= 0; i--)
			if (ids[i] == parent) {
				d = depth[i] + 1;
				break;
			}
		if (n < 64) {
			ids[n] = id;
			depth[n++] = d;
		}
		strbuf_printf(out, "%*s%s\n", 2 * d, "", detail ? detail : "");
	}
	if (step != SQLITE_DONE) {
		snprintf(err, errlen, "plan: %s", sqlite3_errmsg(db));
		rc = -1;
	}
	sqlite3_finalize(st);
	strbuf_free(&sql);
	return rc;
}

void
query_search_close(struct query_search *s)
{
	if (s == NULL)
		return;
	sqlite3_finalize(s->stmt);
	free(s);
}

/* ---- lookups ---------------------------------------------------------------- */

int
query_lookup_open(struct sqlite3 *db, struct query_lookup **out, char *err, size_t errlen)
{
	struct query_lookup *q = alloc_check(calloc(1, sizeof(*q)));

	*out = NULL;
	if (prepare(db, "SELECT " ROW_COLUMNS ", e.raw FROM events e WHERE e.id = ?1", &q->event,
		    "event lookup", err, errlen) ||
	    prepare(db,
		    "SELECT mode, subcommand, object, container, image, pod, volume, risks, "
		    "risks_json, internal, internal_reason FROM podman_commands WHERE id = ?1",
		    &q->podman, "podman lookup", err, errlen) ||
	    prepare(db, "SELECT runtime, action FROM runtime_commands WHERE id = ?1", &q->runtime,
		    "runtime lookup", err, errlen) ||
	    prepare(db,
		    "SELECT item, name, nametype, inode, mode, ouid FROM paths "
		    "WHERE event_id = ?1 ORDER BY item",
		    &q->paths, "paths lookup", err, errlen) ||
	    prepare(db,
		    "SELECT name FROM paths WHERE event_id = ?1 AND name IS NOT NULL "
		    "ORDER BY coalesce(nametype, '') = 'PARENT', item LIMIT 1",
		    &q->main_path, "path lookup", err, errlen) ||
	    prepare(db, "SELECT " ROW_COLUMNS ", NULL FROM events e WHERE e.cause_id = ?1" ORDER,
		    &q->caused, "caused events lookup", err, errlen)) {
		query_lookup_close(q);
		return -1;
	}
	*out = q;
	return 0;
}

void
query_lookup_close(struct query_lookup *q)
{
	if (q == NULL)
		return;
	sqlite3_finalize(q->event);
	sqlite3_finalize(q->podman);
	sqlite3_finalize(q->runtime);
	sqlite3_finalize(q->paths);
	sqlite3_finalize(q->main_path);
	sqlite3_finalize(q->caused);
	free(q);
}

/*
 * Reset st, bind id and step once. Returns 1 (row), 0 (none), or -1 with
 * a message in err.
 */
static int
step_id(sqlite3_stmt *st, int64_t id, const char *what, char *err, size_t errlen)
{
	int step;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		return 1;
	if (step == SQLITE_DONE)
		return 0;
	snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(sqlite3_db_handle(st)));
	return -1;
}

int
query_lookup_event(struct query_lookup *q, int64_t id, struct query_row *row, char *err,
		   size_t errlen)
{
	int rc = step_id(q->event, id, "event lookup", err, errlen);

	if (rc == 1)
		row_fill(q->event, row, 1);
	return rc;
}

int
query_lookup_podman(struct query_lookup *q, int64_t id, struct query_podman *p, char *err,
		    size_t errlen)
{
	sqlite3_stmt *st = q->podman;
	int rc = step_id(st, id, "podman lookup", err, errlen);

	memset(p, 0, sizeof(*p));
	if (rc != 1)
		return rc;
	p->mode = col_text(st, 0);
	p->subcommand = col_text(st, 1);
	p->object = col_text(st, 2);
	p->container = col_text(st, 3);
	p->image = col_text(st, 4);
	p->pod = col_text(st, 5);
	p->volume = col_text(st, 6);
	p->risks = col_text(st, 7);
	p->risks_json = col_text(st, 8);
	p->internal = sqlite3_column_int(st, 9);
	p->internal_reason = col_text(st, 10);
	return 1;
}

int
query_lookup_runtime(struct query_lookup *q, int64_t id, struct query_runtime *r, char *err,
		     size_t errlen)
{
	int rc = step_id(q->runtime, id, "runtime lookup", err, errlen);

	memset(r, 0, sizeof(*r));
	if (rc != 1)
		return rc;
	r->runtime = col_text(q->runtime, 0);
	r->action = col_text(q->runtime, 1);
	return 1;
}

int
query_lookup_paths(struct query_lookup *q, int64_t id,
		   int (*fn)(void *ctx, const struct query_path *p), void *ctx, char *err,
		   size_t errlen)
{
	sqlite3_stmt *st = q->paths;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct query_path p = {0};
		int stop;

		p.item = sqlite3_column_int64(st, 0);
		p.name = col_text(st, 1);
		p.nametype = col_text(st, 2);
		col_int(st, 3, &p.inode, &p.have, QP_INODE);
		col_int(st, 4, &p.mode, &p.have, QP_MODE);
		col_int(st, 5, &p.ouid, &p.have, QP_OUID);
		if ((stop = fn(ctx, &p)) != 0) {
			sqlite3_reset(st);
			return stop;
		}
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "paths lookup: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
		return -1;
	}
	return 0;
}

int
query_lookup_caused(struct query_lookup *q, int64_t id,
		    int (*fn)(void *ctx, const struct query_row *row), void *ctx, char *err,
		    size_t errlen)
{
	sqlite3_stmt *st = q->caused;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct query_row row;
		int stop;

		row_fill(st, &row, 0);
		if ((stop = fn(ctx, &row)) != 0) {
			sqlite3_reset(st);
			return stop;
		}
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "caused events lookup: %s",
			 sqlite3_errmsg(sqlite3_db_handle(st)));
		return -1;
	}
	return 0;
}

int
query_lookup_main_path(struct query_lookup *q, const struct query_row *row, struct strbuf *out,
		       char *err, size_t errlen)
{
	int rc = step_id(q->main_path, row->id, "path lookup", err, errlen);
	const char *name;

	if (rc != 1)
		return rc;
	name = col_text(q->main_path, 0);
	strbuf_puts(out, name);
	sqlite3_reset(q->main_path);
	return 1;
}
