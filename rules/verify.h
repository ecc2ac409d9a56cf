/*
 * verify.h: are the expected rules loaded, and is the audit system
 * recording?
 */
#ifndef PODAUDIT_RULES_VERIFY_H
#define PODAUDIT_RULES_VERIFY_H

#include "rules/auditctl.h"
#include "rules/ruleset.h"

/*
 * Compare the expected rules with the loaded ones (both canonical, see
 * rule.h). Adds to missing every expected rule that is not loaded, and to
 * stale every loaded rule that carries one of keys (NULL-terminated) but is
 * not expected (a watch left behind for a removed user, say). Returns the
 * number of missing rules.
 */
size_t rules_verify_compare(const struct rules_set *expected, const struct rules_set *loaded,
			    const char *const *keys, struct rules_set *missing,
			    struct rules_set *stale);

/*
 * Judge the audit status. Adds a warning to notes for each thing an auditor
 * must see: lost events, no audit daemon, failure mode silent, a backlog
 * close to its limit, auditing disabled. Returns 1 when the system is not
 * recording events at all (auditing disabled), 0 otherwise.
 */
int rules_verify_status(const struct rules_audit_status *st, struct rules_set *notes);

#endif
