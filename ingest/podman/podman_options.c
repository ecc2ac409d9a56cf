/*
 * podman_options.c: podman's option table (which options take a value, per
 * subcommand) and lookups in it.
 */
#include "ingest/podman/podman_internal.h"

#include <string.h>

static const struct podman_optrow rows[] = {
#include "ingest/podman/podman_options.inc"
};

/* Aliases podman's flag normalisers map to canonical names. */
static const struct {
	const char *alias;
	const char *name;
} long_aliases[] = {
    {"net", "network"},
    {"dns-opt", "dns-option"},
    {"healthcheck-command", "health-cmd"},
    {"healthcheck-interval", "health-interval"},
    {"healthcheck-retries", "health-retries"},
    {"healthcheck-start-period", "health-start-period"},
    {"healthcheck-timeout", "health-timeout"},
    {"timeout", "time"},
};

/*
 * Find word (n bytes) in the space-separated list; return 1 and point
 * *found at the list's copy when present, else 0.
 */
static int
list_has(const char *list, const char *word, size_t n, struct podman_str *found)
{
	const char *p = list;

	while (*p != '\0') {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == n && memcmp(p, word, n) == 0) {
			if (found != NULL) {
				found->p = p;
				found->n = len;
			}
			return 1;
		}
		if (e == NULL)
			break;
		p = e + 1;
	}
	return 0;
}

/*
 * Find the short option c in a "x=long y=other" list; return 1 and point
 * *canon at its long name when present, else 0.
 */
static int
short_has(const char *list, char c, struct podman_str *canon)
{
	const char *p = list;

	while (*p != '\0') {
		const char *e = strchr(p, ' ');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len >= 3 && p[0] == c && p[1] == '=') {
			canon->p = p + 2;
			canon->n = len - 2;
			return 1;
		}
		if (e == NULL)
			break;
		p = e + 1;
	}
	return 0;
}

/* Return podman's own row (the first in the table). */
const struct podman_optrow *
podman_opt_root(void)
{
	return &rows[0];
}

/* Find group's subcommand named word (n bytes) or aliased so; NULL when none. */
const struct podman_optrow *
podman_opt_child(const struct podman_optrow *group, const char *word, size_t n)
{
	size_t glen = strlen(group->path);

	if (n == 0 || memchr(word, ' ', n) != NULL)
		return NULL;
	for (size_t i = 1; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *path = rows[i].path;
		const char *last;

		if (glen > 0) {
			if (strncmp(path, group->path, glen) != 0 || path[glen] != ' ')
				continue;
			last = path + glen + 1;
		} else {
			last = path;
		}
		if (strchr(last, ' ') != NULL)
			continue; /* a grandchild */
		if (podman_str_eq(word, n, last) || list_has(rows[i].aliases, word, n, NULL))
			return &rows[i];
	}
	return NULL;
}

/* Classify long option name (n bytes) in one row only; see podman_opt_long(). */
static enum podman_optkind
row_long(const struct podman_optrow *row, const char *name, size_t n, struct podman_str *canon)
{
	if (list_has(row->vlong, name, n, canon))
		return PO_VALUE;
	if (list_has(row->olong, name, n, canon))
		return PO_OPTVALUE;
	if (list_has(row->blong, name, n, canon))
		return PO_BOOL;
	return PO_UNKNOWN;
}

/* Classify name in row, then the globals (minus --version); no alias resolution. */
static enum podman_optkind
long_lookup(const struct podman_optrow *row, const char *name, size_t n, struct podman_str *canon)
{
	enum podman_optkind k = row_long(row, name, n, canon);

	if (k != PO_UNKNOWN || row == podman_opt_root())
		return k;
	if (podman_str_eq(name, n, "version"))
		return PO_UNKNOWN;
	return row_long(podman_opt_root(), name, n, canon);
}

/* Classify a long option for row, resolving podman's aliases; see the header. */
enum podman_optkind
podman_opt_long(const struct podman_optrow *row, const char *name, size_t n,
		struct podman_str *canon)
{
	enum podman_optkind k = long_lookup(row, name, n, canon);

	if (k != PO_UNKNOWN)
		return k;
	for (size_t i = 0; i < sizeof(long_aliases) / sizeof(long_aliases[0]); i++) {
		if (!podman_str_eq(name, n, long_aliases[i].alias))
			continue;
		k = long_lookup(row, long_aliases[i].name, strlen(long_aliases[i].name), canon);
		if (k != PO_UNKNOWN)
			return k;
	}
	canon->p = name;
	canon->n = n;
	return PO_UNKNOWN;
}

/* Classify a short option letter for row, then the globals (minus -v). */
enum podman_optkind
podman_opt_short(const struct podman_optrow *row, const char *letter, struct podman_str *canon)
{
	const struct podman_optrow *root = podman_opt_root();
	char c = *letter;

	if (short_has(row->vshort, c, canon))
		return PO_VALUE;
	if (short_has(row->bshort, c, canon))
		return PO_BOOL;
	if (row != root && c != 'v') {
		if (short_has(root->vshort, c, canon))
			return PO_VALUE;
		if (short_has(root->bshort, c, canon))
			return PO_BOOL;
	}
	canon->p = letter;
	canon->n = 1;
	return PO_UNKNOWN;
}
