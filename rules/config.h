/*
 * config.h: podaudit's YAML configuration (/etc/podaudit/podaudit.yaml).
 *
 * A configuration is an opaque handle: config_default() or config_load()
 * creates it, config_free() releases it. Accessors return pointers owned by
 * the handle, valid until config_free().
 *
 * docs/configuration.md describes the file; rules/podaudit.yaml is a
 * commented example that spells out the built-in defaults.
 */
#ifndef PODAUDIT_CONFIG_H
#define PODAUDIT_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "rules/config_node.h"

#define CONFIG_DEFAULT_PATH "/etc/podaudit/podaudit.yaml"

struct config;

/*
 * One watch: an executable to audit on execution, or a path to audit on
 * writes. Strings are owned by the configuration.
 */
struct config_watch {
	/*
	 * For an executable: a bare name looked up in config_executable_dirs(),
	 * or an absolute path. For a path: an absolute path that may contain
	 * {home}, {uid} and {user} (or start with "~/", the same as "{home}/"),
	 * expanded for every user in the uid range.
	 */
	const char *target;
	const char *perm;      /* non-empty subset of "rwxa", in that order */
	const char *key;       /* one of config_keys() */
	unsigned line, column; /* where the entry is written; 0 for built-in defaults */
};

/*
 * Return a configuration holding the built-in defaults (default database
 * path, the six default keys, the default watches). Returns NULL only when
 * out of memory. Free with config_free().
 */
struct config *config_default(void);

/*
 * Parse the YAML file at path into *out (defaults for everything the file
 * does not set). On error returns -1, leaves *out NULL and writes a message
 * naming the file, line and column into err (errlen bytes, always
 * NUL-terminated). A file writable by group or others, or owned by someone
 * other than root or the effective user, is refused.
 */
int config_load(const char *path, struct config **out, char *err, size_t errlen);

/* Release a configuration; accepts NULL. */
void config_free(struct config *cfg);

/* The configured database path, or NULL when the file sets none. */
const char *config_db_path(const struct config *cfg);

/* The keys whose events ingest keeps: a NULL-terminated array. */
const char *const *config_keys(const struct config *cfg);

/* The file the configuration was read from, or NULL for the built-in defaults. */
const char *config_file(const struct config *cfg);

/* Directories searched, in order, for executables given by bare name: NULL-terminated. */
const char *const *config_executable_dirs(const struct config *cfg);

/* The executables to watch, in the file's order; *n receives their number. */
const struct config_watch *config_executables(const struct config *cfg, size_t *n);

/* The paths to watch, in the file's order; *n receives their number. */
const struct config_watch *config_paths(const struct config *cfg, size_t *n);

/*
 * The uid range of the users whose {home}/{uid}/{user} paths are watched, when
 * the file sets it (users: uid_min / uid_max). Each returns 1 and sets *out
 * when set, 0 when not (the caller then reads /etc/login.defs).
 */
int config_uid_min(const struct config *cfg, uint32_t *out);
int config_uid_max(const struct config *cfg, uint32_t *out);

/*
 * A section read by another command, kept as parsed ("forward"). Returns
 * the section's node (owned by the configuration), or NULL when the file has
 * no such section or name is not such a section.
 */
const struct config_node *config_section(const struct config *cfg, const char *name);

#endif
