/*
 * config.c: built-in defaults and YAML loading of podaudit's configuration.
 */
#include "rules/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const default_keys[] = {
	"podman_exec",       "container_runtime",      "container_monitor",
	"container_storage", "user_container_storage", "registry_auth",
};

struct config {
	char *db_path;
	char **keys; /* NULL-terminated */
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
 * Build the default configuration. Returns NULL when out of memory.
 */
struct config *
config_default(void)
{
	size_t n = sizeof(default_keys) / sizeof(default_keys[0]);
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
	return cfg;
}

/*
 * Not yet implemented beyond defaults: see rules/ for the YAML parser.
 */
int
config_load(const char *path, struct config **out, char *err, size_t errlen)
{
	*out = NULL;
	snprintf(err, errlen, "%s: configuration files are not supported yet", path);
	return -1;
}

void
config_free(struct config *cfg)
{
	if (cfg == NULL)
		return;
	free(cfg->db_path);
	strv_free(cfg->keys);
	free(cfg);
}

const char *
config_db_path(const struct config *cfg)
{
	return cfg->db_path;
}

const char *const *
config_keys(const struct config *cfg)
{
	return (const char *const *)cfg->keys;
}
