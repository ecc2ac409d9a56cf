/*
 * ecs.h: one stored event as an Elastic Common Schema document, built from
 * the documented views (events, podman_commands, runtime_commands, paths).
 * The fields are listed in docs/forwarding.md.
 */
#ifndef PODAUDIT_FORWARD_ECS_H
#define PODAUDIT_FORWARD_ECS_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

struct sqlite3;
struct forward_ecs;

enum { ECS_ORIGINAL = 1 }; /* include the raw records as event.original */

/*
 * Prepare the statements reading events from db, which the caller keeps
 * open until forward_ecs_close(). host is the host.name of events whose
 * node is empty (the log had no node= prefix); it is copied. Returns 0 and
 * a handle in *out, or -1 with a message in err.
 */
int forward_ecs_open(struct sqlite3 *db, const char *host, struct forward_ecs **out, char *err,
		     size_t errlen);

/* Release the handle; accepts NULL. */
void forward_ecs_close(struct forward_ecs *ecs);

/*
 * Append the ECS document of event id (one JSON object, no newline) to sb.
 * flags: ECS_ORIGINAL. Returns 0, 1 when there is no such event (sb
 * unchanged), or -1 with a message in err.
 */
int forward_ecs_json(struct forward_ecs *ecs, int64_t id, int flags, struct strbuf *sb, char *err,
		     size_t errlen);

#endif
