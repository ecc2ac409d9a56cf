/*
 * show.h: one event whole, for `podaudit show EVENT_ID`.
 *
 * The text form lists every field decoded, the argument list (one per line),
 * the paths, what the event means (podman analysis), the podman command it
 * belongs to, the events it caused, and its raw records; every value from
 * the audit data is escaped for a terminal (util/escape.h). The JSON form is
 * the event document (query/eventdoc.h) with its raw records and one more
 * key, "caused": the ids of the events it caused, in time order.
 */
#ifndef PODAUDIT_QUERY_SHOW_H
#define PODAUDIT_QUERY_SHOW_H
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

struct query_lookup;
struct eventdoc;

/* query_show_text() flags. */
enum {
	QUERY_SHOW_ALL = 1, /* list every caused event: storage ones are counted otherwise */
};

/*
 * Append the text form of event id to out (times in the zone in force).
 * Returns 1, 0 when there is no such event (out unchanged), -1 with a
 * message in err.
 */
int query_show_text(struct query_lookup *q, int64_t id, int flags, struct strbuf *out, char *err,
		    size_t errlen);

/*
 * Append the JSON form of event id to out, with a final newline; q and ed
 * read the same database. Same return contract as query_show_text().
 */
int query_show_json(struct query_lookup *q, struct eventdoc *ed, int64_t id, struct strbuf *out,
		    char *err, size_t errlen);

#endif
