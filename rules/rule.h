/*
 * rule.h: one audit rule line, in the canonical form `auditctl -l` lists.
 *
 * What is loaded is not always what is listed: `-a exit,always -F path=/x
 * -F perm=aw -k k` is listed as `-w /x -p wa -k k`, a directory watch may be
 * listed with a trailing '/', keys of syscall rules come back as `-F key=`,
 * and syscalls in the kernel's order. rules_rule_normalize() maps both sides
 * to one form so that they can be compared as strings.
 */
#ifndef PODAUDIT_RULES_RULE_H
#define PODAUDIT_RULES_RULE_H

#include <stddef.h>

#include "util/strbuf.h"

/*
 * Normalise one line of a rules file or of `auditctl -l` output into out
 * (reset first):
 *  - watches become "-w PATH -p PERM -k KEY" (PERM in the order r, w, x, a;
 *    trailing '/' removed; one " -k KEY" per key), and so do `-a always,exit`
 *    rules with only path= or dir=, perm= and key= fields;
 *  - other rules become "-a ACTION,LIST [-F arch=A] [-S s1,s2,...] FIELDS
 *    [-F key=K]...", with syscalls sorted by name and "-S all" implied on the
 *    exit list.
 * Returns 1 when out holds a rule, 0 when the line holds none (blank,
 * comment, or a control line such as -D, -b, -f, -e, -r, --backlog_wait_time)
 * and -1 with a message in err when the line cannot be understood.
 */
int rules_rule_normalize(const char *line, struct strbuf *out, char *err, size_t errlen);

/*
 * Does the canonical rule carry one of keys (NULL-terminated)? Keys are read
 * from "-k KEY" and "-F key=KEY" tokens.
 */
int rules_rule_has_key(const char *rule, const char *const *keys);

#endif
