/*
 * cmd_ingest.c: podaudit ingest [--db PATH] [--config FILE] [--follow]
 *                               [--all-events] [FILE ... | -]
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "rules/config.h"
#include "store/rollup.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#define DEFAULT_LOG	   "/var/log/audit/audit.log"
#define AUDITD_CONF	   "/etc/audit/auditd.conf"
#define MAX_SHOWN_WARNINGS 20
#define PROGRESS_MIN_BYTES (64 << 20)

struct ingest_cli {
	const char *db;
	const char *config;
	int follow;
	int all_events;
	unsigned warnings;
	int progress_shown;
};

static volatile sig_atomic_t stop_flag;

/* SIGINT/SIGTERM while following or reading a stream: finish cleanly. */
static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* Print the first few notices, count the rest. */
static void
on_warn(void *ctx, const char *msg)
{
	struct ingest_cli *c = ctx;

	if (c->progress_shown) {
		fputs("\r\033[K", stderr);
		c->progress_shown = 0;
	}
	if (c->warnings++ < MAX_SHOWN_WARNINGS)
		fprintf(stderr, "podaudit: %s\n", msg);
}

/* A one-line progress bar on stderr for large inputs on a terminal. */
static void
on_progress(void *ctx, const char *name, int64_t done, int64_t total)
{
	struct ingest_cli *c = ctx;
	int width = 40, filled;

	if (total < PROGRESS_MIN_BYTES)
		return;
	filled = (int)(done * width / (total ? total : 1));
	if (filled > width)
		filled = width;
	fprintf(stderr, "\r%-30.30s [%.*s%*s] %3d%%", name, filled,
		"########################################", width - filled, "",
		(int)(done * 100 / (total ? total : 1)));
	c->progress_shown = 1;
	if (done >= total) {
		fputs("\r\033[K", stderr);
		c->progress_shown = 0;
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: podaudit ingest [--db PATH] [--config FILE] [--follow] "
			"[--all-events] [FILE ... | -]\n");
}

/* The numeric suffix of a rotated sibling "audit.log.N", or -1. */
static long
sibling_number(const char *name, const char *base)
{
	size_t bl = strlen(base);
	const char *suffix;
	char *end;
	long n;

	if (strncmp(name, base, bl) != 0 || name[bl] != '.')
		return -1;
	suffix = name + bl + 1;
	if (*suffix < '0' || *suffix > '9')
		return -1;
	n = strtol(suffix, &end, 10);
	return *end == '\0' ? n : -1;
}

struct sibling {
	long n;
	char *path;
};

/* Oldest (highest N) first. */
static int
sibling_cmp(const void *a, const void *b)
{
	const struct sibling *x = a, *y = b;

	return (x->n < y->n) - (x->n > y->n);
}

/*
 * The log auditd writes: log_file in /etc/audit/auditd.conf when it says so,
 * else DEFAULT_LOG. Written to buf.
 */
static void
auditd_log_file(char *buf, size_t n)
{
	FILE *f = fopen(AUDITD_CONF, "r");
	char line[1024], *p, *v, *e;

	snprintf(buf, n, "%s", DEFAULT_LOG);
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		p = line + strspn(line, " \t");
		if (strncmp(p, "log_file", 8) != 0)
			continue;
		p += 8;
		p += strspn(p, " \t");
		if (*p != '=')
			continue;
		v = p + 1 + strspn(p + 1, " \t");
		e = v + strcspn(v, " \t\r\n#");
		*e = '\0';
		if (*v == '/')
			snprintf(buf, n, "%s", v);
	}
	fclose(f);
}

/*
 * The default inputs: the rotated siblings of the log auditd writes
 * (audit.log.N, oldest first), then that log itself. *paths is a
 * NULL-terminated array of strings the caller frees with free_inputs().
 * An unreadable directory gives just the log itself (opening it then fails
 * with a message naming it).
 */
static void
default_inputs(char ***paths, size_t *n)
{
	char log[PATH_MAX], dir[PATH_MAX];
	const char *base;
	struct sibling *sib = NULL;
	size_t k = 0, cap = 0;
	struct dirent *de;
	DIR *d;

	auditd_log_file(log, sizeof(log));
	base = strrchr(log, '/') + 1;
	snprintf(dir, sizeof(dir), "%.*s", (int)(base - log - 1), log);
	d = opendir(dir[0] ? dir : "/");
	while (d != NULL && (de = readdir(d)) != NULL) {
		long num = sibling_number(de->d_name, base);
		if (num < 0)
			continue;
		if (k == cap) {
			cap = cap ? cap * 2 : 8;
			sib = alloc_check(realloc(sib, cap * sizeof(*sib)));
		}
		sib[k].n = num;
		if (asprintf(&sib[k].path, "%s/%s", dir, de->d_name) < 0)
			alloc_check(NULL);
		k++;
	}
	if (d != NULL)
		closedir(d);
	if (k > 0)
		qsort(sib, k, sizeof(*sib), sibling_cmp);
	*paths = alloc_check(calloc(k + 2, sizeof(char *)));
	for (size_t i = 0; i < k; i++)
		(*paths)[i] = sib[i].path;
	(*paths)[k] = alloc_check(strdup(log));
	*n = k + 1;
	free(sib);
}

/* Free what default_inputs() returned. */
static void
free_inputs(char **paths)
{
	for (size_t i = 0; paths != NULL && paths[i] != NULL; i++)
		free(paths[i]);
	free(paths);
}

int
cmd_ingest(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'}, {"config", required_argument, NULL, 'c'},
	    {"follow", no_argument, NULL, 'f'},	  {"all-events", no_argument, NULL, 'a'},
	    {"help", no_argument, NULL, 'h'},	  {NULL, 0, NULL, 0},
	};
	struct ingest_cli c = {0};
	struct ingest_opts o = {0};
	struct config *cfg = NULL;
	struct store *st = NULL;
	struct ingest *ing = NULL;
	const struct ingest_stats *s;
	char err[1024];
	char **inputs = NULL;
	size_t ninputs = 0;
	int use_defaults = 0, stdin_mode = 0, status = CLI_OK, ch;
	struct sigaction sa;

	while ((ch = getopt_long(argc, argv, "d:c:fah", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			c.db = optarg;
			break;
		case 'c':
			c.config = optarg;
			break;
		case 'f':
			c.follow = 1;
			break;
		case 'a':
			c.all_events = 1;
			break;
		case 'h':
			usage();
			return CLI_OK;
		default:
			usage();
			return CLI_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			stdin_mode = 1;
	if (stdin_mode && argc > 1) {
		fprintf(stderr, "podaudit: ingest: '-' cannot be combined with files\n");
		return CLI_USAGE;
	}
	if (c.follow && stdin_mode) {
		fprintf(stderr, "podaudit: ingest: --follow applies to files, not '-'\n");
		return CLI_USAGE;
	}
	if (argc > 0) {
		inputs = argv;
		ninputs = (size_t)argc;
	} else {
		default_inputs(&inputs, &ninputs);
		use_defaults = 1;
	}

	cfg = cli_load_config(c.config);
	if (cfg == NULL) {
		status = CLI_FAIL;
		goto out;
	}
	if (store_open(cli_db_path(c.db, config_db_path(cfg)), stdin_mode ? STORE_DURABLE : 0, &st,
		       err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: %s\n", err);
		status = CLI_FAIL;
		goto out;
	}
	o.keys = config_keys(cfg);
	o.all_events = c.all_events;
	o.warn = on_warn;
	o.warn_ctx = &c;
	if (isatty(STDERR_FILENO)) {
		o.progress = on_progress;
		o.progress_ctx = &c;
	}
	o.stop = &stop_flag;
	if (ingest_open(st, &o, &ing, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: %s\n", err);
		status = CLI_FAIL;
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (c.follow || stdin_mode) {
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	signal(SIGHUP, SIG_IGN); /* auditd sends it to plugins on reconfiguration */

	if (stdin_mode) {
		if (ingest_stream(ing, STDIN_FILENO, "<stdin>") != 0) {
			fprintf(stderr, "podaudit: %s\n", ingest_errmsg(ing));
			status = CLI_FAIL;
		}
	} else {
		for (size_t i = 0; i < ninputs; i++) {
			int last = i + 1 == ninputs;
			int rc = (c.follow && last) ? ingest_follow(ing, inputs[i])
						    : ingest_file(ing, inputs[i]);
			if (rc != 0) {
				fprintf(stderr, "podaudit: %s\n", ingest_errmsg(ing));
				status = CLI_FAIL;
				/* An unreadable file does not stop the others; a store failure
				 * does. */
				if (access(inputs[i], R_OK) == 0)
					break;
			}
		}
	}
	/* Report rollups (store/rollup.h): one set-based pass over the events just stored. */
	if (rollup_refresh(st, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: updating the report rollups: %s\n", err);
		status = CLI_FAIL;
	}
	if (c.warnings > MAX_SHOWN_WARNINGS)
		fprintf(stderr, "podaudit: %u more notices not shown\n",
			c.warnings - MAX_SHOWN_WARNINGS);
	s = ingest_get_stats(ing);
	printf("%lld file%s, %lld events read, %lld stored, %lld already present",
	       (long long)s->files, s->files == 1 ? "" : "s", (long long)s->events,
	       (long long)s->stored, (long long)s->present);
	if (s->merged > 0)
		printf(", %lld merged into a stored event of the same identity",
		       (long long)s->merged);
	printf(", %lld malformed line%s\n", (long long)s->malformed, s->malformed == 1 ? "" : "s");
out:
	ingest_close(ing);
	store_close(st);
	config_free(cfg);
	if (use_defaults)
		free_inputs(inputs);
	return status;
}
