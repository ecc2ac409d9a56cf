/*
 * timeline.h: the story of `podaudit timeline`, one screen line per action.
 *
 * Events matching a filter are grouped under the podman command that caused
 * them (events.cause_id): the command's line, then its runtime, conmon,
 * storage events and podman's own executions, indented, in time order. A
 * command that did not match the filter itself but caused events that did
 * is shown for context. Groups come in the order of their first line's time;
 * several databases (one per host) merge into one story. Consecutive storage
 * events under one command (or with no command) collapse into one line
 * ("273 storage changes under /var/lib/containers/storage") unless
 * QUERY_TL_EXPAND. Podman commands with risks are marked '!' with their
 * risk list, failed events 'x'. Lines are at most 100 columns (cut with an
 * ellipsis) and every value is escaped for a terminal.
 */
#ifndef PODAUDIT_QUERY_TIMELINE_H
#define PODAUDIT_QUERY_TIMELINE_H
#include <stddef.h>
#include <stdint.h>

#include "query/filter.h"
#include "util/strbuf.h"

struct sqlite3;
struct query_lookup;
struct query_timeline;

enum { QUERY_TL_EXPAND = 1 }; /* one line per storage event */

/* A new, empty timeline (out of memory aborts). Free with query_timeline_free(). */
struct query_timeline *query_timeline_new(int flags);

/* Release the timeline (NULL is fine). */
void query_timeline_free(struct query_timeline *tl);

/*
 * Add the events of db matching f; q is a lookup handle on the same
 * database, label the name shown for its events when they have no node.
 * Everything the timeline shows is copied: db may be closed afterwards.
 * Returns 0, or -1 with a message in err.
 */
int query_timeline_add(struct query_timeline *tl, struct sqlite3 *db, struct query_lookup *q,
		       const char *label, const struct query_filter *f, char *err, size_t errlen);

/*
 * Append the timeline to out: a header line, then the first `limit` groups
 * (limit <= 0: all), with a NODE column when with_node. Returns the number
 * of groups written.
 */
int64_t query_timeline_render(struct query_timeline *tl, int64_t limit, int with_node,
			      struct strbuf *out);

#endif
