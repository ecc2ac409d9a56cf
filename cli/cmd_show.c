/*
 * cmd_show.c: podaudit show [--db PATH] [--format text|json] [--all]
 *                           [--utc | --tz ZONE] EVENT_ID
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/eventdoc.h"
#include "query/search.h"
#include "query/show.h"
#include "store/store.h"
#include "util/strbuf.h"
#include "util/when.h"

struct show_cli {
	const char *db;
	int json;
	int all;
	const char *zone;
	int64_t id;
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: podaudit show [--db PATH] [--format text|json] [--all] "
		   "[--utc | --tz ZONE] EVENT_ID\n");
}

/* Parse an event id: a positive decimal integer. Returns 0, or -1. */
static int
parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return -1;
	*out = v;
	return 0;
}

int
cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"format", required_argument, NULL, 'f'},
	    {"all", no_argument, NULL, 'a'},
	    {"utc", no_argument, NULL, 'u'},
	    {"tz", required_argument, NULL, 'z'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct show_cli c = {0};
	struct store *st = NULL;
	struct query_lookup *q = NULL;
	struct eventdoc *ed = NULL;
	struct strbuf sb = STRBUF_INIT;
	const char *path;
	char err[1024];
	int ch, rc, status = CLI_OK;

	while ((ch = getopt_long(argc, argv, "d:f:ah", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			c.db = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				c.json = 1;
			else if (strcmp(optarg, "text") == 0)
				c.json = 0;
			else {
				fprintf(stderr,
					"podaudit: show: --format: '%s' is not one of text, json\n",
					optarg);
				return CLI_USAGE;
			}
			break;
		case 'a':
			c.all = 1;
			break;
		case 'u':
			c.zone = "UTC";
			break;
		case 'z':
			c.zone = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_OK;
		default:
			usage(stderr);
			return CLI_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "podaudit: show: %s\n",
			optind == argc ? "EVENT_ID missing" : "one EVENT_ID only");
		usage(stderr);
		return CLI_USAGE;
	}
	if (parse_id(argv[optind], &c.id) != 0) {
		fprintf(stderr, "podaudit: show: EVENT_ID: '%s' is not a positive integer\n",
			argv[optind]);
		return CLI_USAGE;
	}
	if (when_zone_set(c.zone, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: show: --tz: %s\n", err);
		return CLI_USAGE;
	}
	path = cli_db_path(c.db, NULL);
	if (store_open(path, STORE_READONLY, &st, err, sizeof(err)) != 0 ||
	    query_lookup_open(store_db(st), &q, err, sizeof(err)) != 0 ||
	    (c.json && eventdoc_open(store_db(st), &ed, err, sizeof(err)) != 0)) {
		fprintf(stderr, "podaudit: %s\n", err);
		status = CLI_FAIL;
		goto out;
	}
	rc = c.json ? query_show_json(q, ed, c.id, &sb, err, sizeof(err))
		    : query_show_text(q, c.id, c.all ? QUERY_SHOW_ALL : 0, &sb, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "podaudit: show: %s\n", err);
		status = CLI_FAIL;
	} else if (rc == 0) {
		fprintf(stderr, "podaudit: show: no event %lld in %s\n", (long long)c.id, path);
		status = CLI_FAIL;
	} else if (fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout) != 0) {
		fprintf(stderr, "podaudit: show: writing the output: %s\n", strerror(errno));
		status = CLI_FAIL;
	}
out:
	eventdoc_close(ed);
	query_lookup_close(q);
	store_close(st);
	strbuf_free(&sb);
	return status;
}
