/*
 * ruleset.h: an ordered set of audit rules in canonical text, with the
 * warnings gathered while building it.
 *
 * Rules are kept in the canonical form of rules_rule_normalize() (for a
 * watch, "-w PATH -p PERM -k KEY"), in insertion order, each once. The same
 * type holds generated rules, rules listed by `auditctl -l` and the result
 * of comparing them. Allocation failures abort the process, as strbuf's do.
 */
#ifndef PODAUDIT_RULES_RULESET_H
#define PODAUDIT_RULES_RULESET_H

#include <stddef.h>

#include "util/strbuf.h"

struct rules_set;

/* Create an empty set; free it with rules_set_free(). */
struct rules_set *rules_set_new(void);

/* Release a set; accepts NULL. */
void rules_set_free(struct rules_set *set);

/* Add a rule (canonical text, copied). Returns 1 when added, 0 when already present. */
int rules_set_add(struct rules_set *set, const char *rule);

/* Add the watch "-w PATH -p PERM -k KEY"; returns as rules_set_add(). */
int rules_set_add_watch(struct rules_set *set, const char *path, const char *perm, const char *key);

/* Is rule in the set? */
int rules_set_contains(const struct rules_set *set, const char *rule);

/* Number of rules, and rule i (owned by the set, valid until it is freed). */
size_t rules_set_count(const struct rules_set *set);
const char *rules_set_rule(const struct rules_set *set, size_t i);

/* Record a warning (printf-style, copied). */
void rules_set_warn(struct rules_set *set, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Number of warnings, and warning i (owned by the set). */
size_t rules_set_warning_count(const struct rules_set *set);
const char *rules_set_warning(const struct rules_set *set, size_t i);

/*
 * Append the rules file text to out: a comment header saying where the file
 * comes from, then one rule per line. The text depends only on the rules, so
 * installing the same set twice writes the same bytes.
 */
void rules_set_render(const struct rules_set *set, struct strbuf *out);

#endif
