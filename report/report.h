/*
 * report.h: podaudit's activity report -- the aggregation that builds the
 * report model (its shape: render.h and docs/report.md) from one or more
 * databases, and the table of output formats.
 */
#ifndef PODAUDIT_REPORT_H
#define PODAUDIT_REPORT_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "report/render.h"

struct store;

/* One database the report reads (one host). */
struct report_source {
	struct store *st;  /* open, STORE_READONLY is enough; owned by the caller */
	const char *path;  /* as given, listed in "databases" */
	const char *label; /* node name for its events that have no node= prefix */
};

struct report_query {
	int64_t since, until; /* the window [since, until), ms since the epoch */
	int64_t generated;    /* when the report is made, ms */
	int top;	      /* how many containers and images to list (0: 10) */
	int flags;	      /* rollup_aggregate() flags (ROLLUP_DIRECT) */
};

/*
 * Build the report model for the window q over the databases src[0..n-1],
 * times and hours in the zone in force (util/when.h). On success returns 0
 * and a new model in *out (the caller json_decref()s it); on error returns -1
 * with a message in err naming the database.
 */
int report_build(const struct report_source *src, size_t n, const struct report_query *q,
		 json_t **out, char *err, size_t errlen);

/* An output format: its name for --format and its renderer. */
struct report_format {
	const char *name;
	report_render_fn render;
};

/* The format called name, or NULL. */
const struct report_format *report_format_find(const char *name);

/* The names of the formats, "text|json|csv", for usage messages. Static storage. */
const char *report_format_names(void);

#endif
