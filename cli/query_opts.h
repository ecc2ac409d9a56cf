/*
 * query_opts.h: the command line that `podaudit search` and `podaudit
 * timeline` share (databases, filters, limit, display zone), and the
 * databases they read.
 */
#ifndef PODAUDIT_CLI_QUERY_OPTS_H
#define PODAUDIT_CLI_QUERY_OPTS_H
#include <stddef.h>
#include <stdint.h>

#include "query/filter.h"
#include "query/output.h"

struct store;
struct eventdoc;
struct query_lookup;

enum { QUERY_CLI_SEARCH, QUERY_CLI_TIMELINE };

struct query_cli {
	const char **db; /* --db PATH, in order (none: cli_db_path) */
	size_t ndb;
	struct query_filter filter;
	int64_t limit;		  /* 0: no limit */
	enum query_format format; /* search */
	int explain;		  /* search --explain: print the query plan */
	int expand;		  /* timeline --expand: one line per storage event */
};

/* One database a search or timeline reads. */
struct query_cli_db {
	const char *path;
	char *label; /* its file name, shown when the events have no node */
	struct store *st;
	struct query_lookup *q;
	struct eventdoc *ed; /* only when asked for */
};

/*
 * Parse the options of cmd (QUERY_CLI_SEARCH or QUERY_CLI_TIMELINE) into
 * *c, setting the display zone (--utc/--tz) before reading times. Returns
 * -1 when the command should run, or the exit code to return (usage shown,
 * or an error printed with the option it concerns).
 */
int query_cli_parse(int argc, char **argv, int cmd, struct query_cli *c);

/*
 * Open the databases of c read-only, with their lookups (and event
 * documents when with_doc). Returns 0 and an array of c->ndb (at least 1)
 * entries in *dbs, or -1 after printing a message; free with
 * query_cli_close() in both cases.
 */
int query_cli_open(struct query_cli *c, int with_doc, struct query_cli_db **dbs);

/* Close what query_cli_open() opened (dbs may be NULL) and free c's lists. */
void query_cli_close(struct query_cli *c, struct query_cli_db *dbs);

/* The name a row is shown with: its node, or its database's label. */
const char *query_cli_label(const struct query_cli_db *d, const char *node);

/* Write sb to stdout and empty it. Returns 0, or -1 (message printed) on a write error. */
int query_cli_write(struct strbuf *sb);

#endif
