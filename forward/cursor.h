/*
 * cursor.h: a forwarding target's row in forward_target: its URL, format,
 * cursor (the last event id it has taken) and the number of events sent.
 */
#ifndef PODAUDIT_FORWARD_CURSOR_H
#define PODAUDIT_FORWARD_CURSOR_H

#include <stddef.h>
#include <stdint.h>

struct store;

/*
 * Read the cursor of target name into *last_id (0 when the target is new).
 * Returns 0, or -1 with a message in err.
 */
int forward_cursor_get(struct store *st, const char *name, int64_t *last_id, char *err,
		       size_t errlen);

/*
 * In one short write transaction, create or update target name: set url,
 * format, last_id, add sent to its count and stamp the time. Returns 0, or
 * -1 with a message in err (nothing changed).
 */
int forward_cursor_put(struct store *st, const char *name, const char *url, const char *format,
		       int64_t last_id, int64_t sent, char *err, size_t errlen);

#endif
