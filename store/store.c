/*
 * store.c: opening, migrating and writing podaudit's SQLite database.
 */
#include "store/store.h"
#include "store/schema.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum stmt_id {
	ST_INSERT_EVENT,
	ST_INSERT_PATH,
	ST_CURSOR_BY_INODE,
	ST_CURSOR_BY_FP,
	ST_CURSOR_INSERT,
	ST_CURSOR_UPDATE,
	ST_FIND_EVENT,
	ST_MERGE_EVENT,
	ST_INSERT_PODMAN,
	ST_INSERT_RUNTIME,
	ST_LINK_PROCESS,
	ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    [ST_INSERT_EVENT] =
	"INSERT OR IGNORE INTO event(node, sec, msec, serial, type, key, syscall, success, "
	"exit, auid, uid, euid, gid, ses, tty, pid, ppid, comm, exe, cwd, argv, proctitle, "
	"user, raw, container_id, container_name, cause_id) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,"
	"?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27)",
    [ST_INSERT_PODMAN] = "INSERT OR REPLACE INTO podman_cmd(event_id, mode, subcommand, object, "
			 "container, image, pod, volume, risks, risks_json, internal, "
			 "internal_reason) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)",
    [ST_LINK_PROCESS] = "UPDATE event SET cause_id = ?4 WHERE id > ?4 AND node = ?1 AND pid = ?2 "
			"AND ses IS ?3 AND cause_id IS NULL",
    [ST_INSERT_RUNTIME] = "INSERT OR REPLACE INTO runtime_cmd(event_id, runtime, action) "
			  "VALUES (?1,?2,?3)",
    [ST_INSERT_PATH] = "INSERT INTO path(event_id, item, name, nametype, inode, mode, ouid) "
		       "VALUES (?1,?2,?3,?4,?5,?6,?7)",
    [ST_CURSOR_BY_INODE] = "SELECT id, path, dev, ino, offset, line, fp_len, fp "
			   "FROM source_cursor WHERE dev = ?1 AND ino = ?2",
    [ST_CURSOR_BY_FP] = "SELECT id, path, dev, ino, offset, line, fp_len, fp "
			"FROM source_cursor WHERE fp_len = ?1 AND fp = ?2 "
			"ORDER BY offset DESC LIMIT 1",
    [ST_CURSOR_INSERT] =
	"INSERT INTO source_cursor(path, dev, ino, offset, line, fp_len, fp, updated) "
	"VALUES (?1,?2,?3,?4,?5,?6,?7,?8) "
	"ON CONFLICT(dev, ino) DO UPDATE SET path = excluded.path, offset = excluded.offset, "
	"line = excluded.line, fp_len = excluded.fp_len, fp = excluded.fp, "
	"updated = excluded.updated",
    [ST_CURSOR_UPDATE] = "UPDATE source_cursor SET path = ?1, dev = ?2, ino = ?3, offset = ?4, "
			 "line = ?5, fp_len = ?6, fp = ?7, updated = ?8 WHERE id = ?9",
    [ST_FIND_EVENT] = "SELECT id, raw FROM event WHERE node = ?1 AND sec = ?2 AND msec = ?3 "
		      "AND serial = ?4",
    [ST_MERGE_EVENT] =
	"UPDATE event SET key = CASE WHEN ?21 THEN coalesce(?2, key) ELSE coalesce(key, "
	"?2) END, syscall = CASE WHEN ?21 THEN coalesce(?3, "
	"syscall) ELSE coalesce(syscall, ?3) END, "
	"success = CASE WHEN ?21 THEN coalesce(?4, success) ELSE coalesce(success, "
	"?4) END, exit = CASE WHEN ?21 THEN coalesce(?5, exit) ELSE coalesce(exit, "
	"?5) END, auid = CASE WHEN ?21 THEN coalesce(?6, auid) ELSE coalesce(auid, "
	"?6) END, uid = CASE WHEN ?21 THEN coalesce(?7, uid) ELSE coalesce(uid, ?7) END, "
	"euid = CASE WHEN ?21 THEN coalesce(?8, euid) ELSE coalesce(euid, ?8) END, "
	"gid = CASE WHEN ?21 THEN coalesce(?9, gid) ELSE coalesce(gid, ?9) END, "
	"ses = CASE WHEN ?21 THEN coalesce(?10, ses) ELSE coalesce(ses, ?10) END, "
	"tty = CASE WHEN ?21 THEN coalesce(?11, tty) ELSE coalesce(tty, ?11) END, "
	"pid = CASE WHEN ?21 THEN coalesce(?12, pid) ELSE coalesce(pid, ?12) END, "
	"ppid = CASE WHEN ?21 THEN coalesce(?13, ppid) ELSE coalesce(ppid, ?13) END, "
	"comm = CASE WHEN ?21 THEN coalesce(?14, comm) ELSE coalesce(comm, ?14) END, "
	"exe = CASE WHEN ?21 THEN coalesce(?15, exe) ELSE coalesce(exe, ?15) END, "
	"cwd = CASE WHEN ?21 THEN coalesce(?16, cwd) ELSE coalesce(cwd, ?16) END, "
	"argv = CASE WHEN ?21 THEN coalesce(?17, argv) ELSE coalesce(argv, ?17) END, "
	"proctitle = CASE WHEN ?21 THEN coalesce(?18, "
	"proctitle) ELSE coalesce(proctitle, ?18) END, "
	"user = CASE WHEN ?21 THEN coalesce(?19, user) ELSE coalesce(user, ?19) END, "
	"raw = ?20 WHERE id = ?1",
};

/*
 * While bulk loading, WAL checkpoints are made by a thread on a connection
 * of its own. WAL frames committed are counted by a WAL hook on the main
 * connection (which replaces its automatic checkpoint); the thread
 * checkpoints after each commit. When the WAL has grown past BULK_WAL_MAX
 * frames, store_begin() waits for a checkpoint covering every committed
 * frame, so that the next transaction writes the WAL from its start again.
 */
#define BULK_WAL_MAX 8192 /* frames (32 MiB of 4 KiB pages) */

struct bulk {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t to_ckpt, to_writer;
	sqlite3 *db;	    /* the checkpointing connection */
	int durable;	    /* synchronous FULL rather than NORMAL */
	int stop;	    /* the thread must return */
	int failed;	    /* it cannot checkpoint: back to automatic checkpoints */
	int wal_frames;	    /* frames in the WAL after the last commit */
	uint64_t commits;   /* commits made */
	uint64_t attempted; /* commits that the last finished checkpoint could cover */
	uint64_t covered;   /* commits whose frames are all checkpointed */
	int writer_waits;
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[ST_COUNT];
	int in_tx;
	int durable; /* opened with STORE_DURABLE */
	int64_t last_event_id;
	char *path;
	struct bulk *bulk; /* while bulk loading */
	char errmsg[512];
};

/* Record a formatted failure message on the handle; always returns -1. */
static int
store_fail(struct store *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->errmsg, sizeof(st->errmsg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Record the connection's current SQLite error, prefixed by what was being done. */
static int
store_fail_db(struct store *st, const char *what)
{
	return store_fail(st, "%s: %s (%s)", what, sqlite3_errmsg(st->db),
			  sqlite3_errstr(sqlite3_extended_errcode(st->db)));
}

/* Run SQL with no results; returns 0 or -1 with the message on the handle. */
static int
store_exec(struct store *st, const char *sql, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		store_fail(st, "%s: %s", what, msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Read a single integer pragma; returns -1 on error. */
static int
store_pragma_int(struct store *st, const char *pragma, int64_t *value)
{
	sqlite3_stmt *s = NULL;
	char sql[64];
	int rc;

	snprintf(sql, sizeof(sql), "PRAGMA %s", pragma);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_fail_db(st, "reading the schema version");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*value = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail_db(st, "reading the schema version");
	return 0;
}

/*
 * Bring the schema up to date, one transaction per migration. A database
 * without podaudit's application_id that already holds tables is refused,
 * and so is one newer than this build.
 */
static int
store_migrate(struct store *st, const char *path)
{
	int64_t version, appid, ntables = 0;
	sqlite3_stmt *s = NULL;
	char sql[128];

	if (store_exec(st, "BEGIN IMMEDIATE", "locking the database for migration") != 0)
		return -1;
	if (store_pragma_int(st, "user_version", &version) != 0 ||
	    store_pragma_int(st, "application_id", &appid) != 0)
		goto fail;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL) ==
		SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		ntables = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (appid != SCHEMA_APPLICATION_ID && (appid != 0 || ntables > 0)) {
		store_fail(st, "%s: not a podaudit database", path);
		goto fail;
	}
	if (version > schema_count()) {
		store_fail(st, "%s: schema version %lld is newer than this podaudit (%d)", path,
			   (long long)version, schema_count());
		goto fail;
	}
	for (int v = (int)version + 1; v <= schema_count(); v++) {
		if (store_exec(st, schema_migration(v), "migrating the schema") != 0)
			goto fail;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d; PRAGMA application_id = %d",
			 v, SCHEMA_APPLICATION_ID);
		if (store_exec(st, sql, "migrating the schema") != 0)
			goto fail;
	}
	if (store_exec(st, "COMMIT", "committing the schema") != 0)
		goto fail;
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/*
 * Create the database's directory (mode 0750, parents too) and an empty file
 * (mode 0640) when they do not exist yet, so that SQLite never creates them
 * with the process umask. Returns 0 or -1 with errno set.
 */
static int
store_prepare_file(const char *path)
{
	char *dir = strdup(path);
	char *slash;
	int fd;

	if (dir == NULL)
		return -1;
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1;; p++) {
			if (*p == '/' || *p == '\0') {
				char c = *p;
				*p = '\0';
				if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
					free(dir);
					return -1;
				}
				*p = c;
				if (c == '\0')
					break;
			}
		}
	}
	free(dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd >= 0)
		close(fd);
	else if (errno != EEXIST)
		return -1;
	return 0;
}

/*
 * SQLite opens a file it cannot write read-only without a word, and keeps its
 * -wal and -shm files beside the database: say which of the two is not
 * writable before the first write fails with a vaguer message. Returns 0, or
 * -1 with a message in err.
 */
static int
store_check_writable(struct store *st, const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (sqlite3_db_readonly(st->db, "main") == 1) {
		snprintf(err, errlen,
			 "%s: the database is read-only (%s): ingest needs write access", path,
			 access(path, W_OK) != 0 ? strerror(errno) : "read-only file system");
		return -1;
	}
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (access(dir, W_OK) != 0) {
		snprintf(
		    err, errlen,
		    "%s: its directory %s is not writable (%s): SQLite keeps the -wal and -shm "
		    "files beside the database",
		    path, dir, strerror(errno));
		return -1;
	}
	return 0;
}

int
store_open(const char *path, int flags, struct store **out, char *err, size_t errlen)
{
	struct store *st;
	int oflags;

	*out = NULL;
	st = calloc(1, sizeof(*st));
	if (st == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	if (flags & STORE_READONLY) {
		oflags = SQLITE_OPEN_READONLY;
	} else {
		if (store_prepare_file(path) != 0) {
			snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
			free(st);
			return -1;
		}
		oflags = SQLITE_OPEN_READWRITE;
	}
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open database: %s", path,
			 st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	st->durable = (flags & STORE_DURABLE) != 0;
	st->path = strdup(path);
	if (st->path == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		store_close(st);
		return -1;
	}
	if (!(flags & STORE_READONLY) && store_check_writable(st, path, err, errlen) != 0) {
		store_close(st);
		return -1;
	}
	if (!(flags & STORE_READONLY)) {
		const char *sync = (flags & STORE_DURABLE) ? "PRAGMA synchronous = FULL"
							   : "PRAGMA synchronous = NORMAL";
		if (store_exec(st, "PRAGMA journal_mode = WAL", "enabling WAL") != 0 ||
		    store_exec(st, sync, "setting synchronous") != 0 ||
		    store_exec(st, "PRAGMA cache_size = -16384", "setting the cache size") != 0 ||
		    store_migrate(st, path) != 0) {
			snprintf(err, errlen, "%s: %s", path, st->errmsg);
			store_close(st);
			return -1;
		}
	} else {
		int64_t version;
		if (store_pragma_int(st, "user_version", &version) != 0) {
			snprintf(err, errlen, "%s: %s", path, st->errmsg);
			store_close(st);
			return -1;
		}
		if (version < schema_count()) {
			snprintf(err, errlen,
				 "%s: schema version %lld is older than %d: run podaudit ingest "
				 "on it once to upgrade it",
				 path, (long long)version, schema_count());
			store_close(st);
			return -1;
		}
	}
	*out = st;
	return 0;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	store_bulk_end(st);
	if (st->in_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

const char *
store_errmsg(const struct store *st)
{
	return st->errmsg;
}

struct sqlite3 *
store_db(struct store *st)
{
	return st->db;
}

int
store_schema_version(void)
{
	return schema_count();
}

int
store_db_version(struct store *st)
{
	int64_t v = -1;

	if (store_pragma_int(st, "user_version", &v) != 0)
		return -1;
	return (int)v;
}

/* Return the prepared statement id, preparing it on first use; NULL on error. */
static sqlite3_stmt *
store_stmt(struct store *st, enum stmt_id id)
{
	if (st->stmt[id] == NULL &&
	    sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[id],
			       NULL) != SQLITE_OK) {
		store_fail(st, "preparing statement %d: %s", (int)id, sqlite3_errmsg(st->db));
		return NULL;
	}
	sqlite3_reset(st->stmt[id]);
	sqlite3_clear_bindings(st->stmt[id]);
	return st->stmt[id];
}

/* WAL hook of the main connection while bulk loading: a commit was made. */
static int
bulk_wal_hook(void *ctx, sqlite3 *db, const char *name, int frames)
{
	struct bulk *b = ctx;

	(void)db;
	(void)name;
	pthread_mutex_lock(&b->mu);
	b->wal_frames = frames;
	b->commits++;
	pthread_cond_signal(&b->to_ckpt);
	pthread_mutex_unlock(&b->mu);
	return SQLITE_OK;
}

/* The checkpointing thread: one passive checkpoint after each commit. */
static void *
bulk_main(void *arg)
{
	struct bulk *b = arg;

	pthread_mutex_lock(&b->mu);
	while (!b->stop) {
		uint64_t target;
		int rc, log = -1, done = -1;
		if (b->attempted == b->commits) {
			pthread_cond_wait(&b->to_ckpt, &b->mu);
			continue;
		}
		target = b->commits;
		pthread_mutex_unlock(&b->mu);
		rc = sqlite3_wal_checkpoint_v2(b->db, "main", SQLITE_CHECKPOINT_PASSIVE, &log,
					       &done);
		pthread_mutex_lock(&b->mu);
		b->attempted = target;
		if (rc == SQLITE_OK && log == done)
			b->covered = target;
		else if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			b->failed = 1;
		if (b->writer_waits)
			pthread_cond_signal(&b->to_writer);
		if (b->failed)
			break;
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

/*
 * Before a transaction while bulk loading: when the WAL is big, wait for a
 * checkpoint of everything committed (if readers keep it from covering it
 * all, go on: the WAL grows, as it would without this thread). When the
 * thread failed, go back to automatic checkpoints.
 */
static void
bulk_before_tx(struct store *st)
{
	struct bulk *b = st->bulk;
	int failed;

	pthread_mutex_lock(&b->mu);
	if (b->wal_frames >= BULK_WAL_MAX)
		while (!b->failed && b->attempted < b->commits) {
			b->writer_waits = 1;
			pthread_cond_wait(&b->to_writer, &b->mu);
			b->writer_waits = 0;
		}
	failed = b->failed;
	pthread_mutex_unlock(&b->mu);
	if (failed)
		store_bulk_end(st);
}

int
store_bulk_begin(struct store *st)
{
	struct bulk *b;
	const char *sync;

	if (st->bulk != NULL)
		return 0;
	b = calloc(1, sizeof(*b));
	if (b == NULL)
		return store_fail(st, "out of memory");
	if (sqlite3_open_v2(st->path, &b->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		store_fail(st, "%s: cannot open database: %s", st->path,
			   b->db ? sqlite3_errmsg(b->db) : "out of memory");
		sqlite3_close(b->db);
		free(b);
		return -1;
	}
	sqlite3_busy_timeout(b->db, 5000);
	sync = st->durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
	if (sqlite3_exec(b->db, sync, NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(st, "setting synchronous: %s", sqlite3_errmsg(b->db));
		sqlite3_close(b->db);
		free(b);
		return -1;
	}
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->to_ckpt, NULL);
	pthread_cond_init(&b->to_writer, NULL);
	if (pthread_create(&b->thread, NULL, bulk_main, b) != 0) {
		pthread_mutex_destroy(&b->mu);
		pthread_cond_destroy(&b->to_ckpt);
		pthread_cond_destroy(&b->to_writer);
		sqlite3_close(b->db);
		free(b);
		return store_fail(st, "cannot start the checkpoint thread");
	}
	pthread_setname_np(b->thread, "podaudit-ckpt");
	st->bulk = b;
	sqlite3_wal_hook(st->db, bulk_wal_hook, b);
	return 0;
}

void
store_bulk_end(struct store *st)
{
	struct bulk *b = st->bulk;

	if (b == NULL)
		return;
	st->bulk = NULL;
	sqlite3_wal_autocheckpoint(st->db, 1000); /* SQLite's default */
	pthread_mutex_lock(&b->mu);
	b->stop = 1;
	pthread_cond_signal(&b->to_ckpt);
	pthread_mutex_unlock(&b->mu);
	pthread_join(b->thread, NULL);
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->to_ckpt);
	pthread_cond_destroy(&b->to_writer);
	sqlite3_close(b->db);
	free(b);
}

int
store_begin(struct store *st)
{
	if (st->bulk != NULL)
		bulk_before_tx(st);
	if (store_exec(st, "BEGIN IMMEDIATE", "starting a transaction") != 0)
		return -1;
	st->in_tx = 1;
	return 0;
}

int
store_commit(struct store *st)
{
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail_db(st, "committing");
		/* A failed COMMIT may leave the transaction open: undo it all. */
		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		st->in_tx = 0;
		return -1;
	}
	st->in_tx = 0;
	return 0;
}

int
store_rollback(struct store *st)
{
	st->in_tx = 0;
	if (sqlite3_get_autocommit(st->db))
		return 0;
	return store_exec(st, "ROLLBACK", "rolling back");
}

/* Bind a string or NULL. */
static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

/* Bind an integer when its bit is set in have, else leave NULL. */
static void
bind_opt(sqlite3_stmt *s, int i, unsigned have, unsigned bit, int64_t v)
{
	if (have & bit)
		sqlite3_bind_int64(s, i, v);
}

/* Bind an event's identity (node, sec, msec, serial) to parameters 1 to 4. */
static void
bind_identity(sqlite3_stmt *s, const char *node, int64_t sec, int msec, uint64_t serial)
{
	sqlite3_bind_text(s, 1, node ? node : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, sec);
	sqlite3_bind_int(s, 3, msec);
	sqlite3_bind_int64(s, 4, (int64_t)serial);
}

/*
 * Bind the event fields key .. user, in the column order both the insert and
 * the merge statement use, to parameters base .. base + 17.
 */
static void
bind_fields(sqlite3_stmt *s, int base, const struct store_event *ev)
{
	bind_text(s, base, ev->key);
	bind_text(s, base + 1, ev->syscall);
	bind_opt(s, base + 2, ev->have, EV_SUCCESS, ev->success);
	bind_opt(s, base + 3, ev->have, EV_EXIT, ev->exit);
	bind_opt(s, base + 4, ev->have, EV_AUID, ev->auid);
	bind_opt(s, base + 5, ev->have, EV_UID, ev->uid);
	bind_opt(s, base + 6, ev->have, EV_EUID, ev->euid);
	bind_opt(s, base + 7, ev->have, EV_GID, ev->gid);
	bind_opt(s, base + 8, ev->have, EV_SES, ev->ses);
	bind_text(s, base + 9, ev->tty);
	bind_opt(s, base + 10, ev->have, EV_PID, ev->pid);
	bind_opt(s, base + 11, ev->have, EV_PPID, ev->ppid);
	bind_text(s, base + 12, ev->comm);
	bind_text(s, base + 13, ev->exe);
	bind_text(s, base + 14, ev->cwd);
	bind_text(s, base + 15, ev->argv_json);
	bind_text(s, base + 16, ev->proctitle);
	bind_text(s, base + 17, ev->user);
}

/* Insert the paths of ev as belonging to event id. */
static int
insert_paths(struct store *st, int64_t id, const struct store_event *ev)
{
	for (size_t i = 0; i < ev->npaths; i++) {
		const struct store_path *p = &ev->paths[i];
		sqlite3_stmt *s = store_stmt(st, ST_INSERT_PATH);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, p->item);
		bind_text(s, 3, p->name);
		bind_text(s, 4, p->nametype);
		bind_opt(s, 5, p->have, PATH_INODE, p->inode);
		bind_opt(s, 6, p->have, PATH_MODE, p->mode);
		bind_opt(s, 7, p->have, PATH_OUID, p->ouid);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_fail_db(st, "storing a path");
	}
	return 0;
}

/*
 * How line (n bytes, ending in '\n') relates to the lines of raw: 1 when an
 * equal line, or a longer one it starts (a complete copy of a line cut
 * short), is there; 0 when it is new. When a stored line is a cut-short
 * copy of it, *cut is set to that line's offset and *cut_len to its length.
 */
static int
line_status(const char *raw, size_t raw_len, const char *line, size_t n, size_t *cut,
	    size_t *cut_len)
{
	const char *p = raw, *end = raw + raw_len;
	size_t body = n > 0 && line[n - 1] == '\n' ? n - 1 : n;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t m = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (m >= body && memcmp(p, line, body) == 0)
			return 1;
		if (m < body && m > 0 && memcmp(p, line, m) == 0 && *cut == (size_t)-1) {
			*cut = (size_t)(p - raw);
			*cut_len = m + (nl ? 1 : 0);
		}
		p += m + 1;
	}
	return 0;
}

/*
 * An event with ev's identity is stored already. Either this is the same
 * event read again (every line of ev->raw is in the stored raw: nothing to
 * do), or libauparse split one identity into two events (a LOGIN record and
 * its SYSCALL, or records far apart), or the stored copy was read from a
 * file cut short. New lines are appended, cut-short lines replaced by their
 * whole version, and fields filled in: the stored values are kept, except
 * that a line that was cut short lets the new values win. Sets *merged.
 */
static int
merge_event(struct store *st, const struct store_event *ev, int *merged)
{
	sqlite3_stmt *s = store_stmt(st, ST_FIND_EVENT);
	const char *p = ev->raw, *end = ev->raw + ev->raw_len;
	struct {
		char *buf;
		size_t len;
	} out = {NULL, 0};
	size_t added = 0;
	int repaired = 0, rc;
	int64_t id;

	*merged = 0;
	if (s == NULL)
		return -1;
	bind_identity(s, ev->node, ev->sec, ev->msec, ev->serial);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : store_fail_db(st, "reading an event");
	id = sqlite3_column_int64(s, 0);
	out.len = (size_t)sqlite3_column_bytes(s, 1);
	out.buf = malloc(out.len + ev->raw_len + 1);
	if (out.buf == NULL) {
		sqlite3_reset(s);
		return store_fail(st, "out of memory");
	}
	memcpy(out.buf, sqlite3_column_text(s, 1), out.len);
	sqlite3_reset(s);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		size_t cut = (size_t)-1, cut_len = 0;
		if (!line_status(out.buf, out.len, p, n, &cut, &cut_len)) {
			if (cut != (size_t)-1) {
				/* Replace the cut-short line in place. */
				memmove(out.buf + cut + n, out.buf + cut + cut_len,
					out.len - cut - cut_len);
				memcpy(out.buf + cut, p, n);
				out.len = out.len - cut_len + n;
				repaired = 1;
			} else {
				memcpy(out.buf + out.len, p, n);
				out.len += n;
			}
			added += n;
		}
		p += n;
	}
	if (added == 0) {
		free(out.buf);
		return 0;
	}
	s = store_stmt(st, ST_MERGE_EVENT);
	if (s == NULL) {
		free(out.buf);
		return -1;
	}
	sqlite3_bind_int64(s, 1, id);
	bind_fields(s, 2, ev);
	sqlite3_bind_text(s, 20, out.buf, (int)out.len, free);
	sqlite3_bind_int(s, 21, repaired);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail_db(st, "merging an event");
	/* Paths come with their PATH lines: only when all of them were new. */
	if (added == ev->raw_len && !repaired && insert_paths(st, id, ev) != 0)
		return -1;
	*merged = 1;
	return 0;
}

/* Insert the podman or runtime meaning of event id, when ev has one. */
static int
insert_meaning(struct store *st, int64_t id, const struct store_event *ev)
{
	const struct store_podman *p = ev->podman;
	sqlite3_stmt *s;

	if (p != NULL) {
		s = store_stmt(st, ST_INSERT_PODMAN);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, p->mode ? p->mode : "other", -1, SQLITE_STATIC);
		bind_text(s, 3, p->subcommand);
		bind_text(s, 4, p->object);
		bind_text(s, 5, p->container);
		bind_text(s, 6, p->image);
		bind_text(s, 7, p->pod);
		bind_text(s, 8, p->volume);
		bind_text(s, 9, p->risks);
		bind_text(s, 10, p->risks_json);
		sqlite3_bind_int(s, 11, p->internal);
		bind_text(s, 12, p->internal_reason);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_fail_db(st, "storing a podman command");
	}
	if (ev->runtime != NULL) {
		s = store_stmt(st, ST_INSERT_RUNTIME);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, ev->runtime->runtime);
		bind_text(s, 3, ev->runtime->action);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_fail_db(st, "storing a runtime command");
	}
	return 0;
}

int
store_insert_event(struct store *st, const struct store_event *ev, int *inserted)
{
	sqlite3_stmt *s = store_stmt(st, ST_INSERT_EVENT);
	int merged;
	int64_t id;

	*inserted = STORE_PRESENT;
	if (s == NULL)
		return -1;
	bind_identity(s, ev->node, ev->sec, ev->msec, ev->serial);
	sqlite3_bind_text(s, 5, ev->type ? ev->type : "UNKNOWN", -1, SQLITE_STATIC);
	bind_fields(s, 6, ev);
	sqlite3_bind_text(s, 24, ev->raw, (int)ev->raw_len, SQLITE_STATIC);
	bind_text(s, 25, ev->container_id);
	bind_text(s, 26, ev->container_name);
	bind_opt(s, 27, ev->have, EV_CAUSE, ev->cause_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail_db(st, "storing an event");
	if (sqlite3_changes(st->db) == 0) {
		if (merge_event(st, ev, &merged) != 0)
			return -1;
		if (merged)
			*inserted = STORE_MERGED;
		return 0;
	}
	id = sqlite3_last_insert_rowid(st->db);
	st->last_event_id = id;
	if (insert_paths(st, id, ev) != 0 || insert_meaning(st, id, ev) != 0)
		return -1;
	*inserted = STORE_INSERTED;
	return 0;
}

int
store_link_process(struct store *st, const char *node, int64_t pid, int64_t ses, int64_t cause)
{
	sqlite3_stmt *s = store_stmt(st, ST_LINK_PROCESS);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, node ? node : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, pid);
	if (ses >= 0)
		sqlite3_bind_int64(s, 3, ses);
	sqlite3_bind_int64(s, 4, cause);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail_db(st, "linking events to their command");
	return 0;
}

int
store_recent_links(struct store *st, int64_t window,
		   int (*process)(void *ctx, const char *node, int64_t pid, int64_t ses,
				  int64_t cause),
		   int (*container)(void *ctx, const char *id, const char *name, int64_t cause),
		   void *ctx)
{
	static const char *const sql[2] = {
	    "SELECT e.node, e.pid, e.ses, coalesce(e.cause_id, e.id) FROM event e "
	    "LEFT JOIN podman_cmd p ON p.event_id = e.id "
	    "WHERE e.id > (SELECT coalesce(max(id), 0) FROM event) - ?1 AND e.pid IS NOT NULL "
	    "AND (e.cause_id IS NOT NULL OR (p.event_id IS NOT NULL AND p.internal = 0)) "
	    "ORDER BY e.id",
	    "SELECT e.container_id, e.container_name, e.cause_id FROM event e "
	    "JOIN runtime_cmd r ON r.event_id = e.id "
	    "WHERE e.id > (SELECT coalesce(max(id), 0) FROM event) - ?1 AND r.runtime = 'conmon' "
	    "AND r.action = 'create' AND e.container_id IS NOT NULL AND e.cause_id IS NOT NULL "
	    "ORDER BY e.id",
	};
	int rc = 0;

	for (int q = 0; q < 2 && rc == 0; q++) {
		sqlite3_stmt *s = NULL;
		int step;
		if (sqlite3_prepare_v2(st->db, sql[q], -1, &s, NULL) != SQLITE_OK)
			return store_fail_db(st, "reading recent commands");
		sqlite3_bind_int64(s, 1, window);
		while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
			const char *a = (const char *)sqlite3_column_text(s, 0);
			if (q == 0)
				rc = process(ctx, a, sqlite3_column_int64(s, 1),
					     sqlite3_column_type(s, 2) == SQLITE_NULL
						 ? -1
						 : sqlite3_column_int64(s, 2),
					     sqlite3_column_int64(s, 3));
			else
				rc = container(ctx, a, (const char *)sqlite3_column_text(s, 1),
					       sqlite3_column_int64(s, 2));
		}
		if (rc == 0 && step != SQLITE_DONE) {
			sqlite3_finalize(s);
			return store_fail_db(st, "reading recent commands");
		}
		sqlite3_finalize(s);
	}
	return 0;
}

int64_t
store_last_event_id(struct store *st)
{
	return st->last_event_id;
}

int
store_has_event(struct store *st, const char *node, int64_t sec, int msec, uint64_t serial,
		int *found)
{
	sqlite3_stmt *s = store_stmt(st, ST_FIND_EVENT);
	int rc;

	*found = 0;
	if (s == NULL)
		return -1;
	bind_identity(s, node, sec, msec, serial);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail_db(st, "reading an event");
	*found = rc == SQLITE_ROW;
	return 0;
}

/* Fill *cur from a cursor row of s; returns -1 when out of memory. */
static int
cursor_from_row(struct store *st, sqlite3_stmt *s, struct store_cursor *cur)
{
	const char *p = (const char *)sqlite3_column_text(s, 1);

	cur->id = sqlite3_column_int64(s, 0);
	cur->path = strdup(p ? p : "");
	if (cur->path == NULL)
		return store_fail(st, "out of memory");
	cur->dev = (uint64_t)sqlite3_column_int64(s, 2);
	cur->ino = (uint64_t)sqlite3_column_int64(s, 3);
	cur->offset = sqlite3_column_int64(s, 4);
	cur->line = sqlite3_column_int64(s, 5);
	cur->fp_len = sqlite3_column_int64(s, 6);
	cur->fp = (uint64_t)sqlite3_column_int64(s, 7);
	return 0;
}

/* Step a cursor query already bound; sets *found and fills *cur. */
static int
cursor_fetch(struct store *st, sqlite3_stmt *s, struct store_cursor *cur, int *found)
{
	int rc = sqlite3_step(s);

	*found = 0;
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_fail_db(st, "reading a cursor");
	if (cursor_from_row(st, s, cur) != 0)
		return -1;
	*found = 1;
	sqlite3_reset(s);
	return 0;
}

int
store_cursor_by_inode(struct store *st, uint64_t dev, uint64_t ino, struct store_cursor *cur,
		      int *found)
{
	sqlite3_stmt *s = store_stmt(st, ST_CURSOR_BY_INODE);

	*found = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (int64_t)dev);
	sqlite3_bind_int64(s, 2, (int64_t)ino);
	return cursor_fetch(st, s, cur, found);
}

int
store_cursor_by_fingerprint(struct store *st, int64_t fp_len, uint64_t fp, struct store_cursor *cur,
			    int *found)
{
	sqlite3_stmt *s = store_stmt(st, ST_CURSOR_BY_FP);

	*found = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, fp_len);
	sqlite3_bind_int64(s, 2, (int64_t)fp);
	return cursor_fetch(st, s, cur, found);
}

int
store_cursor_put(struct store *st, struct store_cursor *cur)
{
	sqlite3_stmt *s;

	if (cur->id != 0) {
		s = store_stmt(st, ST_CURSOR_UPDATE);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 9, cur->id);
	} else {
		s = store_stmt(st, ST_CURSOR_INSERT);
		if (s == NULL)
			return -1;
	}
	sqlite3_bind_text(s, 1, cur->path ? cur->path : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (int64_t)cur->dev);
	sqlite3_bind_int64(s, 3, (int64_t)cur->ino);
	sqlite3_bind_int64(s, 4, cur->offset);
	sqlite3_bind_int64(s, 5, cur->line);
	sqlite3_bind_int64(s, 6, cur->fp_len);
	sqlite3_bind_int64(s, 7, (int64_t)cur->fp);
	sqlite3_bind_int64(s, 8, (int64_t)time(NULL));
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_fail_db(st, "saving the input cursor");
	if (cur->id == 0)
		cur->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

void
store_cursor_clear(struct store_cursor *cur)
{
	free(cur->path);
	memset(cur, 0, sizeof(*cur));
}
