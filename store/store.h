/*
 * store.h: podaudit's SQLite database: schema, migrations, event writer and
 * input cursors.
 *
 * A store is an opaque handle: store_open() creates it, store_close()
 * releases it. Functions that can fail return 0 on success and -1 on error,
 * leaving a message that store_errmsg() returns until the next call.
 */
#ifndef PODAUDIT_STORE_H
#define PODAUDIT_STORE_H

#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct store;

/* store_open() flags. */
enum {
	STORE_READONLY = 1 << 0, /* open an existing database read-only; no migration */
	STORE_DURABLE = 1 << 1,	 /* fsync every commit (synchronous=FULL) */
};

/* Which optional integer fields of a store_event are set (NULL in SQL when not). */
enum {
	EV_SUCCESS = 1 << 0,
	EV_EXIT = 1 << 1,
	EV_AUID = 1 << 2,
	EV_UID = 1 << 3,
	EV_EUID = 1 << 4,
	EV_GID = 1 << 5,
	EV_SES = 1 << 6,
	EV_PID = 1 << 7,
	EV_PPID = 1 << 8,
	EV_CAUSE = 1 << 9,
};

/* Which optional fields of a store_path are set. */
enum {
	PATH_INODE = 1 << 0,
	PATH_MODE = 1 << 1,
	PATH_OUID = 1 << 2,
};

/* One PATH record of an event. Strings may hold any byte but NUL. */
struct store_path {
	int item;
	const char *name; /* decoded path, or NULL */
	const char *nametype;
	int64_t inode;
	int64_t mode;
	int64_t ouid;
	unsigned have; /* PATH_* bits */
};

/* What a podman command line means (ingest/podman); strings may be NULL. */
struct store_podman {
	const char *mode; /* sudo, rootless, root-no-session, other */
	const char *subcommand, *object, *container, *image, *pod, *volume;
	const char *risks;	/* comma-separated, see docs/schema.md */
	const char *risks_json; /* JSON array */
	int internal;
	const char *internal_reason;
};

/* What a conmon, runc or crun command line means. */
struct store_runtime {
	const char *runtime, *action;
};

/*
 * One audit event as stored. String fields may be NULL (stored as SQL NULL)
 * and may hold any byte but NUL; raw holds raw_len bytes exactly.
 */
struct store_event {
	const char *node; /* "" when the log has no node= prefix */
	int64_t sec;
	int msec;
	uint64_t serial;
	const char *type; /* type of the event's first record */
	const char *key;
	const char *syscall;
	int64_t success, exit, auid, uid, euid, gid, ses, pid, ppid;
	unsigned have; /* EV_* bits */
	const char *tty, *comm, *exe, *cwd;
	const char *argv_json; /* JSON array of the decoded arguments, or NULL */
	const char *proctitle;
	const char *user; /* login name for auid */
	const char *raw;
	size_t raw_len;
	const struct store_path *paths;
	size_t npaths;
	const char *container_id, *container_name;
	int64_t cause_id;		     /* with EV_CAUSE */
	const struct store_podman *podman;   /* a podman execution, or NULL */
	const struct store_runtime *runtime; /* a conmon/runc/crun execution, or NULL */
};

/* Where reading an input stopped. */
struct store_cursor {
	int64_t id; /* 0 for a new cursor; set by store_cursor_put() */
	char *path; /* owned by the cursor; freed by store_cursor_clear() */
	uint64_t dev, ino;
	int64_t offset; /* bytes before this offset are fully stored */
	int64_t line;	/* line number at offset (1-based for the next line) */
	int64_t fp_len; /* bytes covered by the fingerprint */
	uint64_t fp;	/* fingerprint of the file's first fp_len bytes */
};

/*
 * Open (creating, unless STORE_READONLY) the database at path and bring its
 * schema to the current version. A new database's directory is created with
 * mode 0750 and the file with mode 0640. On error returns -1, leaves *out NULL
 * and writes a message naming the path into err.
 */
int store_open(const char *path, int flags, struct store **out, char *err, size_t errlen);

/* Close the database, rolling back an open transaction; accepts NULL. */
void store_close(struct store *st);

/* The message of the last failure on this handle ("" if none). Owned by the handle. */
const char *store_errmsg(const struct store *st);

/* The underlying connection, for read-only queries by other modules. Owned by the handle. */
struct sqlite3 *store_db(struct store *st);

/* The schema version this build writes, and the one found in the open database. */
int store_schema_version(void);
int store_db_version(struct store *st);

/* Begin, commit or roll back the write transaction. */
int store_begin(struct store *st);
int store_commit(struct store *st);
int store_rollback(struct store *st);

/*
 * Bulk loading (a large file read from start to end): from store_bulk_begin()
 * until store_bulk_end() (or store_close()), the pages committed to the WAL
 * are copied into the database file by a thread on a connection of its own
 * while this connection goes on writing, instead of by the commit that makes
 * the WAL too long. What a commit guarantees is unchanged (same synchronous
 * level, same fsyncs on the checkpointing side). The handle must then be used
 * by one thread at a time, as always. store_bulk_begin() returns -1 with a
 * message when the thread or its connection cannot be made (nothing
 * changed: automatic checkpoints go on); store_bulk_end() never fails.
 */
int store_bulk_begin(struct store *st);
void store_bulk_end(struct store *st);

/* What store_insert_event() did. */
enum {
	STORE_PRESENT = 0,  /* the event was stored already: nothing changed */
	STORE_INSERTED = 1, /* a new event */
	STORE_MERGED = 2,   /* new lines of an event with the same identity were added to it */
};

/*
 * Insert an event (and its paths) unless an event with the same (node, sec,
 * msec, serial) is already stored. When one is, lines of ev->raw that the
 * stored event lacks are appended to it and its missing fields filled in
 * (libauparse can split one identity into two events). Sets *inserted to
 * one of STORE_PRESENT, STORE_INSERTED, STORE_MERGED. Must be called inside
 * store_begin()/store_commit().
 */
int store_insert_event(struct store *st, const struct store_event *ev, int *inserted);

/* Set *found to 1 when an event with this identity is stored, else 0. */
int store_has_event(struct store *st, const char *node, int64_t sec, int msec, uint64_t serial,
		    int *found);

/*
 * Give the events of process pid (on node, in session ses; ses -1 for none)
 * stored after event cause without a cause, the cause cause.
 */
int store_link_process(struct store *st, const char *node, int64_t pid, int64_t ses, int64_t cause);

/*
 * Call process() for the processes of the last `window` stored events that
 * belong to a podman command (node, pid, session or -1, the command's id),
 * oldest first, and container() for the containers conmon created among
 * them (id, name, the command's id). Stops at the first callback returning
 * non-zero.
 */
int store_recent_links(struct store *st, int64_t window,
		       int (*process)(void *ctx, const char *node, int64_t pid, int64_t ses,
				      int64_t cause),
		       int (*container)(void *ctx, const char *id, const char *name, int64_t cause),
		       void *ctx);

/* The id of the event the last store_insert_event() returning STORE_INSERTED added. */
int64_t store_last_event_id(struct store *st);

/*
 * Look up a cursor by the fingerprint fp of a file's first fp_len bytes (a
 * copy or a move of a file already read). *found is set to 1 and *cur filled
 * (cur->path allocated) when one exists, else 0.
 */
int store_cursor_by_fingerprint(struct store *st, int64_t fp_len, uint64_t fp,
				struct store_cursor *cur, int *found);

/*
 * Look up the cursor stored for the file (dev, ino), whatever its
 * fingerprint, so that the caller can check that fingerprint over the stored
 * fp_len bytes (an inode can be reused by a new file). Same found/cur
 * contract as store_cursor_by_fingerprint().
 */
int store_cursor_by_inode(struct store *st, uint64_t dev, uint64_t ino, struct store_cursor *cur,
			  int *found);

/* Insert or update a cursor; sets cur->id. Call inside the events' transaction. */
int store_cursor_put(struct store *st, struct store_cursor *cur);

/* Free what a cursor owns. */
void store_cursor_clear(struct store_cursor *cur);

#endif
