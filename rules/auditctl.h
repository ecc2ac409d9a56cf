/*
 * auditctl.h: what the kernel's audit system says about itself, through
 * `auditctl -s` (status) and `auditctl -l` (loaded rules).
 *
 * Parsing is separate from running so that captured output (tests, or a
 * listing saved on another machine) can be checked the same way.
 */
#ifndef PODAUDIT_RULES_AUDITCTL_H
#define PODAUDIT_RULES_AUDITCTL_H

#include <stddef.h>

#include "rules/ruleset.h"

/* The audit status; a field the output did not show is -1. */
struct rules_audit_status {
	long long enabled;	 /* 0 off, 1 on, 2 on and locked (immutable) */
	long long failure;	 /* 0 silent, 1 printk, 2 panic */
	long long pid;		 /* auditd's pid, 0 when no daemon listens */
	long long rate_limit;	 /* messages per second, 0 = unlimited */
	long long backlog_limit; /* queue size */
	long long lost;		 /* events dropped since boot: a gap in the trail */
	long long backlog;	 /* events queued now */
	long long backlog_wait_time;
};

/*
 * Parse `auditctl -s` output: "name value" lines (audit 2.8 and later) or
 * the older single line "AUDIT_STATUS: enabled=1 flag=1 pid=...". Returns 0
 * with *st filled (unknown names ignored), or -1 with a message when a value
 * is not a number or the text holds no "enabled" value.
 */
int rules_auditctl_parse_status(const char *text, struct rules_audit_status *st, char *err,
				size_t errlen);

/*
 * Parse `auditctl -l` output ("No rules", or one rule per line) into set, in
 * canonical form (see rule.h). Returns 0, or -1 with "line N: message".
 */
int rules_auditctl_parse_list(const char *text, struct rules_set *set, char *err, size_t errlen);

/*
 * Run `auditctl -s` and parse it. Returns 0, or -1 with a message (auditctl
 * missing, not root, audit not supported by the kernel, unparsable output).
 */
int rules_auditctl_status(struct rules_audit_status *st, char *err, size_t errlen);

/*
 * Run `auditctl -l` and parse it into set. Returns 0, or -1 with a message.
 */
int rules_auditctl_list(struct rules_set *set, char *err, size_t errlen);

#endif
