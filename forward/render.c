/*
 * render.c: one event as the bytes a target receives; see render.h.
 */
#include "forward/render.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "forward/ecs.h"
#include "query/eventdoc.h"
#include "util/alloc.h"

struct forward_render {
	enum forward_format format;
	int syslog, raw;
	char *host;
	struct forward_ecs *ecs;
	struct eventdoc *doc;
	sqlite3_stmt *head;  /* what the syslog header needs */
	sqlite3_stmt *risks; /* ... and whether a podman command has risks */
};

int
forward_format_parse(const char *name, enum forward_format *out)
{
	if (strcmp(name, "ecs") == 0)
		*out = FORWARD_ECS;
	else if (strcmp(name, "json") == 0)
		*out = FORWARD_JSON;
	else if (strcmp(name, "rfc5424") == 0)
		*out = FORWARD_RFC5424;
	else
		return -1;
	return 0;
}

const char *
forward_format_name(enum forward_format f)
{
	switch (f) {
	case FORWARD_ECS:
		return "ecs";
	case FORWARD_JSON:
		return "json";
	case FORWARD_RFC5424:
		return "rfc5424";
	}
	return "?";
}

int
forward_render_open(struct sqlite3 *db, enum forward_format f, int syslog, int raw,
		    const char *host, struct forward_render **out, char *err, size_t errlen)
{
	struct forward_render *r = alloc_check(calloc(1, sizeof(*r)));
	int rc;

	r->format = f;
	r->syslog = syslog || f == FORWARD_RFC5424;
	r->raw = raw;
	r->host = alloc_check(strdup(host));
	if (f == FORWARD_JSON)
		rc = eventdoc_open(db, &r->doc, err, errlen);
	else
		rc = forward_ecs_open(db, host, &r->ecs, err, errlen);
	if (rc == 0 && r->syslog &&
	    (sqlite3_prepare_v3(db, "SELECT epoch, msec, node FROM events WHERE id = ?1", -1,
				SQLITE_PREPARE_PERSISTENT, &r->head, NULL) != SQLITE_OK ||
	     sqlite3_prepare_v3(db,
				"SELECT 1 FROM podman_commands WHERE id = ?1 AND risks IS NOT NULL",
				-1, SQLITE_PREPARE_PERSISTENT, &r->risks, NULL) != SQLITE_OK)) {
		snprintf(err, errlen, "cannot read events: %s", sqlite3_errmsg(db));
		rc = -1;
	}
	if (rc != 0) {
		forward_render_close(r);
		return -1;
	}
	*out = r;
	return 0;
}

void
forward_render_close(struct forward_render *r)
{
	if (r == NULL)
		return;
	forward_ecs_close(r->ecs);
	eventdoc_close(r->doc);
	sqlite3_finalize(r->head);
	sqlite3_finalize(r->risks);
	free(r->host);
	free(r);
}

void
forward_render_hostname(struct strbuf *sb, const char *node, size_t len, const char *host)
{
	if (len == 0) {
		node = host;
		len = strlen(host);
	}
	if (len == 0) {
		strbuf_putc(sb, '-');
		return;
	}
	if (len > 255)
		len = 255;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)node[i];
		strbuf_putc(sb, c > 32 && c < 127 ? (char)c : '_');
	}
}

/*
 * Append "<PRI>1 TIMESTAMP HOSTNAME podaudit - - - " for event id. Returns
 * 0, 1 when the event does not exist, -1 with a message.
 */
static int
syslog_header(struct forward_render *r, int64_t id, struct strbuf *sb, char *err, size_t errlen)
{
	sqlite3_stmt *st = r->head;
	int rc, sev;
	time_t sec;
	struct tm tm;
	char ts[40];

	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			snprintf(err, errlen, "cannot read event %" PRId64 ": %s", id,
				 sqlite3_errmsg(sqlite3_db_handle(st)));
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 1 : -1;
	}
	sec = (time_t)sqlite3_column_int64(st, 0);
	gmtime_r(&sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	sqlite3_bind_int64(r->risks, 1, id);
	sev = sqlite3_step(r->risks) == SQLITE_ROW ? RENDER_SEV_RISKY : RENDER_SEV_NORMAL;
	sqlite3_reset(r->risks);
	strbuf_printf(sb, "<%d>1 %s.%03dZ ", RENDER_FACILITY * 8 + sev, ts,
		      sqlite3_column_int(st, 1));
	forward_render_hostname(sb, (const char *)sqlite3_column_text(st, 2),
				(size_t)sqlite3_column_bytes(st, 2), r->host);
	strbuf_puts(sb, " podaudit - - - ");
	sqlite3_reset(st);
	return 0;
}

int
forward_render_event(struct forward_render *r, int64_t id, struct strbuf *sb, char *err,
		     size_t errlen)
{
	int rc = 0;

	strbuf_reset(sb);
	if (r->syslog)
		rc = syslog_header(r, id, sb, err, errlen);
	if (rc != 0)
		return rc;
	if (r->doc != NULL)
		rc = eventdoc_json(r->doc, id, r->raw ? EVENTDOC_RAW : 0, sb, err, errlen);
	else
		rc = forward_ecs_json(r->ecs, id, r->raw ? ECS_ORIGINAL : 0, sb, err, errlen);
	return rc;
}
