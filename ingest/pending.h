/*
 * pending.h: the raw lines of events that libauparse has not completed yet.
 *
 * libauparse groups records into events but gives back record text without
 * the ENRICHED part, so podaudit keeps each event's original lines itself,
 * byte for byte, and remembers where in the input the event began: an input
 * cursor may only move past an event once it is stored.
 */
#ifndef PODAUDIT_PENDING_H
#define PODAUDIT_PENDING_H

#include <stddef.h>
#include <stdint.h>

#include "ingest/record.h"
#include "util/strbuf.h"

struct pending_event {
	char *node; /* "" when none */
	size_t node_len;
	int64_t sec;
	int msec;
	uint64_t serial;
	int64_t first_offset; /* input offset of its first line */
	int64_t first_line;   /* line number of its first line */
	struct strbuf raw;    /* its lines, each ending in '\n' */
	int used;
};

struct pending {
	struct pending_event *ev;
	size_t n, cap;	  /* slots in use (some may be free: used == 0) */
	size_t live;	  /* slots with used == 1 */
	size_t raw_bytes; /* total bytes held */
};

/* Initialise an empty set. */
void pending_init(struct pending *p);
/* Release everything. */
void pending_free(struct pending *p);

/*
 * Append a line (len bytes, without newline) to the pending event of header
 * h, creating the event when it is new. offset and lineno locate the line.
 */
void pending_add(struct pending *p, const struct record_header *h, const char *line, size_t len,
		 int64_t offset, int64_t lineno);

/*
 * Find the oldest pending event with this identity (node NULL or "" for
 * none). Returns NULL when there is none. The event stays valid until
 * pending_release() or the next pending_add().
 */
struct pending_event *pending_find(struct pending *p, const char *node, int64_t sec, int msec,
				   uint64_t serial);

/* Forget an event returned by pending_find(). */
void pending_release(struct pending *p, struct pending_event *e);

/*
 * Forget an event returned by pending_find(), handing its lines to the
 * caller: *out (whose old contents are dropped, its allocation reused by the
 * set) receives the event's raw buffer without a copy.
 */
void pending_take_raw(struct pending *p, struct pending_event *e, struct strbuf *out);

/* Forget every event. */
void pending_clear(struct pending *p);

/*
 * The smallest first_offset of the pending events, and its line number, or
 * (fallback, fallback_line) when none is pending.
 */
int64_t pending_min_offset(const struct pending *p, int64_t fallback, int64_t fallback_line,
			   int64_t *line);

#endif
