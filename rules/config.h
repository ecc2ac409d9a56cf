/*
 * config.h: podaudit's YAML configuration (/etc/podaudit/podaudit.yaml).
 *
 * A configuration is an opaque handle: config_default() or config_load()
 * creates it, config_free() releases it. Accessors return pointers owned by
 * the handle, valid until config_free().
 */
#ifndef PODAUDIT_CONFIG_H
#define PODAUDIT_CONFIG_H

#include <stddef.h>

#define CONFIG_DEFAULT_PATH "/etc/podaudit/podaudit.yaml"

struct config;

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
 * NUL-terminated). A file writable by group or others is refused.
 */
int config_load(const char *path, struct config **out, char *err, size_t errlen);

/* Release a configuration; accepts NULL. */
void config_free(struct config *cfg);

/* The configured database path, or NULL when the file sets none. */
const char *config_db_path(const struct config *cfg);

/* The keys whose events ingest keeps: a NULL-terminated array. */
const char *const *config_keys(const struct config *cfg);

#endif
