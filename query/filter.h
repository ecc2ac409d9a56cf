/*
 * filter.h: the criteria of `podaudit search` and `podaudit timeline`, and
 * the SQL they become.
 *
 * A filter is a plain struct in caller storage (zero it first); its strings
 * point at caller storage too (usually argv) and must outlive it. Criteria
 * combine with AND. The SQL built from a filter reads the documented views
 * (events, podman_commands) and holds no value: every value is a bound
 * parameter (query/search.c).
 *
 * --command, --container, --image and --risky select podman commands; an
 * event caused by a selected command (events.cause_id: its runtime, conmon,
 * storage events and podman's own executions) matches too. For
 * --container, the commands are those that named the container or caused
 * an event naming it (its name or ID). Add `--key podman_exec` to see the
 * commands alone.
 */
#ifndef PODAUDIT_QUERY_FILTER_H
#define PODAUDIT_QUERY_FILTER_H
#include <stddef.h>
#include <stdint.h>

/* Which numeric criteria of a query_filter are set. */
enum {
	QF_AUID = 1 << 0,
	QF_UID = 1 << 1,
	QF_SES = 1 << 2,
	QF_PID = 1 << 3,
	QF_SINCE = 1 << 4,
	QF_UNTIL = 1 << 5,
};

struct query_filter {
	const char *user; /* --user NAME: events.user */
	int64_t auid;	  /* --user AUID (with QF_AUID) */
	int64_t uid, ses, pid;
	const char *exe;       /* --exe: the path, or a base name when it holds no '/' */
	const char *key;       /* --key: one key of events.key (a ','-joined list) */
	const char *command;   /* --command: podman_commands.subcommand, and what it caused */
	const char *container; /* --container: name, full ID or unique ID prefix */
	const char *image;     /* --image: podman_commands.image, exact or after a '/' */
	int64_t since, until;  /* ms since 1970, window [since, until) */
	int failed;	       /* --failed: success = 0 */
	int risky;	       /* --risky: podman commands with risks, and what they caused */
	unsigned have;	       /* QF_* bits */
};

/*
 * Set the criterion of the long option `option` (its name without "--":
 * "user", "uid", "session", "pid", "exe", "key", "command", "container",
 * "image", "since", "until", "failed", "risky") from value (ignored for the
 * flags failed and risky). Times are parsed with when_parse() relative to
 * now (ms), in the zone in force. Returns 0; 1 when option is not a filter
 * option (f unchanged); -1 with a message naming the option in err when the
 * value is not valid or the option was already given.
 */
int query_filter_set(struct query_filter *f, const char *option, const char *value, int64_t now,
		     char *err, size_t errlen);

/*
 * Check the filter as a whole (a window that ends before it starts).
 * Returns 0, or -1 with a message in err.
 */
int query_filter_check(const struct query_filter *f, char *err, size_t errlen);

#endif
