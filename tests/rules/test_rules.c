/*
 * test_rules.c: the rules module (configuration, rule generation, auditctl
 * parsing, verification, installation) through its public interfaces.
 *
 * Generation runs on fake system trees built under a temporary directory,
 * with their own passwd and login.defs, so the golden files do not depend on
 * what this machine has installed or who its users are. Set
 * PODAUDIT_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate
 * change (and review the diff).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/auditctl.h"
#include "rules/config.h"
#include "rules/config_node.h"
#include "rules/diff.h"
#include "rules/generate.h"
#include "rules/install.h"
#include "rules/number.h"
#include "rules/plugin.h"
#include "rules/resolve.h"
#include "rules/rule.h"
#include "rules/ruleset.h"
#include "rules/users.h"
#include "rules/verify.h"
#include "util/strbuf.h"

static char tmpdir[256];

/* ------------------------------------------------------------ helpers */

/* Remove one entry during the depth-first walk of rm_rf(). */
static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove a directory tree. */
static void
rm_rf(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fresh temporary directory per test. */
static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/podaudit-rules-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

/* Remove the test's temporary directory. */
static int
teardown(void **state)
{
	(void)state;
	rm_rf(tmpdir);
	return 0;
}

/* tmpdir + "/" + rel into a static-free buffer the caller provides. */
static void
tmp_path(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", tmpdir, rel[0] == '/' ? rel + 1 : rel);
}

/* mkdir -p for path (absolute). */
static void
mkdir_p(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
	mkdir(buf, 0755);
}

/* Make the parent directory of path. */
static void
mkdir_parent(const char *path)
{
	char buf[PATH_MAX];
	char *slash;

	snprintf(buf, sizeof(buf), "%s", path);
	slash = strrchr(buf, '/');
	if (slash != NULL && slash != buf) {
		*slash = '\0';
		mkdir_p(buf);
	}
}

/* Write content to path with mode, making directories as needed. */
static void
write_file(const char *path, const char *content, mode_t mode)
{
	int fd;

	mkdir_parent(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

/* Read a whole file; the caller frees. NULL when it cannot be read. */
static char *
read_whole(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		strbuf_add(&sb, buf, (size_t)r);
	close(fd);
	strbuf_putc(&sb, '\0');
	return sb.buf;
}

/* The source tree (PODAUDIT_SRCDIR, or the current directory). */
static const char *
srcdir(void)
{
	const char *s = getenv("PODAUDIT_SRCDIR");
	return s != NULL ? s : ".";
}

/*
 * Compare text with tests/rules/golden/name; rewrite the file instead when
 * PODAUDIT_UPDATE_GOLDEN is set.
 */
static void
check_golden(const char *name, const char *text)
{
	char path[PATH_MAX];
	char *want;

	snprintf(path, sizeof(path), "%s/tests/rules/golden/%s", srcdir(), name);
	if (getenv("PODAUDIT_UPDATE_GOLDEN") != NULL) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
		return;
	}
	want = read_whole(path);
	if (want == NULL)
		fail_msg("cannot read %s", path);
	if (strcmp(want, text) != 0) {
		struct strbuf d = STRBUF_INIT;
		rules_diff(want, text, path, "generated", &d);
		print_error("%s", strbuf_str(&d));
		strbuf_free(&d);
		free(want);
		fail_msg("%s differs from the generated text", name);
	}
	free(want);
}

/* One entry of a fake system tree. */
struct entry {
	char type;	  /* d directory, x executable, f plain file, l symlink, w file with text */
	const char *path; /* absolute, inside the fake root */
	const char *arg;  /* link target or file content */
};

/* Build the fake tree under tmpdir/root. */
static void
build_tree(const struct entry *e)
{
	char path[PATH_MAX];

	for (; e->type != 0; e++) {
		snprintf(path, sizeof(path), "%s/root%s", tmpdir, e->path);
		switch (e->type) {
		case 'd':
			mkdir_p(path);
			break;
		case 'x':
			write_file(path, "#!/bin/sh\n", 0755);
			break;
		case 'f':
			write_file(path, "data\n", 0644);
			break;
		case 'w':
			write_file(path, e->arg, 0644);
			break;
		case 'l':
			mkdir_parent(path);
			assert_int_equal(symlink(e->arg, path), 0);
			break;
		default:
			fail_msg("bad entry type %c", e->type);
		}
	}
}

/* The fake root built by build_tree(). */
static const char *
fake_root(void)
{
	static char root[PATH_MAX];
	snprintf(root, sizeof(root), "%s/root", tmpdir);
	return root;
}

/* Render a rule set and its warnings the way golden files hold them. */
static void
render_with_warnings(const struct rules_set *set, struct strbuf *rules, struct strbuf *warnings)
{
	rules_set_render(set, rules);
	for (size_t i = 0; i < rules_set_warning_count(set); i++)
		strbuf_printf(warnings, "%s\n", rules_set_warning(set, i));
}

/* Generate for cfg on the fake root; fails the test on error. */
static struct rules_set *
generate_on_fake(const struct config *cfg)
{
	struct rules_env env = {fake_root(), NULL, NULL};
	struct rules_set *set = NULL;
	char err[1024];

	if (rules_generate(cfg, &env, &set, err, sizeof(err)) != 0)
		fail_msg("rules_generate: %s", err);
	return set;
}

/* Write a configuration file (mode 0600) into tmpdir and load it. */
static int
load_text(const char *text, struct config **cfg, char *err, size_t errlen, char *path,
	  size_t pathlen)
{
	tmp_path(path, pathlen, "podaudit.yaml");
	write_file(path, text, 0600);
	return config_load(path, cfg, err, errlen);
}

/* ------------------------------------------------------------ fake systems */

/* A Debian 12 machine: merged /usr, runc in /usr/sbin, netavark in /usr/lib/podman. */
static const struct entry debian_tree[] = {
    {'l', "/bin", "usr/bin"},
    {'l', "/sbin", "usr/sbin"},
    {'x', "/usr/bin/podman", NULL},
    {'x', "/usr/sbin/runc", NULL},
    {'x', "/usr/bin/conmon", NULL},
    {'x', "/usr/lib/podman/netavark", NULL},
    {'x', "/usr/lib/podman/aardvark-dns", NULL},
    {'d', "/var/lib/containers/storage", NULL},
    {'d', "/run/containers/0", NULL},
    {'d', "/root/.config/containers", NULL},
    {'f', "/root/.config/containers/auth.json", NULL},
    {'d', "/home/alice/.local/share/containers", NULL},
    {'d', "/home/alice/.config/containers", NULL},
    {'d', "/home/bob", NULL},
    {'d', "/run/user/1001/containers", NULL},
    {'w', "/etc/passwd",
     "root:x:0:0:root:/root:/bin/bash\n"
     "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
     "bob:x:1002:1002::/home/bob:/bin/bash\n"
     "alice:x:1001:1001::/home/alice:/bin/bash\n"
     "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"},
    {'w', "/etc/login.defs",
     "# comment\nMAIL_DIR /var/mail\nUID_MIN\t\t\t 1000\nUID_MAX\t\t\t60000\n"},
    {0, NULL, NULL},
};

/*
 * A RHEL/Fedora-like machine: runc and crun in /usr/bin, netavark in
 * /usr/libexec/podman, /home a link to /var/home, container storage moved
 * with a symbolic link, a copy of podman linked from /usr/local/bin, a
 * non-executable "runc" that must be ignored.
 */
static const struct entry rhel_tree[] = {
    {'l', "/bin", "usr/bin"},
    {'l', "/sbin", "usr/sbin"},
    {'x', "/usr/bin/podman", NULL},
    {'l', "/usr/local/bin/podman", "/usr/bin/podman"},
    {'f', "/usr/local/sbin/runc", NULL},
    {'x', "/usr/bin/crun", NULL},
    {'x', "/usr/bin/runc", NULL},
    {'x', "/usr/bin/conmon", NULL},
    {'x', "/usr/libexec/podman/netavark", NULL},
    {'d', "/srv/containers", NULL},
    {'d', "/var/lib", NULL},
    {'l', "/var/lib/containers", "../../srv/containers"},
    {'l', "/var/run", "../run"},
    {'d', "/run/containers/0", NULL},
    {'f', "/run/containers/0/auth.json", NULL},
    {'d', "/root", NULL},
    {'l', "/home", "var/home"},
    {'d', "/var/home/dave/.local/share/containers", NULL},
    {'d', "/var/home/dave/.docker", NULL},
    {'d', "/var/home/erin/.config/containers", NULL},
    {'w', "/etc/passwd",
     "root:x:0:0:root:/root:/bin/bash\n"
     "dave:x:1500:1500::/home/dave:/bin/bash\n"
     "erin:x:2000:2000::/home/erin/:/bin/bash\n"
     "early:x:1200:1200::/home/early:/bin/bash\n"},
    {'w', "/etc/login.defs", "UID_MIN 0x5dc\nUID_MAX 60000\n"},
    {0, NULL, NULL},
};

/* A machine for a custom configuration. */
static const struct entry custom_tree[] = {
    {'x', "/opt/bin/podman", NULL},
    {'x', "/usr/bin/crun", NULL},
    {'x', "/usr/bin/podman", NULL},
    {'d', "/srv/frank", NULL},
    {'d', "/srv/gina/containers", NULL},
    {'d', "/home/frank/.config/containers", NULL},
    {'d', "/home/gina", NULL},
    {'w', "/etc/passwd",
     "henry:x:1000:1000::/home/henry:/bin/bash\n"
     "frank:x:2001:2001::/home/frank:/bin/bash\n"
     "gina:x:2002:2002::/home/gina:/bin/bash\n"
     "ivan:x:2003:2003::/home/iv an:/bin/bash\n"
     "judy:x:2004:2004::relative:/bin/bash\n"
     "frank:x:2999:2999::/elsewhere:/bin/bash\n"},
    {0, NULL, NULL},
};

static const char custom_yaml[] = "# a custom configuration\n"
				  "database: /srv/audit/pa.db\n"
				  "keys: [podman_exec, container_runtime, custom_key]\n"
				  "users:\n"
				  "  uid_min: 2000\n"
				  "  uid_max: 2999\n"
				  "executable_dirs: [/opt/bin]\n"
				  "executables:\n"
				  "  - name: podman\n"
				  "    key: podman_exec\n"
				  "  - name: /usr/bin/crun\n"
				  "    key: container_runtime\n"
				  "    perm: xa\n"
				  "  - name: runc\n"
				  "    key: container_runtime\n"
				  "paths:\n"
				  "  - path: /srv/{user}/containers\n"
				  "    key: custom_key\n"
				  "    perm: aw\n"
				  "  - path: ~/.config/containers\n"
				  "    key: custom_key\n"
				  "  - path: /srv/{uid}\n"
				  "    key: custom_key\n"
				  "    perm: r\n"
				  "forward:\n"
				  "  url: https://collector.example/ingest\n"
				  "  batch: 100\n";

/* ------------------------------------------------------------ number */

static void
test_parse_number(void **state)
{
	unsigned long long v = 7;
	(void)state;
	assert_int_equal(rules_parse_number("123", 10, 1000, &v), 0);
	assert_int_equal(v, 123);
	assert_int_equal(rules_parse_number("0x10", 0, 1000, &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(rules_parse_number("010", 0, 1000, &v), 0);
	assert_int_equal(v, 8);
	v = 7;
	assert_int_equal(rules_parse_number("1001", 10, 1000, &v), -1);
	assert_int_equal(rules_parse_number("-1", 10, 1000, &v), -1);
	assert_int_equal(rules_parse_number("+1", 10, 1000, &v), -1);
	assert_int_equal(rules_parse_number(" 1", 10, 1000, &v), -1);
	assert_int_equal(rules_parse_number("1 ", 10, 1000, &v), -1);
	assert_int_equal(rules_parse_number("", 10, 1000, &v), -1);
	assert_int_equal(rules_parse_number(NULL, 10, 1000, &v), -1);
	assert_int_equal(rules_parse_number("99999999999999999999999", 10, ~0ULL, &v), -1);
	assert_int_equal(v, 7);
}

/* ------------------------------------------------------------ configuration */

static void
test_config_defaults(void **state)
{
	static const char *const keys[] = {
	    "podman_exec",	 "container_runtime",	   "container_monitor",
	    "container_storage", "user_container_storage", "registry_auth",
	};
	struct config *cfg = config_default();
	const struct config_watch *w;
	const char *const *k;
	size_t n, i;
	uint32_t u;
	(void)state;

	assert_non_null(cfg);
	k = config_keys(cfg);
	for (i = 0; k[i] != NULL; i++)
		assert_string_equal(k[i], keys[i]);
	assert_int_equal(i, 6);
	assert_null(config_db_path(cfg));
	assert_null(config_file(cfg));
	w = config_executables(cfg, &n);
	assert_int_equal(n, 5);
	assert_string_equal(w[0].target, "podman");
	assert_string_equal(w[0].perm, "x");
	assert_string_equal(w[0].key, "podman_exec");
	assert_int_equal(w[0].line, 0);
	w = config_paths(cfg, &n);
	assert_int_equal(n, 8);
	assert_string_equal(w[0].target, "/var/lib/containers");
	assert_string_equal(w[0].perm, "wa");
	assert_false(config_uid_min(cfg, &u));
	assert_false(config_uid_max(cfg, &u));
	assert_null(config_section(cfg, "forward"));
	assert_string_equal(config_executable_dirs(cfg)[0], "/usr/local/sbin");
	config_free(cfg);
	config_free(NULL);
}

static void
test_config_custom(void **state)
{
	struct config *cfg = NULL;
	const struct config_watch *w;
	const struct config_node *fw;
	char err[1024], path[PATH_MAX];
	uint32_t u;
	size_t n;
	(void)state;

	if (load_text(custom_yaml, &cfg, err, sizeof(err), path, sizeof(path)) != 0)
		fail_msg("%s", err);
	assert_string_equal(config_file(cfg), path);
	assert_string_equal(config_db_path(cfg), "/srv/audit/pa.db");
	assert_string_equal(config_keys(cfg)[2], "custom_key");
	assert_null(config_keys(cfg)[3]);
	assert_true(config_uid_min(cfg, &u));
	assert_int_equal(u, 2000);
	assert_true(config_uid_max(cfg, &u));
	assert_int_equal(u, 2999);
	assert_string_equal(config_executable_dirs(cfg)[0], "/opt/bin");
	assert_null(config_executable_dirs(cfg)[1]);
	w = config_executables(cfg, &n);
	assert_int_equal(n, 3);
	assert_string_equal(w[1].target, "/usr/bin/crun");
	assert_string_equal(w[1].perm, "xa");
	assert_int_equal(w[1].line, 11);
	assert_int_equal(w[1].column, 5);
	w = config_paths(cfg, &n);
	assert_int_equal(n, 3);
	assert_string_equal(w[0].perm, "wa");
	assert_string_equal(w[1].target, "~/.config/containers");
	assert_string_equal(w[1].perm, "wa");
	assert_string_equal(w[2].perm, "r");

	fw = config_section(cfg, "forward");
	assert_non_null(fw);
	assert_int_equal(config_node_kind(fw), CONFIG_NODE_MAPPING);
	assert_int_equal(config_node_count(fw), 2);
	assert_string_equal(config_node_scalar(config_node_get(fw, "url")),
			    "https://collector.example/ingest");
	assert_string_equal(config_node_scalar(config_node_key(fw, 1)), "batch");
	assert_string_equal(config_node_scalar(config_node_item(fw, 1)), "100");
	assert_int_equal(config_node_line(config_node_get(fw, "batch")), 27);
	assert_int_equal(config_node_column(config_node_get(fw, "batch")), 10);
	assert_null(config_node_get(fw, "nope"));
	assert_null(config_section(cfg, "paths"));
	config_free(cfg);
}

static void
test_config_empty_files(void **state)
{
	static const char *const texts[] = {"", "# only a comment\n", "---\n", "--- # c\n...\n"};
	char err[1024], path[PATH_MAX];
	(void)state;

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct config *cfg = NULL;
		size_t n;
		if (load_text(texts[i], &cfg, err, sizeof(err), path, sizeof(path)) != 0)
			fail_msg("'%s': %s", texts[i], err);
		config_executables(cfg, &n);
		assert_int_equal(n, 5);
		config_free(cfg);
	}
}

/* Each bad configuration and the error after "FILE:" it must give. */
static const struct {
	const char *text;
	const char *error;
} bad_configs[] = {
    {"keys: [a, b\n", "2:1: did not find expected ',' or ']' while parsing a flow sequence"},
    {"bogus: 1\n", "1:1: unknown section 'bogus' (database, keys, users, executable_dirs, "
		   "executables, paths, forward)"},
    {"- a\n", "1:1: expected a mapping of sections"},
    {"plain\n", "1:1: expected a mapping of sections"},
    {"database: /a\ndatabase: /b\n", "2:1: duplicate key 'database'"},
    {"keys: &k [podman_exec]\nforward: *k\n", "2:10: YAML aliases are not supported"},
    {"database: relative.db\n", "1:11: database: 'relative.db' must be an absolute path"},
    {"database:\n", "1:10: database: expected a non-empty string"},
    {"keys: []\n", "1:7: keys: expected a non-empty list of keys"},
    {"keys: [podman_exec, podman_exec]\n", "1:21: keys: 'podman_exec' is listed twice"},
    {"keys: [\"has space\"]\n",
     "1:8: keys: 'has space' is not a valid audit key (1 to 128 of A-Z a-z 0-9 _ . -)"},
    {"keys: [podman_exec]\n",
     "1:7: keys: the default watch on crun uses key 'container_runtime', which this list "
     "leaves out; add it or configure the watches too"},
    {"users: [1]\n", "1:8: users: expected a mapping (uid_min, uid_max)"},
    {"users:\n  uid_min: -5\n", "2:12: users.uid_min: '-5' is not a uid (0 to 4294967294)"},
    {"users:\n  uid_max: 4294967295\n",
     "2:12: users.uid_max: '4294967295' is not a uid (0 to 4294967294)"},
    {"users:\n  uid_min: 5000\n  uid_max: 1000\n", "2:3: users: uid_min is greater than uid_max"},
    {"users:\n  uid: 5\n", "2:3: users: unknown setting 'uid' (uid_min, uid_max)"},
    {"executable_dirs: [usr/bin]\n", "1:19: executable_dirs: 'usr/bin' must be an absolute path"},
    {"executables: podman\n",
     "1:14: executables: expected a list of entries with name, key and optionally perm"},
    {"executables:\n  - podman\n", "2:5: executables: expected an entry with name and key"},
    {"executables:\n  - name: podman\n", "2:5: executables: an entry needs both name and key"},
    {"executables:\n  - name: podman\n    key: podman_exec\n    perm: xz\n",
     "4:11: perm: 'xz' is not a set of r, w, x, a (each at most once)"},
    {"executables:\n  - name: podman\n    key: podman_exec\n    perm: xx\n",
     "4:11: perm: 'xx' is not a set of r, w, x, a (each at most once)"},
    {"executables:\n  - name: podman\n    key: podman_exec\n    mode: x\n",
     "4:5: executables: unknown setting 'mode' (name, key, perm)"},
    {"executables:\n  - name: pod*\n    key: podman_exec\n",
     "2:11: name: 'pod*' audit rules take no wildcards"},
    {"executables:\n  - name: ../podman\n    key: podman_exec\n",
     "2:11: name: '../podman' must be an absolute path"},
    {"executables:\n  - name: podman\n    key: nokey\n",
     "2:5: key 'nokey' is not in keys, so ingest would drop its events; add it to keys"},
    {"paths:\n  - path: /home/*/.local/share/containers\n    key: user_container_storage\n",
     "2:11: path: '/home/*/.local/share/containers' audit rules take no wildcards: write "
     "{home} for each user's home directory, {uid} for each user's uid or {user} for each "
     "user's name"},
    {"paths:\n  - path: /run/user/{id}/x\n    key: registry_auth\n",
     "2:11: path: '/run/user/{id}/x' holds an unknown {placeholder}: only {home}, {uid} and "
     "{user} exist"},
    {"paths:\n  - path: /x/{home}/y\n    key: registry_auth\n",
     "2:11: path: '/x/{home}/y' {home} may only start the path"},
    {"paths:\n  - path: \"{home}y\"\n    key: registry_auth\n",
     "2:11: path: '{home}y' {home} must be followed by '/'"},
    {"paths:\n  - path: /a/../b\n    key: registry_auth\n",
     "2:11: path: '/a/../b' may not contain . or .. components"},
    {"paths:\n  - path: \"/a b\"\n    key: registry_auth\n",
     "2:11: path: '/a b' contains a blank or a control character, which audit rules files "
     "cannot express"},
    {"paths:\n  - path: x\n    key: registry_auth\n",
     "2:11: path: 'x' must be an absolute path (or start with {home} or ~/)"},
    {"paths:\n  - path: /x\n    key: \"\"\n", "3:10: key: expected a non-empty string"},
    {"paths:\n  - path: [/x]\n    key: registry_auth\n", "2:11: path: expected a non-empty string"},
    {"a:\n  b:\n   c: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
     "3:36: nested deeper than 32 levels"},
    {"database: \"a\\0b\"\n", "1:11: a NUL character is not allowed here"},
    {"database: /a\n---\ndatabase: /b\n", "2:1: only one YAML document is allowed"},
    {"? [a]\n: b\n", "1:3: a mapping key must be a plain string"},
};

static void
test_config_errors(void **state)
{
	char err[1024], path[PATH_MAX], want[PATH_MAX + 1024];
	(void)state;

	for (size_t i = 0; i < sizeof(bad_configs) / sizeof(bad_configs[0]); i++) {
		struct config *cfg = (struct config *)1;
		int rc = load_text(bad_configs[i].text, &cfg, err, sizeof(err), path, sizeof(path));
		snprintf(want, sizeof(want), "%s:%s", path, bad_configs[i].error);
		if (rc != -1 || cfg != NULL)
			fail_msg("case %zu accepted: %s", i, bad_configs[i].text);
		if (strcmp(err, want) != 0)
			fail_msg("case %zu:\n got: %s\nwant: %s", i, err, want);
	}
}

static void
test_config_refuses_writable(void **state)
{
	struct config *cfg = NULL;
	char err[1024], path[PATH_MAX], want[PATH_MAX + 200];
	(void)state;

	tmp_path(path, sizeof(path), "podaudit.yaml");
	write_file(path, "database: /a.db\n", 0664);
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), -1);
	assert_null(cfg);
	snprintf(want, sizeof(want),
		 "%s: refusing a configuration writable by group or others (mode 0664); run "
		 "chmod go-w on it",
		 path);
	assert_string_equal(err, want);

	assert_int_equal(chmod(path, 0602), 0);
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "(mode 0602)"));

	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), 0);
	config_free(cfg);

	if (geteuid() == 0) {
		assert_int_equal(chown(path, 12345, 0), 0);
		assert_int_equal(config_load(path, &cfg, err, sizeof(err)), -1);
		snprintf(want, sizeof(want),
			 "%s: refusing a configuration owned by uid 12345, neither root nor you",
			 path);
		assert_string_equal(err, want);
	}

	tmp_path(path, sizeof(path), "missing.yaml");
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file or directory"));
	tmp_path(path, sizeof(path), "");
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a regular file"));
}

/* The shipped example must describe exactly the built-in defaults. */
static void
test_example_is_defaults(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, wa = STRBUF_INIT, wb = STRBUF_INIT;
	struct config *def = config_default(), *ex = NULL;
	struct rules_set *sa, *sb;
	char src[PATH_MAX], path[PATH_MAX], err[1024];
	char *text;
	(void)state;

	snprintf(src, sizeof(src), "%s/rules/podaudit.yaml", srcdir());
	text = read_whole(src);
	assert_non_null(text);
	if (load_text(text, &ex, err, sizeof(err), path, sizeof(path)) != 0)
		fail_msg("%s", err);
	free(text);
	assert_null(config_db_path(def));
	assert_string_equal(config_db_path(ex), "/var/lib/podaudit/podaudit.db");
	for (size_t i = 0; config_keys(def)[i] != NULL || config_keys(ex)[i] != NULL; i++) {
		assert_non_null(config_keys(def)[i]);
		assert_non_null(config_keys(ex)[i]);
		assert_string_equal(config_keys(def)[i], config_keys(ex)[i]);
	}
	build_tree(debian_tree);
	sa = generate_on_fake(def);
	sb = generate_on_fake(ex);
	render_with_warnings(sa, &a, &wa);
	render_with_warnings(sb, &b, &wb);
	assert_string_equal(strbuf_str(&a), strbuf_str(&b));
	assert_string_equal(strbuf_str(&wa), strbuf_str(&wb));
	rules_set_free(sa);
	rules_set_free(sb);
	config_free(def);
	config_free(ex);
	strbuf_free(&a);
	strbuf_free(&b);
	strbuf_free(&wa);
	strbuf_free(&wb);
}

/* ------------------------------------------------------------ resolve */

static void
test_resolve(void **state)
{
	static const struct entry tree[] = {
	    {'d', "/a/b", NULL},      {'f', "/a/b/c", NULL},	       {'l', "/l1", "/a"},
	    {'l', "/a/rel", "b/c"},   {'l', "/a/up", "../../../../a"}, {'l', "/loop1", "/loop2"},
	    {'l', "/loop2", "loop1"}, {'l', "/dangling", "/a/b/gone"}, {0, NULL, NULL},
	};
	static const struct {
		const char *in;
		int rc;
		const char *out;
	} cases[] = {
	    {"/a/b/c", RULES_RESOLVE_EXISTS, "/a/b/c"},
	    {"/l1/b/c", RULES_RESOLVE_EXISTS, "/a/b/c"},
	    {"//l1//./b/../b/c/", RULES_RESOLVE_EXISTS, "/a/b/c"},
	    {"/a/rel", RULES_RESOLVE_EXISTS, "/a/b/c"},
	    {"/a/up/b/c", RULES_RESOLVE_EXISTS, "/a/b/c"},
	    {"/../../a/b", RULES_RESOLVE_EXISTS, "/a/b"},
	    {"/", RULES_RESOLVE_EXISTS, "/"},
	    {"/a/b/missing", RULES_RESOLVE_MISSING, "/a/b/missing"},
	    {"/l1/b/missing", RULES_RESOLVE_MISSING, "/a/b/missing"},
	    {"/dangling", RULES_RESOLVE_MISSING, "/a/b/gone"},
	    {"/a/nope/x", RULES_RESOLVE_NO_PARENT, NULL},
	    {"/a/b/c/d", RULES_RESOLVE_NO_PARENT, NULL},
	    {"/loop1", -1, NULL},
	    {"relative", -1, NULL},
	};
	struct strbuf out = STRBUF_INIT;
	char err[1024];
	(void)state;

	build_tree(tree);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = rules_resolve(fake_root(), cases[i].in, &out, err, sizeof(err));
		if (rc != cases[i].rc)
			fail_msg("%s: got %d want %d (%s)", cases[i].in, rc, cases[i].rc,
				 rc < 0 ? err : strbuf_str(&out));
		if (cases[i].out != NULL)
			assert_string_equal(strbuf_str(&out), cases[i].out);
	}
	assert_int_equal(rules_resolve(fake_root(), "/loop1", &out, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Too many levels of symbolic links"));
	strbuf_free(&out);
}

static void
test_resolve_real_root(void **state)
{
	struct strbuf out = STRBUF_INIT;
	char err[1024], real[PATH_MAX];
	(void)state;

	assert_non_null(realpath("/bin/sh", real));
	assert_int_equal(rules_resolve(NULL, "/bin/sh", &out, err, sizeof(err)),
			 RULES_RESOLVE_EXISTS);
	assert_string_equal(strbuf_str(&out), real);
	assert_int_equal(rules_resolve("/", "/bin/sh", &out, err, sizeof(err)),
			 RULES_RESOLVE_EXISTS);
	assert_string_equal(strbuf_str(&out), real);
	rules_root_join(NULL, "/etc", &out);
	assert_string_equal(strbuf_str(&out), "/etc");
	rules_root_join("/", "/etc", &out);
	assert_string_equal(strbuf_str(&out), "/etc");
	rules_root_join("/tmp/x//", "/etc", &out);
	assert_string_equal(strbuf_str(&out), "/tmp/x/etc");
	strbuf_free(&out);
}

/* ------------------------------------------------------------ users */

static void
test_users_passwd(void **state)
{
	struct rules_users *u = NULL;
	char path[PATH_MAX], err[1024];
	(void)state;

	tmp_path(path, sizeof(path), "passwd");
	write_file(path,
		   "zed:x:1500:1500::/home/zed:/bin/sh\n"
		   "amy:x:1500:1500::/home/amy:/bin/sh\n"
		   "root:x:0:0::/root:/bin/sh\n"
		   "this line is not valid\n"
		   "bo:x:1001:1001::/home/bo:/bin/sh\n"
		   "bo:x:1002:1002::/home/bo2:/bin/sh\n"
		   "max:x:60001:60001::/home/max:/bin/sh\n",
		   0644);
	assert_int_equal(rules_users_list(path, 1000, 60000, &u, err, sizeof(err)), 0);
	assert_int_equal(rules_users_count(u), 3);
	assert_string_equal(rules_users_name(u, 0), "bo");
	assert_int_equal(rules_users_uid(u, 0), 1001);
	assert_string_equal(rules_users_home(u, 0), "/home/bo");
	assert_string_equal(rules_users_name(u, 1), "amy");
	assert_string_equal(rules_users_name(u, 2), "zed");
	rules_users_free(u);

	assert_int_equal(rules_users_list(path, 0, 0, &u, err, sizeof(err)), 0);
	assert_int_equal(rules_users_count(u), 1);
	assert_string_equal(rules_users_name(u, 0), "root");
	rules_users_free(u);
	rules_users_free(NULL);

	tmp_path(path, sizeof(path), "nope");
	assert_int_equal(rules_users_list(path, 0, 10, &u, err, sizeof(err)), -1);
	assert_null(u);
	assert_non_null(strstr(err, "No such file or directory"));

	/* NSS: whatever this machine has, root is there. */
	assert_int_equal(rules_users_list(NULL, 0, 0, &u, err, sizeof(err)), 0);
	assert_int_equal(rules_users_count(u), 1);
	assert_string_equal(rules_users_name(u, 0), "root");
	rules_users_free(u);
}

static void
test_login_defs(void **state)
{
	char path[PATH_MAX], err[1024], want[PATH_MAX + 100];
	uint32_t lo = 1, hi = 1;
	(void)state;

	tmp_path(path, sizeof(path), "login.defs");
	assert_int_equal(rules_login_defs_uid_range(path, &lo, &hi, err, sizeof(err)), 0);
	assert_int_equal(lo, 1000);
	assert_int_equal(hi, 60000);

	write_file(path, "#UID_MIN 5\nUID_MIN 0x3e9\nUID_MAX \"2000\"\nUID_MAXX 1\n", 0644);
	assert_int_equal(rules_login_defs_uid_range(path, &lo, &hi, err, sizeof(err)), 0);
	assert_int_equal(lo, 1001);
	assert_int_equal(hi, 2000);

	write_file(path, "\nUID_MIN lots\n", 0644);
	assert_int_equal(rules_login_defs_uid_range(path, &lo, &hi, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:2: UID_MIN is not a uid", path);
	assert_string_equal(err, want);

	write_file(path, "UID_MAX\n", 0644);
	assert_int_equal(rules_login_defs_uid_range(path, &lo, &hi, err, sizeof(err)), -1);

	write_file(path, "UID_MIN 3000\nUID_MAX 2000\n", 0644);
	assert_int_equal(rules_login_defs_uid_range(path, &lo, &hi, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "UID_MIN 3000 is greater than UID_MAX 2000"));
}

/* ------------------------------------------------------------ generation */

/* Generate on a fake tree with cfg and compare with NAME.rules / NAME.warnings. */
static void
golden_case(const struct entry *tree, struct config *cfg, const char *name)
{
	struct strbuf rules = STRBUF_INIT, warnings = STRBUF_INIT;
	struct rules_set *set;
	char file[64];

	build_tree(tree);
	set = generate_on_fake(cfg);
	render_with_warnings(set, &rules, &warnings);
	snprintf(file, sizeof(file), "%s.rules", name);
	check_golden(file, strbuf_str(&rules));
	snprintf(file, sizeof(file), "%s.warnings", name);
	check_golden(file, strbuf_str(&warnings));
	rules_set_free(set);
	strbuf_free(&rules);
	strbuf_free(&warnings);
}

static void
test_golden_debian(void **state)
{
	struct config *cfg = config_default();
	(void)state;
	golden_case(debian_tree, cfg, "debian");
	config_free(cfg);
}

static void
test_golden_rhel(void **state)
{
	struct config *cfg = config_default();
	(void)state;
	golden_case(rhel_tree, cfg, "rhel");
	config_free(cfg);
}

static void
test_golden_custom(void **state)
{
	struct config *cfg = NULL;
	char err[1024], path[PATH_MAX];
	(void)state;

	if (load_text(custom_yaml, &cfg, err, sizeof(err), path, sizeof(path)) != 0)
		fail_msg("%s", err);
	golden_case(custom_tree, cfg, "custom");
	config_free(cfg);
}

/* An empty machine: nothing installed, no users; every watch is reported. */
static void
test_golden_empty(void **state)
{
	static const struct entry tree[] = {
	    {'w', "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"},
	    {0, NULL, NULL},
	};
	struct config *cfg = config_default();
	(void)state;
	golden_case(tree, cfg, "empty");
	config_free(cfg);
}

/* Injected passwd and login.defs take precedence over the root's. */
static void
test_generate_injected_files(void **state)
{
	struct config *cfg = config_default();
	struct rules_set *set = NULL;
	struct rules_env env;
	char passwd[PATH_MAX], defs[PATH_MAX], err[1024];
	int found = 0;
	(void)state;

	build_tree(debian_tree);
	tmp_path(passwd, sizeof(passwd), "other-passwd");
	tmp_path(defs, sizeof(defs), "other-login.defs");
	write_file(passwd, "bob:x:5:5::/home/bob:/bin/sh\nalice:x:7:7::/home/alice:/bin/sh\n",
		   0644);
	write_file(defs, "UID_MIN 6\nUID_MAX 9\n", 0644);
	env.root = fake_root();
	env.passwd = passwd;
	env.login_defs = defs;
	assert_int_equal(rules_generate(cfg, &env, &set, err, sizeof(err)), 0);
	/* alice is uid 7 now: her storage is watched, /run/user/1001 is not hers. */
	for (size_t i = 0; i < rules_set_count(set); i++) {
		const char *r = rules_set_rule(set, i);
		if (strcmp(r, "-w /home/alice/.local/share/containers -p wa -k "
			      "user_container_storage") == 0)
			found++;
		if (strstr(r, "/run/user/") != NULL || strstr(r, "/home/bob") != NULL)
			fail_msg("unexpected %s", r);
	}
	assert_int_equal(found, 1);
	rules_set_free(set);

	write_file(defs, "UID_MIN x\n", 0644);
	assert_int_equal(rules_generate(cfg, &env, &set, err, sizeof(err)), -1);
	assert_null(set);
	assert_non_null(strstr(err, "UID_MIN is not a uid"));

	unlink(defs);
	env.passwd = "/nonexistent/passwd";
	assert_int_equal(rules_generate(cfg, &env, &set, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/passwd"));
	config_free(cfg);
}

/* Generation on the running system succeeds, whatever it holds. */
static void
test_generate_live_system(void **state)
{
	struct config *cfg = config_default();
	struct rules_set *set = NULL;
	char err[1024];
	(void)state;

	if (rules_generate(cfg, NULL, &set, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	for (size_t i = 0; i < rules_set_count(set); i++)
		assert_true(strncmp(rules_set_rule(set, i), "-w /", 4) == 0);
	rules_set_free(set);
	config_free(cfg);
}

/* ------------------------------------------------------------ rule sets */

static void
test_ruleset(void **state)
{
	struct rules_set *set = rules_set_new();
	char rule[64];
	(void)state;

	assert_int_equal(rules_set_add_watch(set, "/a", "wa", "k"), 1);
	assert_int_equal(rules_set_add(set, "-w /a -p wa -k k"), 0);
	assert_true(rules_set_contains(set, "-w /a -p wa -k k"));
	assert_false(rules_set_contains(set, "-w /a -p w -k k"));
	for (int i = 0; i < 1000; i++) {
		snprintf(rule, sizeof(rule), "-w /p%d -p x -k k", i);
		assert_int_equal(rules_set_add(set, rule), 1);
	}
	assert_int_equal(rules_set_count(set), 1001);
	for (int i = 0; i < 1000; i++) {
		snprintf(rule, sizeof(rule), "-w /p%d -p x -k k", i);
		assert_true(rules_set_contains(set, rule));
		assert_string_equal(rules_set_rule(set, (size_t)i + 1), rule);
	}
	assert_null(rules_set_rule(set, 1001));
	rules_set_warn(set, "w%d", 1);
	assert_int_equal(rules_set_warning_count(set), 1);
	assert_string_equal(rules_set_warning(set, 0), "w1");
	assert_null(rules_set_warning(set, 1));
	rules_set_free(set);
	rules_set_free(NULL);
}

/* ------------------------------------------------------------ normalisation */

static void
test_normalize(void **state)
{
	static const struct {
		const char *in;
		int rc;
		const char *out;
	} cases[] = {
	    {"-w /usr/bin/podman -p x -k podman_exec", 1, "-w /usr/bin/podman -p x -k podman_exec"},
	    {"-w /var/lib/containers/ -p aw -k k", 1, "-w /var/lib/containers -p wa -k k"},
	    {"  -w /x\t  -k a -p AXWR -k b  \n", 1, "-w /x -p rwxa -k a -k b"},
	    {"-w /x", 1, "-w /x"},
	    {"-a exit,always -F path=/x -F perm=aw -k k", 1, "-w /x -p wa -k k"},
	    {"-a always,exit -S all -F dir=/d/ -F perm=w -F key=k", 1, "-w /d -p w -k k"},
	    {"-a always,exit -F arch=b64 -S execveat -S execve -F exe=/usr/bin/podman -k "
	     "podman_exec",
	     1,
	     "-a always,exit -F arch=b64 -S execve,execveat -F exe=/usr/bin/podman -F "
	     "key=podman_exec"},
	    {"-a always,exit -F arch=b64 -S execve,execveat -F exe=/usr/bin/podman -F "
	     "key=podman_exec",
	     1,
	     "-a always,exit -F arch=b64 -S execve,execveat -F exe=/usr/bin/podman -F "
	     "key=podman_exec"},
	    {"-a exit,always -S execve -F arch=b32 -S execve", 1,
	     "-a always,exit -F arch=b32 -S execve"},
	    {"-a always,exit -F path=/x -F perm=x -F auid>=1000 -F auid!=-1", 1,
	     "-a always,exit -S all -F path=/x -F perm=x -F auid>=1000 -F auid!=-1"},
	    {"-a always,exit -F arch=b64 -F path=/x -F perm=x", 1,
	     "-a always,exit -F arch=b64 -S all -F path=/x -F perm=x"},
	    {"-a always,exit -S all -C uid!=euid -k esc", 1,
	     "-a always,exit -S all -C uid!=euid -F key=esc"},
	    {"-a never,exclude -F msgtype=CWD", 1, "-a never,exclude -F msgtype=CWD"},
	    {"-A always,user -F uid=0", 1, "-a always,user -F uid=0"},
	    {"-D", 0, ""},
	    {"-b 8192", 0, ""},
	    {"-f 1", 0, ""},
	    {"-e 2", 0, ""},
	    {"--backlog_wait_time 60000", 0, ""},
	    {"# -w /x -p x", 0, ""},
	    {"", 0, ""},
	    {"   \t  ", 0, ""},
	    {"-w", -1, "-w needs a value"},
	    {"-x foo", -1, "unexpected '-x'"},
	    {"No rules", -1, "unexpected 'No'"},
	    {"-w /x -S open", -1, "a watch (-w) takes only -p and -k"},
	    {"-a foo,bar", -1, "'foo,bar' is not LIST,ACTION"},
	    {"-a always", -1, "'always' is not LIST,ACTION"},
	    {"-w /x -p q", -1, "'q' is not a permission set (r, w, x, a)"},
	    {"-p wa -k k", -1, "neither a watch (-w) nor a rule (-a)"},
	    {"-a always,exit -S open -p wa", -1, "-p needs a watch (-w)"},
	};
	struct strbuf out = STRBUF_INIT;
	char err[256];
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc;
		err[0] = '\0';
		rc = rules_rule_normalize(cases[i].in, &out, err, sizeof(err));
		if (rc != cases[i].rc)
			fail_msg("'%s': rc %d want %d (%s)", cases[i].in, rc, cases[i].rc, err);
		assert_string_equal(rc < 0 ? err : strbuf_str(&out), cases[i].out);
	}
	strbuf_free(&out);
}

static void
test_has_key(void **state)
{
	static const char *const keys[] = {"podman_exec", "registry_auth", NULL};
	(void)state;
	assert_true(rules_rule_has_key("-w /x -p x -k podman_exec", keys));
	assert_true(rules_rule_has_key("-w /x -p x -k other -k registry_auth", keys));
	assert_true(rules_rule_has_key("-a always,exit -S all -F key=podman_exec", keys));
	assert_false(rules_rule_has_key("-w /x -p x -k podman_exec2", keys));
	assert_false(rules_rule_has_key("-w /podman_exec -p x", keys));
	assert_false(rules_rule_has_key("-a always,exit -S all -F path=podman_exec", keys));
}

/* ------------------------------------------------------------ auditctl output */

/* Read a fixture: tests/rules/data/NAME or tests/data/NAME; NULL when absent. */
static char *
fixture(const char *dir, const char *name)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s/%s", srcdir(), dir, name);
	return read_whole(path);
}

static void
test_parse_list_captured(void **state)
{
	struct rules_set *set = rules_set_new();
	char *text = fixture("tests/rules/data", "auditctl-l.txt");
	char err[256];
	(void)state;

	assert_non_null(text);
	assert_int_equal(rules_auditctl_parse_list(text, set, err, sizeof(err)), 0);
	assert_int_equal(rules_set_count(set), 7);
	assert_string_equal(rules_set_rule(set, 0), "-w /usr/bin/podman -p x -k podman_exec");
	assert_string_equal(rules_set_rule(set, 3),
			    "-w /var/lib/containers -p wa -k container_storage");
	assert_string_equal(rules_set_rule(set, 6),
			    "-w /root/.config/containers/auth.json -p wa -k registry_auth");
	free(text);
	rules_set_free(set);
}

/* The fixtures captured by the fixture engineer under tests/data, when present. */
static void
test_parse_shared_fixtures(void **state)
{
	struct rules_audit_status st;
	struct rules_set *set = rules_set_new();
	char *empty = fixture("tests/data", "auditctl-l-empty.txt");
	char *list = fixture("tests/data", "auditctl-l.txt");
	char *status = fixture("tests/data", "auditctl-s.txt");
	char err[256];
	(void)state;

	if (empty == NULL && list == NULL && status == NULL) {
		rules_set_free(set);
		skip();
	}
	if (empty != NULL) {
		assert_int_equal(rules_auditctl_parse_list(empty, set, err, sizeof(err)), 0);
		assert_int_equal(rules_set_count(set), 0);
	}
	if (list != NULL) {
		if (rules_auditctl_parse_list(list, set, err, sizeof(err)) != 0)
			fail_msg("tests/data/auditctl-l.txt: %s", err);
		assert_true(rules_set_count(set) > 0);
	}
	if (status != NULL) {
		if (rules_auditctl_parse_status(status, &st, err, sizeof(err)) != 0)
			fail_msg("tests/data/auditctl-s.txt: %s", err);
		assert_true(st.enabled >= 0 && st.enabled <= 2);
		assert_true(st.lost >= 0);
	}
	free(empty);
	free(list);
	free(status);
	rules_set_free(set);
}

static void
test_parse_list_variants(void **state)
{
	struct rules_set *set = rules_set_new();
	char err[256];
	(void)state;

	assert_int_equal(rules_auditctl_parse_list("No rules\n", set, err, sizeof(err)), 0);
	assert_int_equal(rules_set_count(set), 0);
	assert_int_equal(rules_auditctl_parse_list("", set, err, sizeof(err)), 0);
	assert_int_equal(rules_set_count(set), 0);
	/* Older auditctl lists a directory watch with a trailing '/'. */
	assert_int_equal(rules_auditctl_parse_list("-w /var/lib/containers/ -p wa -k "
						   "container_storage\n\n-a always,exit -F "
						   "arch=b64 -S execve -F key=x\n",
						   set, err, sizeof(err)),
			 0);
	assert_int_equal(rules_set_count(set), 2);
	assert_string_equal(rules_set_rule(set, 0),
			    "-w /var/lib/containers -p wa -k container_storage");
	assert_int_equal(
	    rules_auditctl_parse_list("-w /a -p x\nNLMSG_ERROR 1 (x)\n", set, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "auditctl -l: line 2: unexpected 'NLMSG_ERROR'");
	rules_set_free(set);
}

static void
test_parse_status(void **state)
{
	struct rules_audit_status st;
	char *text = fixture("tests/rules/data", "auditctl-s.txt");
	char err[256];
	(void)state;

	assert_non_null(text);
	assert_int_equal(rules_auditctl_parse_status(text, &st, err, sizeof(err)), 0);
	assert_int_equal(st.enabled, 1);
	assert_int_equal(st.failure, 1);
	assert_int_equal(st.pid, 3462);
	assert_int_equal(st.rate_limit, 0);
	assert_int_equal(st.backlog_limit, 8192);
	assert_int_equal(st.lost, 0);
	assert_int_equal(st.backlog, 0);
	assert_int_equal(st.backlog_wait_time, 15000);
	free(text);

	assert_int_equal(rules_auditctl_parse_status("AUDIT_STATUS: enabled=2 flag=2 pid=77 "
						     "rate_limit=0 backlog_limit=320 lost=5 "
						     "backlog=1\n",
						     &st, err, sizeof(err)),
			 0);
	assert_int_equal(st.enabled, 2);
	assert_int_equal(st.failure, 2);
	assert_int_equal(st.pid, 77);
	assert_int_equal(st.lost, 5);
	assert_int_equal(st.backlog_wait_time, -1);

	assert_int_equal(rules_auditctl_parse_status("enabled x\n", &st, err, sizeof(err)), -1);
	assert_string_equal(err, "auditctl -s: enabled: 'x' is not a number");
	assert_int_equal(rules_auditctl_parse_status("lost -1\nenabled 1\n", &st, err, sizeof(err)),
			 -1);
	assert_int_equal(rules_auditctl_parse_status("pid 4\n", &st, err, sizeof(err)), -1);
	assert_string_equal(err, "auditctl -s: no 'enabled' value in its output");
}

/* ------------------------------------------------------------ verify */

static void
test_verify_compare(void **state)
{
	static const char *const keys[] = {"podman_exec", "registry_auth", NULL};
	struct rules_set *expected = rules_set_new(), *loaded = rules_set_new();
	struct rules_set *missing = rules_set_new(), *stale = rules_set_new();
	(void)state;

	rules_set_add(expected, "-w /a -p x -k podman_exec");
	rules_set_add(expected, "-w /b -p wa -k registry_auth");
	rules_set_add(expected, "-w /c -p wa -k registry_auth");
	rules_set_add(loaded, "-w /a -p x -k podman_exec");
	rules_set_add(loaded, "-w /old -p wa -k registry_auth");
	rules_set_add(loaded, "-w /etc/shadow -p wa -k identity");
	assert_int_equal(rules_verify_compare(expected, loaded, keys, missing, stale), 2);
	assert_int_equal(rules_set_count(missing), 2);
	assert_string_equal(rules_set_rule(missing, 0), "-w /b -p wa -k registry_auth");
	assert_string_equal(rules_set_rule(missing, 1), "-w /c -p wa -k registry_auth");
	assert_int_equal(rules_set_count(stale), 1);
	assert_string_equal(rules_set_rule(stale, 0), "-w /old -p wa -k registry_auth");

	rules_set_free(missing);
	rules_set_free(stale);
	missing = rules_set_new();
	stale = rules_set_new();
	rules_set_add(loaded, "-w /b -p wa -k registry_auth");
	rules_set_add(loaded, "-w /c -p wa -k registry_auth");
	assert_int_equal(rules_verify_compare(expected, loaded, keys, missing, stale), 0);
	assert_int_equal(rules_set_count(missing), 0);
	rules_set_free(expected);
	rules_set_free(loaded);
	rules_set_free(missing);
	rules_set_free(stale);
}

static void
test_verify_status(void **state)
{
	struct rules_audit_status st = {1, 1, 100, 0, 8192, 0, 0, 60000};
	struct rules_set *notes = rules_set_new();
	(void)state;

	assert_int_equal(rules_verify_status(&st, notes), 0);
	assert_int_equal(rules_set_warning_count(notes), 0);

	st.lost = 12;
	st.pid = 0;
	st.failure = 0;
	st.backlog = 8000;
	st.enabled = 0;
	assert_int_equal(rules_verify_status(&st, notes), 1);
	assert_int_equal(rules_set_warning_count(notes), 5);
	assert_string_equal(rules_set_warning(notes, 0),
			    "12 audit events were lost since the counter was last reset: the "
			    "audit trail has a gap");
	assert_string_equal(rules_set_warning(notes, 4),
			    "auditing is disabled (enabled 0): no events are recorded");
	rules_set_free(notes);
}

/* ------------------------------------------------------------ diff */

static void
test_diff(void **state)
{
	struct strbuf out = STRBUF_INIT;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	(void)state;

	assert_int_equal(rules_diff("a\nb\n", "a\nb\n", "old", "new", &out), 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(rules_diff("a\nb", "a\nb\n", "old", "new", &out), 0);

	assert_int_equal(rules_diff("a\nb\nc\n", "a\nx\nc\nd\n", "old", "new", &out), 3);
	assert_string_equal(strbuf_str(&out), "--- old\n+++ new\n@@ -1,3 +1,4 @@\n a\n-b\n+x\n"
					      " c\n+d\n");
	strbuf_reset(&out);
	assert_int_equal(rules_diff("", "x\ny\n", "old", "new", &out), 2);
	assert_string_equal(strbuf_str(&out), "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+x\n+y\n");
	strbuf_reset(&out);
	assert_int_equal(rules_diff("x\n", "", "old", "new", &out), 1);
	assert_string_equal(strbuf_str(&out), "--- old\n+++ new\n@@ -1,1 +0,0 @@\n-x\n");

	/* Two changes far apart make two hunks with three lines of context. */
	for (int i = 1; i <= 20; i++) {
		strbuf_printf(&a, "%d\n", i);
		strbuf_printf(&b, "%s\n", i == 2 ? "two" : i == 18 ? "eighteen" : "");
		if (i != 2 && i != 18) {
			b.len--;
			strbuf_printf(&b, "%d\n", i);
		}
	}
	strbuf_reset(&out);
	assert_int_equal(rules_diff(strbuf_str(&a), strbuf_str(&b), "old", "new", &out), 4);
	assert_string_equal(strbuf_str(&out), "--- old\n+++ new\n"
					      "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
					      "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n"
					      " 19\n 20\n");
	strbuf_free(&out);
	strbuf_free(&a);
	strbuf_free(&b);
}

/* ------------------------------------------------------------ install */

static void
test_install_write(void **state)
{
	static const char v1[] = "-w /a -p x -k k\n", v2[] = "-w /b -p x -k k\n";
	char path[PATH_MAX], other[PATH_MAX], dir[PATH_MAX], err[1024];
	struct stat st1, st2, so1, so2;
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	tmp_path(path, sizeof(path), "etc/audit/rules.d/50-podaudit.rules");
	tmp_path(other, sizeof(other), "etc/audit/rules.d/10-base.rules");
	tmp_path(dir, sizeof(dir), "etc/audit/rules.d");

	assert_int_equal(rules_install_read(path, &sb, err, sizeof(err)), 0);
	assert_int_equal(rules_install_write(path, v1, strlen(v1), 0640, err, sizeof(err)),
			 RULES_INSTALL_WRITTEN);
	assert_int_equal(stat(dir, &st1), 0);
	assert_int_equal(st1.st_mode & 07777, 0750);
	write_file(other, "-D\n-w /a -p x -k k\n", 0640);
	assert_int_equal(stat(other, &so1), 0);

	assert_int_equal(stat(path, &st1), 0);
	assert_int_equal(st1.st_mode & 07777, 0640);
	assert_int_equal(rules_install_read(path, &sb, err, sizeof(err)), 1);
	assert_string_equal(strbuf_str(&sb), v1);

	/* Twice: nothing changes, not even the inode or the modification time. */
	assert_int_equal(rules_install_write(path, v1, strlen(v1), 0640, err, sizeof(err)),
			 RULES_INSTALL_UNCHANGED);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);
	assert_int_equal(st1.st_mtim.tv_sec, st2.st_mtim.tv_sec);
	assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);

	/* New content: a new file renamed into place. */
	assert_int_equal(rules_install_write(path, v2, strlen(v2), 0640, err, sizeof(err)),
			 RULES_INSTALL_WRITTEN);
	strbuf_reset(&sb);
	assert_int_equal(rules_install_read(path, &sb, err, sizeof(err)), 1);
	assert_string_equal(strbuf_str(&sb), v2);

	/* Same content, wrong mode: rewritten with the right one. */
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(rules_install_write(path, v2, strlen(v2), 0640, err, sizeof(err)),
			 RULES_INSTALL_WRITTEN);
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st2.st_mode & 07777, 0640);

	/* The other rules file is untouched, and no temporary file is left. */
	assert_int_equal(stat(other, &so2), 0);
	assert_int_equal(so1.st_ino, so2.st_ino);
	assert_int_equal(so1.st_mtim.tv_nsec, so2.st_mtim.tv_nsec);
	{
		char cmd[PATH_MAX + 64];
		snprintf(cmd, sizeof(cmd), "test $(ls -A '%s' | wc -l) -eq 2", dir);
		assert_int_equal(system(cmd), 0);
	}
	strbuf_free(&sb);
}

static void
test_install_refusals(void **state)
{
	char path[PATH_MAX], target[PATH_MAX], err[1024];
	struct strbuf sb = STRBUF_INIT;
	(void)state;

	tmp_path(target, sizeof(target), "target");
	write_file(target, "x\n", 0644);
	tmp_path(path, sizeof(path), "rules.d/50-podaudit.rules");
	mkdir_parent(path);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(rules_install_write(path, "y\n", 2, 0640, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a regular file; refusing to replace it"));
	assert_int_equal(rules_install_read(path, &sb, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is a symbolic link"));

	tmp_path(path, sizeof(path), "target/sub/file");
	assert_int_equal(rules_install_write(path, "y\n", 2, 0640, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "ot a directory"));
	assert_int_equal(rules_install_write("nofile", "y\n", 2, 0640, err, sizeof(err)), -1);
	strbuf_free(&sb);
}

static void
test_install_duplicates(void **state)
{
	struct rules_set *set = rules_set_new(), *notes = rules_set_new();
	char dir[PATH_MAX], path[PATH_MAX], err[1024], want[PATH_MAX + 300];
	(void)state;

	rules_set_add(set, "-w /usr/bin/podman -p x -k podman_exec");
	tmp_path(dir, sizeof(dir), "rules.d");
	assert_int_equal(
	    rules_install_find_duplicates(dir, RULES_INSTALL_NAME, set, notes, err, sizeof(err)),
	    0);
	tmp_path(path, sizeof(path), "rules.d/30-site.rules");
	write_file(path, "-D\n# mine\n-w /usr/bin/podman/ -p x -k podman_exec\n", 0640);
	tmp_path(path, sizeof(path), "rules.d/50-podaudit.rules");
	write_file(path, "-w /usr/bin/podman -p x -k podman_exec\n", 0640);
	tmp_path(path, sizeof(path), "rules.d/.hidden.rules");
	write_file(path, "-w /usr/bin/podman -p x -k podman_exec\n", 0640);
	tmp_path(path, sizeof(path), "rules.d/x.rules.bak");
	write_file(path, "-w /usr/bin/podman -p x -k podman_exec\n", 0640);
	assert_int_equal(
	    rules_install_find_duplicates(dir, RULES_INSTALL_NAME, set, notes, err, sizeof(err)),
	    1);
	assert_int_equal(rules_set_warning_count(notes), 1);
	snprintf(want, sizeof(want),
		 "%s/30-site.rules:3: '-w /usr/bin/podman -p x -k podman_exec' is also here; "
		 "auditctl refuses a rule that exists already, and augenrules --load stops at the "
		 "first refusal: remove one of them",
		 dir);
	assert_string_equal(rules_set_warning(notes, 0), want);
	rules_set_free(set);
	rules_set_free(notes);
}

/* ------------------------------------------------------------ plugin */

static void
test_plugin_matches_shipped_file(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char path[PATH_MAX];
	char *shipped;
	(void)state;

	snprintf(path, sizeof(path), "%s/rules/podaudit-plugin.conf", srcdir());
	shipped = read_whole(path);
	assert_non_null(shipped);
	rules_plugin_render("/usr/bin/podaudit", &sb);
	assert_string_equal(strbuf_str(&sb), shipped);
	assert_non_null(strstr(shipped, "\nactive = yes\n"));
	assert_non_null(strstr(shipped, "\ndirection = out\n"));
	assert_non_null(strstr(shipped, "\ntype = always\n"));
	assert_non_null(strstr(shipped, "\nargs = ingest -\n"));
	assert_non_null(strstr(shipped, "\nformat = string\n"));
	free(shipped);
	strbuf_free(&sb);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_parse_number),
	    T(test_config_defaults),
	    T(test_config_custom),
	    T(test_config_empty_files),
	    T(test_config_errors),
	    T(test_config_refuses_writable),
	    T(test_example_is_defaults),
	    T(test_resolve),
	    T(test_resolve_real_root),
	    T(test_users_passwd),
	    T(test_login_defs),
	    T(test_golden_debian),
	    T(test_golden_rhel),
	    T(test_golden_custom),
	    T(test_golden_empty),
	    T(test_generate_injected_files),
	    T(test_generate_live_system),
	    T(test_ruleset),
	    T(test_normalize),
	    T(test_has_key),
	    T(test_parse_list_captured),
	    T(test_parse_shared_fixtures),
	    T(test_parse_list_variants),
	    T(test_parse_status),
	    T(test_verify_compare),
	    T(test_verify_status),
	    T(test_diff),
	    T(test_install_write),
	    T(test_install_refusals),
	    T(test_install_duplicates),
	    T(test_plugin_matches_shipped_file),
	};
#undef T
	cmocka_set_message_output(CM_OUTPUT_STDOUT);
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
