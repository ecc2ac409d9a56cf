/*
 * query_opts.c: options and databases shared by search and timeline; see
 * query_opts.h.
 */
#include "cli/query_opts.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "query/eventdoc.h"
#include "query/search.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/when.h"

#define FILTERS                                                                                    \
	"[--user NAME|AUID] [--uid N] [--session N] [--pid N]\n"                                   \
	"        [--exe PATH] [--key K] [--command SUBCMD] [--container NAME|ID]\n"                \
	"        [--image REF] [--since T] [--until T] [--failed] [--risky] [--limit N]\n"

/* Long options; values >= 256 so that they never clash with a short option. */
enum {
	O_DB = 256,
	O_USER,
	O_UID,
	O_SESSION,
	O_PID,
	O_EXE,
	O_KEY,
	O_COMMAND,
	O_CONTAINER,
	O_IMAGE,
	O_SINCE,
	O_UNTIL,
	O_FAILED,
	O_RISKY,
	O_LIMIT,
	O_FORMAT,
	O_UTC,
	O_TZ,
	O_EXPLAIN,
	O_EXPAND,
	O_HELP,
};

static void
usage(int cmd, FILE *f)
{
	if (cmd == QUERY_CLI_SEARCH)
		fprintf(f, "usage: podaudit search [--db PATH ...] " FILTERS
			   "        [--format table|jsonl|csv|raw] [--utc | --tz ZONE] "
			   "[--explain]\n");
	else
		fprintf(f, "usage: podaudit timeline [--db PATH ...] " FILTERS
			   "        [--expand] [--utc | --tz ZONE]\n");
}

/* Parse --limit: a positive integer. Returns 0, or -1. */
static int
parse_limit(const char *s, int64_t *out)
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

/* query_cli_parse() but for freeing the --db list when the command does not run. */
static int
parse(int argc, char **argv, int cmd, struct query_cli *c)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, O_DB},
	    {"user", required_argument, NULL, O_USER},
	    {"uid", required_argument, NULL, O_UID},
	    {"session", required_argument, NULL, O_SESSION},
	    {"pid", required_argument, NULL, O_PID},
	    {"exe", required_argument, NULL, O_EXE},
	    {"key", required_argument, NULL, O_KEY},
	    {"command", required_argument, NULL, O_COMMAND},
	    {"container", required_argument, NULL, O_CONTAINER},
	    {"image", required_argument, NULL, O_IMAGE},
	    {"since", required_argument, NULL, O_SINCE},
	    {"until", required_argument, NULL, O_UNTIL},
	    {"failed", no_argument, NULL, O_FAILED},
	    {"risky", no_argument, NULL, O_RISKY},
	    {"limit", required_argument, NULL, O_LIMIT},
	    {"format", required_argument, NULL, O_FORMAT},
	    {"utc", no_argument, NULL, O_UTC},
	    {"tz", required_argument, NULL, O_TZ},
	    {"explain", no_argument, NULL, O_EXPLAIN},
	    {"expand", no_argument, NULL, O_EXPAND},
	    {"help", no_argument, NULL, O_HELP},
	    {NULL, 0, NULL, 0},
	};
	const char *name = cmd == QUERY_CLI_SEARCH ? "search" : "timeline";
	const char *since = NULL, *until = NULL, *zone = NULL;
	char err[512];
	int64_t now = when_now();
	int ch, idx;

	memset(c, 0, sizeof(*c));
	c->format = QUERY_FMT_TABLE;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":h", longopts, &idx)) != -1) {
		switch (ch) {
		case O_DB:
			c->db = alloc_check(realloc(c->db, (c->ndb + 1) * sizeof(*c->db)));
			c->db[c->ndb++] = optarg;
			break;
		case O_SINCE:
		case O_UNTIL:
			if ((ch == O_SINCE ? since : until) != NULL) {
				fprintf(stderr, "podaudit: %s: --%s given more than once\n", name,
					longopts[idx].name);
				return CLI_USAGE;
			}
			*(ch == O_SINCE ? &since : &until) = optarg;
			break;
		case O_USER:
		case O_UID:
		case O_SESSION:
		case O_PID:
		case O_EXE:
		case O_KEY:
		case O_COMMAND:
		case O_CONTAINER:
		case O_IMAGE:
		case O_FAILED:
		case O_RISKY:
			if (query_filter_set(&c->filter, longopts[idx].name, optarg, now, err,
					     sizeof(err)) != 0) {
				fprintf(stderr, "podaudit: %s: %s\n", name, err);
				return CLI_USAGE;
			}
			break;
		case O_LIMIT:
			if (parse_limit(optarg, &c->limit) != 0) {
				fprintf(stderr,
					"podaudit: %s: --limit: '%s' is not a positive integer\n",
					name, optarg);
				return CLI_USAGE;
			}
			break;
		case O_FORMAT:
			if (cmd != QUERY_CLI_SEARCH) {
				fprintf(stderr,
					"podaudit: %s: --format is not an option of %s (it prints "
					"text only; search has other formats)\n",
					name, name);
				return CLI_USAGE;
			}
			if (query_format_parse(optarg, &c->format) != 0) {
				fprintf(
				    stderr,
				    "podaudit: %s: --format: '%s' is not one of table, jsonl, csv, "
				    "raw\n",
				    name, optarg);
				return CLI_USAGE;
			}
			break;
		case O_UTC:
			zone = "UTC";
			break;
		case O_TZ:
			zone = optarg;
			break;
		case O_EXPLAIN:
			c->explain = 1;
			break;
		case O_EXPAND:
			c->expand = 1;
			break;
		case 'h':
		case O_HELP:
			usage(cmd, stdout);
			return CLI_OK;
		case ':':
			fprintf(stderr, "podaudit: %s: %s needs a value\n", name, argv[optind - 1]);
			usage(cmd, stderr);
			return CLI_USAGE;
		default:
			fprintf(stderr, "podaudit: %s: unknown option '%s'\n", name,
				argv[optind - 1]);
			usage(cmd, stderr);
			return CLI_USAGE;
		}
	}
	if ((cmd == QUERY_CLI_SEARCH && c->expand) || (cmd != QUERY_CLI_SEARCH && c->explain)) {
		fprintf(stderr, "podaudit: %s: --%s is not an option of %s\n", name,
			c->expand ? "expand" : "explain", name);
		return CLI_USAGE;
	}
	if (optind < argc) {
		fprintf(stderr, "podaudit: %s: unexpected argument '%s'\n", name, argv[optind]);
		usage(cmd, stderr);
		return CLI_USAGE;
	}
	if (when_zone_set(zone, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: %s: --tz: %s\n", name, err);
		return CLI_USAGE;
	}
	if ((since && query_filter_set(&c->filter, "since", since, now, err, sizeof(err)) != 0) ||
	    (until && query_filter_set(&c->filter, "until", until, now, err, sizeof(err)) != 0) ||
	    query_filter_check(&c->filter, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: %s: %s\n", name, err);
		return CLI_USAGE;
	}
	return -1;
}

int
query_cli_parse(int argc, char **argv, int cmd, struct query_cli *c)
{
	int rc = parse(argc, argv, cmd, c);

	if (rc >= 0) {
		free(c->db);
		c->db = NULL;
		c->ndb = 0;
	}
	return rc;
}

int
query_cli_open(struct query_cli *c, int with_doc, struct query_cli_db **dbs)
{
	char err[1024];
	struct query_cli_db *d;

	if (c->ndb == 0) {
		c->db = alloc_check(malloc(sizeof(*c->db)));
		c->db[c->ndb++] = cli_db_path(NULL, NULL);
	}
	*dbs = d = alloc_check(calloc(c->ndb, sizeof(*d)));
	for (size_t i = 0; i < c->ndb; i++) {
		const char *base = strrchr(c->db[i], '/');
		char *dot;

		d[i].path = c->db[i];
		d[i].label = alloc_check(strdup(base ? base + 1 : c->db[i]));
		dot = strrchr(d[i].label, '.');
		if (dot != NULL && dot != d[i].label && strcmp(dot, ".db") == 0)
			*dot = '\0';
		if (store_open(c->db[i], STORE_READONLY, &d[i].st, err, sizeof(err)) != 0 ||
		    query_lookup_open(store_db(d[i].st), &d[i].q, err, sizeof(err)) != 0 ||
		    (with_doc &&
		     eventdoc_open(store_db(d[i].st), &d[i].ed, err, sizeof(err)) != 0)) {
			fprintf(stderr, "podaudit: %s\n", err);
			return -1;
		}
	}
	return 0;
}

void
query_cli_close(struct query_cli *c, struct query_cli_db *dbs)
{
	if (dbs != NULL)
		for (size_t i = 0; i < c->ndb; i++) {
			eventdoc_close(dbs[i].ed);
			query_lookup_close(dbs[i].q);
			store_close(dbs[i].st);
			free(dbs[i].label);
		}
	free(dbs);
	free(c->db);
	c->db = NULL;
	c->ndb = 0;
}

const char *
query_cli_label(const struct query_cli_db *d, const char *node)
{
	return node != NULL && node[0] != '\0' ? node : d->label;
}

int
query_cli_write(struct strbuf *sb)
{
	if (sb->len > 0 && fwrite(sb->buf, 1, sb->len, stdout) != sb->len) {
		fprintf(stderr, "podaudit: writing the output: %s\n", strerror(errno));
		strbuf_reset(sb);
		return -1;
	}
	strbuf_reset(sb);
	return 0;
}
