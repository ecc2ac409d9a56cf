/*
 * render.h: the bytes sent for one event: an ECS or podaudit JSON document,
 * optionally inside an RFC 5424 syslog header.
 */
#ifndef PODAUDIT_FORWARD_RENDER_H
#define PODAUDIT_FORWARD_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "forward/forward.h"
#include "util/strbuf.h"

struct sqlite3;
struct forward_render;

/*
 * RFC 5424 header fields: facility 13 (log audit); severity 4 (warning) for
 * a podman command with risk findings, else 5 (notice). PRI = 13 * 8 + sev.
 */
enum {
	RENDER_FACILITY = 13,
	RENDER_SEV_RISKY = 4,
	RENDER_SEV_NORMAL = 5,
};

/*
 * Prepare to render events of db in format f. syslog: wrap every message in
 * an RFC 5424 header (always for relp/tcp/tls/udp; for file: and - only
 * with FORWARD_RFC5424). raw: include the raw records. host: HOSTNAME/
 * host.name for events without a node. Returns 0 and *out, or -1 with a
 * message in err.
 */
int forward_render_open(struct sqlite3 *db, enum forward_format f, int syslog, int raw,
			const char *host, struct forward_render **out, char *err, size_t errlen);

/* Release; accepts NULL. */
void forward_render_close(struct forward_render *r);

/*
 * Replace sb's contents with the message for event id (no trailing
 * newline; JSON holds no raw control character, so the message is one
 * line). Returns 0, 1 when the event does not exist, or -1 with a message
 * in err.
 */
int forward_render_event(struct forward_render *r, int64_t id, struct strbuf *sb, char *err,
			 size_t errlen);

/*
 * Write an RFC 5424 HOSTNAME for node (or host when node is empty): printable
 * ASCII without spaces, at most 255 bytes; other bytes become '_'.
 */
void forward_render_hostname(struct strbuf *sb, const char *node, size_t len, const char *host);

#endif
