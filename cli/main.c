/*
 * main.c: podaudit's entry point; dispatches to the subcommand named first.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/config.h"

#define DEFAULT_DB "/var/lib/podaudit/podaudit.db"

static const struct {
	const char *name;
	cli_cmd_fn fn;
	const char *synopsis;
} commands[] = {
    {"ingest", cmd_ingest,
     "ingest [--db PATH] [--config FILE] [--follow] [--all-events] [FILE ... | -]"},
    {"rules", cmd_rules, "rules print|install|verify [--config FILE] ..."},
    {"report", cmd_report,
     "report [--db PATH ...] [--since T] [--until T] [--period P] [--utc | --tz ZONE]\n"
     "                    [--format text|json|csv|html] [--by user|command|hour|key|node] [-o "
     "FILE]"},
    {"sql", cmd_sql, "sql [--db PATH] [--format table|csv|json] [--timeout SECONDS] QUERY"},
    {"search", cmd_search,
     "search [--db PATH ...] [--user NAME|AUID] [--uid N] [--session N] [--pid N]\n"
     "                    [--exe PATH] [--key K] [--command SUBCMD] [--container NAME|ID]\n"
     "                    [--image REF] [--since T] [--until T] [--failed] [--risky]\n"
     "                    [--limit N] [--format table|jsonl|csv|raw] [--utc | --tz ZONE]"},
    {"show", cmd_show,
     "show [--db PATH] [--format text|json] [--all] [--utc | --tz ZONE] EVENT_ID"},
    {"timeline", cmd_timeline,
     "timeline [--db PATH ...] [filters as search] [--expand] [--utc | --tz ZONE]"},
    {"forward", cmd_forward,
     "forward [--db PATH] --to URL [--format ecs|json|rfc5424] [--follow] [--name TARGET] "
     "[--since T]"},
};

/* Print the synopsis of every subcommand to f. */
static void
usage(FILE *f)
{
	fprintf(f, "usage:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "    podaudit %s\n", commands[i].synopsis);
}

const char *
cli_db_path(const char *opt, const char *config_value)
{
	const char *env;

	if (opt != NULL)
		return opt;
	env = getenv("PODAUDIT_DB");
	if (env != NULL && *env != '\0')
		return env;
	if (config_value != NULL)
		return config_value;
	return DEFAULT_DB;
}

struct config *
cli_load_config(const char *path)
{
	struct config *cfg = NULL;
	char err[1024];

	if (path == NULL && access(CONFIG_DEFAULT_PATH, F_OK) == 0)
		path = CONFIG_DEFAULT_PATH;
	if (path == NULL) {
		cfg = config_default();
		if (cfg == NULL)
			fprintf(stderr, "podaudit: out of memory\n");
		return cfg;
	}
	if (config_load(path, &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: %s\n", err);
		return NULL;
	}
	return cfg;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("podaudit %s\n", PODAUDIT_VERSION);
		return CLI_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "podaudit: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return CLI_USAGE;
}
