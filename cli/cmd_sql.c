/*
 * cmd_sql.c: podaudit sql [--db PATH] [--format table|csv|json]
 *                         [--timeout SECONDS] [--width N] QUERY
 *
 * Runs one read-only query (QUERY, or standard input when QUERY is "-")
 * against the database's views; the guards and the formats are in
 * query/sql.c, documented in docs/sql.md. Exit codes: 0 fine, 1 the query
 * failed, was refused or timed out, 2 usage, 130 interrupted (SIGINT).
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "query/sql.h"
#include "util/strbuf.h"

#define DEFAULT_WIDTH	 100
#define MAX_QUERY_BYTES	 (1 << 20)
#define MAX_TIMEOUT	 (7 * 86400.0)
#define MAX_WIDTH	 100000
#define EXIT_INTERRUPTED 130 /* 128 + SIGINT, as shells report it */

struct sql_cli {
	const char *db;
	enum sql_format format;
	double timeout;
	int width; /* -1: the terminal's, or DEFAULT_WIDTH */
	const char *query;
};

static volatile sig_atomic_t interrupted;

/* SIGINT: stop the query at its next step (a second SIGINT kills, SA_RESETHAND). */
static void
on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: podaudit sql [--db PATH] [--format table|csv|json] [--timeout SECONDS]\n"
		   "                    [--width N] QUERY|-\n");
}

/*
 * Parse a decimal number of seconds in (0, MAX_TIMEOUT] into *out. Returns
 * 0, or -1 when s is not one.
 */
static int
parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !isfinite(v) || v <= 0 || v > MAX_TIMEOUT)
		return -1;
	*out = v;
	return 0;
}

/* Parse an integer in [0, MAX_WIDTH] into *out. Returns 0, or -1. */
static int
parse_width(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 0 || v > MAX_WIDTH)
		return -1;
	*out = (int)v;
	return 0;
}

/* Parse the command line into o. Returns CLI_OK, or CLI_USAGE after saying why. */
static int
parse_options(int argc, char **argv, struct sql_cli *o, int *help)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'},      {"format", required_argument, NULL, 'f'},
	    {"timeout", required_argument, NULL, 't'}, {"width", required_argument, NULL, 'w'},
	    {"help", no_argument, NULL, 'h'},	       {NULL, 0, NULL, 0},
	};
	int ch;

	optind = 1;
	opterr = 1;
	while ((ch = getopt_long(argc, argv, "+d:f:t:w:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			o->db = optarg;
			break;
		case 'f':
			if (sql_format_parse(optarg, &o->format) != 0) {
				fprintf(stderr,
					"podaudit: sql: unknown format '%s' (table, csv, json)\n",
					optarg);
				return CLI_USAGE;
			}
			break;
		case 't':
			if (parse_seconds(optarg, &o->timeout) != 0) {
				fprintf(stderr,
					"podaudit: sql: --timeout wants seconds, more than 0 "
					"and at most a week\n");
				return CLI_USAGE;
			}
			break;
		case 'w':
			if (parse_width(optarg, &o->width) != 0) {
				fprintf(stderr, "podaudit: sql: --width wants a number of columns "
						"(0: no limit)\n");
				return CLI_USAGE;
			}
			break;
		case 'h':
			*help = 1;
			return CLI_OK;
		default:
			usage(stderr);
			return CLI_USAGE;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "podaudit: sql: %s\n",
			argc == optind ? "no query given"
				       : "one query only (quote it as one argument)");
		usage(stderr);
		return CLI_USAGE;
	}
	o->query = argv[optind];
	return CLI_OK;
}

/* The width a table should fit: the terminal's when stdout is one. */
static int
terminal_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return DEFAULT_WIDTH;
}

/* Read the query from standard input into sb. Returns 0, or -1 after saying why. */
static int
read_query(struct strbuf *sb)
{
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		strbuf_add(sb, chunk, n);
		if (sb->len > MAX_QUERY_BYTES) {
			fprintf(stderr,
				"podaudit: sql: the query on standard input is longer than "
				"%d bytes\n",
				MAX_QUERY_BYTES);
			return -1;
		}
	}
	if (ferror(stdin)) {
		fprintf(stderr, "podaudit: sql: standard input: %s\n", strerror(errno));
		return -1;
	}
	if (memchr(sb->buf ? sb->buf : "", '\0', sb->len) != NULL) {
		fprintf(stderr, "podaudit: sql: the query holds a NUL byte\n");
		return -1;
	}
	return 0;
}

int
cmd_sql(int argc, char **argv)
{
	struct sql_cli o = {NULL, SQL_FORMAT_TABLE, 0, -1, NULL};
	struct sql_options so = {0};
	struct sql_session *s = NULL;
	struct strbuf stdin_query = STRBUF_INIT;
	struct sigaction sa;
	const char *query;
	char err[1024];
	int help = 0, rc;

	rc = parse_options(argc, argv, &o, &help);
	if (rc != CLI_OK)
		return rc;
	if (help) {
		usage(stdout);
		return CLI_OK;
	}
	query = o.query;
	if (strcmp(query, "-") == 0) {
		if (read_query(&stdin_query) != 0) {
			strbuf_free(&stdin_query);
			return CLI_FAIL;
		}
		query = strbuf_str(&stdin_query);
	}
	if (sql_open(cli_db_path(o.db, NULL), &s, err, sizeof(err)) != SQL_OK) {
		fprintf(stderr, "podaudit: %s\n", err);
		strbuf_free(&stdin_query);
		return CLI_FAIL;
	}
	rc = sql_prepare(s, query, err, sizeof(err));
	strbuf_free(&stdin_query);
	if (rc != SQL_OK) {
		fprintf(stderr, "podaudit: %s\n", err);
		sql_close(s);
		return CLI_FAIL;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sa.sa_flags = SA_RESETHAND | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);

	so.format = o.format;
	so.width = o.width >= 0 ? o.width : terminal_width();
	so.timeout = o.timeout;
	so.stop = &interrupted;
	rc = sql_run(s, &so, stdout, NULL, err, sizeof(err));
	sql_close(s);
	signal(SIGINT, SIG_DFL);
	if (rc == SQL_OK && fflush(stdout) != 0) {
		snprintf(err, sizeof(err), "cannot write the output: %s", strerror(errno));
		rc = SQL_FAILED;
	}
	if (rc != SQL_OK) {
		fflush(stdout);
		fprintf(stderr, "podaudit: %s\n", err);
		return rc == SQL_INTERRUPTED ? EXIT_INTERRUPTED : CLI_FAIL;
	}
	return CLI_OK;
}
