/*
 * cmd_timeline.c: podaudit timeline [--db PATH ...] [filters as search]
 *                                   [--limit N] [--expand] [--utc | --tz ZONE]
 *
 * The story in time order: podman commands, with the runtime, conmon and
 * storage events they caused nested under them (query/timeline.h).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "cli/query_opts.h"
#include "query/timeline.h"
#include "store/store.h"
#include "util/strbuf.h"

int
cmd_timeline(int argc, char **argv)
{
	struct query_cli c;
	struct query_cli_db *dbs = NULL;
	struct query_timeline *tl = NULL;
	struct strbuf sb = STRBUF_INIT;
	char err[1024];
	int status = CLI_OK, rc;

	rc = query_cli_parse(argc, argv, QUERY_CLI_TIMELINE, &c);
	if (rc >= 0)
		return rc;
	if (query_cli_open(&c, 0, &dbs) != 0) {
		status = CLI_FAIL;
		goto out;
	}
	tl = query_timeline_new(c.expand ? QUERY_TL_EXPAND : 0);
	for (size_t i = 0; i < c.ndb; i++)
		if (query_timeline_add(tl, store_db(dbs[i].st), dbs[i].q, dbs[i].label, &c.filter,
				       err, sizeof(err)) != 0) {
			fprintf(stderr, "podaudit: timeline: %s%s%s\n",
				c.ndb > 1 ? dbs[i].path : "", c.ndb > 1 ? ": " : "", err);
			status = strncmp(err, "--", 2) == 0 ? CLI_USAGE : CLI_FAIL;
			goto out;
		}
	if (query_timeline_render(tl, c.limit, c.ndb > 1, &sb) == 0) {
		fprintf(stderr, "podaudit: timeline: no matching events\n");
		strbuf_reset(&sb);
	}
	if (query_cli_write(&sb) != 0)
		status = CLI_FAIL;
out:
	query_timeline_free(tl);
	query_cli_close(&c, dbs);
	strbuf_free(&sb);
	return status;
}
