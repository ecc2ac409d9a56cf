/*
 * ruleset.c: ordered, duplicate-free rule lists with a hash index.
 */
#include "rules/ruleset.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/alloc.h"
#include "util/hash.h"

struct rules_set {
	char **rules;
	size_t n, cap;
	size_t *slots; /* open addressing: index + 1 into rules, 0 = empty */
	size_t nslots; /* a power of two, at least twice n */
	char **warnings;
	size_t nwarn, capwarn;
};

/* Find rule's slot: the one holding it, or the empty one where it would go. */
static size_t
find_slot(const struct rules_set *set, const char *rule)
{
	size_t mask = set->nslots - 1;
	size_t i = (size_t)hash_str(rule) & mask;

	while (set->slots[i] != 0 && strcmp(set->rules[set->slots[i] - 1], rule) != 0)
		i = (i + 1) & mask;
	return i;
}

/* Double the hash index and re-insert every rule. */
static void
grow_index(struct rules_set *set)
{
	size_t nslots = set->nslots ? set->nslots * 2 : 64;

	free(set->slots);
	set->slots = alloc_check(calloc(nslots, sizeof(size_t)));
	set->nslots = nslots;
	for (size_t r = 0; r < set->n; r++)
		set->slots[find_slot(set, set->rules[r])] = r + 1;
}

/* Create an empty set. */
struct rules_set *
rules_set_new(void)
{
	struct rules_set *set = alloc_check(calloc(1, sizeof(*set)));

	grow_index(set);
	return set;
}

/* Free a set and its strings; accepts NULL. */
void
rules_set_free(struct rules_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->n; i++)
		free(set->rules[i]);
	for (size_t i = 0; i < set->nwarn; i++)
		free(set->warnings[i]);
	free(set->rules);
	free(set->warnings);
	free(set->slots);
	free(set);
}

/* Add a copy of rule unless present; 1 when added. */
int
rules_set_add(struct rules_set *set, const char *rule)
{
	size_t slot;

	if (rules_set_contains(set, rule))
		return 0;
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->rules = alloc_check(realloc(set->rules, set->cap * sizeof(char *)));
	}
	set->rules[set->n++] = alloc_check(strdup(rule));
	if (set->n * 2 > set->nslots)
		grow_index(set);
	else {
		slot = find_slot(set, rule);
		set->slots[slot] = set->n;
	}
	return 1;
}

/* Add a watch rule in canonical form. */
int
rules_set_add_watch(struct rules_set *set, const char *path, const char *perm, const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	strbuf_printf(&sb, "-w %s -p %s -k %s", path, perm, key);
	rc = rules_set_add(set, strbuf_str(&sb));
	strbuf_free(&sb);
	return rc;
}

/* Membership test through the hash index. */
int
rules_set_contains(const struct rules_set *set, const char *rule)
{
	return set->slots[find_slot(set, rule)] != 0;
}

/* Number of rules. */
size_t
rules_set_count(const struct rules_set *set)
{
	return set->n;
}

/* Rule i; i must be below the count. */
const char *
rules_set_rule(const struct rules_set *set, size_t i)
{
	return i < set->n ? set->rules[i] : NULL;
}

/* Append a formatted warning. */
void
rules_set_warn(struct rules_set *set, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	alloc_check(msg);
	if (set->nwarn == set->capwarn) {
		set->capwarn = set->capwarn ? set->capwarn * 2 : 8;
		set->warnings = alloc_check(realloc(set->warnings, set->capwarn * sizeof(char *)));
	}
	set->warnings[set->nwarn++] = msg;
}

/* Number of warnings. */
size_t
rules_set_warning_count(const struct rules_set *set)
{
	return set->nwarn;
}

/* Warning i; i must be below the count. */
const char *
rules_set_warning(const struct rules_set *set, size_t i)
{
	return i < set->nwarn ? set->warnings[i] : NULL;
}

/* The rules file: header, then the rules one per line. */
void
rules_set_render(const struct rules_set *set, struct strbuf *out)
{
	strbuf_puts(out, "## podaudit: audit rules for podman, its OCI runtimes, conmon and "
			 "container storage.\n"
			 "## Written by `podaudit rules install` from podaudit's configuration "
			 "(podaudit.yaml): edit that, not this file.\n"
			 "## `podaudit rules verify` checks that the kernel has loaded them.\n");
	for (size_t i = 0; i < set->n; i++) {
		strbuf_puts(out, set->rules[i]);
		strbuf_putc(out, '\n');
	}
}
