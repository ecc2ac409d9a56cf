/*
 * config.c: built-in defaults and YAML loading of podaudit's configuration.
 *
 * The file is parsed into a config_node tree first; this file then checks the
 * sections it knows and points the configuration's strings into that tree
 * (or at the static defaults), so only the key list and the database path are
 * copied.
 */
#include "rules/config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/number.h"
#include "util/strbuf.h"

#define MAX_CONFIG_SIZE (1024 * 1024)
#define MAX_KEY_LEN	128
#define MAX_NAME_LEN	255
#define UID_LIMIT	4294967294ULL /* (uid_t)-1 means "no uid" */

static const char *const default_keys[] = {
    "podman_exec",	 "container_runtime",	   "container_monitor",
    "container_storage", "user_container_storage", "registry_auth",
};

static const char *const default_exe_dirs[] = {
    "/usr/local/sbin",	   "/usr/local/bin",  "/usr/sbin", "/usr/bin", "/sbin", "/bin",
    "/usr/libexec/podman", "/usr/lib/podman", NULL,
};

static const struct config_watch default_exes[] = {
    {"podman", "x", "podman_exec", 0, 0},	  {"crun", "x", "container_runtime", 0, 0},
    {"runc", "x", "container_runtime", 0, 0},	  {"conmon", "x", "container_monitor", 0, 0},
    {"netavark", "x", "container_runtime", 0, 0},
};

static const struct config_watch default_paths[] = {
    {"/var/lib/containers", "wa", "container_storage", 0, 0},
    {"{home}/.local/share/containers", "wa", "user_container_storage", 0, 0},
    {"/run/containers/0/auth.json", "wa", "registry_auth", 0, 0},
    {"/root/.config/containers/auth.json", "wa", "registry_auth", 0, 0},
    {"/root/.docker/config.json", "wa", "registry_auth", 0, 0},
    {"/run/user/{uid}/containers/auth.json", "wa", "registry_auth", 0, 0},
    {"{home}/.config/containers/auth.json", "wa", "registry_auth", 0, 0},
    {"{home}/.docker/config.json", "wa", "registry_auth", 0, 0},
};

/* Sections kept as parsed data for other commands. */
static const char *const opaque_sections[] = {"forward", NULL};

/* Permission strings in canonical order, indexed by a bit mask r=8 w=4 x=2 a=1. */
static const char *const perm_names[16] = {
    "", "a", "x", "xa", "w", "wa", "wx", "wxa", "r", "ra", "rx", "rxa", "rw", "rwa", "rwx", "rwxa",
};

struct config {
	char *file;
	char *db_path;
	char **keys; /* NULL-terminated */
	const struct config_node *keys_node;
	const char **exe_dirs; /* NULL-terminated; strings static or in tree */
	struct config_watch *exes;
	size_t n_exes;
	struct config_watch *paths;
	size_t n_paths;
	int has_uid_min, has_uid_max;
	uint32_t uid_min, uid_max;
	struct config_node *tree;
};

/* Free a NULL-terminated string vector; accepts NULL. */
static void
strv_free(char **v)
{
	if (v == NULL)
		return;
	for (char **p = v; *p != NULL; p++)
		free(*p);
	free(v);
}

/*
 * Copy n watches into a new array (strings are not copied). Returns NULL when
 * out of memory (or n is 0, which callers avoid).
 */
static struct config_watch *
watches_dup(const struct config_watch *w, size_t n)
{
	struct config_watch *copy = calloc(n ? n : 1, sizeof(*copy));
	if (copy != NULL && n > 0)
		memcpy(copy, w, n * sizeof(*copy));
	return copy;
}

/*
 * Build the default configuration. Returns NULL when out of memory.
 */
struct config *
config_default(void)
{
	size_t n = sizeof(default_keys) / sizeof(default_keys[0]);
	size_t ndirs = sizeof(default_exe_dirs) / sizeof(default_exe_dirs[0]);
	struct config *cfg = calloc(1, sizeof(*cfg));
	if (cfg == NULL)
		return NULL;
	cfg->keys = calloc(n + 1, sizeof(char *));
	if (cfg->keys == NULL) {
		free(cfg);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		cfg->keys[i] = strdup(default_keys[i]);
		if (cfg->keys[i] == NULL) {
			config_free(cfg);
			return NULL;
		}
	}
	cfg->exe_dirs = calloc(ndirs, sizeof(char *));
	cfg->n_exes = sizeof(default_exes) / sizeof(default_exes[0]);
	cfg->exes = watches_dup(default_exes, cfg->n_exes);
	cfg->n_paths = sizeof(default_paths) / sizeof(default_paths[0]);
	cfg->paths = watches_dup(default_paths, cfg->n_paths);
	if (cfg->exe_dirs == NULL || cfg->exes == NULL || cfg->paths == NULL) {
		config_free(cfg);
		return NULL;
	}
	memcpy(cfg->exe_dirs, default_exe_dirs, sizeof(default_exe_dirs));
	return cfg;
}

/*
 * Write "FILE:LINE:COL: message" about node into err. Always returns -1, so
 * that callers can `return fail(...)`.
 */
static int __attribute__((format(printf, 5, 6)))
fail(const struct config *cfg, const struct config_node *node, char *err, size_t errlen,
     const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%u:%u: %s", cfg->file, config_node_line(node),
		 config_node_column(node), msg);
	return -1;
}

/* The scalar text of node, or NULL with an error naming what was expected. */
static const char *
want_scalar(const struct config *cfg, const struct config_node *node, const char *what, char *err,
	    size_t errlen)
{
	const char *s = config_node_scalar(node);
	if (s == NULL || s[0] == '\0') {
		fail(cfg, node, err, errlen, "%s: expected a non-empty string", what);
		return NULL;
	}
	return s;
}

/* Is s a valid audit key: 1 to MAX_KEY_LEN of [A-Za-z0-9_.-]? */
static int
key_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > MAX_KEY_LEN)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n;
}

/*
 * Return the canonical form of a permission string ("aw" -> "wa"), or NULL
 * when s holds anything but r, w, x, a, each at most once.
 */
static const char *
perm_canonical(const char *s)
{
	unsigned mask = 0;

	if (*s == '\0')
		return NULL;
	for (; *s != '\0'; s++) {
		const char *p = strchr("rwxa", *s);
		unsigned bit;
		if (p == NULL)
			return NULL;
		bit = 8u >> (p - "rwxa");
		if (mask & bit)
			return NULL;
		mask |= bit;
	}
	return perm_names[mask];
}

/*
 * Check a path as written in the configuration. templates allows {home},
 * {uid}, {user} and a leading "~/". Returns NULL when fine, else a message.
 */
static const char *
path_problem(const char *s, int templates)
{
	size_t n = strlen(s);
	const char *p;

	if (n >= PATH_MAX)
		return "is too long";
	for (p = s; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c == 0x7f)
			return "contains a blank or a control character, which audit rules files "
			       "cannot express";
		if (c == '*' || c == '?' || c == '[')
			return templates ? "audit rules take no wildcards: write {home} for each "
					   "user's home directory, {uid} for each user's uid or "
					   "{user} for each user's name"
					 : "audit rules take no wildcards";
	}
	if (templates && strncmp(s, "~/", 2) == 0)
		s += 1;
	else if (templates && strncmp(s, "{home}", 6) == 0) {
		s += 6;
		if (*s != '/' && *s != '\0')
			return "{home} must be followed by '/'";
	} else if (s[0] != '/')
		return templates ? "must be an absolute path (or start with {home} or ~/)"
				 : "must be an absolute path";
	for (p = s; *p != '\0'; p++) {
		if (*p == '{') {
			if (!templates)
				return "may not contain '{'";
			if (strncmp(p, "{uid}", 5) != 0 && strncmp(p, "{user}", 6) != 0)
				return strncmp(p, "{home}", 6) == 0
					   ? "{home} may only start the path"
					   : "holds an unknown {placeholder}: only {home}, {uid} "
					     "and {user} exist";
		}
		if (*p == '/' && (strncmp(p, "/./", 3) == 0 || strcmp(p, "/.") == 0 ||
				  strncmp(p, "/../", 4) == 0 || strcmp(p, "/..") == 0))
			return "may not contain . or .. components";
	}
	return NULL;
}

/* Check an executable's name: a bare file name or an absolute path. NULL when fine. */
static const char *
exe_problem(const char *s)
{
	if (strchr(s, '/') != NULL)
		return path_problem(s, 0);
	if (strlen(s) > MAX_NAME_LEN)
		return "is too long";
	if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return "is not a file name";
	for (const char *p = s; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c == 0x7f)
			return "contains a blank or a control character";
		if (c == '*' || c == '?' || c == '[' || c == '{')
			return "audit rules take no wildcards";
	}
	return NULL;
}

/*
 * Read the file at path into text, refusing what sudo and doas refuse: a
 * file that is not regular, writable by group or others, or owned by someone
 * other than root or the effective user. Returns 0, or -1 with a message.
 */
static int
read_file(const char *path, struct strbuf *text, char *err, size_t errlen)
{
	struct stat st;
	char buf[8192];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto fail;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(err, errlen,
			 "%s: refusing a configuration writable by group or others (mode %04o); "
			 "run chmod go-w on it",
			 path, (unsigned)(st.st_mode & 07777));
		goto fail;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		snprintf(err, errlen,
			 "%s: refusing a configuration owned by uid %u, neither root nor you", path,
			 (unsigned)st.st_uid);
		goto fail;
	}
	if (st.st_size > MAX_CONFIG_SIZE) {
		snprintf(err, errlen, "%s: larger than %d bytes", path, MAX_CONFIG_SIZE);
		goto fail;
	}
	while ((r = read(fd, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		strbuf_add(text, buf, (size_t)r);
		if (text->len > MAX_CONFIG_SIZE) {
			snprintf(err, errlen, "%s: larger than %d bytes", path, MAX_CONFIG_SIZE);
			goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	close(fd);
	return -1;
}

/* Read database: an absolute path. Returns 0, or -1 with a message. */
static int
parse_database(struct config *cfg, const struct config_node *node, char *err, size_t errlen)
{
	const char *s = want_scalar(cfg, node, "database", err, errlen);
	const char *problem;

	if (s == NULL)
		return -1;
	problem = path_problem(s, 0);
	if (problem != NULL)
		return fail(cfg, node, err, errlen, "database: '%s' %s", s, problem);
	free(cfg->db_path);
	cfg->db_path = strdup(s);
	if (cfg->db_path == NULL)
		return fail(cfg, node, err, errlen, "out of memory");
	return 0;
}

/* Read keys: a non-empty sequence of distinct valid keys. Returns 0 or -1. */
static int
parse_keys(struct config *cfg, const struct config_node *node, char *err, size_t errlen)
{
	size_t n = config_node_count(node);
	char **keys;

	if (config_node_kind(node) != CONFIG_NODE_SEQUENCE || n == 0)
		return fail(cfg, node, err, errlen, "keys: expected a non-empty list of keys");
	keys = calloc(n + 1, sizeof(char *));
	if (keys == NULL)
		return fail(cfg, node, err, errlen, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct config_node *item = config_node_item(node, i);
		const char *s = want_scalar(cfg, item, "keys", err, errlen);
		if (s == NULL)
			goto fail;
		if (!key_ok(s)) {
			fail(cfg, item, err, errlen,
			     "keys: '%s' is not a valid audit key (1 to %d of A-Z a-z 0-9 _ . -)",
			     s, MAX_KEY_LEN);
			goto fail;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(keys[j], s) == 0) {
				fail(cfg, item, err, errlen, "keys: '%s' is listed twice", s);
				goto fail;
			}
		keys[i] = strdup(s);
		if (keys[i] == NULL) {
			fail(cfg, item, err, errlen, "out of memory");
			goto fail;
		}
	}
	strv_free(cfg->keys);
	cfg->keys = keys;
	cfg->keys_node = node;
	return 0;
fail:
	strv_free(keys);
	return -1;
}

/* Read one uid bound under users:. Returns 0 or -1. */
static int
parse_uid(struct config *cfg, const struct config_node *node, const char *what, uint32_t *out,
	  char *err, size_t errlen)
{
	const char *s = want_scalar(cfg, node, what, err, errlen);
	unsigned long long v;

	if (s == NULL)
		return -1;
	if (rules_parse_number(s, 10, UID_LIMIT, &v) < 0)
		return fail(cfg, node, err, errlen, "%s: '%s' is not a uid (0 to %llu)", what, s,
			    UID_LIMIT);
	*out = (uint32_t)v;
	return 0;
}

/* Read users: a mapping with uid_min and/or uid_max. Returns 0 or -1. */
static int
parse_users(struct config *cfg, const struct config_node *node, char *err, size_t errlen)
{
	if (config_node_kind(node) != CONFIG_NODE_MAPPING)
		return fail(cfg, node, err, errlen, "users: expected a mapping (uid_min, uid_max)");
	for (size_t i = 0; i < config_node_count(node); i++) {
		const struct config_node *k = config_node_key(node, i);
		const struct config_node *v = config_node_item(node, i);
		const char *name = config_node_scalar(k);
		if (strcmp(name, "uid_min") == 0) {
			if (parse_uid(cfg, v, "users.uid_min", &cfg->uid_min, err, errlen) < 0)
				return -1;
			cfg->has_uid_min = 1;
		} else if (strcmp(name, "uid_max") == 0) {
			if (parse_uid(cfg, v, "users.uid_max", &cfg->uid_max, err, errlen) < 0)
				return -1;
			cfg->has_uid_max = 1;
		} else {
			return fail(cfg, k, err, errlen,
				    "users: unknown setting '%s' (uid_min, uid_max)", name);
		}
	}
	if (cfg->has_uid_min && cfg->has_uid_max && cfg->uid_min > cfg->uid_max)
		return fail(cfg, node, err, errlen, "users: uid_min is greater than uid_max");
	return 0;
}

/* Read executable_dirs: a non-empty sequence of absolute paths. Returns 0 or -1. */
static int
parse_exe_dirs(struct config *cfg, const struct config_node *node, char *err, size_t errlen)
{
	size_t n = config_node_count(node);
	const char **dirs;

	if (config_node_kind(node) != CONFIG_NODE_SEQUENCE || n == 0)
		return fail(cfg, node, err, errlen,
			    "executable_dirs: expected a non-empty list of directories");
	dirs = calloc(n + 1, sizeof(char *));
	if (dirs == NULL)
		return fail(cfg, node, err, errlen, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct config_node *item = config_node_item(node, i);
		const char *s = want_scalar(cfg, item, "executable_dirs", err, errlen);
		const char *problem;
		if (s == NULL) {
			free(dirs);
			return -1;
		}
		problem = path_problem(s, 0);
		if (problem != NULL) {
			free(dirs);
			return fail(cfg, item, err, errlen, "executable_dirs: '%s' %s", s, problem);
		}
		dirs[i] = s;
	}
	free(cfg->exe_dirs);
	cfg->exe_dirs = dirs;
	return 0;
}

/*
 * Read a list of watches (section "executables" with entries name/key/perm,
 * or "paths" with path/key/perm) into *out / *nout. Returns 0 or -1.
 */
static int
parse_watches(struct config *cfg, const struct config_node *node, const char *section,
	      const char *target_name, const char *default_perm, struct config_watch **out,
	      size_t *nout, char *err, size_t errlen)
{
	size_t n = config_node_count(node);
	struct config_watch *w;

	if (config_node_kind(node) != CONFIG_NODE_SEQUENCE)
		return fail(cfg, node, err, errlen, "%s: expected a list of entries with %s, key%s",
			    section, target_name, " and optionally perm");
	w = calloc(n ? n : 1, sizeof(*w));
	if (w == NULL)
		return fail(cfg, node, err, errlen, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct config_node *entry = config_node_item(node, i);
		const struct config_node *t, *k, *p;
		const char *problem;

		if (config_node_kind(entry) != CONFIG_NODE_MAPPING) {
			fail(cfg, entry, err, errlen, "%s: expected an entry with %s and key",
			     section, target_name);
			goto fail;
		}
		for (size_t j = 0; j < config_node_count(entry); j++) {
			const struct config_node *kn = config_node_key(entry, j);
			const char *name = config_node_scalar(kn);
			if (strcmp(name, target_name) != 0 && strcmp(name, "key") != 0 &&
			    strcmp(name, "perm") != 0) {
				fail(cfg, kn, err, errlen,
				     "%s: unknown setting '%s' (%s, key, perm)", section, name,
				     target_name);
				goto fail;
			}
		}
		t = config_node_get(entry, target_name);
		k = config_node_get(entry, "key");
		p = config_node_get(entry, "perm");
		if (t == NULL || k == NULL) {
			fail(cfg, entry, err, errlen, "%s: an entry needs both %s and key", section,
			     target_name);
			goto fail;
		}
		w[i].target = want_scalar(cfg, t, target_name, err, errlen);
		w[i].key = want_scalar(cfg, k, "key", err, errlen);
		if (w[i].target == NULL || w[i].key == NULL)
			goto fail;
		problem = strcmp(section, "executables") == 0 ? exe_problem(w[i].target)
							      : path_problem(w[i].target, 1);
		if (problem != NULL) {
			fail(cfg, t, err, errlen, "%s: '%s' %s", target_name, w[i].target, problem);
			goto fail;
		}
		if (!key_ok(w[i].key)) {
			fail(cfg, k, err, errlen, "key: '%s' is not a valid audit key", w[i].key);
			goto fail;
		}
		w[i].perm = default_perm;
		if (p != NULL) {
			const char *s = want_scalar(cfg, p, "perm", err, errlen);
			if (s == NULL)
				goto fail;
			w[i].perm = perm_canonical(s);
			if (w[i].perm == NULL) {
				fail(cfg, p, err, errlen,
				     "perm: '%s' is not a set of r, w, x, a (each at most once)",
				     s);
				goto fail;
			}
		}
		w[i].line = config_node_line(entry);
		w[i].column = config_node_column(entry);
	}
	free(*out);
	*out = w;
	*nout = n;
	return 0;
fail:
	free(w);
	return -1;
}

/* Is key one of the configuration's keys? */
static int
key_kept(const struct config *cfg, const char *key)
{
	for (char **k = cfg->keys; *k != NULL; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	return 0;
}

/*
 * Every watch's key must be kept by ingest, or its events would be recorded
 * by auditd and then dropped. Returns 0, or -1 naming the first offender.
 */
static int
check_watch_keys(const struct config *cfg, const struct config_watch *w, size_t n, char *err,
		 size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		if (key_kept(cfg, w[i].key))
			continue;
		if (w[i].line != 0)
			snprintf(err, errlen,
				 "%s:%u:%u: key '%s' is not in keys, so ingest would drop its "
				 "events; add it to keys",
				 cfg->file, w[i].line, w[i].column, w[i].key);
		else if (cfg->keys_node != NULL)
			fail(cfg, cfg->keys_node, err, errlen,
			     "keys: the default watch on %s uses key '%s', which this list leaves "
			     "out; add it or configure the watches too",
			     w[i].target, w[i].key);
		else /* built-in watches with built-in keys: cannot happen */
			snprintf(err, errlen, "%s: key '%s' is not in keys", cfg->file, w[i].key);
		return -1;
	}
	return 0;
}

/* Interpret the document's root mapping. Returns 0, or -1 with a message. */
static int
interpret(struct config *cfg, const struct config_node *root, char *err, size_t errlen)
{
	if (config_node_kind(root) != CONFIG_NODE_MAPPING)
		return fail(cfg, root, err, errlen, "expected a mapping of sections");
	for (size_t i = 0; i < config_node_count(root); i++) {
		const struct config_node *k = config_node_key(root, i);
		const struct config_node *v = config_node_item(root, i);
		const char *name = config_node_scalar(k);
		int rc = 0, known = 0;

		if (strcmp(name, "database") == 0)
			rc = parse_database(cfg, v, err, errlen);
		else if (strcmp(name, "keys") == 0)
			rc = parse_keys(cfg, v, err, errlen);
		else if (strcmp(name, "users") == 0)
			rc = parse_users(cfg, v, err, errlen);
		else if (strcmp(name, "executable_dirs") == 0)
			rc = parse_exe_dirs(cfg, v, err, errlen);
		else if (strcmp(name, "executables") == 0)
			rc = parse_watches(cfg, v, "executables", "name", "x", &cfg->exes,
					   &cfg->n_exes, err, errlen);
		else if (strcmp(name, "paths") == 0)
			rc = parse_watches(cfg, v, "paths", "path", "wa", &cfg->paths,
					   &cfg->n_paths, err, errlen);
		else {
			for (size_t j = 0; opaque_sections[j] != NULL; j++)
				if (strcmp(name, opaque_sections[j]) == 0)
					known = 1;
			if (!known)
				return fail(cfg, k, err, errlen,
					    "unknown section '%s' (database, keys, users, "
					    "executable_dirs, executables, paths, forward)",
					    name);
		}
		if (rc < 0)
			return -1;
	}
	if (check_watch_keys(cfg, cfg->exes, cfg->n_exes, err, errlen) < 0 ||
	    check_watch_keys(cfg, cfg->paths, cfg->n_paths, err, errlen) < 0)
		return -1;
	return 0;
}

/*
 * Load the configuration at path: defaults overridden section by section by
 * the file's. Returns 0 with *out set, or -1 with "FILE:LINE:COL: message".
 */
int
config_load(const char *path, struct config **out, char *err, size_t errlen)
{
	struct strbuf text = STRBUF_INIT;
	struct config *cfg;

	*out = NULL;
	cfg = config_default();
	if (cfg == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	cfg->file = strdup(path);
	if (cfg->file == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	if (read_file(path, &text, err, errlen) < 0)
		goto fail;
	if (config_node_parse(path, strbuf_str(&text), text.len, &cfg->tree, err, errlen) < 0)
		goto fail;
	if (cfg->tree != NULL && interpret(cfg, cfg->tree, err, errlen) < 0)
		goto fail;
	strbuf_free(&text);
	*out = cfg;
	return 0;
fail:
	strbuf_free(&text);
	config_free(cfg);
	return -1;
}

/* Release the configuration and the tree its strings point into; accepts NULL. */
void
config_free(struct config *cfg)
{
	if (cfg == NULL)
		return;
	free(cfg->file);
	free(cfg->db_path);
	strv_free(cfg->keys);
	free(cfg->exe_dirs);
	free(cfg->exes);
	free(cfg->paths);
	config_node_free(cfg->tree);
	free(cfg);
}

/* The configured database path, or NULL. */
const char *
config_db_path(const struct config *cfg)
{
	return cfg->db_path;
}

/* The kept keys, NULL-terminated. */
const char *const *
config_keys(const struct config *cfg)
{
	return (const char *const *)cfg->keys;
}

/* The file read, or NULL for defaults. */
const char *
config_file(const struct config *cfg)
{
	return cfg->file;
}

/* Executable search directories, NULL-terminated. */
const char *const *
config_executable_dirs(const struct config *cfg)
{
	return cfg->exe_dirs;
}

/* The executable watches. */
const struct config_watch *
config_executables(const struct config *cfg, size_t *n)
{
	*n = cfg->n_exes;
	return cfg->exes;
}

/* The path watches. */
const struct config_watch *
config_paths(const struct config *cfg, size_t *n)
{
	*n = cfg->n_paths;
	return cfg->paths;
}

/* users.uid_min when set. */
int
config_uid_min(const struct config *cfg, uint32_t *out)
{
	if (cfg->has_uid_min)
		*out = cfg->uid_min;
	return cfg->has_uid_min;
}

/* users.uid_max when set. */
int
config_uid_max(const struct config *cfg, uint32_t *out)
{
	if (cfg->has_uid_max)
		*out = cfg->uid_max;
	return cfg->has_uid_max;
}

/* A section kept for another command, or NULL. */
const struct config_node *
config_section(const struct config *cfg, const char *name)
{
	for (size_t j = 0; opaque_sections[j] != NULL; j++)
		if (strcmp(name, opaque_sections[j]) == 0)
			return config_node_get(cfg->tree, name);
	return NULL;
}
