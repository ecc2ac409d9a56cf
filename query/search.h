/*
 * search.h: running a filter (query/filter.h) against one podaudit
 * database, and looking up what `show` and `timeline` need about one event.
 *
 * Both handles read the documented views of a database the caller opened
 * (store_open with STORE_READONLY) and keeps open until the handle is
 * closed. Rows come back in time order: (epoch, msec, id).
 */
#ifndef PODAUDIT_QUERY_SEARCH_H
#define PODAUDIT_QUERY_SEARCH_H
#include <stddef.h>
#include <stdint.h>

#include "query/filter.h"
#include "util/strbuf.h"

struct sqlite3;
struct query_search;
struct query_lookup;

/* Which nullable integers of a query_row are set (not SQL NULL). */
enum {
	QR_SUCCESS = 1 << 0,
	QR_EXIT = 1 << 1,
	QR_AUID = 1 << 2,
	QR_UID = 1 << 3,
	QR_EUID = 1 << 4,
	QR_GID = 1 << 5,
	QR_SES = 1 << 6,
	QR_PID = 1 << 7,
	QR_PPID = 1 << 8,
	QR_CAUSE = 1 << 9,
};

/*
 * One row of the events view. Strings are NULL for SQL NULL and may hold
 * any byte but NUL (raw: raw_len bytes). They belong to the handle that
 * returned the row and stay valid until its next call.
 */
struct query_row {
	int64_t id;
	const char *node;
	int64_t sec;
	int msec;
	int64_t serial;
	const char *type, *key, *syscall;
	int64_t success, exit, auid, uid, euid, gid, ses, pid, ppid, cause_id;
	unsigned have; /* QR_* bits */
	const char *user, *tty, *comm, *exe, *cwd;
	const char *argv; /* JSON array (see docs/schema.md), or NULL */
	const char *proctitle, *container_id, *container_name;
	const char *raw; /* only with QUERY_WITH_RAW (and from query_lookup_event) */
	size_t raw_len;
};

/* query_search_open() flags. */
enum { QUERY_WITH_RAW = 1 };

/*
 * Prepare the search of filter f (which must pass query_filter_check) in
 * db: the first `limit` matching events in time order (limit <= 0: all).
 * Values a filter needs resolved against the data are resolved here: the
 * stored keys holding --key, and a --container ID prefix, which must name
 * one container only (as podman requires). Returns 0 and a handle in *out,
 * or -1 with a message in err (an ambiguous prefix names --container).
 */
int query_search_open(struct sqlite3 *db, const struct query_filter *f, int64_t limit, int flags,
		      struct query_search **out, char *err, size_t errlen);

/* Step to the next row: 1 when there is one, 0 at the end, -1 with a message in err. */
int query_search_step(struct query_search *s, char *err, size_t errlen);

/* The current row (after query_search_step returned 1); owned by the handle. */
const struct query_row *query_search_row(const struct query_search *s);

/*
 * Append SQLite's plan for the search (EXPLAIN QUERY PLAN of the exact
 * statement with its bound values), one step per line, indented by depth.
 * Returns 0, or -1 with a message in err.
 */
int query_search_plan(struct query_search *s, struct strbuf *out, char *err, size_t errlen);

/* Release the search (NULL is fine). */
void query_search_close(struct query_search *s);

/* What a podman execution means (view podman_commands); strings may be NULL. */
struct query_podman {
	const char *mode, *subcommand, *object, *container, *image, *pod, *volume;
	const char *risks;	/* comma-separated, see docs/schema.md */
	const char *risks_json; /* JSON array */
	int internal;
	const char *internal_reason;
};

/* What a conmon/runc/crun execution means (view runtime_commands). */
struct query_runtime {
	const char *runtime, *action;
};

/* Which optional integers of a query_path are set. */
enum { QP_INODE = 1 << 0, QP_MODE = 1 << 1, QP_OUID = 1 << 2 };

/* One row of the paths view. */
struct query_path {
	int64_t item;
	const char *name, *nametype; /* NULL when not logged */
	int64_t inode, mode, ouid;
	unsigned have; /* QP_* bits */
};

/* Prepare the lookups in db. Returns 0 and *out, or -1 with a message in err. */
int query_lookup_open(struct sqlite3 *db, struct query_lookup **out, char *err, size_t errlen);

/* Release the lookups (NULL is fine). */
void query_lookup_close(struct query_lookup *q);

/*
 * Fill *row with event id, raw records included. Returns 1, 0 when there is
 * no such event, -1 with a message in err. The strings stay valid until the
 * next query_lookup_event() on q.
 */
int query_lookup_event(struct query_lookup *q, int64_t id, struct query_row *row, char *err,
		       size_t errlen);

/*
 * Fill *p with the meaning of podman execution id. Returns 1, 0 when id is
 * not a podman execution, -1 with a message in err. Strings valid until the
 * next query_lookup_podman() on q.
 */
int query_lookup_podman(struct query_lookup *q, int64_t id, struct query_podman *p, char *err,
			size_t errlen);

/* The same for a conmon/runc/crun execution. */
int query_lookup_runtime(struct query_lookup *q, int64_t id, struct query_runtime *r, char *err,
			 size_t errlen);

/*
 * Call fn for each path of event id, in item order; fn's pointers are valid
 * during the call. Stops when fn returns non-zero and returns that value;
 * returns 0 after the last path, -1 with a message in err.
 */
int query_lookup_paths(struct query_lookup *q, int64_t id,
		       int (*fn)(void *ctx, const struct query_path *p), void *ctx, char *err,
		       size_t errlen);

/*
 * Call fn for each event caused by event id (cause_id = id), in time order
 * (rows without raw records). Same return contract as query_lookup_paths().
 */
int query_lookup_caused(struct query_lookup *q, int64_t id,
			int (*fn)(void *ctx, const struct query_row *row), void *ctx, char *err,
			size_t errlen);

/*
 * The path that says best what event id touched: its first path record that
 * is not a PARENT one, else its first, as logged (a relative name is
 * relative to the cwd, or to a directory descriptor for the *at syscalls);
 * appended to out. Returns 1, 0 when the event has no path,
 * -1 with a message in err.
 */
int query_lookup_main_path(struct query_lookup *q, const struct query_row *row, struct strbuf *out,
			   char *err, size_t errlen);

#endif
