/*
 * render.h: the interface between the report's aggregation (report.c) and
 * its renderers (text, json, csv, html), one file per format.
 *
 * The aggregation builds one jansson document, the report model, whose shape
 * is the documented JSON output (docs/report.md) -- the JSON renderer writes
 * it out as it is, the others lay it out. Strings in the model are the bytes
 * the log held (made with json_stringn_nocheck: they may be invalid UTF-8 or
 * hold control characters, quotes, '<', ...); each renderer escapes them for
 * its own format at the edge (util/json.h, util/escape.h, util/csv.h, HTML
 * escaping in html.c).
 *
 * Shape of the model (every key present; counts are integers; times are
 * strings formatted with when_format() in the report's zone, plus *_epoch_ms
 * integers). Keys marked [+] were added to the first version of this
 * interface; docs/report.md documents every key.
 *
 * {
 *   "period": {"since": "...", "until": "...", "since_epoch_ms": N,
 *              "until_epoch_ms": N, "timezone": "Europe/Paris",
 *              "half_open": true},
 *   "generated": "...",             ($SOURCE_DATE_EPOCH when set, else now)
 *   "databases": ["/var/lib/podaudit/podaudit.db", ...],
 *   "nodes": [{"node": "", "events": N, "podman_commands": N,
 *              "failures": N [+]}, ...],
 *                                   (node= of the events; with several
 *                                    databases, events without node= get
 *                                    their database's file name minus .db)
 *   "total_events": N,
 *   "podman_commands": N,          (podman executions typed by a person:
 *                                   podman_commands rows with internal = 0)
 *   "podman_executions": N, [+]    (every podman execution, podman's own too)
 *   "failures": N,                 (events with success = 0)
 *   "by_key": {"podman_exec": N, ...},   (an event with keys "a,b" counts
 *                                          once for a and once for b)
 *   "by_user": [{"auid": N, "user": "alice", "commands": N, "events": N,
 *                "sudo": N, "rootless": N, "no_session": N,
 *                "other": N [+], "executions": N [+]}, ...],
 *                                   (one entry per (auid, user); auid -1 and
 *                                    user "" for events without auid;
 *                                    sudo/rootless/no_session/other split the
 *                                    user's podman commands by mode;
 *                                    executions = every podman execution with
 *                                    that auid, = ausearch -k podman_exec;
 *                                    sorted by commands, events, user, auid)
 *   "by_command": [{"command": "run", "count": N, "object": "container" [+],
 *                   "subcommand": "run" [+]}, ...],
 *                                   (podman commands typed by a person, per
 *                                    (object, subcommand); "command" is the
 *                                    subcommand, or "object subcommand" for
 *                                    pod, volume, network... and when two
 *                                    objects share a subcommand; "" = none)
 *   "by_exe": [{"exe": "/usr/sbin/runc", "count": N}, ...],
 *                                   (events with a key, once each)
 *   "by_key_exe": {"container_storage": [{"exe": "...", "count": N}, ...],
 *                  ...}, [+]        (same keys and order as by_key)
 *   "by_hour": [N x 24],            (events per hour of day, report's zone)
 *   "by_hour_commands": [N x 24], [+] (podman commands per hour of day)
 *   "by_day_hour": [{"day": "2026-11-16", "weekday": "Mon" [+],
 *                    "hours": [N x 24], "commands": [N x 24] [+]}, ...],
 *                                   (every day of the window, in order;
 *                                    hours = events, commands = podman
 *                                    commands)
 *   "risky": [{"id": N, "time": "...", "epoch_ms": N [+], "node": "",
 *              "auid": N, "user": "...", "mode": "sudo" [+],
 *              "command": "run", "target": "...", "risks": ["privileged",
 *              ...], "argv": ["podman", ...]}, ...],
 *                                   (every podman command typed by a person
 *                                    with a risk finding, in time order;
 *                                    target = its container, else image,
 *                                    pod, volume, else "")
 *   "top_containers": [{"container": "web", "count": N}, ...],
 *   "top_images": [{"image": "localhost/bb:1", "count": N}, ...]
 *                                   (named by podman commands typed by a
 *                                    person; the 10 first, or --top N)
 * }
 *
 * Arrays of counts are sorted by count descending, then name ascending.
 */
#ifndef PODAUDIT_REPORT_RENDER_H
#define PODAUDIT_REPORT_RENDER_H
#include <jansson.h>
#include <stddef.h>

#include "util/strbuf.h"

/* Which table --by picks (csv renders only that table; text and html put it
 * first). */
enum report_by {
	REPORT_BY_USER,
	REPORT_BY_COMMAND,
	REPORT_BY_HOUR,
	REPORT_BY_KEY,
	REPORT_BY_NODE,
};

struct report_render_opts {
	enum report_by by;
	int width; /* text: terminal columns to fit (100 by default) */
};

/*
 * A renderer: append the model rendered in its format to out. Returns 0, or
 * -1 with a message in err (a model missing a key it needs). Never prints.
 */
typedef int (*report_render_fn)(const json_t *model, const struct report_render_opts *opts,
				struct strbuf *out, char *err, size_t errlen);

int report_render_text(const json_t *model, const struct report_render_opts *opts,
		       struct strbuf *out, char *err, size_t errlen);
int report_render_json(const json_t *model, const struct report_render_opts *opts,
		       struct strbuf *out, char *err, size_t errlen);
int report_render_csv(const json_t *model, const struct report_render_opts *opts,
		      struct strbuf *out, char *err, size_t errlen);
int report_render_html(const json_t *model, const struct report_render_opts *opts,
		       struct strbuf *out, char *err, size_t errlen);

#endif
