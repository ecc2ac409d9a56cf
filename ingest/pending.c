/*
 * pending.c: the raw lines of events libauparse has not completed yet.
 *
 * A handful of events are pending at any moment in a real log, so a small
 * array searched from the newest end is all that is needed. Slots and their
 * buffers are reused to keep the ingest path free of allocations.
 */
#include "ingest/pending.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

void
pending_init(struct pending *p)
{
	memset(p, 0, sizeof(*p));
}

void
pending_free(struct pending *p)
{
	for (size_t i = 0; i < p->cap; i++) {
		free(p->ev[i].node);
		strbuf_free(&p->ev[i].raw);
	}
	free(p->ev);
	memset(p, 0, sizeof(*p));
}

/* Compare an event's node with (node, len); NULL and "" are the same. */
static int
node_eq(const struct pending_event *e, const char *node, size_t len)
{
	return e->node_len == len && (len == 0 || memcmp(e->node, node, len) == 0);
}

/* Find a live event by identity, newest first; NULL if absent. */
static struct pending_event *
find(struct pending *p, const char *node, size_t node_len, int64_t sec, int msec, uint64_t serial,
     int oldest)
{
	struct pending_event *hit = NULL;

	for (size_t i = p->n; i-- > 0;) {
		struct pending_event *e = &p->ev[i];
		if (e->used && e->serial == serial && e->sec == sec && e->msec == msec &&
		    node_eq(e, node, node_len)) {
			if (!oldest)
				return e;
			if (hit == NULL || e->first_offset < hit->first_offset)
				hit = e;
		}
	}
	return hit;
}

/* Take a free slot, growing the array when needed; aborts on OOM like strbuf. */
static struct pending_event *
new_slot(struct pending *p)
{
	struct pending_event *e;

	while (p->n > 0 && !p->ev[p->n - 1].used)
		p->n--;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct pending_event *ev = alloc_check(realloc(p->ev, cap * sizeof(*ev)));
		memset(ev + p->cap, 0, (cap - p->cap) * sizeof(*ev));
		p->ev = ev;
		p->cap = cap;
	}
	e = &p->ev[p->n++];
	return e;
}

void
pending_add(struct pending *p, const struct record_header *h, const char *line, size_t len,
	    int64_t offset, int64_t lineno)
{
	struct pending_event *e =
	    find(p, h->node, h->node ? h->node_len : 0, h->sec, h->msec, h->serial, 0);

	if (e == NULL) {
		e = new_slot(p);
		e->used = 1;
		e->sec = h->sec;
		e->msec = h->msec;
		e->serial = h->serial;
		e->first_offset = offset;
		e->first_line = lineno;
		e->node_len = h->node ? h->node_len : 0;
		free(e->node);
		e->node = alloc_check(malloc(e->node_len + 1));
		if (e->node_len)
			memcpy(e->node, h->node, e->node_len);
		e->node[e->node_len] = '\0';
		strbuf_reset(&e->raw);
		p->live++;
	}
	p->raw_bytes += len + 1;
	strbuf_add(&e->raw, line, len);
	strbuf_putc(&e->raw, '\n');
}

struct pending_event *
pending_find(struct pending *p, const char *node, int64_t sec, int msec, uint64_t serial)
{
	return find(p, node ? node : "", node ? strlen(node) : 0, sec, msec, serial, 1);
}

void
pending_release(struct pending *p, struct pending_event *e)
{
	if (!e->used)
		return;
	e->used = 0;
	p->live--;
	p->raw_bytes -= e->raw.len;
	/* Keep big buffers from one odd event from pinning memory. */
	if (e->raw.cap > 65536)
		strbuf_free(&e->raw);
	else
		strbuf_reset(&e->raw);
	while (p->n > 0 && !p->ev[p->n - 1].used)
		p->n--;
}

void
pending_take_raw(struct pending *p, struct pending_event *e, struct strbuf *out)
{
	struct strbuf old = *out;

	if (!e->used)
		return;
	*out = e->raw;
	p->raw_bytes -= out->len;
	strbuf_reset(&old);
	e->raw = old;
	pending_release(p, e);
}

void
pending_clear(struct pending *p)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->ev[i].used)
			pending_release(p, &p->ev[i]);
	p->n = 0;
}

int64_t
pending_min_offset(const struct pending *p, int64_t fallback, int64_t fallback_line, int64_t *line)
{
	int64_t best = fallback;

	*line = fallback_line;
	for (size_t i = 0; i < p->n; i++) {
		if (p->ev[i].used && p->ev[i].first_offset < best) {
			best = p->ev[i].first_offset;
			*line = p->ev[i].first_line;
		}
	}
	return best;
}
