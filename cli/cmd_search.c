/*
 * cmd_search.c: podaudit search [--db PATH ...] [filters] [--limit N]
 *                               [--format table|jsonl|csv|raw] [--utc | --tz ZONE]
 *
 * The events matching every filter, in time order; with several databases
 * (one per host) their results are merged in time order.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/query_opts.h"
#include "query/output.h"
#include "query/search.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#define FLUSH_AT (64 << 10)

/* 1 when row a comes before row b: time, then source label, then id. */
static int
before(const struct query_row *a, const char *la, const struct query_row *b, const char *lb)
{
	int c;

	if (a->sec != b->sec)
		return a->sec < b->sec;
	if (a->msec != b->msec)
		return a->msec < b->msec;
	c = strcmp(la, lb);
	if (c != 0)
		return c < 0;
	return a->id < b->id;
}

/* Print the plan of each database's search. */
static int
explain(struct query_cli *c, struct query_cli_db *dbs, struct query_search **s)
{
	struct strbuf sb = STRBUF_INIT;
	char err[1024];
	int status = CLI_OK;

	for (size_t i = 0; i < c->ndb; i++) {
		if (c->ndb > 1)
			strbuf_printf(&sb, "%s:\n", dbs[i].path);
		if (query_search_plan(s[i], &sb, err, sizeof(err)) != 0) {
			fprintf(stderr, "podaudit: search: %s\n", err);
			status = CLI_FAIL;
			break;
		}
	}
	if (query_cli_write(&sb) != 0)
		status = CLI_FAIL;
	strbuf_free(&sb);
	return status;
}

int
cmd_search(int argc, char **argv)
{
	struct query_cli c;
	struct query_cli_db *dbs = NULL;
	struct query_search **s = NULL;
	struct query_out *out = NULL;
	struct strbuf sb = STRBUF_INIT;
	char err[1024];
	int *live = NULL, status = CLI_OK, rc;
	int64_t shown = 0;

	rc = query_cli_parse(argc, argv, QUERY_CLI_SEARCH, &c);
	if (rc >= 0)
		return rc;
	if (query_cli_open(&c, c.format == QUERY_FMT_JSONL, &dbs) != 0) {
		status = CLI_FAIL;
		goto out;
	}
	s = alloc_check(calloc(c.ndb, sizeof(*s)));
	live = alloc_check(calloc(c.ndb, sizeof(*live)));
	for (size_t i = 0; i < c.ndb; i++) {
		if (query_search_open(store_db(dbs[i].st), &c.filter, c.limit,
				      c.format == QUERY_FMT_RAW ? QUERY_WITH_RAW : 0, &s[i], err,
				      sizeof(err)) != 0) {
			fprintf(stderr, "podaudit: search: %s%s%s\n", c.ndb > 1 ? dbs[i].path : "",
				c.ndb > 1 ? ": " : "", err);
			status = strncmp(err, "--", 2) == 0 ? CLI_USAGE : CLI_FAIL;
			goto out;
		}
	}
	if (c.explain) {
		status = explain(&c, dbs, s);
		goto out;
	}
	/* Each search holds its next row; the earliest is written, then stepped. */
	for (size_t i = 0; i < c.ndb; i++) {
		live[i] = query_search_step(s[i], err, sizeof(err));
		if (live[i] < 0)
			goto fail;
	}
	out = query_out_new(c.format, c.ndb > 1);
	while (c.limit == 0 || shown < c.limit) {
		int best = -1;
		const struct query_row *row;

		for (size_t i = 0; i < c.ndb; i++) {
			const struct query_row *r = query_search_row(s[i]);
			if (live[i] != 1)
				continue;
			if (best < 0 ||
			    before(r, query_cli_label(&dbs[i], r->node), query_search_row(s[best]),
				   query_cli_label(&dbs[best], query_search_row(s[best])->node)))
				best = (int)i;
		}
		if (best < 0)
			break;
		row = query_search_row(s[best]);
		if (query_out_row(out, query_cli_label(&dbs[best], row->node), dbs[best].q,
				  dbs[best].ed, row, &sb, err, sizeof(err)) != 0)
			goto fail;
		shown++;
		if (sb.len >= FLUSH_AT && query_cli_write(&sb) != 0) {
			status = CLI_FAIL;
			goto out;
		}
		live[best] = query_search_step(s[best], err, sizeof(err));
		if (live[best] < 0)
			goto fail;
	}
	if (shown > 0 || c.format != QUERY_FMT_TABLE)
		query_out_finish(out, &sb);
	else
		fprintf(stderr, "podaudit: search: no matching events\n");
	if (query_cli_write(&sb) != 0)
		status = CLI_FAIL;
	goto out;
fail:
	query_cli_write(&sb);
	fprintf(stderr, "podaudit: search: %s\n", err);
	status = CLI_FAIL;
out:
	query_out_close(out);
	if (s != NULL)
		for (size_t i = 0; i < c.ndb; i++)
			query_search_close(s[i]);
	free(s);
	free(live);
	query_cli_close(&c, dbs);
	strbuf_free(&sb);
	return status;
}
