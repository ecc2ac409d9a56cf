/*
 * cmd_forward.c: podaudit forward [--db PATH] [--config FILE] --to URL
 *                  [--format ecs|json|rfc5424] [--follow] [--name TARGET]
 *                  [--since T] [--ca FILE] [--cert FILE --key FILE] [--raw]
 *                  [--max-retries N] [--retry-max SECONDS] [--window N]
 */
#include "cli/cli.h"

#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forward/config.h"
#include "forward/forward.h"
#include "forward/url.h"
#include "rules/config.h"
#include "rules/number.h"
#include "store/store.h"
#include "util/when.h"

static volatile sig_atomic_t stop_flag;

/* SIGINT/SIGTERM: commit the cursor and stop. */
static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* Retry and drop notices from the forwarder. */
static void
on_notice(void *ctx, const char *msg)
{
	fprintf(stderr, "podaudit: forward %s: %s\n", (const char *)ctx, msg);
}

static void
usage(FILE *f)
{
	fprintf(f,
		"usage: podaudit forward [--db PATH] [--config FILE] --to URL\n"
		"                        [--format ecs|json|rfc5424] [--follow] [--name TARGET]\n"
		"                        [--since T] [--ca FILE] [--cert FILE --key FILE] [--raw]\n"
		"                        [--max-retries N] [--retry-max SECONDS] [--window N]\n"
		"URL: relp://HOST:PORT, relp+tls://HOST:PORT, tcp://HOST:PORT, tls://HOST:PORT,\n"
		"     udp://HOST:PORT, file:PATH or - (standard output)\n");
}

/* Parse a bounded number option; prints and returns -1 when invalid. */
static int
number_opt(const char *opt, const char *s, unsigned long long min, unsigned long long max,
	   unsigned *out)
{
	unsigned long long n;

	if (rules_parse_number(s, 10, max, &n) != 0 || n < min) {
		fprintf(stderr, "podaudit: forward: %s '%s': expected a number from %llu to %llu\n",
			opt, s, min, max);
		return -1;
	}
	*out = (unsigned)n;
	return 0;
}

int
cmd_forward(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"config", required_argument, NULL, 'c'},
	    {"to", required_argument, NULL, 't'},
	    {"name", required_argument, NULL, 'n'},
	    {"format", required_argument, NULL, 'F'},
	    {"follow", no_argument, NULL, 'f'},
	    {"since", required_argument, NULL, 's'},
	    {"ca", required_argument, NULL, 'A'},
	    {"cert", required_argument, NULL, 'C'},
	    {"key", required_argument, NULL, 'K'},
	    {"raw", no_argument, NULL, 'r'},
	    {"max-retries", required_argument, NULL, 'm'},
	    {"retry-max", required_argument, NULL, 'M'},
	    {"window", required_argument, NULL, 'w'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *config = NULL, *to = NULL, *format = NULL, *since = NULL;
	const char *ca = NULL, *cert = NULL, *key = NULL;
	struct forward_options o = {0};
	struct forward_target_config tc;
	struct forward_summary sum;
	struct forward_url url;
	struct config *cfg = NULL;
	struct store *st = NULL;
	const char *dbpath;
	char err[1024];
	unsigned max_retries = 0, retry_max = 0, window = 0;
	int have_max_retries = 0, found = 0, status = CLI_OK, rc, ch;
	struct sigaction sa;

	while ((ch = getopt_long(argc, argv, "d:c:t:n:F:fs:A:C:K:rm:M:w:h", longopts, NULL)) !=
	       -1) {
		switch (ch) {
		case 'd':
			db = optarg;
			break;
		case 'c':
			config = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 'n':
			o.name = optarg;
			break;
		case 'F':
			format = optarg;
			break;
		case 'f':
			o.follow = 1;
			break;
		case 's':
			since = optarg;
			break;
		case 'A':
			ca = optarg;
			break;
		case 'C':
			cert = optarg;
			break;
		case 'K':
			key = optarg;
			break;
		case 'r':
			o.raw = 1;
			break;
		case 'm':
			if (number_opt("--max-retries", optarg, 0, 1000000, &max_retries) != 0)
				return CLI_USAGE;
			have_max_retries = 1;
			break;
		case 'M':
			if (number_opt("--retry-max", optarg, 1, 3600, &retry_max) != 0)
				return CLI_USAGE;
			break;
		case 'w':
			if (number_opt("--window", optarg, 2, 65536, &window) != 0)
				return CLI_USAGE;
			break;
		case 'h':
			usage(stdout);
			return CLI_OK;
		default:
			usage(stderr);
			return CLI_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "podaudit: forward: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return CLI_USAGE;
	}
	if (to != NULL && forward_url_parse(to, &url, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: forward: --to %s\n", err);
		return CLI_USAGE;
	}
	if (format != NULL && forward_format_parse(format, &o.format) != 0) {
		fprintf(stderr, "podaudit: forward: --format '%s': expected ecs, json or rfc5424\n",
			format);
		return CLI_USAGE;
	}
	if ((cert == NULL) != (key == NULL)) {
		fprintf(stderr, "podaudit: forward: --cert and --key go together\n");
		return CLI_USAGE;
	}
	if (since != NULL) {
		o.have_since = 1;
		if (when_parse(since, when_now(), &o.since, err, sizeof(err)) != 0) {
			fprintf(stderr, "podaudit: forward: --since %s\n", err);
			return CLI_USAGE;
		}
	}

	cfg = cli_load_config(config);
	if (cfg == NULL)
		return CLI_FAIL;
	/* The forward: section: the named target, or the only one. */
	if (forward_config_target(cfg, o.name, &tc, &found, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: %s\n", err);
		status = CLI_FAIL;
		goto out;
	}
	if (to == NULL && !found) {
		if (o.name != NULL)
			fprintf(stderr,
				"podaudit: forward: --name %s: no such target in the forward: "
				"section of %s, and no --to\n",
				o.name, config_file(cfg) ? config_file(cfg) : "the configuration");
		else
			fprintf(stderr, "podaudit: forward: --to URL is required (or --name of a "
					"target of the configuration's forward: section)\n");
		usage(stderr);
		status = CLI_USAGE;
		goto out;
	}
	if (found) {
		o.name = tc.name;
		if (format == NULL && tc.have_format)
			o.format = tc.format;
		o.tls = tc.tls;
		o.raw |= tc.raw;
		o.window = tc.window;
		o.retry_max_ms = tc.retry_max_ms;
		o.max_retries = tc.max_retries;
	}
	o.url = to != NULL ? to : tc.to;
	if (ca != NULL)
		o.tls.ca_file = ca;
	if (cert != NULL) {
		o.tls.cert_file = cert;
		o.tls.key_file = key;
	}
	if (have_max_retries)
		o.max_retries = max_retries;
	if (retry_max != 0)
		o.retry_max_ms = retry_max * 1000;
	if (window != 0)
		o.window = window;

	dbpath = cli_db_path(db, config_db_path(cfg));
	if (access(dbpath, F_OK) != 0) {
		fprintf(stderr, "podaudit: forward: no database at %s (podaudit ingest makes it)\n",
			dbpath);
		status = CLI_FAIL;
		goto out;
	}
	if (store_open(dbpath, 0, &st, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: %s\n", err);
		status = CLI_FAIL;
		goto out;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN); /* a closed socket or pipe is an error to handle, not a death */
	o.stop = &stop_flag;
	o.notice = on_notice;
	o.ctx = (void *)(o.name != NULL ? o.name : o.url);

	rc = forward_run(st, &o, &sum, err, sizeof(err));
	if (rc < 0) {
		fprintf(stderr, "podaudit: forward %s: %s\n", (const char *)o.ctx, err);
		status = CLI_FAIL;
	}
	fprintf(stderr,
		"podaudit: forward %s: %" PRId64 " events sent, %" PRId64 " skipped, %" PRId64
		" dropped; cursor at event %" PRId64 " (was %" PRId64 "); %u retries, %" PRId64
		" events sent again%s\n",
		(const char *)o.ctx, sum.sent, sum.skipped, sum.dropped, sum.cursor, sum.start,
		sum.retries, sum.resent, rc == 1 ? "; stopped" : "");
out:
	store_close(st);
	config_free(cfg);
	return status;
}
