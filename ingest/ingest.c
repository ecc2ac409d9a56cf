/*
 * ingest.c: reading audit logs into the store, exactly once.
 *
 * Lines are read in large blocks and split here. Each line is checked to be
 * an audit record, appended to its event's pending raw text, and fed to
 * libauparse, which calls back when an event is complete. A batch of events
 * is committed together with the input's cursor: the offset of the first
 * line of the oldest event still pending (or of the next line when none
 * is), so that a resumed run re-reads every event that was not stored and
 * the (node, time, serial) identity drops the ones that were.
 *
 * A file is read by two threads: this one splits lines, runs libauparse and
 * extracts each event's fields; a writer thread owns the store and inserts
 * the events, in order, from a bounded queue of jobs. A commit is a job too,
 * queued after the events it covers with the cursor computed when it was
 * queued, so the writer commits exactly what the single-threaded reader
 * would have. Streams and followed files use the same jobs, run at once in
 * this thread (they commit on a clock and are not bulk loads).
 */
#include "ingest/ingest.h"

#include <auparse.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ingest/extract.h"
#include "ingest/meaning.h"
#include "ingest/pending.h"
#include "ingest/record.h"
#include "store/rollup.h"
#include "util/escape.h"
#include "util/hash.h"

#define READ_BLOCK     (1 << 20)   /* bytes read at a time */
#define MAX_LINE       (256 << 10) /* longer lines are not audit records */
#define FP_BYTES       1024	   /* bytes covered by a file's fingerprint */
#define FOLLOW_POLL_MS 100	   /* how often a followed file is checked */
#define QUIET_FLUSH_MS 200	   /* idle time after which pending events are completed */
#define PROGRESS_STEP  (4 << 20)   /* progress callback granularity */
#define RESUME_ZONE    (64 << 10)  /* bytes after a cursor where stragglers are looked for */
#define LINK_WINDOW    50000	   /* stored events an ingest run learns links from */
#define RECENT	       256	   /* identities of recently stored events remembered */
#define QUEUE_JOBS     256	   /* jobs queued for the writer thread, at most */
#define QUEUE_BYTES    (8 << 20)   /* raw bytes queued for it, at most (plus one event) */
#define JOB_KEEP       65536	   /* buffers larger than this are freed after a job */
#define WAKE_JOBS      32	   /* an idle writer is woken when this many jobs wait */

/* One input being read. */
struct source {
	const char *name;
	int fd;
	int is_file;	  /* has a cursor */
	int64_t size;	  /* at open, for progress */
	int64_t line_end; /* offset just after the last whole line handled */
	int64_t lineno;	  /* lines handled */
	int64_t last_progress;
	struct store_cursor cur;
	int64_t saved_offset; /* cursor offset last committed */
	char *buf;	      /* bytes read but not yet handled */
	size_t len, cap;
	int skipping;	    /* inside an over-long line */
	int64_t resume_end; /* events starting before this offset may complete stored ones */
	int cursor_queued;  /* a commit of its cursor has been queued (or it is stored) */
	int64_t wcur_id;    /* the writer's: id of its cursor row, 0 before the first */
};

/* One unit of work for the writer: store an event, or commit. */
struct job {
	enum { JOB_EVENT, JOB_COMMIT } kind;
	struct extract x;	 /* JOB_EVENT: the event, raw excepted */
	struct strbuf raw;	 /* JOB_EVENT: its lines */
	int put_cursor;		 /* JOB_COMMIT: save cur first */
	struct store_cursor cur; /* its path is borrowed from the source */
};

/*
 * The jobs between the reading thread (which fills them at head) and the
 * writer (which runs them at tail). head and tail only grow; the job of
 * number n is jobs[n % QUEUE_JOBS]. Without a thread (threaded == 0) a job
 * is run as soon as it is queued, in jobs[0].
 */
struct writer {
	struct job *jobs;
	uint64_t head, tail;
	size_t bytes;	   /* raw bytes of the queued jobs */
	int threaded;	   /* a writer thread is running */
	int busy;	   /* it is running the job at tail */
	int stop, discard; /* finish when the queue is empty; drop queued jobs */
	int failed;	   /* a job failed: err says why; later jobs are dropped */
	int reader_waits, writer_waits;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t to_writer, to_reader;
	char err[1024];
};

struct ingest {
	struct store *st;
	struct ingest_opts o;
	auparse_state_t *au;
	struct pending pend;
	struct extract x; /* extract_has_key()'s buffers */
	struct meaning *meaning;
	struct ingest_stats stats;
	struct source *src; /* the input being read, for callbacks */
	int in_tx;
	unsigned batch; /* events handled since the last commit */
	int cb_failed;	/* a callback failed: stop and roll back */
	struct timespec last_commit;
	int live;		     /* following or reading a stream: refresh the rollups */
	int rollup_stale;	     /* events were committed since the last refresh */
	struct timespec last_rollup; /* when the rollups were last refreshed */
	/*
	 * Identities of the events stored last. When libauparse completes an
	 * event early (aging, a pause in the input) its remaining records come
	 * as a second event without the key: those are merged, not dropped.
	 */
	struct recent {
		uint64_t node_hash;
		int64_t sec;
		uint64_t serial;
		int msec;
	} recent[RECENT];
	unsigned recent_next;
	struct writer w;
	char err[1024];
};

/* Record a formatted failure message; returns -1. */
static int
fail(struct ingest *ing, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ing->err, sizeof(ing->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* Pass a formatted notice to the warn callback, if any. */
static void
warn(struct ingest *ing, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (ing->o.warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ing->o.warn(ing->o.warn_ctx, msg);
}

/* Milliseconds elapsed since *t. */
static int64_t
ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

/*
 * Fingerprint the first n bytes of fd (fewer if the file is shorter: *got
 * tells how many). Returns 0, or -1 with errno set.
 */
static int
fingerprint(int fd, int64_t n, int64_t *got, uint64_t *fp)
{
	unsigned char buf[FP_BYTES];
	ssize_t r;

	if (n > FP_BYTES)
		n = FP_BYTES;
	r = pread(fd, buf, (size_t)n, 0);
	if (r < 0)
		return -1;
	*got = r;
	*fp = hash_bytes(buf, (size_t)r);
	return 0;
}

/*
 * The writer's side. These functions run in the writer thread while a file
 * is read, else in the reading thread; they touch only the store, the
 * meaning state, in_tx, the stored/present/merged counters and the source's
 * wcur_id, and report failures in w.err.
 */

/* Record a formatted failure of the writer; returns -1. */
static int
wfail(struct ingest *ing, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ing->w.err, sizeof(ing->w.err), fmt, ap);
	va_end(ap);
	return -1;
}

/* Open the write transaction if none is open. */
static int
ensure_tx(struct ingest *ing)
{
	if (ing->in_tx)
		return 0;
	if (store_begin(ing->st) != 0)
		return wfail(ing, "%s", store_errmsg(ing->st));
	ing->in_tx = 1;
	return 0;
}

/* Store one extracted event, and link what its meaning links. */
static int
run_event(struct ingest *ing, struct job *j)
{
	struct extract *x = &j->x;
	int inserted;
	int64_t pid, cause;

	meaning_before(ing->meaning, x);
	x->ev.raw = j->raw.buf;
	x->ev.raw_len = j->raw.len;
	if (ensure_tx(ing) != 0)
		return -1;
	if (store_insert_event(ing->st, &x->ev, &inserted) != 0)
		return wfail(ing, "%s", store_errmsg(ing->st));
	if (inserted == STORE_INSERTED) {
		ing->stats.stored++;
		if (meaning_after(ing->meaning, x, store_last_event_id(ing->st), &pid, &cause) &&
		    store_link_process(ing->st, x->ev.node, pid,
				       (x->ev.have & EV_SES) ? x->ev.ses : -1, cause) != 0)
			return wfail(ing, "%s", store_errmsg(ing->st));
	} else if (inserted == STORE_MERGED)
		ing->stats.merged++;
	else
		ing->stats.present++;
	return 0;
}

/*
 * While following: when events were committed since the report rollups were
 * last brought up to date, and that was rollup_ms ago, bring them up to date
 * (a transaction of their own, outside any batch). Not fatal: reports count
 * the events past the rollups directly.
 */
static void
maybe_refresh_rollups(struct ingest *ing)
{
	char err[512];

	if (!ing->live || !ing->rollup_stale || ing->in_tx ||
	    ms_since(&ing->last_rollup) < ing->o.rollup_ms)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ing->last_rollup);
	ing->rollup_stale = 0;
	if (rollup_refresh(ing->st, err, sizeof(err)) != 0)
		warn(ing, "updating the report rollups: %s (reports stay exact, and slower)", err);
}

/* Save the cursor, when the job carries one, and commit. */
static int
run_commit(struct ingest *ing, struct job *j)
{
	if (j->put_cursor) {
		if (ensure_tx(ing) != 0)
			return -1;
		j->cur.id = ing->src->wcur_id;
		if (store_cursor_put(ing->st, &j->cur) != 0)
			return wfail(ing, "%s", store_errmsg(ing->st));
		ing->src->wcur_id = j->cur.id;
	}
	if (ing->in_tx) {
		ing->in_tx = 0;
		if (store_commit(ing->st) != 0)
			return wfail(ing, "%s", store_errmsg(ing->st));
		if (ing->live) {
			ing->rollup_stale = 1;
			maybe_refresh_rollups(ing);
		}
	}
	return 0;
}

/* Run a job, then release what an odd one made big; returns its raw size. */
static size_t
run_job(struct ingest *ing, struct job *j, int *rc)
{
	size_t bytes = j->kind == JOB_EVENT ? j->raw.len : 0;

	*rc = j->kind == JOB_EVENT ? run_event(ing, j) : run_commit(ing, j);
	if (j->raw.cap > JOB_KEEP)
		strbuf_free(&j->raw);
	extract_trim(&j->x, JOB_KEEP);
	return bytes;
}

/* The writer thread: run the queued jobs in order until told to stop. */
static void *
writer_main(void *arg)
{
	struct ingest *ing = arg;
	struct writer *w = &ing->w;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		struct job *j;
		int skip, rc = 0;
		size_t bytes;
		while (w->head == w->tail && !w->stop) {
			w->writer_waits = 1;
			pthread_cond_wait(&w->to_writer, &w->mu);
			w->writer_waits = 0;
		}
		if (w->head == w->tail)
			break;
		j = &w->jobs[w->tail % QUEUE_JOBS];
		skip = w->failed || w->discard;
		w->busy = 1;
		pthread_mutex_unlock(&w->mu);
		if (skip)
			bytes = j->kind == JOB_EVENT ? j->raw.len : 0;
		else
			bytes = run_job(ing, j, &rc);
		pthread_mutex_lock(&w->mu);
		w->busy = 0;
		w->tail++;
		w->bytes -= bytes;
		if (rc != 0)
			w->failed = 1;
		/*
		 * A reader waiting for room is woken when half the queue is
		 * free, not at every job; one waiting for the queue to empty,
		 * when it is empty.
		 */
		if (w->reader_waits &&
		    (w->head == w->tail || w->failed ||
		     (w->head - w->tail <= QUEUE_JOBS / 2 && w->bytes < QUEUE_BYTES / 2)))
			pthread_cond_signal(&w->to_reader);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/*
 * The reading side of the queue. Run the jobs of this file in a writer
 * thread from now on (or, if no thread can be made, at once).
 */
static void
writer_start(struct ingest *ing)
{
	struct writer *w = &ing->w;

	w->head = w->tail = 0;
	w->bytes = 0;
	w->busy = w->stop = w->discard = w->failed = 0;
	w->reader_waits = w->writer_waits = 0;
	w->threaded = pthread_create(&w->thread, NULL, writer_main, ing) == 0;
	if (w->threaded)
		pthread_setname_np(w->thread, "podaudit-writer");
}

/*
 * Stop the writer thread: after running every queued job, or, with discard,
 * dropping them. Returns -1 (with the writer's message) when a job failed.
 */
static int
writer_stop(struct ingest *ing, int discard)
{
	struct writer *w = &ing->w;

	if (!w->threaded)
		return 0;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	w->discard = discard;
	pthread_cond_signal(&w->to_writer);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	w->threaded = 0;
	if (w->failed) {
		snprintf(ing->err, sizeof(ing->err), "%s", w->err);
		return -1;
	}
	return 0;
}

/* The writer failed: take its message; returns -1. */
static int
writer_failed(struct ingest *ing)
{
	pthread_mutex_lock(&ing->w.mu);
	snprintf(ing->err, sizeof(ing->err), "%s", ing->w.err);
	pthread_mutex_unlock(&ing->w.mu);
	return -1;
}

/*
 * A job to fill, once the queue has room; NULL (with the message in err)
 * when the writer failed.
 */
static struct job *
job_get(struct ingest *ing)
{
	struct writer *w = &ing->w;
	int failed;

	if (!w->threaded)
		return &w->jobs[0];
	pthread_mutex_lock(&w->mu);
	while (!w->failed && (w->head - w->tail == QUEUE_JOBS ||
			      (w->bytes >= QUEUE_BYTES && w->head != w->tail))) {
		if (w->writer_waits)
			pthread_cond_signal(&w->to_writer);
		w->reader_waits = 1;
		pthread_cond_wait(&w->to_reader, &w->mu);
		w->reader_waits = 0;
	}
	failed = w->failed;
	pthread_mutex_unlock(&w->mu);
	if (failed) {
		writer_failed(ing);
		return NULL;
	}
	return &w->jobs[w->head % QUEUE_JOBS];
}

/* Queue the job job_get() gave (or run it now); -1 with a message when it failed. */
static int
job_put(struct ingest *ing, struct job *j)
{
	struct writer *w = &ing->w;
	int rc;

	if (!w->threaded) {
		run_job(ing, j, &rc);
		if (rc != 0)
			snprintf(ing->err, sizeof(ing->err), "%s", w->err);
		return rc;
	}
	pthread_mutex_lock(&w->mu);
	w->head++;
	if (j->kind == JOB_EVENT)
		w->bytes += j->raw.len;
	/* An idle writer is woken for a batch of jobs, or for a commit. */
	if (w->writer_waits && (j->kind == JOB_COMMIT || w->head - w->tail >= WAKE_JOBS))
		pthread_cond_signal(&w->to_writer);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

/*
 * Wait until the writer has run every queued job and is idle, so that this
 * thread may use the store; -1 with a message when a job failed.
 */
static int
writer_drain(struct ingest *ing)
{
	struct writer *w = &ing->w;
	int failed;

	if (!w->threaded)
		return 0;
	pthread_mutex_lock(&w->mu);
	while (!w->failed && (w->head != w->tail || w->busy)) {
		if (w->writer_waits)
			pthread_cond_signal(&w->to_writer);
		w->reader_waits = 1;
		pthread_cond_wait(&w->to_reader, &w->mu);
		w->reader_waits = 0;
	}
	failed = w->failed;
	pthread_mutex_unlock(&w->mu);
	return failed ? writer_failed(ing) : 0;
}

/*
 * Queue a commit of what has been queued, with the cursor of the current
 * input moved to the first line not yet fully queued (the writer stores
 * events in order, so when it commits, every event before that line is in
 * the transaction). The cursor is saved only when it moved.
 */
static int
checkpoint(struct ingest *ing)
{
	struct source *src = ing->src;
	struct job *j = job_get(ing);
	int64_t line;
	int put;

	if (j == NULL)
		return -1;
	j->kind = JOB_COMMIT;
	j->put_cursor = 0;
	if (src != NULL && src->is_file) {
		int64_t off = pending_min_offset(&ing->pend, src->line_end, src->lineno + 1, &line);
		if (off != src->saved_offset || !src->cursor_queued) {
			struct stat sb;
			if (src->cur.fp_len < FP_BYTES && fstat(src->fd, &sb) == 0 &&
			    sb.st_size > src->cur.fp_len &&
			    fingerprint(src->fd, FP_BYTES, &src->cur.fp_len, &src->cur.fp) != 0)
				return fail(ing, "%s: %s", src->name, strerror(errno));
			src->cur.offset = off;
			src->cur.line = line;
			j->cur = src->cur;
			j->put_cursor = 1;
		}
	}
	put = j->put_cursor;
	if (job_put(ing, j) != 0)
		return -1;
	if (put) {
		src->saved_offset = src->cur.offset;
		src->cursor_queued = 1;
	}
	ing->batch = 0;
	clock_gettime(CLOCK_MONOTONIC, &ing->last_commit);
	return 0;
}

/* Undo everything since the last commit. */
static void
abort_batch(struct ingest *ing)
{
	if (ing->in_tx) {
		store_rollback(ing->st);
		ing->in_tx = 0;
	}
	ing->batch = 0;
	memset(ing->recent, 0, sizeof(ing->recent));
	/* What was learnt from events now rolled back must not be used. */
	meaning_free(ing->meaning);
	ing->meaning = NULL;
}

/* Was an event with this identity stored in the last RECENT? */
static int
recent_has(const struct ingest *ing, const au_event_t *ts)
{
	uint64_t h = hash_str(ts->host);

	for (unsigned i = 0; i < RECENT; i++) {
		const struct recent *r = &ing->recent[i];
		if (r->serial == ts->serial && r->sec == (int64_t)ts->sec &&
		    r->msec == (int)ts->milli && r->node_hash == h && r->sec != 0)
			return 1;
	}
	return 0;
}

/* Remember that an event with this identity is stored. */
static void
recent_add(struct ingest *ing, const au_event_t *ts)
{
	struct recent *r = &ing->recent[ing->recent_next++ % RECENT];

	r->node_hash = hash_str(ts->host);
	r->sec = (int64_t)ts->sec;
	r->msec = (int)ts->milli;
	r->serial = ts->serial;
}

/* libauparse callback: one event is complete. */
static void
on_event(auparse_state_t *au, auparse_cb_event_t type, void *data)
{
	struct ingest *ing = data;
	const au_event_t *ts;
	struct pending_event *pe;
	struct job *j;

	if (type != AUPARSE_CB_EVENT_READY || ing->cb_failed)
		return;
	ing->stats.events++;
	ts = auparse_get_timestamp(au);
	if (ts == NULL)
		return;
	pe = pending_find(&ing->pend, ts->host, (int64_t)ts->sec, (int)ts->milli, ts->serial);
	if (!ing->o.all_events && !extract_has_key(&ing->x, au, ing->o.keys) &&
	    !recent_has(ing, ts)) {
		/*
		 * Just after a resumed cursor, an event without the key may be
		 * the rest of a stored one (or the whole of a line that was
		 * cut short): it is merged into it. The store is asked once
		 * the writer has stored everything queued before.
		 */
		int found = 0;
		if (pe == NULL || pe->first_offset >= ing->src->resume_end)
			goto done;
		if (writer_drain(ing) != 0) {
			ing->cb_failed = 1;
			goto done;
		}
		if (store_has_event(ing->st, ts->host, (int64_t)ts->sec, (int)ts->milli, ts->serial,
				    &found) != 0) {
			fail(ing, "%s", store_errmsg(ing->st));
			ing->cb_failed = 1;
			goto done;
		}
		if (!found)
			goto done;
	}
	if (pe == NULL)
		goto done; /* cannot happen: every line fed was added first */
	j = job_get(ing);
	if (j == NULL) {
		ing->cb_failed = 1;
		goto done;
	}
	j->kind = JOB_EVENT;
	extract_event(&j->x, au);
	pending_take_raw(&ing->pend, pe, &j->raw);
	pe = NULL;
	if (job_put(ing, j) != 0) {
		ing->cb_failed = 1;
		goto done;
	}
	recent_add(ing, ts);
	ing->batch++;
done:
	if (pe != NULL)
		pending_release(&ing->pend, pe);
}

int
ingest_open(struct store *st, const struct ingest_opts *opts, struct ingest **out, char *err,
	    size_t errlen)
{
	static const char *const no_keys[] = {NULL};
	struct ingest *ing;

	*out = NULL;
	ing = calloc(1, sizeof(*ing));
	if (ing == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ing->st = st;
	ing->o = *opts;
	if (ing->o.keys == NULL)
		ing->o.keys = no_keys;
	if (ing->o.batch_events == 0)
		ing->o.batch_events = 5000;
	if (ing->o.batch_ms == 0)
		ing->o.batch_ms = 250;
	if (ing->o.rollup_ms == 0)
		ing->o.rollup_ms = 60000;
	pending_init(&ing->pend);
	extract_init(&ing->x);
	ing->w.jobs = calloc(QUEUE_JOBS, sizeof(*ing->w.jobs));
	if (ing->w.jobs == NULL) {
		free(ing);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < QUEUE_JOBS; i++)
		extract_init(&ing->w.jobs[i].x);
	pthread_mutex_init(&ing->w.mu, NULL);
	pthread_cond_init(&ing->w.to_writer, NULL);
	pthread_cond_init(&ing->w.to_reader, NULL);
	clock_gettime(CLOCK_MONOTONIC, &ing->last_commit);
	*out = ing;
	return 0;
}

void
ingest_close(struct ingest *ing)
{
	if (ing == NULL)
		return;
	abort_batch(ing);
	if (ing->au != NULL)
		auparse_destroy(ing->au);
	pending_free(&ing->pend);
	extract_free(&ing->x);
	for (size_t i = 0; i < QUEUE_JOBS; i++) {
		extract_free(&ing->w.jobs[i].x);
		strbuf_free(&ing->w.jobs[i].raw);
	}
	free(ing->w.jobs);
	pthread_mutex_destroy(&ing->w.mu);
	pthread_cond_destroy(&ing->w.to_writer);
	pthread_cond_destroy(&ing->w.to_reader);
	meaning_free(ing->meaning);
	free(ing);
}

const struct ingest_stats *
ingest_get_stats(const struct ingest *ing)
{
	return &ing->stats;
}

const char *
ingest_errmsg(const struct ingest *ing)
{
	return ing->err;
}

/* store_recent_links() callbacks: teach the meaning state. */
static int
learn_process(void *ctx, const char *node, int64_t pid, int64_t ses, int64_t cause)
{
	meaning_learn_process(ctx, node, pid, ses, cause);
	return 0;
}

static int
learn_container(void *ctx, const char *id, const char *name, int64_t cause)
{
	meaning_learn_container(ctx, id, name, cause);
	return 0;
}

/*
 * A fresh meaning state that knows the processes and containers of the
 * events stored last, so that events read now link to commands stored by
 * an earlier run.
 */
static int
meaning_reset(struct ingest *ing)
{
	meaning_free(ing->meaning);
	ing->meaning = meaning_new();
	if (ing->meaning == NULL)
		return fail(ing, "out of memory");
	if (store_recent_links(ing->st, LINK_WINDOW, learn_process, learn_container,
			       ing->meaning) != 0)
		return fail(ing, "%s", store_errmsg(ing->st));
	return 0;
}

/*
 * Start a fresh parser for a new input; the meaning state is kept, or
 * rebuilt from the store after a rollback dropped it (and at first use).
 */
static int
parser_reset(struct ingest *ing)
{
	if (ing->meaning == NULL && meaning_reset(ing) != 0)
		return -1;
	if (ing->au != NULL)
		auparse_destroy(ing->au);
	pending_clear(&ing->pend);
	ing->au = auparse_init(AUSOURCE_FEED, NULL);
	if (ing->au == NULL)
		return fail(ing, "cannot initialise libauparse: %s", strerror(errno));
	auparse_set_escape_mode(ing->au, AUPARSE_ESC_RAW);
	auparse_add_callback(ing->au, on_event, ing, NULL);
	return 0;
}

/* Complete every event the parser holds (end of input, or a quiet input). */
static int
parser_flush(struct ingest *ing)
{
	if (ing->au != NULL)
		auparse_flush_feed(ing->au);
	if (ing->cb_failed)
		return -1;
	pending_clear(&ing->pend);
	return 0;
}

/* Report a line that is not an audit record. */
static void
malformed(struct ingest *ing, const char *line, size_t len, const char *why)
{
	struct strbuf sb = STRBUF_INIT;

	ing->stats.malformed++;
	if (ing->o.warn == NULL)
		return;
	escape_terminal(&sb, line, len > 80 ? 80 : len);
	warn(ing, "%s:%lld: %s: %s%s", ing->src->name, (long long)ing->src->lineno, why,
	     strbuf_str(&sb), len > 80 ? "..." : "");
	strbuf_free(&sb);
}

/* Handle one whole line (len bytes, no newline) starting at the source's line_end. */
static int
handle_line(struct ingest *ing, const char *line, size_t len)
{
	struct source *src = ing->src;
	struct record_header h;
	int64_t offset = src->line_end;

	src->lineno++;
	src->line_end += (int64_t)len + 1;
	ing->stats.lines++;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	if (len == 0)
		return 0;
	if (len > MAX_LINE) {
		malformed(ing, line, len, "line too long");
		return 0;
	}
	if (memchr(line, '\0', len) != NULL) {
		malformed(ing, line, len, "NUL byte in line");
		return 0;
	}
	if (record_header_parse(line, len, &h) != 0) {
		malformed(ing, line, len, "not an audit record");
		return 0;
	}
	pending_add(&ing->pend, &h, line, len, offset, src->lineno);
	auparse_feed(ing->au, line, len);
	auparse_feed(ing->au, "\n", 1);
	if (ing->cb_failed)
		return -1;
	if (ing->batch >= ing->o.batch_events)
		return checkpoint(ing);
	return 0;
}

/*
 * Handle every whole line in the source's buffer; keep the partial last
 * line. At final end of input (eof), a last line without newline counts.
 */
static int
handle_buffer(struct ingest *ing, int eof)
{
	struct source *src = ing->src;
	size_t pos = 0;

	while (pos < src->len) {
		char *nl = memchr(src->buf + pos, '\n', src->len - pos);
		size_t n;
		if (nl == NULL)
			break;
		n = (size_t)(nl - (src->buf + pos));
		if (src->skipping) {
			src->skipping = 0;
			src->line_end += (int64_t)n + 1;
		} else if (handle_line(ing, src->buf + pos, n) != 0)
			return -1;
		pos += n + 1;
	}
	if (pos < src->len && (eof || src->len - pos > MAX_LINE)) {
		size_t n = src->len - pos;
		if (src->skipping) {
			src->line_end += (int64_t)n;
		} else if (n > MAX_LINE) {
			src->lineno++;
			ing->stats.lines++;
			malformed(ing, src->buf + pos, n, "line too long");
			src->line_end += (int64_t)n;
			src->skipping = !eof;
		} else {
			/*
			 * A last line without its newline may still be being
			 * written: its event is stored, but the cursor stays
			 * before it, so that a later run reads it again and
			 * completes the stored copy if it has grown.
			 */
			int64_t start = src->line_end;
			if (handle_line(ing, src->buf + pos, n) != 0)
				return -1;
			src->line_end = start;
			src->lineno--;
		}
		pos = src->len;
	}
	memmove(src->buf, src->buf + pos, src->len - pos);
	src->len -= pos;
	return 0;
}

/*
 * Read what is available from the source and handle it. Sets *got to the
 * number of bytes read (0 at end of input). eof_final says whether end of
 * input ends the source (a file being ingested) or may be followed by more.
 */
static int
pump(struct ingest *ing, int eof_final, ssize_t *got)
{
	struct source *src = ing->src;
	ssize_t r;

	if (src->cap - src->len < READ_BLOCK) {
		size_t cap = src->len + READ_BLOCK;
		char *b = realloc(src->buf, cap);
		if (b == NULL)
			return fail(ing, "out of memory");
		src->buf = b;
		src->cap = cap;
	}
	do
		r = read(src->fd, src->buf + src->len, src->cap - src->len);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return fail(ing, "%s: read error: %s", src->name, strerror(errno));
	*got = r;
	src->len += (size_t)r;
	if (handle_buffer(ing, r == 0 && eof_final) != 0)
		return -1;
	if (ing->o.progress != NULL && src->size > 0 &&
	    (src->line_end - src->last_progress >= PROGRESS_STEP || r == 0)) {
		src->last_progress = src->line_end;
		ing->o.progress(ing->o.progress_ctx, src->name, src->line_end, src->size);
	}
	return 0;
}

/* Release a source's resources. */
static void
source_close(struct source *src)
{
	if (src->fd >= 0 && src->is_file)
		close(src->fd);
	src->fd = -1;
	free(src->buf);
	src->buf = NULL;
	src->len = src->cap = 0;
	store_cursor_clear(&src->cur);
}

/*
 * Open path and position it at its cursor: the one stored for its inode
 * when the fingerprint still matches (else the file was replaced or
 * truncated: from the start), or the one of a copy with the same
 * fingerprint, or the start.
 */
static int
source_open_file(struct ingest *ing, struct source *src, const char *path)
{
	struct stat sb;
	int found = 0;
	int64_t fp_len;
	uint64_t fp;

	memset(src, 0, sizeof(*src));
	src->fd = -1;
	src->name = path;
	src->is_file = 1;
	src->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (src->fd < 0)
		return fail(ing, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(src->fd, &sb) != 0 || fingerprint(src->fd, sb.st_size, &fp_len, &fp) != 0) {
		fail(ing, "%s: %s", path, strerror(errno));
		source_close(src);
		return -1;
	}
	if (S_ISDIR(sb.st_mode)) {
		fail(ing, "%s: is a directory", path);
		source_close(src);
		return -1;
	}
	src->size = sb.st_size;
	if (store_cursor_by_inode(ing->st, (uint64_t)sb.st_dev, (uint64_t)sb.st_ino, &src->cur,
				  &found) != 0) {
		fail(ing, "%s", store_errmsg(ing->st));
		source_close(src);
		return -1;
	}
	if (found) {
		int64_t got;
		uint64_t h;
		if (src->cur.fp_len > sb.st_size || src->cur.offset > sb.st_size ||
		    fingerprint(src->fd, src->cur.fp_len, &got, &h) != 0 || h != src->cur.fp) {
			warn(ing,
			     "%s: replaced or truncated since last read; reading it from the start",
			     path);
			src->cur.offset = 0;
			src->cur.line = 1;
		}
	} else if (fp_len == FP_BYTES) {
		if (store_cursor_by_fingerprint(ing->st, fp_len, fp, &src->cur, &found) != 0) {
			fail(ing, "%s", store_errmsg(ing->st));
			source_close(src);
			return -1;
		}
		if (found && src->cur.offset > sb.st_size)
			src->cur.offset = 0;
		src->cur.id = 0; /* a copy gets its own cursor */
	}
	if (!found) {
		src->cur.offset = 0;
		src->cur.line = 1;
	}
	free(src->cur.path);
	src->cur.path = strdup(path);
	src->cur.dev = (uint64_t)sb.st_dev;
	src->cur.ino = (uint64_t)sb.st_ino;
	src->cur.fp_len = fp_len;
	src->cur.fp = fp;
	if (src->cur.path == NULL || lseek(src->fd, src->cur.offset, SEEK_SET) < 0) {
		fail(ing, "%s: %s", path, strerror(errno ? errno : ENOMEM));
		source_close(src);
		return -1;
	}
	src->line_end = src->cur.offset;
	src->resume_end = src->cur.offset > 0 ? src->cur.offset + RESUME_ZONE : 0;
	src->saved_offset = found ? src->cur.offset : -1;
	src->cursor_queued = src->cur.id != 0;
	src->wcur_id = src->cur.id;
	src->lineno = src->cur.line > 0 ? src->cur.line - 1 : 0;
	src->last_progress = src->cur.offset;
	ing->stats.files++;
	return 0;
}

/* Finish an input: complete pending events, commit with the final cursor. */
static int
source_finish(struct ingest *ing)
{
	if (parser_flush(ing) != 0 || checkpoint(ing) != 0)
		return -1;
	return 0;
}

int
ingest_file(struct ingest *ing, const char *path)
{
	struct source src;
	ssize_t got;
	int rc = -1;

	ing->err[0] = '\0';
	if (source_open_file(ing, &src, path) != 0)
		return -1;
	ing->src = &src;
	if (parser_reset(ing) != 0)
		goto out;
	/* Without a checkpoint thread, SQLite checkpoints as usual: only slower. */
	store_bulk_begin(ing->st);
	writer_start(ing);
	do {
		if (pump(ing, 1, &got) != 0)
			goto out;
	} while (got > 0);
	rc = source_finish(ing);
out:
	if (writer_stop(ing, rc != 0) != 0)
		rc = -1;
	store_bulk_end(ing->st);
	if (rc != 0)
		abort_batch(ing);
	ing->cb_failed = 0;
	ing->src = NULL;
	source_close(&src);
	return rc;
}

/* Has the stop flag been raised? */
static int
stopping(const struct ingest *ing)
{
	return ing->o.stop != NULL && *ing->o.stop;
}

/*
 * While idle: complete events that have waited long enough, and commit when
 * the batch is due.
 */
static int
idle_tick(struct ingest *ing, int64_t idle_ms)
{
	auparse_feed_age_events(ing->au);
	if (ing->cb_failed)
		return -1;
	if (idle_ms >= QUIET_FLUSH_MS && ing->pend.live > 0 && parser_flush(ing) != 0)
		return -1;
	if ((ing->batch > 0 || ing->in_tx || (ing->src->is_file && ing->pend.live == 0)) &&
	    checkpoint(ing) != 0)
		return -1;
	maybe_refresh_rollups(ing);
	return 0;
}

int
ingest_stream(struct ingest *ing, int fd, const char *name)
{
	struct source src;
	struct timespec last_data;
	int rc = -1;

	ing->err[0] = '\0';
	memset(&src, 0, sizeof(src));
	src.fd = fd;
	src.name = name;
	ing->src = &src;
	ing->stats.files++;
	if (parser_reset(ing) != 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &last_data);
	ing->live = 1;
	ing->last_rollup = last_data;
	while (!stopping(ing)) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int n = poll(&pfd, 1, FOLLOW_POLL_MS);
		ssize_t got = 0;
		if (n < 0 && errno != EINTR) {
			fail(ing, "%s: %s", name, strerror(errno));
			goto out;
		}
		if (n > 0) {
			if (pump(ing, 1, &got) != 0)
				goto out;
			if (got == 0)
				break;
			clock_gettime(CLOCK_MONOTONIC, &last_data);
		}
		if (n <= 0 || ms_since(&ing->last_commit) >= ing->o.batch_ms)
			if (idle_tick(ing, ms_since(&last_data)) != 0)
				goto out;
	}
	rc = source_finish(ing);
out:
	ing->live = 0;
	if (rc != 0)
		abort_batch(ing);
	ing->cb_failed = 0;
	ing->src = NULL;
	free(src.buf);
	return rc;
}

/* Has the file at path been replaced (rotated) since src was opened? */
static int
rotated(const struct source *src, const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return 0; /* between rename and create: keep reading the old one */
	return (uint64_t)sb.st_ino != src->cur.ino || (uint64_t)sb.st_dev != src->cur.dev;
}

int
ingest_follow(struct ingest *ing, const char *path)
{
	struct source src;
	struct timespec last_data;
	int rc = -1;

	ing->err[0] = '\0';
	if (source_open_file(ing, &src, path) != 0)
		return -1;
	ing->src = &src;
	if (parser_reset(ing) != 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &last_data);
	ing->live = 1;
	ing->last_rollup = last_data;
	while (!stopping(ing)) {
		ssize_t got;
		struct stat sb;

		if (pump(ing, 0, &got) != 0)
			goto out;
		if (got > 0) {
			clock_gettime(CLOCK_MONOTONIC, &last_data);
			if (ms_since(&ing->last_commit) >= ing->o.batch_ms && checkpoint(ing) != 0)
				goto out;
			continue;
		}
		/* At the end of what has been written so far. */
		if (idle_tick(ing, ms_since(&last_data)) != 0)
			goto out;
		if (fstat(src.fd, &sb) == 0 && sb.st_size < src.line_end + (int64_t)src.len) {
			warn(ing, "%s: truncated; reading it from the start", path);
			if (parser_flush(ing) != 0 || checkpoint(ing) != 0)
				goto out;
			source_close(&src);
			if (source_open_file(ing, &src, path) != 0)
				goto out_nosrc;
			if (parser_reset(ing) != 0)
				goto out;
			continue;
		}
		if (rotated(&src, path)) {
			/* Finish the old file: whatever auditd wrote before the rename. */
			do {
				if (pump(ing, 1, &got) != 0)
					goto out;
			} while (got > 0);
			if (source_finish(ing) != 0)
				goto out;
			warn(ing, "%s: rotated; now reading the new file", path);
			source_close(&src);
			if (source_open_file(ing, &src, path) != 0)
				goto out_nosrc;
			if (parser_reset(ing) != 0)
				goto out;
			continue;
		}
		poll(NULL, 0, FOLLOW_POLL_MS);
	}
	rc = 0;
	/* Stopping: lines already read become events; an unfinished last line waits. */
	if (parser_flush(ing) != 0 || checkpoint(ing) != 0)
		rc = -1;
out:
	ing->live = 0;
	if (rc != 0)
		abort_batch(ing);
	ing->cb_failed = 0;
	ing->src = NULL;
	source_close(&src);
	return rc;
out_nosrc:
	abort_batch(ing);
	ing->cb_failed = 0;
	ing->src = NULL;
	return -1;
}
