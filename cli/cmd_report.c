/*
 * cmd_report.c: podaudit report [--db PATH ...] [--since T] [--until T]
 *                               [--period P] [--utc | --tz ZONE]
 *                               [--format text|json|csv|html]
 *                               [--by user|command|hour|key|node]
 *                               [--top N] [-o FILE]
 */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"
#include "rules/config.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/when.h"

#define WEEK_MS (7LL * 24 * 3600 * 1000)

struct report_cli {
	const char **dbs;
	size_t ndbs;
	const char *since, *until, *period;
	const char *zone; /* NULL: local */
	int utc;
	const char *format;
	enum report_by by;
	int top;
	const char *output;
};

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: podaudit report [--db PATH ...] [--since T] [--until T] [--period P]\n"
		"                       [--utc | --tz ZONE] [--format %s]\n"
		"                       [--by user|command|hour|key|node] [--top N] [-o FILE]\n"
		"  T: 2026-11-22, 2026-11-22T10:00[:05][Z|+01:00], 7d, 24h, now, today,\n"
		"     yesterday, this-week, week-ago, this-month, this-year\n"
		"  P: today, yesterday, this-week, last-week, this-month, last-month, this-year,\n"
		"     last-year\n"
		"  The window is [since, until): default the last 7 days.\n",
		report_format_names());
}

/* --by NAME into *by; returns 0 or -1. */
static int
parse_by(const char *s, enum report_by *by)
{
	static const struct {
		const char *name;
		enum report_by by;
	} names[] = {
	    {"user", REPORT_BY_USER}, {"command", REPORT_BY_COMMAND}, {"hour", REPORT_BY_HOUR},
	    {"key", REPORT_BY_KEY},   {"node", REPORT_BY_NODE},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0) {
			*by = names[i].by;
			return 0;
		}
	return -1;
}

/* The database path from the configuration file, when there is one (else NULL). */
static char *
config_db(void)
{
	struct config *cfg = NULL;
	char err[512], *path = NULL;

	if (access(CONFIG_DEFAULT_PATH, F_OK) != 0)
		return NULL;
	if (config_load(CONFIG_DEFAULT_PATH, &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: %s\n", err);
		return NULL;
	}
	if (config_db_path(cfg) != NULL)
		path = alloc_check(strdup(config_db_path(cfg)));
	config_free(cfg);
	return path;
}

/*
 * The node name for a database's events without node=: with several
 * databases, its file name without ".db" (its full path when two databases
 * share a file name); with one, "" as stored. Returns a new string.
 */
static char *
db_label(const struct report_cli *c, size_t i)
{
	const char *base, *other;
	size_t len;

	if (c->ndbs < 2)
		return alloc_check(strdup(""));
	base = strrchr(c->dbs[i], '/') ? strrchr(c->dbs[i], '/') + 1 : c->dbs[i];
	len = strlen(base);
	if (len > 3 && strcmp(base + len - 3, ".db") == 0)
		len -= 3;
	for (size_t j = 0; j < c->ndbs; j++) {
		other = strrchr(c->dbs[j], '/') ? strrchr(c->dbs[j], '/') + 1 : c->dbs[j];
		if (j != i && strncmp(other, base, len) == 0 &&
		    (other[len] == '\0' || strcmp(other + len, ".db") == 0))
			return alloc_check(strdup(c->dbs[i]));
	}
	return alloc_check(strndup(base, len));
}

/* Write n bytes to path (created with mode 0640), or stdout when path is NULL. */
static int
write_out(const char *path, const char *buf, size_t n)
{
	int fd = STDOUT_FILENO;
	size_t done = 0;

	if (path != NULL) {
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
		if (fd < 0) {
			fprintf(stderr, "podaudit: %s: %s\n", path, strerror(errno));
			return -1;
		}
	}
	while (done < n) {
		ssize_t w = write(fd, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "podaudit: %s: %s\n", path ? path : "standard output",
				strerror(errno));
			if (path != NULL)
				close(fd);
			return -1;
		}
		done += (size_t)w;
	}
	if (path != NULL && close(fd) != 0) {
		fprintf(stderr, "podaudit: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * When the report is made: $SOURCE_DATE_EPOCH (seconds) when set, so that
 * reports can be reproduced byte for byte, else now.
 */
static int64_t
generated_time(int64_t now)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return now;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > 253402300799LL)
		return now;
	return (int64_t)v * 1000;
}

/* Set q's window from the options; returns CLI_OK or CLI_USAGE (message printed). */
static int
window(const struct report_cli *c, int64_t now, struct report_query *q)
{
	char err[512];

	if (c->period != NULL) {
		if (c->since != NULL || c->until != NULL) {
			fprintf(stderr, "podaudit: report: --period cannot be combined with "
					"--since or --until\n");
			return CLI_USAGE;
		}
		if (when_period(c->period, now, &q->since, &q->until, err, sizeof(err)) != 0) {
			fprintf(stderr, "podaudit: report: %s\n", err);
			return CLI_USAGE;
		}
		return CLI_OK;
	}
	q->until = now;
	if (c->until != NULL && when_parse(c->until, now, &q->until, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: report: --until: %s\n", err);
		return CLI_USAGE;
	}
	q->since = q->until - WEEK_MS;
	if (c->since != NULL && when_parse(c->since, now, &q->since, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: report: --since: %s\n", err);
		return CLI_USAGE;
	}
	if (q->since >= q->until) {
		fprintf(stderr, "podaudit: report: the window is empty: --since must be before "
				"--until\n");
		return CLI_USAGE;
	}
	return CLI_OK;
}

/*
 * Parse argv into c. Returns CLI_OK, or CLI_USAGE after printing why; sets
 * *done when the command is over (--help).
 */
static int
parse_args(int argc, char **argv, struct report_cli *c, int *done)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'},     {"since", required_argument, NULL, 's'},
	    {"until", required_argument, NULL, 'u'},  {"period", required_argument, NULL, 'p'},
	    {"utc", no_argument, NULL, 'U'},	      {"tz", required_argument, NULL, 'z'},
	    {"format", required_argument, NULL, 'f'}, {"by", required_argument, NULL, 'b'},
	    {"top", required_argument, NULL, 't'},    {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},	      {NULL, 0, NULL, 0},
	};
	char *end;
	long v;
	int ch;

	c->format = "text";
	c->dbs = alloc_check(calloc((size_t)argc + 1, sizeof(char *)));
	while ((ch = getopt_long(argc, argv, "d:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			c->dbs[c->ndbs++] = optarg;
			break;
		case 's':
			c->since = optarg;
			break;
		case 'u':
			c->until = optarg;
			break;
		case 'p':
			c->period = optarg;
			break;
		case 'U':
			c->utc = 1;
			break;
		case 'z':
			c->zone = optarg;
			break;
		case 'f':
			c->format = optarg;
			break;
		case 'b':
			if (parse_by(optarg, &c->by) != 0) {
				fprintf(stderr, "podaudit: report: --by must be user, command, "
						"hour, key or node\n");
				return CLI_USAGE;
			}
			break;
		case 't':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || v < 1 || v > 100000) {
				fprintf(stderr, "podaudit: report: --top must be 1 to 100000\n");
				return CLI_USAGE;
			}
			c->top = (int)v;
			break;
		case 'o':
			c->output = optarg;
			break;
		case 'h':
			usage(stdout);
			*done = 1;
			return CLI_OK;
		default:
			usage(stderr);
			return CLI_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "podaudit: report: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return CLI_USAGE;
	}
	if (c->utc && c->zone != NULL) {
		fprintf(stderr, "podaudit: report: --utc and --tz cannot be combined\n");
		return CLI_USAGE;
	}
	if (report_format_find(c->format) == NULL) {
		fprintf(stderr, "podaudit: report: unknown format '%s' (expected %s)\n", c->format,
			report_format_names());
		return CLI_USAGE;
	}
	return CLI_OK;
}

int
cmd_report(int argc, char **argv)
{
	struct report_cli c = {0};
	struct report_query q = {0};
	struct report_render_opts ro = {0};
	struct report_source *src = NULL;
	struct strbuf out = STRBUF_INIT;
	char *cfg_db = NULL, err[1024];
	json_t *model = NULL;
	int status, done = 0;
	int64_t now;

	status = parse_args(argc, argv, &c, &done);
	if (status != CLI_OK || done) {
		free(c.dbs);
		return status;
	}
	if (when_zone_set(c.utc ? "UTC" : c.zone, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: report: %s\n", err);
		free(c.dbs);
		return CLI_USAGE;
	}
	now = when_now();
	if ((status = window(&c, now, &q)) != CLI_OK) {
		free(c.dbs);
		return status;
	}
	q.generated = generated_time(now);
	q.top = c.top;
	if (c.ndbs == 0) {
		if (getenv("PODAUDIT_DB") == NULL)
			cfg_db = config_db();
		c.dbs[c.ndbs++] = cli_db_path(NULL, cfg_db);
	}
	src = alloc_check(calloc(c.ndbs, sizeof(*src)));
	for (size_t i = 0; i < c.ndbs; i++) {
		src[i].path = c.dbs[i];
		src[i].label = db_label(&c, i);
		if (store_open(c.dbs[i], STORE_READONLY, &src[i].st, err, sizeof(err)) != 0) {
			fprintf(stderr, "podaudit: %s\n", err);
			status = CLI_FAIL;
			goto out;
		}
	}
	if (report_build(src, c.ndbs, &q, &model, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: report: %s\n", err);
		status = CLI_FAIL;
		goto out;
	}
	ro.by = c.by;
	ro.width = 100;
	if (report_format_find(c.format)->render(model, &ro, &out, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: report: %s\n", err);
		status = CLI_FAIL;
		goto out;
	}
	if (write_out(c.output, out.buf ? out.buf : "", out.len) != 0)
		status = CLI_FAIL;
out:
	json_decref(model);
	strbuf_free(&out);
	for (size_t i = 0; src != NULL && i < c.ndbs; i++) {
		store_close(src[i].st);
		free((char *)src[i].label);
	}
	free(src);
	free(cfg_db);
	free(c.dbs);
	return status;
}
