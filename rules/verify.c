/*
 * verify.c: expected versus loaded rules, and the audit status's warnings.
 */
#include "rules/verify.h"

#include "rules/rule.h"

/* Compare expected and loaded rules; see verify.h. */
size_t
rules_verify_compare(const struct rules_set *expected, const struct rules_set *loaded,
		     const char *const *keys, struct rules_set *missing, struct rules_set *stale)
{
	size_t n = 0;

	for (size_t i = 0; i < rules_set_count(expected); i++) {
		const char *r = rules_set_rule(expected, i);
		if (!rules_set_contains(loaded, r)) {
			rules_set_add(missing, r);
			n++;
		}
	}
	for (size_t i = 0; i < rules_set_count(loaded); i++) {
		const char *r = rules_set_rule(loaded, i);
		if (!rules_set_contains(expected, r) && rules_rule_has_key(r, keys))
			rules_set_add(stale, r);
	}
	return n;
}

/* Warnings about the audit status; see verify.h. */
int
rules_verify_status(const struct rules_audit_status *st, struct rules_set *notes)
{
	if (st->lost > 0)
		rules_set_warn(notes,
			       "%lld audit events were lost since the counter was last reset: the "
			       "audit trail has a gap",
			       st->lost);
	if (st->pid == 0)
		rules_set_warn(notes, "no audit daemon is running: events go to the kernel log, "
				      "not to the audit log");
	if (st->failure == 0)
		rules_set_warn(notes, "failure mode is silent (0): lost events leave no trace; "
				      "consider -f 1 or -f 2");
	if (st->backlog_limit > 0 && st->backlog >= 0 && st->backlog * 5 >= st->backlog_limit * 4)
		rules_set_warn(notes, "the backlog (%lld) is close to its limit (%lld)",
			       st->backlog, st->backlog_limit);
	if (st->enabled == 0) {
		rules_set_warn(notes, "auditing is disabled (enabled 0): no events are recorded");
		return 1;
	}
	return 0;
}
