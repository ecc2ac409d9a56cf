/*
 * rollup.h: pre-aggregated event counts for reports.
 *
 * A report over millions of events cannot GROUP BY the events themselves in
 * under a second, so the store keeps rollups (schema migration 5): counts of
 * events (also per minute, for the edges of a window), podman commands and
 * podman targets per 15-minute UTC bucket and per
 * dimension a report breaks totals down by (node, key, login user, exe,
 * success; mode, subcommand, internal, risky; container and image names),
 * and a compact copy of the podman commands with risk findings (which would
 * otherwise be read one by one from all over the event table).
 * Every zone in use today has an offset that is a multiple of 15 minutes, so
 * a bucket lies within one local hour whatever the display zone.
 *
 * The rollups cover the events whose id is at most a watermark. Ingest moves
 * the watermark with rollup_refresh(), set-based, over the new id range.
 * Triggers mark the bucket of a rolled-up event dirty when ingest changes it
 * afterwards (a merge of lines into a stored event, a podman meaning added
 * later, a deletion). rollup_aggregate() is exact whatever the state: it
 * reads the rollups for the whole, clean buckets (and minutes) of the window,
 * and the events themselves for the partial minutes at the window's edges,
 * for dirty buckets and for events past the watermark -- so a read-only copy of a
 * database that was never refreshed still gives the right counts.
 */
#ifndef PODAUDIT_ROLLUP_H
#define PODAUDIT_ROLLUP_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* Width of a bucket in seconds; bucket b covers [b * 900, (b + 1) * 900) UTC. */
#define ROLLUP_BUCKET_SECONDS 900

/*
 * One group of events: n events of bucket `bucket` with these values. NULL
 * columns are given as "" (node, key, user, exe) and -1 (auid); failed is 1
 * for success = 0. key is the stored key, several keys joined with ','.
 * Strings are valid during the callback only.
 */
struct rollup_event_row {
	int64_t bucket;
	const char *node, *key, *user, *exe;
	int64_t auid;
	int failed;
	int64_t n;
};

/* One group of podman executions (podman_commands); "" for NULL strings. */
struct rollup_podman_row {
	int64_t bucket;
	const char *node, *user, *mode, *object, *subcommand;
	int64_t auid;
	int internal; /* podman's own execution, not typed by a person */
	int risky;    /* has at least one risk finding */
	int64_t n;
};

/* Podman commands typed by a person (internal = 0) naming a container or an image. */
struct rollup_target_row {
	int64_t bucket;
	const char *node;
	const char *kind; /* "container" or "image" */
	const char *name;
	int64_t n;
};

/*
 * One podman command typed by a person with a risk finding (not a group: one
 * row per command). Strings are NULL where the database has NULL (node is
 * "" then); auid is -1 when unknown; ms is the event's time.
 */
struct rollup_risky_row {
	int64_t id, ms, auid;
	const char *node, *user, *mode, *object, *subcommand;
	const char *container, *image, *pod, *volume;
	const char *risks_json, *argv; /* JSON arrays as stored (util/json.h) */
};

/*
 * Where rollup_aggregate() delivers its groups. A callback returning non-zero
 * stops the aggregation (rollup_aggregate() then returns -1 with the message
 * the callback left in err, or "stopped" when it left none). Groups may come
 * several times with the same values (from the rollups and from the events):
 * the sink adds them up.
 */
struct rollup_sink {
	int (*event)(void *ctx, const struct rollup_event_row *r);
	int (*podman)(void *ctx, const struct rollup_podman_row *r);
	int (*target)(void *ctx, const struct rollup_target_row *r);
	int (*risky)(void *ctx, const struct rollup_risky_row *r); /* in no particular order */
	void *ctx;
};

/* rollup_aggregate() flags. */
enum {
	ROLLUP_DIRECT = 1 << 0, /* ignore the rollups: aggregate the events themselves */
};

/* What rollup_aggregate() read, for tests and benchmarks. */
struct rollup_stats {
	int have_rollups;      /* the database has rollup tables */
	int64_t watermark;     /* events with id <= watermark are rolled up */
	int64_t rollup_rows;   /* rows read from the rollups */
	int64_t direct_ranges; /* time ranges aggregated from the events */
	int64_t direct_rows;   /* groups aggregated from the events */
};

/*
 * Deliver to sink every group of the events whose time lies in the
 * half-open window [since_ms, until_ms) (ms since the epoch, UTC), counted
 * exactly, with the bucket of each event, and every risky podman command of
 * the window once. Only reads: the store may be open
 * with STORE_READONLY. stats may be NULL. Returns 0, or -1 with a message in
 * err.
 */
int rollup_aggregate(struct store *st, int64_t since_ms, int64_t until_ms, int flags,
		     const struct rollup_sink *sink, struct rollup_stats *stats, char *err,
		     size_t errlen);

/*
 * Bring the rollups up to date with the events stored: re-count the dirty
 * buckets, add the events past the watermark, move the watermark to the
 * last event, in one transaction of its own (call it outside any). A
 * database without rollup tables is left alone. Returns 0, or -1 with a
 * message in err (the rollups are then unchanged).
 */
int rollup_refresh(struct store *st, char *err, size_t errlen);

#endif
