/*
 * cli.h: the command-line front end. Each subcommand lives in its own
 * cmd_NAME.c and is the only layer that prints to the terminal or exits.
 */
#ifndef PODAUDIT_CLI_H
#define PODAUDIT_CLI_H

/* Exit codes shared by every subcommand. */
enum {
	CLI_OK = 0,
	CLI_FAIL = 1,  /* the command ran and found a problem, or an operation failed */
	CLI_USAGE = 2, /* bad command line */
};

/*
 * A subcommand: argv[0] is the subcommand's name. Returns the process exit
 * code. Messages go to stderr prefixed with "podaudit: ".
 */
typedef int (*cli_cmd_fn)(int argc, char **argv);

int cmd_ingest(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_sql(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_forward(int argc, char **argv);

/*
 * Resolve the database path: the explicit option if given, else $PODAUDIT_DB,
 * else the configuration's, else the built-in default. Never NULL.
 */
const char *cli_db_path(const char *opt, const char *config_value);

struct config;
/*
 * Load the configuration: path if given, else the default file
 * (/etc/podaudit/podaudit.yaml) when it exists, else the built-in defaults.
 * Returns a configuration to free with config_free(), or NULL after printing
 * why on stderr.
 */
struct config *cli_load_config(const char *path);

#endif
