/*
 * ingest.h: reading audit logs into the store, exactly once.
 *
 * An ingest handle feeds lines from files or streams through libauparse,
 * keeps the events that carry one of the configured keys (or all of them),
 * and commits them in batches together with the input's cursor, so that an
 * interrupted run resumes where the last commit left off and nothing is
 * stored twice. Functions return 0 on success and -1 on error, with a
 * message that ingest_errmsg() returns; they never print.
 */
#ifndef PODAUDIT_INGEST_H
#define PODAUDIT_INGEST_H

#include <signal.h>
#include <stdint.h>

#include "store/store.h"

struct ingest;

struct ingest_opts {
	const char *const *keys; /* NULL-terminated; ignored when all_events */
	int all_events;
	unsigned batch_events; /* commit after this many events (0: 5000) */
	unsigned batch_ms;     /* while following, commit at least this often (0: 250) */
	/*
	 * While following a file or reading a stream, bring the report rollups
	 * (store/rollup.h) up to date after a commit when they were last
	 * brought up to date at least this long ago (0: 60000 ms). A failure
	 * is passed to warn and the run goes on (reports stay exact: they
	 * count events past the rollups directly).
	 */
	unsigned rollup_ms;
	/* Non-fatal notices (malformed lines, rotation, truncation); may be NULL. */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
	/* Bytes read so far of a file of total bytes; may be NULL. */
	void (*progress)(void *ctx, const char *name, int64_t done, int64_t total);
	void *progress_ctx;
	/* When non-NULL and set non-zero (from a signal handler), following stops. */
	volatile sig_atomic_t *stop;
};

struct ingest_stats {
	int64_t files;	   /* inputs opened */
	int64_t lines;	   /* lines read */
	int64_t events;	   /* events read */
	int64_t stored;	   /* events newly stored */
	int64_t present;   /* events kept but already stored */
	int64_t merged;	   /* events added to a stored event of the same identity */
	int64_t malformed; /* lines that are not audit records */
};

/*
 * Create an ingest handle writing into st (which must outlive it). On error
 * returns -1 and writes a message into err.
 */
int ingest_open(struct store *st, const struct ingest_opts *opts, struct ingest **out, char *err,
		size_t errlen);

/* Release the handle, rolling back anything not committed; accepts NULL. */
void ingest_close(struct ingest *ing);

/*
 * Read the file at path from its cursor (or its start) to its end and commit.
 * On error nothing after the last commit is kept and its cursor is not moved.
 * While it runs, the store is written by a thread of its own (and WAL
 * checkpoints by another, see store_bulk_begin()); both end before it returns.
 */
int ingest_file(struct ingest *ing, const char *path);

/*
 * Read the stream fd (standard input: the auditd plugin protocol, one
 * record per line) until end of file or until *opts->stop is set. Streams
 * have no cursor; each commit is made durable before the next read.
 */
int ingest_stream(struct ingest *ing, int fd, const char *name);

/*
 * Follow path as auditd appends to it, until *opts->stop is set: resumes
 * from its cursor, survives rotation (finishes the old file, then reads the
 * new one from its start) and truncation, and commits at least every
 * batch_ms while events arrive.
 */
int ingest_follow(struct ingest *ing, const char *path);

/* Counters so far. Owned by the handle. */
const struct ingest_stats *ingest_get_stats(const struct ingest *ing);

/* The message of the last failure ("" if none). Owned by the handle. */
const char *ingest_errmsg(const struct ingest *ing);

#endif
