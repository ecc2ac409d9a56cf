/*
 * forward.c: the forwarding loop -- read events in pages, send, confirm,
 * commit the cursor, retry with backoff; see forward.h.
 */
#include "forward/forward.h"

#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "forward/cursor.h"
#include "forward/render.h"
#include "forward/transport.h"
#include "forward/url.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#define PAGE 256

/* An event handed on and not yet confirmed. */
struct pending {
	int64_t id;
	uint64_t seq; /* confirmed once the transport confirmed seq messages */
	int message;  /* 1: a message was sent for it; 0: skipped or dropped */
};

struct run {
	const struct forward_options *o;
	struct forward_summary *sum;
	struct store *st;
	const char *name;
	struct forward_url url;
	const struct transport_ops *ops;
	struct transport_params params;
	struct transport *t; /* NULL while closed */
	struct forward_render *render;
	sqlite3_stmt *page;
	struct strbuf msg;
	struct pending *ring;
	size_t cap, head, count, messages; /* ring; messages: entries with message = 1 */
	uint64_t seq;			   /* messages sent on the current transport */
	int64_t read_pos;		   /* last id handed on */
	int64_t confirmed_id;		   /* last id confirmed: the cursor */
	int64_t committed_id;		   /* the cursor as committed */
	int64_t uncommitted;		   /* events confirmed since the last commit */
	int64_t sent_uncommitted;	   /* messages confirmed since the last commit */
	int64_t last_commit_ms;
	unsigned failures; /* failed attempts in a row */
	unsigned rand_state;
	unsigned dropped_noticed;
};

/* Monotonic milliseconds. */
static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
stopped(const struct run *r)
{
	return r->o->stop != NULL && *r->o->stop;
}

/* Pass a notice to the caller. */
static void notice(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
notice(struct run *r, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (r->o->notice == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->o->notice(r->o->ctx, buf);
}

/* Sleep ms milliseconds, waking early when stopped. Returns 1 when stopped. */
static int
nap(const struct run *r, unsigned ms)
{
	int64_t end = now_ms() + ms;

	while (!stopped(r)) {
		int64_t left = end - now_ms();
		struct timespec ts;
		if (left <= 0)
			return 0;
		if (left > 50)
			left = 50;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)left * 1000000L;
		nanosleep(&ts, NULL);
	}
	return 1;
}

/* Add an event to the ring; consecutive entries without a message collapse into one. */
static void
push(struct run *r, int64_t id, int message)
{
	struct pending *last;

	if (!message && r->count > 0) {
		last = &r->ring[(r->head + r->count - 1) % r->cap];
		if (!last->message && last->seq == r->seq) {
			last->id = id;
			return;
		}
	}
	if (r->count == r->cap) {
		/* sync() normally runs long before: grow, keeping the order */
		struct pending *n = alloc_check(calloc(2 * r->cap, sizeof(*n)));
		for (size_t i = 0; i < r->count; i++)
			n[i] = r->ring[(r->head + i) % r->cap];
		free(r->ring);
		r->ring = n;
		r->head = 0;
		r->cap *= 2;
	}
	r->ring[(r->head + r->count) % r->cap] = (struct pending){id, r->seq, message};
	r->count++;
	r->messages += message != 0;
}

/* Move the cursor over every entry the transport has confirmed. */
static void
confirm(struct run *r)
{
	uint64_t c = r->ops->confirmed(r->t);

	while (r->count > 0 && r->ring[r->head].seq <= c) {
		struct pending *p = &r->ring[r->head];
		r->confirmed_id = p->id;
		r->uncommitted++;
		if (p->message) {
			r->sum->sent++;
			r->sent_uncommitted++;
			r->messages--;
			r->failures = 0;
		}
		r->head = (r->head + 1) % r->cap;
		r->count--;
	}
}

/*
 * Commit the cursor when it moved and force is set, or enough events or
 * time went by. Returns 0, or -1 with a message in err.
 */
static int
commit(struct run *r, int force, char *err, size_t errlen)
{
	int64_t t = now_ms();

	if (r->confirmed_id == r->committed_id && r->sent_uncommitted == 0)
		return 0;
	if (!force && r->uncommitted < r->o->commit_every &&
	    t - r->last_commit_ms < r->o->commit_ms)
		return 0;
	if (forward_cursor_put(r->st, r->name, r->o->url, forward_format_name(r->o->format),
			       r->confirmed_id, r->sent_uncommitted, err, errlen) != 0)
		return -1;
	r->committed_id = r->confirmed_id;
	r->uncommitted = r->sent_uncommitted = 0;
	r->last_commit_ms = t;
	return 0;
}

/* Close the transport, abandoning what it has not confirmed. */
static void
drop_transport(struct run *r)
{
	r->ops->close(r->t);
	r->t = NULL;
	r->seq = 0;
	r->head = r->count = r->messages = 0;
	r->read_pos = r->confirmed_id;
}

/*
 * A failed attempt (what): close the transport, go back to the cursor,
 * commit what was confirmed, and wait with exponential backoff and jitter.
 * Returns 0 to try again, 1 when stopped, -1 with a message in err when the
 * failure is permanent or max_retries is reached.
 */
static int
failed(struct run *r, int kind, const char *what, char *err, size_t errlen)
{
	uint64_t delay;
	unsigned d;

	if (r->t != NULL)
		confirm(r);
	if (kind != TRANSPORT_FATAL)
		r->sum->resent += (int64_t)r->messages;
	drop_transport(r);
	if (commit(r, 1, err, errlen) != 0)
		return -1;
	if (kind == TRANSPORT_FATAL) {
		snprintf(err, errlen, "%s", what);
		return -1;
	}
	r->sum->retries++;
	r->failures++;
	if (r->o->max_retries != 0 && r->failures >= r->o->max_retries) {
		snprintf(err, errlen, "%s (giving up after %u attempts)", what, r->failures);
		return -1;
	}
	delay = (uint64_t)r->o->retry_min_ms << (r->failures > 20 ? 20 : r->failures - 1);
	if (delay > r->o->retry_max_ms)
		delay = r->o->retry_max_ms;
	/* "equal jitter": half the delay, plus a random part of the other half */
	d = (unsigned)(delay / 2 + (uint64_t)rand_r(&r->rand_state) % (delay / 2 + 1));
	notice(r, "%s; retry %u in %.1f s", what, r->failures, d / 1000.0);
	return nap(r, d);
}

/*
 * Read the next page of ids after read_pos into ids/ms. Returns the number
 * read, or -1 with a message in err.
 */
static int
read_page(struct run *r, int64_t *ids, int64_t *ms, char *err, size_t errlen)
{
	int n = 0, rc;

	sqlite3_bind_int64(r->page, 1, r->read_pos);
	sqlite3_bind_int(r->page, 2, PAGE);
	while ((rc = sqlite3_step(r->page)) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(r->page, 0);
		ms[n] = sqlite3_column_int64(r->page, 1);
		n++;
	}
	sqlite3_reset(r->page);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "reading events: %s", sqlite3_errmsg(store_db(r->st)));
		return -1;
	}
	return n;
}

/*
 * Confirm everything sent (sync). Returns 0, or the transport's error code
 * with a message in what.
 */
static int
sync_all(struct run *r, char *what, size_t whatlen)
{
	int rc;

	if (r->t == NULL)
		return 0;
	rc = r->ops->sync(r->t, what, whatlen);
	if (rc == 0)
		confirm(r);
	return rc;
}

/*
 * Hand on the events of one page. Returns 0 when the page is done, 2 after
 * a transport failure (message in what, code in *kind), -1 on a database
 * error (message in err).
 */
static int
send_page(struct run *r, const int64_t *ids, const int64_t *ms, int n, int *kind, char *what,
	  size_t whatlen, char *err, size_t errlen)
{
	unsigned every = r->ops->sync_every(r->t);

	for (int i = 0; i < n && !stopped(r); i++) {
		int rc;

		if (r->o->have_since && ms[i] < r->o->since) {
			r->sum->skipped++;
			push(r, ids[i], 0);
			r->read_pos = ids[i];
			continue;
		}
		rc = forward_render_event(r->render, ids[i], &r->msg, err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 0)
			rc = r->ops->send(r->t, r->msg.buf, r->msg.len, what, whatlen);
		else
			rc = TRANSPORT_DROPPED; /* gone since the page was read: nothing to send */
		if (rc == TRANSPORT_DROPPED) {
			if (r->msg.len > 0 && r->dropped_noticed++ < 10)
				notice(r, "event %" PRId64 " dropped: %zu bytes is too long for %s",
				       ids[i], r->msg.len, r->o->url);
			r->sum->dropped += r->msg.len > 0;
			push(r, ids[i], 0);
		} else if (rc != 0) {
			*kind = rc;
			return 2;
		} else {
			r->seq++;
			push(r, ids[i], 1);
		}
		r->read_pos = ids[i];
		confirm(r);
		if (every != 0 && r->messages >= every) {
			rc = sync_all(r, what, whatlen);
			if (rc != 0) {
				*kind = rc;
				return 2;
			}
		}
		if (commit(r, 0, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* The forwarding loop proper, once everything is set up. */
static int
loop(struct run *r, char *err, size_t errlen)
{
	int64_t ids[PAGE], ms[PAGE];
	char what[1024];
	int n, rc, kind;

	for (;;) {
		if (stopped(r))
			return 1;
		if (r->t == NULL) {
			r->seq = 0;
			rc = r->ops->open(&r->t, &r->params, what, sizeof(what));
			if (rc != 0) {
				r->t = NULL;
				rc = failed(r, rc, what, err, errlen);
				if (rc != 0)
					return rc;
				continue;
			}
		}
		n = read_page(r, ids, ms, err, errlen);
		if (n < 0)
			return -1;
		if (n == 0) {
			rc = sync_all(r, what, sizeof(what));
			if (rc != 0) {
				rc = failed(r, rc, what, err, errlen);
				if (rc != 0)
					return rc;
				continue;
			}
			if (commit(r, 1, err, errlen) != 0)
				return -1;
			if (!r->o->follow)
				return 0;
			if (nap(r, r->o->poll_ms))
				return 1;
			continue;
		}
		rc = send_page(r, ids, ms, n, &kind, what, sizeof(what), err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 2) {
			rc = failed(r, kind, what, err, errlen);
			if (rc != 0)
				return rc;
		}
	}
}

int
forward_run(struct store *st, const struct forward_options *in, struct forward_summary *sum,
	    char *err, size_t errlen)
{
	struct forward_options o = *in;
	struct run r;
	char host[256] = "";
	char what[1024];
	int rc;

	memset(sum, 0, sizeof(*sum));
	memset(&r, 0, sizeof(r));
	if (o.retry_min_ms == 0)
		o.retry_min_ms = 100;
	if (o.retry_max_ms == 0)
		o.retry_max_ms = 30000;
	if (o.retry_max_ms < o.retry_min_ms)
		o.retry_max_ms = o.retry_min_ms;
	if (o.poll_ms == 0)
		o.poll_ms = 200;
	if (o.window == 0)
		o.window = 1024;
	if (o.commit_every == 0)
		o.commit_every = 1000;
	if (o.commit_ms == 0)
		o.commit_ms = 1000;
	if (forward_url_parse(o.url, &r.url, err, errlen) != 0)
		return -1;
	r.o = &o;
	r.sum = sum;
	r.st = st;
	r.name = o.name != NULL ? o.name : o.url;
	r.ops = transport_for(r.url.scheme);
	r.params = (struct transport_params){&r.url, &o.tls, o.window, o.stop};
	r.msg = (struct strbuf)STRBUF_INIT;
	r.cap = 2 * (size_t)(o.window > PAGE ? o.window : PAGE) + 4;
	r.ring = alloc_check(calloc(r.cap, sizeof(*r.ring)));
	r.rand_state = (unsigned)now_ms() ^ (unsigned)getpid();
	r.last_commit_ms = now_ms();
	gethostname(host, sizeof(host) - 1);

	rc = forward_cursor_get(st, r.name, &r.confirmed_id, err, errlen);
	if (rc == 0) {
		r.committed_id = r.read_pos = sum->start = sum->cursor = r.confirmed_id;
		/* register the target (url, format) before the first event */
		rc = forward_cursor_put(st, r.name, o.url, forward_format_name(o.format),
					r.confirmed_id, 0, err, errlen);
	}
	if (rc == 0)
		rc =
		    forward_render_open(store_db(st), o.format, forward_url_is_syslog(r.url.scheme),
					o.raw, host, &r.render, err, errlen);
	if (rc == 0 &&
	    sqlite3_prepare_v3(store_db(st),
			       "SELECT id, epoch * 1000 + msec FROM events WHERE id > ?1 "
			       "ORDER BY id LIMIT ?2",
			       -1, SQLITE_PREPARE_PERSISTENT, &r.page, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "reading events: %s", sqlite3_errmsg(store_db(st)));
		rc = -1;
	}
	if (rc == 0)
		rc = loop(&r, err, errlen);
	if (rc >= 0 && r.t != NULL && sync_all(&r, what, sizeof(what)) != 0)
		notice(&r, "%s", what); /* the unconfirmed rest is sent again next time */
	r.ops->close(r.t);
	if (r.render != NULL) {
		/* keep what was confirmed, also after an error */
		if (rc < 0)
			commit(&r, 1, what, sizeof(what));
		else if (commit(&r, 1, err, errlen) != 0)
			rc = -1;
	}
	sum->cursor = r.committed_id;
	forward_render_close(r.render);
	sqlite3_finalize(r.page);
	strbuf_free(&r.msg);
	free(r.ring);
	return rc;
}
