/*
 * cmd_rules.c: podaudit rules print|install|verify.
 *
 *     podaudit rules print   [--config FILE] [--root DIR]
 *     podaudit rules install [--config FILE] [--root DIR] [--load] [--check]
 *                            [--plugin[=EXE]]
 *     podaudit rules verify  [--config FILE] [--root DIR] [--listing FILE]
 *                            [--status FILE]
 *
 * The work is done in rules/; this file parses options, prints and picks the
 * exit code (0 fine, 1 failure or missing rules, 2 usage).
 */
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rules/auditctl.h"
#include "rules/config.h"
#include "rules/diff.h"
#include "rules/generate.h"
#include "rules/install.h"
#include "rules/plugin.h"
#include "rules/resolve.h"
#include "rules/ruleset.h"
#include "rules/tool.h"
#include "rules/verify.h"
#include "util/strbuf.h"

/* Options of every rules subcommand. */
struct rules_cli {
	const char *action;
	const char *config;
	const char *root;
	int load;
	int check;
	int plugin;
	const char *plugin_exe;
	const char *listing;
	const char *status;
};

/* Print the synopsis of the rules subcommands to f. */
static void
usage(FILE *f)
{
	fprintf(f, "usage: podaudit rules print   [--config FILE] [--root DIR]\n"
		   "       podaudit rules install [--config FILE] [--root DIR] [--load] [--check]\n"
		   "                              [--plugin[=EXE]]\n"
		   "       podaudit rules verify  [--config FILE] [--root DIR] [--listing FILE]\n"
		   "                              [--status FILE]\n");
}

/* Is root an actual other root, not "/" or empty? */
static int
other_root(const char *root)
{
	return root != NULL && root[0] != '\0' && strspn(root, "/") != strlen(root);
}

/*
 * Parse the options of the subcommand in argv[0]. Returns CLI_OK, or
 * CLI_USAGE after printing why; sets *help when --help was asked.
 */
static int
parse_options(int argc, char **argv, struct rules_cli *o, int *help)
{
	static const struct option longopts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"root", required_argument, NULL, 'r'},
	    {"load", no_argument, NULL, 'L'},
	    {"check", no_argument, NULL, 'C'},
	    {"plugin", optional_argument, NULL, 'P'},
	    {"listing", required_argument, NULL, 'l'},
	    {"status", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int is_install = strcmp(o->action, "install") == 0;
	int is_verify = strcmp(o->action, "verify") == 0;
	int ch;

	optind = 1;
	opterr = 1;
	while ((ch = getopt_long(argc, argv, "+c:r:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->config = optarg;
			break;
		case 'r':
			o->root = optarg;
			break;
		case 'h':
			*help = 1;
			return CLI_OK;
		case 'L':
		case 'C':
		case 'P':
			if (!is_install)
				goto only;
			if (ch == 'L')
				o->load = 1;
			else if (ch == 'C')
				o->check = 1;
			else {
				o->plugin = 1;
				o->plugin_exe = optarg;
			}
			break;
		case 'l':
		case 's':
			if (!is_verify)
				goto only;
			if (ch == 'l')
				o->listing = optarg;
			else
				o->status = optarg;
			break;
		default:
			usage(stderr);
			return CLI_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "podaudit: rules %s: unexpected argument '%s'\n", o->action,
			argv[optind]);
		usage(stderr);
		return CLI_USAGE;
	}
	if (o->load && o->check) {
		fprintf(stderr, "podaudit: rules install: --check writes nothing, so it cannot "
				"--load\n");
		return CLI_USAGE;
	}
	if (o->load && other_root(o->root)) {
		fprintf(stderr, "podaudit: rules install: --load loads the running system's rules "
				"and cannot be combined with --root\n");
		return CLI_USAGE;
	}
	if (o->plugin_exe != NULL &&
	    (o->plugin_exe[0] != '/' || strpbrk(o->plugin_exe, " \t\n\r\v\f") != NULL)) {
		fprintf(stderr, "podaudit: rules install: --plugin=EXE needs an absolute path "
				"without blanks\n");
		return CLI_USAGE;
	}
	if (o->status != NULL && o->listing == NULL) {
		fprintf(stderr, "podaudit: rules verify: --status goes with --listing\n");
		return CLI_USAGE;
	}
	return CLI_OK;
only:
	fprintf(stderr, "podaudit: rules %s: option '%s' belongs to another subcommand\n",
		o->action, argv[optind - 1]);
	usage(stderr);
	return CLI_USAGE;
}

/*
 * Load --config, or the default file (under --root) when it exists, or the
 * built-in defaults. Returns NULL after printing why.
 */
static struct config *
load_config(const struct rules_cli *o)
{
	struct strbuf def = STRBUF_INIT;
	struct config *cfg = NULL;
	const char *path = o->config;
	struct stat st;
	char err[1024];

	if (path == NULL) {
		rules_root_join(o->root, CONFIG_DEFAULT_PATH, &def);
		if (lstat(strbuf_str(&def), &st) == 0 || errno != ENOENT)
			path = strbuf_str(&def);
	}
	if (path == NULL) {
		cfg = config_default();
		if (cfg == NULL)
			fprintf(stderr, "podaudit: out of memory\n");
	} else if (config_load(path, &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: %s\n", err);
	}
	strbuf_free(&def);
	return cfg;
}

/* Print the warnings of set to stderr. */
static void
print_warnings(const struct rules_set *set)
{
	for (size_t i = 0; i < rules_set_warning_count(set); i++)
		fprintf(stderr, "podaudit: warning: %s\n", rules_set_warning(set, i));
}

/*
 * Load the configuration and generate the rules for the system at --root.
 * Returns the set (warnings already printed), or NULL after printing why.
 */
static struct rules_set *
expected_rules(const struct rules_cli *o, struct config **cfgp)
{
	struct rules_env env = {o->root, NULL, NULL};
	struct rules_set *set = NULL;
	char err[1024];

	*cfgp = load_config(o);
	if (*cfgp == NULL)
		return NULL;
	if (rules_generate(*cfgp, &env, &set, err, sizeof(err)) != 0) {
		fprintf(stderr, "podaudit: rules: %s\n", err);
		return NULL;
	}
	print_warnings(set);
	if (rules_set_count(set) == 0)
		fprintf(stderr, "podaudit: warning: the configuration yields no rules\n");
	return set;
}

/* Write text to stdout; returns CLI_OK, or CLI_FAIL after printing why. */
static int
put_stdout(const char *text)
{
	if (fputs(text, stdout) == EOF || fflush(stdout) == EOF) {
		fprintf(stderr, "podaudit: standard output: %s\n", strerror(errno));
		return CLI_FAIL;
	}
	return CLI_OK;
}

/* podaudit rules print */
static int
do_print(const struct rules_cli *o)
{
	struct strbuf text = STRBUF_INIT;
	struct config *cfg = NULL;
	struct rules_set *set = expected_rules(o, &cfg);
	int rc = CLI_FAIL;

	if (set != NULL) {
		rules_set_render(set, &text);
		rc = put_stdout(strbuf_str(&text));
	}
	strbuf_free(&text);
	rules_set_free(set);
	config_free(cfg);
	return rc;
}

/*
 * --check for one file: print the diff between what is at path and content.
 * Returns 0 when equal, 1 when different, -1 after printing an error.
 */
static int
check_file(const char *path, const char *content, mode_t mode)
{
	struct strbuf cur = STRBUF_INIT, diff = STRBUF_INIT, label = STRBUF_INIT;
	struct stat st;
	char err[1024];
	int r = rules_install_read(path, &cur, err, sizeof(err));
	int rc = 0;

	if (r < 0) {
		fprintf(stderr, "podaudit: %s\n", err);
		return -1;
	}
	strbuf_printf(&label, "%s%s", path, r == 0 ? " (not installed)" : "");
	if (rules_diff(strbuf_str(&cur), content, strbuf_str(&label), "expected", &diff) > 0 ||
	    (r == 0 && content[0] == '\0')) {
		printf("%s", strbuf_str(&diff));
		rc = 1;
	} else if (r > 0 && lstat(path, &st) == 0 && (st.st_mode & 07777) != mode) {
		printf("%s: mode %04o, expected %04o\n", path, (unsigned)(st.st_mode & 07777),
		       (unsigned)mode);
		rc = 1;
	} else {
		printf("%s: up to date\n", path);
	}
	strbuf_free(&cur);
	strbuf_free(&diff);
	strbuf_free(&label);
	return rc;
}

/* Install one file, saying what happened. Returns 0, or -1 after printing why. */
static int
install_file(const char *path, const char *content)
{
	char err[1024];
	int r = rules_install_write(path, content, strlen(content), RULES_INSTALL_MODE, err,
				    sizeof(err));

	if (r < 0) {
		fprintf(stderr, "podaudit: %s\n", err);
		return -1;
	}
	printf("%s: %s\n", path, r == RULES_INSTALL_WRITTEN ? "installed" : "unchanged");
	return 0;
}

/* Print a tool's captured output, each line indented, to stderr. */
static void
print_indented(const char *text)
{
	while (*text != '\0') {
		size_t n = strcspn(text, "\n");
		fprintf(stderr, "    %.*s\n", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

/*
 * Run augenrules --load, then check with auditctl -l that the rules are in.
 * Returns CLI_OK or CLI_FAIL.
 */
static int
load_rules(const struct rules_set *expected, const char *const *keys)
{
	struct strbuf tool = STRBUF_INIT, out = STRBUF_INIT, errout = STRBUF_INIT;
	struct rules_set *loaded = rules_set_new(), *missing = rules_set_new(),
			 *stale = rules_set_new();
	const char *argv[3];
	char err[1024];
	int status, rc = CLI_FAIL;
	size_t nmissing;

	if (rules_tool_find("augenrules", &tool, err, sizeof(err)) < 0) {
		fprintf(stderr, "podaudit: %s\n", err);
		goto done;
	}
	argv[0] = strbuf_str(&tool);
	argv[1] = "--load";
	argv[2] = NULL;
	if (rules_tool_run(argv, &out, &errout, &status, err, sizeof(err)) < 0) {
		fprintf(stderr, "podaudit: %s\n", err);
		goto done;
	}
	fprintf(stderr, "podaudit: augenrules --load: %s (exit %d)\n",
		status == 0 ? "done" : "failed", status);
	print_indented(strbuf_str(&out));
	print_indented(strbuf_str(&errout));
	if (status != 0)
		goto done;
	if (rules_auditctl_list(loaded, err, sizeof(err)) < 0) {
		fprintf(stderr, "podaudit: %s\n", err);
		goto done;
	}
	nmissing = rules_verify_compare(expected, loaded, keys, missing, stale);
	for (size_t i = 0; i < rules_set_count(missing); i++)
		printf("not loaded: %s\n", rules_set_rule(missing, i));
	if (nmissing > 0) {
		fprintf(stderr,
			"podaudit: %zu of %zu rules are not loaded (audit rules locked with -e 2? "
			"an error in another rules file?)\n",
			nmissing, rules_set_count(expected));
		goto done;
	}
	printf("loaded: %zu rules\n", rules_set_count(expected));
	rc = CLI_OK;
done:
	rules_set_free(loaded);
	rules_set_free(missing);
	rules_set_free(stale);
	strbuf_free(&tool);
	strbuf_free(&out);
	strbuf_free(&errout);
	return rc;
}

/* podaudit rules install */
static int
do_install(const struct rules_cli *o)
{
	struct strbuf text = STRBUF_INIT, plugin = STRBUF_INIT, dest = STRBUF_INIT,
		      pdest = STRBUF_INIT, dir = STRBUF_INIT;
	struct config *cfg = NULL;
	struct rules_set *set = expected_rules(o, &cfg), *notes = rules_set_new();
	char err[1024];
	int rc = CLI_FAIL;

	if (set == NULL)
		goto done;
	rules_set_render(set, &text);
	rules_root_join(o->root, RULES_INSTALL_RULES_FILE, &dest);
	rules_root_join(o->root, RULES_INSTALL_DIR, &dir);
	rules_root_join(o->root, RULES_INSTALL_PLUGIN_FILE, &pdest);
	if (o->plugin)
		rules_plugin_render(o->plugin_exe != NULL ? o->plugin_exe : PODAUDIT_DEFAULT_EXE,
				    &plugin);
	if (rules_install_find_duplicates(strbuf_str(&dir), RULES_INSTALL_NAME, set, notes, err,
					  sizeof(err)) < 0)
		fprintf(stderr, "podaudit: warning: %s\n", err);
	print_warnings(notes);

	if (o->check) {
		int a = check_file(strbuf_str(&dest), strbuf_str(&text), RULES_INSTALL_MODE);
		int b = o->plugin ? check_file(strbuf_str(&pdest), strbuf_str(&plugin),
					       RULES_INSTALL_MODE)
				  : 0;
		rc = a < 0 || b < 0 ? CLI_FAIL : (a || b) ? CLI_FAIL : CLI_OK;
		goto done;
	}
	if (install_file(strbuf_str(&dest), strbuf_str(&text)) < 0)
		goto done;
	if (o->plugin) {
		if (install_file(strbuf_str(&pdest), strbuf_str(&plugin)) < 0)
			goto done;
		fprintf(stderr, "podaudit: auditd starts plugins when it starts or reloads "
				"(auditctl --signal reload)\n");
	}
	rc = CLI_OK;
	if (o->load)
		rc = load_rules(set, config_keys(cfg));
done:
	fflush(stdout);
	rules_set_free(set);
	rules_set_free(notes);
	config_free(cfg);
	strbuf_free(&text);
	strbuf_free(&plugin);
	strbuf_free(&dest);
	strbuf_free(&pdest);
	strbuf_free(&dir);
	return rc;
}

/* Name of a failure mode. */
static const char *
failure_name(long long f)
{
	switch (f) {
	case 0:
		return "silent";
	case 1:
		return "printk";
	case 2:
		return "panic";
	default:
		return "unknown";
	}
}

/* Name of an enabled state. */
static const char *
enabled_name(long long e)
{
	switch (e) {
	case 0:
		return "disabled";
	case 1:
		return "enabled";
	case 2:
		return "enabled, rules locked";
	default:
		return "unknown";
	}
}

/* Print the audit status report. */
static void
print_status(const struct rules_audit_status *st)
{
	printf("audit: %lld (%s)\n", st->enabled, enabled_name(st->enabled));
	if (st->failure >= 0)
		printf("failure mode: %lld (%s)\n", st->failure, failure_name(st->failure));
	if (st->pid >= 0)
		printf("auditd pid: %lld%s\n", st->pid, st->pid == 0 ? " (none)" : "");
	if (st->backlog >= 0)
		printf("backlog: %lld of %lld\n", st->backlog, st->backlog_limit);
	if (st->rate_limit >= 0)
		printf("rate limit: %lld%s\n", st->rate_limit,
		       st->rate_limit == 0 ? " (none)" : "");
	if (st->lost >= 0)
		printf("lost events: %lld\n", st->lost);
}

/*
 * Read a saved `auditctl -l` / `auditctl -s` output file into text. Returns
 * 0, or -1 after printing why.
 */
static int
read_saved(const char *path, struct strbuf *text)
{
	char err[1024];
	int r = rules_install_read(path, text, err, sizeof(err));

	if (r <= 0) {
		if (r == 0)
			snprintf(err, sizeof(err), "%s: %s", path, strerror(ENOENT));
		fprintf(stderr, "podaudit: %s\n", err);
		return -1;
	}
	return 0;
}

/* podaudit rules verify */
static int
do_verify(const struct rules_cli *o)
{
	struct strbuf text = STRBUF_INIT;
	struct config *cfg = NULL;
	struct rules_set *expected = expected_rules(o, &cfg);
	struct rules_set *loaded = rules_set_new(), *missing = rules_set_new(),
			 *stale = rules_set_new(), *notes = rules_set_new();
	struct rules_audit_status st;
	int have_status = 0, disabled = 0, rc = CLI_FAIL;
	char err[1024];
	size_t nmissing;

	if (expected == NULL)
		goto done;
	if (o->listing != NULL) {
		if (read_saved(o->listing, &text) < 0)
			goto done;
		if (rules_auditctl_parse_list(strbuf_str(&text), loaded, err, sizeof(err)) < 0) {
			fprintf(stderr, "podaudit: %s: %s\n", o->listing, err);
			goto done;
		}
		if (o->status != NULL) {
			strbuf_reset(&text);
			if (read_saved(o->status, &text) < 0)
				goto done;
			if (rules_auditctl_parse_status(strbuf_str(&text), &st, err, sizeof(err)) <
			    0) {
				fprintf(stderr, "podaudit: %s: %s\n", o->status, err);
				goto done;
			}
			have_status = 1;
		}
	} else {
		if (rules_auditctl_status(&st, err, sizeof(err)) < 0 ||
		    rules_auditctl_list(loaded, err, sizeof(err)) < 0) {
			fprintf(stderr, "podaudit: %s\n", err);
			goto done;
		}
		have_status = 1;
	}
	if (have_status) {
		print_status(&st);
		disabled = rules_verify_status(&st, notes);
		for (size_t i = 0; i < rules_set_warning_count(notes); i++)
			printf("WARNING: %s\n", rules_set_warning(notes, i));
	} else {
		printf("audit: status not checked (--listing without --status)\n");
	}
	nmissing = rules_verify_compare(expected, loaded, config_keys(cfg), missing, stale);
	printf("rules: %zu expected, %zu present, %zu missing\n", rules_set_count(expected),
	       rules_set_count(expected) - nmissing, nmissing);
	for (size_t i = 0; i < rules_set_count(missing); i++)
		printf("missing: %s\n", rules_set_rule(missing, i));
	for (size_t i = 0; i < rules_set_count(stale); i++)
		printf("unexpected: %s\n", rules_set_rule(stale, i));
	if (nmissing > 0)
		fprintf(stderr, "podaudit: %zu rule%s missing: run podaudit rules install --load\n",
			nmissing, nmissing == 1 ? " is" : "s are");
	rc = nmissing == 0 && !disabled ? CLI_OK : CLI_FAIL;
done:
	fflush(stdout);
	strbuf_free(&text);
	rules_set_free(expected);
	rules_set_free(loaded);
	rules_set_free(missing);
	rules_set_free(stale);
	rules_set_free(notes);
	config_free(cfg);
	return rc;
}

/* Entry point: argv[0] is "rules", argv[1] the action. */
int
cmd_rules(int argc, char **argv)
{
	struct rules_cli o;
	int help = 0, rc;

	memset(&o, 0, sizeof(o));
	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	o.action = argv[1];
	if (strcmp(o.action, "-h") == 0 || strcmp(o.action, "--help") == 0 ||
	    strcmp(o.action, "help") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(o.action, "print") != 0 && strcmp(o.action, "install") != 0 &&
	    strcmp(o.action, "verify") != 0) {
		fprintf(stderr, "podaudit: rules: unknown action '%s'\n", o.action);
		usage(stderr);
		return CLI_USAGE;
	}
	rc = parse_options(argc - 1, argv + 1, &o, &help);
	if (rc != CLI_OK)
		return rc;
	if (help) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(o.action, "print") == 0)
		return do_print(&o);
	if (strcmp(o.action, "install") == 0)
		return do_install(&o);
	return do_verify(&o);
}
