/*
 * rollup.c: pre-aggregated counts for reports; see rollup.h. The tables and
 * triggers are created by schema migration 5 (store/schema.c).
 */
#include "store/rollup.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/alloc.h"
#include "util/hash.h"

#define BUCKET_MS ((int64_t)ROLLUP_BUCKET_SECONDS * 1000)

/* The three kinds of groups, each with its SELECT list over `event e` (and `podman_cmd p`). */
enum kind { K_EVENT, K_PODMAN, K_TARGET };

/* Which kinds a step reads: a mask of 1 << kind, and the risky commands. */
enum {
	M_EVENT = 1 << K_EVENT,
	M_PODMAN = 1 << K_PODMAN,
	M_TARGET = 1 << K_TARGET,
	M_RISKY = 1 << 3,
	M_ALL = M_EVENT | M_PODMAN | M_TARGET | M_RISKY,
};

#define MINUTE_MS ((int64_t)60000)

#define EVENT_COLS                                                                                 \
	"e.sec / 900, e.node, coalesce(e.key, ''), coalesce(e.auid, -1), coalesce(e.user, ''), "   \
	"coalesce(e.exe, ''), coalesce(e.success, 1) = 0, count(*)"
#define EVENT_GROUP " GROUP BY 1, 2, 3, 4, 5, 6, 7"
#define PODMAN_COLS                                                                                \
	"e.sec / 900, e.node, coalesce(e.auid, -1), coalesce(e.user, ''), p.mode, "                \
	"coalesce(p.object, ''), coalesce(p.subcommand, ''), p.internal != 0, "                    \
	"p.risks IS NOT NULL, count(*)"
#define PODMAN_GROUP " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
/* by time: from the events' time index; by id: from podman_cmd (CROSS JOIN fixes the order) */
#define PODMAN_FROM_TIME " FROM event e JOIN podman_cmd p ON p.event_id = e.id"
#define PODMAN_FROM_ID	 " FROM podman_cmd p CROSS JOIN event e ON e.id = p.event_id"

/*
 * The query of each kind over the events matching cond (a SQL condition on
 * e and p, with numbered parameters; it appears twice in the target query),
 * reading podman_cmd first when by_id (cond selects an id range), the
 * events first otherwise. Writes it into buf.
 */
static void
group_sql(enum kind k, const char *cond, int by_id, char *buf, size_t n)
{
	const char *from = by_id ? PODMAN_FROM_ID : PODMAN_FROM_TIME;

	switch (k) {
	case K_EVENT:
		snprintf(buf, n, "SELECT " EVENT_COLS " FROM event e WHERE %s" EVENT_GROUP, cond);
		break;
	case K_PODMAN:
		snprintf(buf, n, "SELECT " PODMAN_COLS "%s WHERE %s" PODMAN_GROUP, from, cond);
		break;
	case K_TARGET:
		snprintf(buf, n,
			 "SELECT e.sec / 900, e.node, 'container', p.container, count(*)%s"
			 " WHERE p.internal = 0 AND p.container IS NOT NULL AND (%s)"
			 " GROUP BY 1, 2, 4 UNION ALL "
			 "SELECT e.sec / 900, e.node, 'image', p.image, count(*)%s"
			 " WHERE p.internal = 0 AND p.image IS NOT NULL AND (%s) GROUP BY 1, 2, 4",
			 from, cond, from, cond);
		break;
	}
}

/* The rollup table of each kind, read with the columns in the order group_sql() gives. */
static const char *const rollup_read_sql[] = {
    [K_EVENT] = "SELECT bucket, node, key, auid, user, exe, failed, n FROM rollup_event "
		"WHERE bucket >= ?1 AND bucket < ?2 AND bucket NOT IN (SELECT bucket FROM "
		"rollup_dirty)",
    [K_PODMAN] = "SELECT bucket, node, auid, user, mode, object, subcommand, internal, risky, n "
		 "FROM rollup_podman WHERE bucket >= ?1 AND bucket < ?2 AND bucket NOT IN "
		 "(SELECT bucket FROM rollup_dirty)",
    [K_TARGET] = "SELECT bucket, node, kind, name, n FROM rollup_target WHERE bucket >= ?1 AND "
		 "bucket < ?2 AND bucket NOT IN (SELECT bucket FROM rollup_dirty)",
};

static const char *const rollup_table[] = {
    [K_EVENT] = "rollup_event",
    [K_PODMAN] = "rollup_podman",
    [K_TARGET] = "rollup_target",
};

static const char *const rollup_conflict[] = {
    [K_EVENT] = "bucket, node, key, auid, user, exe, failed",
    [K_PODMAN] = "bucket, node, auid, user, mode, object, subcommand, internal, risky",
    [K_TARGET] = "bucket, node, kind, name",
};

/* Floor division for bucket arithmetic on times that may be negative. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Column i of s as a string, "" for NULL. */
static const char *
col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? (const char *)t : "";
}

/* Set err to SQLite's message about what failed; always returns -1. */
static int
fail_db(sqlite3 *db, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(db));
	return -1;
}

/*
 * Step through the prepared statement s (groups of kind k) and hand every
 * row to sink; counts the rows in *rows. Finalizes s. Returns 0, or -1 with
 * a message in err (SQLite's, or the sink's when it stopped).
 */
static int
deliver(sqlite3 *db, sqlite3_stmt *s, enum kind k, const struct rollup_sink *sink, int64_t *rows,
	char *err, size_t errlen)
{
	int rc, stop = 0;

	err[0] = '\0';
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		(*rows)++;
		if (k == K_EVENT && sink->event != NULL) {
			struct rollup_event_row r = {
			    .bucket = sqlite3_column_int64(s, 0),
			    .node = col_text(s, 1),
			    .key = col_text(s, 2),
			    .auid = sqlite3_column_int64(s, 3),
			    .user = col_text(s, 4),
			    .exe = col_text(s, 5),
			    .failed = sqlite3_column_int(s, 6) != 0,
			    .n = sqlite3_column_int64(s, 7),
			};
			stop = sink->event(sink->ctx, &r);
		} else if (k == K_PODMAN && sink->podman != NULL) {
			struct rollup_podman_row r = {
			    .bucket = sqlite3_column_int64(s, 0),
			    .node = col_text(s, 1),
			    .auid = sqlite3_column_int64(s, 2),
			    .user = col_text(s, 3),
			    .mode = col_text(s, 4),
			    .object = col_text(s, 5),
			    .subcommand = col_text(s, 6),
			    .internal = sqlite3_column_int(s, 7) != 0,
			    .risky = sqlite3_column_int(s, 8) != 0,
			    .n = sqlite3_column_int64(s, 9),
			};
			stop = sink->podman(sink->ctx, &r);
		} else if (k == K_TARGET && sink->target != NULL) {
			struct rollup_target_row r = {
			    .bucket = sqlite3_column_int64(s, 0),
			    .node = col_text(s, 1),
			    .kind = col_text(s, 2),
			    .name = col_text(s, 3),
			    .n = sqlite3_column_int64(s, 4),
			};
			stop = sink->target(sink->ctx, &r);
		}
	}
	if (stop) {
		sqlite3_finalize(s);
		if (err[0] == '\0')
			snprintf(err, errlen, "stopped");
		return -1;
	}
	if (rc != SQLITE_DONE) {
		fail_db(db, "reading event counts", err, errlen);
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return 0;
}

/*
 * Groups of events counted in memory: an id range comes in id order, not
 * grouped, and a hash table here costs a fraction of SQLite's GROUP BY
 * sorter on hundreds of thousands of rows. Open addressing, power-of-two
 * capacity; the strings of a group are copied.
 */
struct group {
	uint64_t h;
	struct rollup_event_row r; /* r.node == NULL: empty slot */
};

struct groups {
	struct group *v;
	size_t cap, n;
};

/* The row's columns, ungrouped, with the event's minute (not bucket) first. */
#define EVENT_ROW_COLS                                                                             \
	"e.sec / 60, e.node, coalesce(e.key, ''), coalesce(e.auid, -1), coalesce(e.user, ''), "    \
	"coalesce(e.exe, ''), coalesce(e.success, 1) = 0"

static uint64_t
group_hash(const struct rollup_event_row *r)
{
	uint64_t h = hash_bytes(&r->bucket, sizeof(r->bucket));

	h = (h ^ hash_bytes(&r->auid, sizeof(r->auid))) * 0x100000001b3ULL;
	h = (h ^ hash_str(r->node)) * 0x100000001b3ULL;
	h = (h ^ hash_str(r->key)) * 0x100000001b3ULL;
	h = (h ^ hash_str(r->user)) * 0x100000001b3ULL;
	h = (h ^ hash_str(r->exe)) * 0x100000001b3ULL;
	return h ^ (uint64_t)r->failed;
}

static int
group_same(const struct rollup_event_row *a, const struct rollup_event_row *b)
{
	return a->bucket == b->bucket && a->auid == b->auid && a->failed == b->failed &&
	       strcmp(a->node, b->node) == 0 && strcmp(a->key, b->key) == 0 &&
	       strcmp(a->user, b->user) == 0 && strcmp(a->exe, b->exe) == 0;
}

/* Add r (r->n events) to g. */
static void
groups_add(struct groups *g, const struct rollup_event_row *r)
{
	uint64_t h = group_hash(r);
	size_t i;

	if (2 * (g->n + 1) > g->cap) {
		struct groups bigger = {NULL, g->cap ? 2 * g->cap : 256, g->n};
		bigger.v = alloc_check(calloc(bigger.cap, sizeof(*bigger.v)));
		for (size_t j = 0; j < g->cap; j++) {
			if (g->v[j].r.node == NULL)
				continue;
			for (i = g->v[j].h & (bigger.cap - 1); bigger.v[i].r.node != NULL;
			     i = (i + 1) & (bigger.cap - 1))
				;
			bigger.v[i] = g->v[j];
		}
		free(g->v);
		*g = bigger;
	}
	for (i = h & (g->cap - 1); g->v[i].r.node != NULL; i = (i + 1) & (g->cap - 1))
		if (g->v[i].h == h && group_same(&g->v[i].r, r)) {
			g->v[i].r.n += r->n;
			return;
		}
	g->v[i].h = h;
	g->v[i].r = *r;
	g->v[i].r.node = alloc_check(strdup(r->node));
	g->v[i].r.key = alloc_check(strdup(r->key));
	g->v[i].r.user = alloc_check(strdup(r->user));
	g->v[i].r.exe = alloc_check(strdup(r->exe));
	g->n++;
}

static void
groups_free(struct groups *g)
{
	for (size_t i = 0; i < g->cap; i++)
		if (g->v[i].r.node != NULL) {
			free((char *)g->v[i].r.node);
			free((char *)g->v[i].r.key);
			free((char *)g->v[i].r.user);
			free((char *)g->v[i].r.exe);
		}
	free(g->v);
	g->v = NULL;
	g->cap = g->n = 0;
}

/*
 * Count the rows of s (EVENT_ROW_COLS) into g, by minute / div (1: per
 * minute, 15: per bucket); finalizes s. Returns 0 or -1 with err set.
 */
static int
groups_scan(sqlite3 *db, sqlite3_stmt *s, int div, struct groups *g, char *err, size_t errlen)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rollup_event_row r = {
		    .bucket = floor_div(sqlite3_column_int64(s, 0), div),
		    .node = col_text(s, 1),
		    .key = col_text(s, 2),
		    .auid = sqlite3_column_int64(s, 3),
		    .user = col_text(s, 4),
		    .exe = col_text(s, 5),
		    .failed = sqlite3_column_int(s, 6) != 0,
		    .n = 1,
		};
		groups_add(g, &r);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return fail_db(db, "reading events", err, errlen);
	return 0;
}

/* The risky commands: columns (rollup_risky's order after bucket) and condition. */
#define RISKY_REST                                                                                 \
	"e.sec * 1000 + e.msec, e.node, e.auid, e.user, p.mode, p.object, p.subcommand, "          \
	"p.container, p.image, p.pod, p.volume, p.risks_json, e.argv"
#define RISKY_COLS  "p.event_id, " RISKY_REST
#define RISKY_WHERE "p.risks IS NOT NULL AND p.internal = 0"

/* Column i of s, NULL for NULL. */
static const char *
col_opt(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/* Hand every row of s (RISKY_COLS) to sink->risky; finalizes s. Returns 0 or -1 with err set. */
static int
deliver_risky(sqlite3 *db, sqlite3_stmt *s, const struct rollup_sink *sink, int64_t *rows,
	      char *err, size_t errlen)
{
	int rc, stop = 0;

	err[0] = '\0';
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rollup_risky_row r = {
		    .id = sqlite3_column_int64(s, 0),
		    .ms = sqlite3_column_int64(s, 1),
		    .node = col_text(s, 2),
		    .auid =
			sqlite3_column_type(s, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 3),
		    .user = col_opt(s, 4),
		    .mode = col_opt(s, 5),
		    .object = col_opt(s, 6),
		    .subcommand = col_opt(s, 7),
		    .container = col_opt(s, 8),
		    .image = col_opt(s, 9),
		    .pod = col_opt(s, 10),
		    .volume = col_opt(s, 11),
		    .risks_json = col_opt(s, 12),
		    .argv = col_opt(s, 13),
		};
		(*rows)++;
		if (sink->risky != NULL)
			stop = sink->risky(sink->ctx, &r);
	}
	sqlite3_finalize(s);
	if (stop) {
		if (err[0] == '\0')
			snprintf(err, errlen, "stopped");
		return -1;
	}
	if (rc != SQLITE_DONE)
		return fail_db(db, "reading risky commands", err, errlen);
	return 0;
}

/* Prepare sql or set err; returns the statement or NULL. */
static sqlite3_stmt *
prepare(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		fail_db(db, "preparing a report query", err, errlen);
		return NULL;
	}
	return s;
}

/* The risky commands of [a, b) ms, from the events (through their time index). */
static int
risky_range(sqlite3 *db, int64_t a, int64_t b, const struct rollup_sink *sink,
	    struct rollup_stats *stats, char *err, size_t errlen)
{
	sqlite3_stmt *s =
	    prepare(db,
		    "SELECT " RISKY_COLS " FROM event e JOIN podman_cmd p ON p.event_id = "
		    "e.id WHERE " RISKY_WHERE " AND e.sec >= ?1 AND e.sec <= ?2 AND "
		    "e.sec * 1000 + e.msec >= ?3 AND e.sec * 1000 + e.msec < ?4",
		    err, errlen);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, floor_div(a, 1000));
	sqlite3_bind_int64(s, 2, floor_div(b - 1, 1000));
	sqlite3_bind_int64(s, 3, a);
	sqlite3_bind_int64(s, 4, b);
	return deliver_risky(db, s, sink, &stats->direct_rows, err, errlen);
}

/*
 * The risky commands of [a, b) ms read from the partial index on podman_cmd:
 * those with ids past wm outside the dirty buckets (wm >= 0), or all of them
 * (wm < 0, no rollups).
 */
static int
risky_by_id(sqlite3 *db, int64_t wm, int64_t a, int64_t b, const struct rollup_sink *sink,
	    struct rollup_stats *stats, char *err, size_t errlen)
{
	sqlite3_stmt *s = prepare(
	    db,
	    wm >= 0 ? "SELECT " RISKY_COLS " FROM podman_cmd p CROSS JOIN event e ON e.id = "
		      "p.event_id WHERE " RISKY_WHERE " AND p.event_id > ?1 AND +e.sec * 1000 + "
		      "e.msec >= ?2 AND +e.sec * 1000 + e.msec < ?3 AND e.sec / 900 NOT IN "
		      "(SELECT bucket FROM rollup_dirty)"
		    : "SELECT " RISKY_COLS " FROM podman_cmd p CROSS JOIN event e ON e.id = "
		      "p.event_id WHERE " RISKY_WHERE " AND p.event_id > ?1 AND +e.sec * 1000 + "
		      "e.msec >= ?2 AND +e.sec * 1000 + e.msec < ?3",
	    err, errlen);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, wm);
	sqlite3_bind_int64(s, 2, a);
	sqlite3_bind_int64(s, 3, b);
	return deliver_risky(db, s, sink, &stats->direct_rows, err, errlen);
}

/*
 * Aggregate, from the events themselves, the kinds of mask for the events
 * whose time lies in [a, b) ms. Returns 0 or -1 with err
 * set.
 */
static int
aggregate_range(sqlite3 *db, int64_t a, int64_t b, int mask, const struct rollup_sink *sink,
		struct rollup_stats *stats, char *err, size_t errlen)
{
	static const char cond[] = "e.sec >= ?1 AND e.sec <= ?2 AND e.sec * 1000 + e.msec >= ?3 "
				   "AND e.sec * 1000 + e.msec < ?4";
	char sql[1024];

	if (a >= b)
		return 0;
	stats->direct_ranges++;
	if ((mask & M_RISKY) && risky_range(db, a, b, sink, stats, err, errlen) != 0)
		return -1;
	for (int k = K_EVENT; k <= K_TARGET; k++) {
		sqlite3_stmt *s;
		if (!(mask & (1 << k)))
			continue;
		group_sql((enum kind)k, cond, 0, sql, sizeof(sql));
		if ((s = prepare(db, sql, err, errlen)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, floor_div(a, 1000));
		sqlite3_bind_int64(s, 2, floor_div(b - 1, 1000));
		sqlite3_bind_int64(s, 3, a);
		sqlite3_bind_int64(s, 4, b);
		if (deliver(db, s, (enum kind)k, sink, &stats->direct_rows, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/*
 * Aggregate from the events those past the watermark wm whose time lies in
 * [lo, hi) seconds, outside the dirty buckets (the rollups hold the
 * others), for the kinds of mask. The unary + keeps SQLite on the id range
 * instead of the time index.
 */
static int
aggregate_new(sqlite3 *db, int64_t wm, int64_t lo, int64_t hi, int mask,
	      const struct rollup_sink *sink, struct rollup_stats *stats, char *err, size_t errlen)
{
	static const char cond_event[] =
	    "e.id > ?1 AND +e.sec >= ?2 AND +e.sec < ?3 AND e.sec / 900 NOT IN (SELECT bucket FROM "
	    "rollup_dirty)";
	static const char cond_podman[] = "p.event_id > ?1 AND +e.sec >= ?2 AND +e.sec < ?3 AND "
					  "e.sec / 900 NOT IN (SELECT bucket FROM rollup_dirty)";
	char sql[1024];

	if (lo >= hi)
		return 0;
	for (int k = K_EVENT; k <= K_TARGET; k++) {
		sqlite3_stmt *s;
		if (!(mask & (1 << k)))
			continue;
		if (k == K_EVENT)
			snprintf(sql, sizeof(sql),
				 "SELECT " EVENT_ROW_COLS " FROM event e WHERE %s", cond_event);
		else
			group_sql((enum kind)k, cond_podman, 1, sql, sizeof(sql));
		if ((s = prepare(db, sql, err, errlen)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, wm);
		sqlite3_bind_int64(s, 2, lo);
		sqlite3_bind_int64(s, 3, hi);
		if (k == K_EVENT) {
			struct groups g = {0};
			int rc = groups_scan(db, s, 15, &g, err, errlen);
			for (size_t i = 0; rc == 0 && i < g.cap; i++) {
				if (g.v[i].r.node == NULL)
					continue;
				stats->direct_rows++;
				if (sink->event != NULL && sink->event(sink->ctx, &g.v[i].r) != 0) {
					if (err[0] == '\0')
						snprintf(err, errlen, "stopped");
					rc = -1;
				}
			}
			groups_free(&g);
			if (rc != 0)
				return -1;
		} else if (deliver(db, s, (enum kind)k, sink, &stats->direct_rows, err, errlen) !=
			   0) {
			return -1;
		}
	}
	return 0;
}

/* Read the rollups of the kinds of mask for the clean buckets in [b0, b1). */
static int
aggregate_rollups(sqlite3 *db, int64_t b0, int64_t b1, int mask, const struct rollup_sink *sink,
		  struct rollup_stats *stats, char *err, size_t errlen)
{
	if (b0 >= b1)
		return 0;
	for (int k = K_EVENT; k <= K_TARGET; k++) {
		sqlite3_stmt *s;
		if (!(mask & (1 << k)))
			continue;
		if ((s = prepare(db, rollup_read_sql[k], err, errlen)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, b0);
		sqlite3_bind_int64(s, 2, b1);
		if (deliver(db, s, (enum kind)k, sink, &stats->rollup_rows, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* Read the events per minute of the minutes [m0, m1) whose bucket is clean. */
static int
aggregate_minutes(sqlite3 *db, int64_t m0, int64_t m1, const struct rollup_sink *sink,
		  struct rollup_stats *stats, char *err, size_t errlen)
{
	sqlite3_stmt *s;

	if (m0 >= m1)
		return 0;
	s = prepare(
	    db,
	    "SELECT bucket / 15, node, key, auid, user, exe, failed, n FROM rollup_event_min "
	    "WHERE bucket >= ?1 AND bucket < ?2 AND bucket / 15 NOT IN (SELECT bucket FROM "
	    "rollup_dirty)",
	    err, errlen);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, m0);
	sqlite3_bind_int64(s, 2, m1);
	return deliver(db, s, K_EVENT, sink, &stats->rollup_rows, err, errlen);
}

/*
 * Whether the database has the rollup tables, and their watermark. Returns
 * 0 (with *have 0 or 1) or -1 with err set.
 */
static int
read_state(sqlite3 *db, int *have, int64_t *wm, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	int rc;

	*have = 0;
	*wm = 0;
	s = prepare(db,
		    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
		    "('rollup_state', 'rollup_dirty', 'rollup_event', 'rollup_event_min', "
		    "'rollup_podman', 'rollup_target', 'rollup_risky')",
		    err, errlen);
	if (s == NULL)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*have = sqlite3_column_int(s, 0) == 7;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return fail_db(db, "reading the schema", err, errlen);
	if (!*have)
		return 0;
	if ((s = prepare(db, "SELECT last_id FROM rollup_state WHERE id = 1", err, errlen)) == NULL)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*wm = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		*have = 0; /* no state row: treat as no rollups */
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(db, "reading the rollup state", err, errlen);
	return 0;
}

/* The dirty buckets within [b0, b1), into a malloc'ed array (*out, *n). */
static int
read_dirty(sqlite3 *db, int64_t b0, int64_t b1, int64_t **out, size_t *n, char *err, size_t errlen)
{
	sqlite3_stmt *s = prepare(
	    db,
	    "SELECT bucket FROM rollup_dirty WHERE bucket >= ?1 AND bucket < ?2 ORDER BY bucket",
	    err, errlen);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, b0);
	sqlite3_bind_int64(s, 2, b1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			int64_t *p;
			cap = cap ? cap * 2 : 16;
			p = sqlite3_realloc64(*out, cap * sizeof(**out));
			if (p == NULL) {
				sqlite3_finalize(s);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			*out = p;
		}
		(*out)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return fail_db(db, "reading the dirty buckets", err, errlen);
	return 0;
}

/*
 * The body of rollup_aggregate(), inside its read transaction. The window
 * [since, until) is cut into: its whole 15-minute buckets [b0, b1), read from
 * the rollups; for the events, its whole minutes around them [m0, b0 * 15)
 * and [b1 * 15, m1), read from the per-minute rollup, and the partial minutes
 * at its edges, read from the events; for podman groups, the partial
 * buckets at its edges, read from the events. Dirty buckets and events past
 * the watermark are read from the events. The risky commands come from
 * rollup_risky (exact times) but for dirty buckets and past the watermark.
 */
static int
aggregate(sqlite3 *db, int64_t since, int64_t until, int flags, const struct rollup_sink *sink,
	  struct rollup_stats *stats, char *err, size_t errlen)
{
	int64_t b0, b1, m0, m1, *dirty = NULL, wm;
	size_t ndirty = 0;
	int have, rc = 0;
	sqlite3_stmt *s;

	if (read_state(db, &have, &stats->watermark, err, errlen) != 0)
		return -1;
	stats->have_rollups = have;
	wm = stats->watermark;
	if (since >= until)
		return 0;
	m0 = floor_div(since + MINUTE_MS - 1, MINUTE_MS); /* first whole minute */
	m1 = floor_div(until, MINUTE_MS);		  /* end of the whole minutes */
	b0 = floor_div(since + BUCKET_MS - 1, BUCKET_MS); /* first whole bucket */
	b1 = floor_div(until, BUCKET_MS);		  /* end of the whole buckets */
	if (m0 >= m1)					  /* no whole minute: all from the events */
		return aggregate_range(db, since, until, M_ALL, sink, stats, err, errlen);
	if (!have || (flags & ROLLUP_DIRECT)) {
		/* groups from the events; the risky commands from the partial index */
		if (risky_by_id(db, -1, since, until, sink, stats, err, errlen) != 0)
			return -1;
		return aggregate_range(db, since, until, M_ALL & ~M_RISKY, sink, stats, err,
				       errlen);
	}
	if (b0 >= b1) /* no whole bucket: the events' minutes only */
		b0 = b1 = m1 / 15 + 1;
	/* the dirty buckets the window touches, edges included */
	if (read_dirty(db, floor_div(since, BUCKET_MS), floor_div(until - 1, BUCKET_MS) + 1, &dirty,
		       &ndirty, err, errlen) != 0)
		return -1;

	/* podman and target groups: 15-minute buckets, edges from the events */
	if (b0 * 15 < m1) {
		rc = aggregate_range(db, since, b0 * BUCKET_MS, M_PODMAN | M_TARGET, sink, stats,
				     err, errlen);
		if (rc == 0)
			rc = aggregate_range(db, b1 * BUCKET_MS, until, M_PODMAN | M_TARGET, sink,
					     stats, err, errlen);
		if (rc == 0)
			rc = aggregate_rollups(db, b0, b1, M_PODMAN | M_TARGET, sink, stats, err,
					       errlen);
		if (rc == 0)
			rc = aggregate_new(db, wm, b0 * ROLLUP_BUCKET_SECONDS,
					   b1 * ROLLUP_BUCKET_SECONDS, M_PODMAN | M_TARGET, sink,
					   stats, err, errlen);
		for (size_t i = 0; rc == 0 && i < ndirty; i++)
			if (dirty[i] >= b0 && dirty[i] < b1)
				rc = aggregate_range(db, dirty[i] * BUCKET_MS,
						     (dirty[i] + 1) * BUCKET_MS,
						     M_PODMAN | M_TARGET, sink, stats, err, errlen);
	} else {
		rc = aggregate_range(db, since, until, M_PODMAN | M_TARGET, sink, stats, err,
				     errlen);
	}

	/* event groups: buckets, then minutes, edges from the events */
	if (rc == 0)
		rc = aggregate_range(db, since, m0 * MINUTE_MS, M_EVENT, sink, stats, err, errlen);
	if (rc == 0)
		rc = aggregate_range(db, m1 * MINUTE_MS, until, M_EVENT, sink, stats, err, errlen);
	if (rc == 0 && b0 * 15 < m1) {
		rc = aggregate_rollups(db, b0, b1, M_EVENT, sink, stats, err, errlen);
		if (rc == 0)
			rc = aggregate_minutes(db, m0, b0 * 15, sink, stats, err, errlen);
		if (rc == 0)
			rc = aggregate_minutes(db, b1 * 15, m1, sink, stats, err, errlen);
	} else if (rc == 0) {
		rc = aggregate_minutes(db, m0, m1, sink, stats, err, errlen);
	}
	if (rc == 0)
		rc = aggregate_new(db, wm, m0 * 60, m1 * 60, M_EVENT, sink, stats, err, errlen);
	for (size_t i = 0; rc == 0 && i < ndirty; i++) {
		int64_t a = dirty[i] * BUCKET_MS, b = a + BUCKET_MS;
		rc = aggregate_range(db, a > m0 * MINUTE_MS ? a : m0 * MINUTE_MS,
				     b < m1 * MINUTE_MS ? b : m1 * MINUTE_MS, M_EVENT, sink, stats,
				     err, errlen);
	}

	/* risky commands */
	for (size_t i = 0; rc == 0 && i < ndirty; i++) {
		int64_t a = dirty[i] * BUCKET_MS, b = a + BUCKET_MS;
		rc = risky_range(db, a > since ? a : since, b < until ? b : until, sink, stats, err,
				 errlen);
	}
	sqlite3_free(dirty);
	if (rc == 0)
		rc = risky_by_id(db, wm, since, until, sink, stats, err, errlen);
	if (rc == 0) {
		s = prepare(
		    db,
		    "SELECT event_id, ms, node, auid, user, mode, object, subcommand, "
		    "container, image, pod, volume, risks_json, argv FROM rollup_risky WHERE "
		    "ms >= ?1 AND ms < ?2 AND event_id <= ?3 AND bucket NOT IN (SELECT bucket "
		    "FROM rollup_dirty)",
		    err, errlen);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, since);
		sqlite3_bind_int64(s, 2, until);
		sqlite3_bind_int64(s, 3, wm);
		rc = deliver_risky(db, s, sink, &stats->rollup_rows, err, errlen);
	}
	return rc;
}

int
rollup_aggregate(struct store *st, int64_t since_ms, int64_t until_ms, int flags,
		 const struct rollup_sink *sink, struct rollup_stats *stats, char *err,
		 size_t errlen)
{
	sqlite3 *db = store_db(st);
	struct rollup_stats local;
	int rc;

	if (stats == NULL)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	/* One read transaction: the rollups, the dirty set and the events agree. */
	if (sqlite3_exec(db, "SAVEPOINT rollup_read", NULL, NULL, NULL) != SQLITE_OK)
		return fail_db(db, "starting a read transaction", err, errlen);
	rc = aggregate(db, since_ms, until_ms, flags, sink, stats, err, errlen);
	if (rc != 0)
		sqlite3_exec(db, "ROLLBACK TO rollup_read", NULL, NULL, NULL);
	sqlite3_exec(db, "RELEASE rollup_read", NULL, NULL, NULL);
	return rc;
}

/* Run sql (no result rows) with its first nparams integer parameters p1, p2, p3. */
static int
exec_bound(sqlite3 *db, const char *sql, int nparams, int64_t p1, int64_t p2, int64_t p3, char *err,
	   size_t errlen)
{
	sqlite3_stmt *s = prepare(db, sql, err, errlen);
	int rc;

	if (s == NULL)
		return -1;
	if (nparams >= 1)
		sqlite3_bind_int64(s, 1, p1);
	if (nparams >= 2)
		sqlite3_bind_int64(s, 2, p2);
	if (nparams >= 3)
		sqlite3_bind_int64(s, 3, p3);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return fail_db(db, "updating the rollups", err, errlen);
	return 0;
}

/* Read one integer from sql into *v. */
static int
query_int(sqlite3 *db, const char *sql, int64_t *v, char *err, size_t errlen)
{
	sqlite3_stmt *s = prepare(db, sql, err, errlen);
	int rc;

	if (s == NULL)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return fail_db(db, "reading the rollup state", err, errlen);
	return 0;
}

/* Upsert the groups of g into table (rollup_event or rollup_event_min). */
static int
upsert_groups(sqlite3 *db, const char *table, const struct groups *g, char *err, size_t errlen)
{
	char sql[400];
	sqlite3_stmt *ins;
	int rc = 0;

	snprintf(
	    sql, sizeof(sql),
	    "INSERT INTO %s(bucket, node, key, auid, user, exe, failed, n) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7, ?8) ON CONFLICT (bucket, node, key, auid, user, exe, failed) DO "
	    "UPDATE SET n = n + excluded.n",
	    table);
	if ((ins = prepare(db, sql, err, errlen)) == NULL)
		return -1;
	for (size_t i = 0; rc == 0 && i < g->cap; i++) {
		const struct rollup_event_row *r = &g->v[i].r;
		if (r->node == NULL)
			continue;
		sqlite3_bind_int64(ins, 1, r->bucket);
		sqlite3_bind_text(ins, 2, r->node, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, r->key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 4, r->auid);
		sqlite3_bind_text(ins, 5, r->user, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, r->exe, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 7, r->failed);
		sqlite3_bind_int64(ins, 8, r->n);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = fail_db(db, "updating the rollups", err, errlen);
		sqlite3_reset(ins);
	}
	sqlite3_finalize(ins);
	return rc;
}

/*
 * Add the events with ids in (wm, newest] outside the dirty buckets to
 * rollup_event_min and rollup_event: counted per minute in memory
 * (groups_scan), summed per bucket from those, then upserted.
 */
static int
refresh_new_events(sqlite3 *db, int64_t wm, int64_t newest, char *err, size_t errlen)
{
	struct groups min = {0}, quarter = {0};
	sqlite3_stmt *s =
	    prepare(db,
		    "SELECT " EVENT_ROW_COLS " FROM event e WHERE e.id > ?1 AND e.id <= ?2 "
		    "AND e.sec / 900 NOT IN (SELECT bucket FROM rollup_dirty)",
		    err, errlen);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, wm);
	sqlite3_bind_int64(s, 2, newest);
	rc = groups_scan(db, s, 1, &min, err, errlen); /* finalizes s */
	for (size_t i = 0; rc == 0 && i < min.cap; i++) {
		struct rollup_event_row r = min.v[i].r;
		if (r.node == NULL)
			continue;
		r.bucket = floor_div(r.bucket, 15);
		groups_add(&quarter, &r);
	}
	if (rc == 0)
		rc = upsert_groups(db, "rollup_event_min", &min, err, errlen);
	if (rc == 0)
		rc = upsert_groups(db, "rollup_event", &quarter, err, errlen);
	groups_free(&min);
	groups_free(&quarter);
	return rc;
}

/*
 * The body of rollup_refresh(), inside its write transaction: re-count each
 * dirty bucket from its events (ids up to newest), add the events in
 * (wm, newest] of the other buckets, clear the dirty set, move the
 * watermark.
 */
static int
refresh(sqlite3 *db, int64_t wm, int64_t newest, char *err, size_t errlen)
{
	static const char dirty_cond[] = "e.id <= ?1 AND e.sec >= ?2 AND e.sec < ?3";
	static const char new_podman[] = "p.event_id > ?1 AND p.event_id <= ?2 AND e.sec / 900 NOT "
					 "IN (SELECT bucket FROM rollup_dirty)";
	char sel[1024], sql[1400];
	int64_t *dirty = NULL;
	size_t ndirty = 0;
	int rc = 0;

	if (read_dirty(db, INT64_MIN, INT64_MAX, &dirty, &ndirty, err, errlen) != 0)
		return -1;
	for (int k = K_EVENT; rc == 0 && k <= K_TARGET; k++) {
		snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE bucket = ?1", rollup_table[k]);
		for (size_t i = 0; rc == 0 && i < ndirty; i++)
			rc = exec_bound(db, sql, 1, dirty[i], 0, 0, err, errlen);
		group_sql((enum kind)k, dirty_cond, 0, sel, sizeof(sel));
		snprintf(sql, sizeof(sql), "INSERT INTO %s %s", rollup_table[k], sel);
		for (size_t i = 0; rc == 0 && i < ndirty; i++)
			rc = exec_bound(db, sql, 3, newest, dirty[i] * ROLLUP_BUCKET_SECONDS,
					(dirty[i] + 1) * ROLLUP_BUCKET_SECONDS, err, errlen);
		if (rc == 0 && newest > wm && k == K_EVENT) {
			rc = refresh_new_events(db, wm, newest, err, errlen);
		} else if (rc == 0 && newest > wm) {
			group_sql((enum kind)k, new_podman, 1, sel, sizeof(sel));
			snprintf(
			    sql, sizeof(sql),
			    "INSERT INTO %s %s ON CONFLICT (%s) DO UPDATE SET n = n + excluded.n",
			    rollup_table[k], sel, rollup_conflict[k]);
			rc = exec_bound(db, sql, 2, wm, newest, 0, err, errlen);
		}
	}
	/* the events per minute of the dirty buckets */
	for (size_t i = 0; rc == 0 && i < ndirty; i++) {
		rc = exec_bound(db,
				"DELETE FROM rollup_event_min WHERE bucket >= ?1 AND bucket < ?2",
				2, dirty[i] * 15, dirty[i] * 15 + 15, 0, err, errlen);
		if (rc == 0)
			rc = exec_bound(
			    db,
			    "INSERT INTO rollup_event_min SELECT e.sec / 60, e.node, "
			    "coalesce(e.key, ''), coalesce(e.auid, -1), coalesce(e.user, "
			    "''), coalesce(e.exe, ''), coalesce(e.success, 1) = 0, count(*) "
			    "FROM event e WHERE e.id <= ?1 AND e.sec >= ?2 AND e.sec < ?3 "
			    "GROUP BY 1, 2, 3, 4, 5, 6, 7",
			    3, newest, dirty[i] * ROLLUP_BUCKET_SECONDS,
			    (dirty[i] + 1) * ROLLUP_BUCKET_SECONDS, err, errlen);
	}
	/* the risky commands: re-read in the dirty buckets, added past wm */
	for (size_t i = 0; rc == 0 && i < ndirty; i++) {
		rc = exec_bound(db, "DELETE FROM rollup_risky WHERE bucket = ?1", 1, dirty[i], 0, 0,
				err, errlen);
		if (rc == 0)
			rc = exec_bound(
			    db,
			    "INSERT OR REPLACE INTO rollup_risky SELECT p.event_id, "
			    "e.sec / 900, " RISKY_REST " FROM event e JOIN podman_cmd p ON "
			    "p.event_id = e.id WHERE " RISKY_WHERE " AND e.id <= ?1 AND "
			    "e.sec >= ?2 AND e.sec < ?3",
			    3, newest, dirty[i] * ROLLUP_BUCKET_SECONDS,
			    (dirty[i] + 1) * ROLLUP_BUCKET_SECONDS, err, errlen);
	}
	if (rc == 0 && newest > wm)
		rc = exec_bound(
		    db,
		    "INSERT OR REPLACE INTO rollup_risky SELECT p.event_id, e.sec / "
		    "900, " RISKY_REST " FROM podman_cmd p CROSS JOIN event e ON e.id = "
		    "p.event_id WHERE " RISKY_WHERE " AND p.event_id > ?1 AND p.event_id "
		    "<= ?2 AND e.sec / 900 NOT IN (SELECT bucket FROM rollup_dirty)",
		    2, wm, newest, 0, err, errlen);
	sqlite3_free(dirty);
	if (rc == 0)
		rc = exec_bound(db, "DELETE FROM rollup_dirty", 0, 0, 0, 0, err, errlen);
	if (rc == 0)
		rc = exec_bound(db, "UPDATE rollup_state SET last_id = ?1 WHERE id = 1", 1, newest,
				0, 0, err, errlen);
	return rc;
}

int
rollup_refresh(struct store *st, char *err, size_t errlen)
{
	sqlite3 *db = store_db(st);
	int64_t wm, newest, ndirty;
	int have;

	if (store_begin(st) != 0) {
		snprintf(err, errlen, "%s", store_errmsg(st));
		return -1;
	}
	if (read_state(db, &have, &wm, err, errlen) != 0)
		goto fail;
	if (!have) {
		store_rollback(st);
		return 0;
	}
	if (query_int(db, "SELECT coalesce(max(id), 0) FROM event", &newest, err, errlen) != 0 ||
	    query_int(db, "SELECT count(*) FROM rollup_dirty", &ndirty, err, errlen) != 0)
		goto fail;
	if (newest == wm && ndirty == 0) {
		store_rollback(st);
		return 0;
	}
	if (refresh(db, wm, newest, err, errlen) != 0)
		goto fail;
	if (store_commit(st) != 0) {
		snprintf(err, errlen, "%s", store_errmsg(st));
		goto fail;
	}
	return 0;
fail:
	store_rollback(st);
	return -1;
}
