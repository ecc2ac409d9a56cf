/*
 * when.h: time arguments (--since, --until, --period) and the time zone
 * reports and searches are shown in.
 *
 * Times are milliseconds since 1970-01-01T00:00:00Z (int64_t), the precision
 * of audit event times. Windows are half-open: [since, until).
 *
 * The zone is process-wide (it is the TZ environment variable): the CLI sets
 * it once with when_zone_set() before parsing any time argument. Calendar
 * arithmetic (midnight, "yesterday", weeks, months) goes through mktime(), so
 * days that are 23 or 25 hours long around a DST change come out right.
 */
#ifndef PODAUDIT_WHEN_H
#define PODAUDIT_WHEN_H
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * Use zone for local times: NULL keeps the process's own local zone (TZ or
 * /etc/localtime), "UTC" is UTC, anything else an IANA name such as
 * "Europe/Paris" that must exist under /usr/share/zoneinfo. Returns 0, or -1
 * with a message in err naming the zone when it is unknown (the zone in force
 * is then unchanged).
 */
int when_zone_set(const char *zone, char *err, size_t errlen);

/* Name of the zone in force, for output: "UTC", "Europe/Paris", or the local
 * zone's name (TZ, /etc/localtime's target, or its abbreviation). Static
 * storage, valid until the next when_zone_set(). */
const char *when_zone_name(void);

/*
 * Parse a time argument s, relative to now (ms), into *out (ms):
 *   ISO 8601: 2026-11-22, 2026-11-22T10:00, 2026-11-22 10:00:05,
 *             2026-11-22T10:00:05.250, with an optional Z or +HH:MM / -HHMM
 *             offset (without one the time is local, in the zone in force);
 *   relative: 30s, 15m (minutes), 24h, 7d, 2w: that long before now;
 *   keywords (as aureport/ausearch): now, recent (10 minutes ago), boot,
 *             today, yesterday, this-week (Monday 00:00, ISO weeks),
 *             week-ago (7 days before now), this-month, this-year.
 * Returns 0, or -1 with a message in err naming the argument.
 */
int when_parse(const char *s, int64_t now, int64_t *out, char *err, size_t errlen);

/*
 * Parse a --period name into a half-open window [*since, *until): today,
 * yesterday, this-week, last-week, this-month, last-month, this-year,
 * last-year (calendar units in the zone in force; weeks start on Monday; a
 * "this-" period ends where the next one starts). Returns 0, or -1 with a
 * message in err.
 */
int when_period(const char *name, int64_t now, int64_t *since, int64_t *until, char *err,
		size_t errlen);

/* The current time in ms. */
int64_t when_now(void);

/*
 * Format t (ms) as ISO 8601 in the zone in force with milliseconds and the
 * offset: "2026-11-22T10:00:05.250+01:00" ("Z" for UTC). buf should hold at
 * least 32 bytes. Returns buf.
 */
char *when_format(int64_t t, char *buf, size_t n);

/* Local broken-down time of t (ms) in the zone in force. */
void when_local(int64_t t, struct tm *tm);

#endif
