/*
 * when.c: time arguments and the display zone; see when.h.
 */
#include "util/when.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char zone_name[256];
static int zone_saved;
static char *zone_orig; /* TZ as the process started, NULL when unset */

static void
zone_save(void)
{
	const char *tz;

	if (zone_saved)
		return;
	zone_saved = 1;
	tz = getenv("TZ");
	zone_orig = tz ? strdup(tz) : NULL;
}

static int
zone_exists(const char *zone)
{
	char path[512];
	struct stat st;

	if (zone[0] == '\0' || zone[0] == '/' || strstr(zone, "..") != NULL)
		return 0;
	if (snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone) >= (int)sizeof(path))
		return 0;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
when_zone_set(const char *zone, char *err, size_t errlen)
{
	zone_save();
	if (zone == NULL) {
		if (zone_orig)
			setenv("TZ", zone_orig, 1);
		else
			unsetenv("TZ");
	} else if (strcmp(zone, "UTC") == 0 || strcmp(zone, "Z") == 0) {
		setenv("TZ", "UTC0", 1);
	} else if (zone_exists(zone)) {
		setenv("TZ", zone, 1);
	} else {
		snprintf(
		    err, errlen,
		    "unknown time zone '%s' (expected UTC or a name under /usr/share/zoneinfo, "
		    "such as Europe/Paris)",
		    zone);
		return -1;
	}
	tzset();
	zone_name[0] = '\0';
	return 0;
}

const char *
when_zone_name(void)
{
	const char *tz;
	char link[512];
	ssize_t n;
	char *p;

	if (zone_name[0] != '\0')
		return zone_name;
	tzset();
	tz = getenv("TZ");
	if (tz != NULL && strcmp(tz, "UTC0") == 0)
		tz = "UTC";
	if (tz != NULL && tz[0] != '\0') {
		snprintf(zone_name, sizeof(zone_name), "%s", tz[0] == ':' ? tz + 1 : tz);
		return zone_name;
	}
	n = readlink("/etc/localtime", link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		p = strstr(link, "zoneinfo/");
		if (p != NULL) {
			snprintf(zone_name, sizeof(zone_name), "%s", p + strlen("zoneinfo/"));
			return zone_name;
		}
	}
	snprintf(zone_name, sizeof(zone_name), "%s", tzname[0] ? tzname[0] : "UTC");
	return zone_name;
}

int64_t
when_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
when_local(int64_t t, struct tm *tm)
{
	time_t s = (time_t)(t >= 0 ? t / 1000 : -((-t + 999) / 1000));

	localtime_r(&s, tm);
}

char *
when_format(int64_t t, char *buf, size_t n)
{
	struct tm tm;
	int64_t ms = t % 1000;
	long off;
	char date[32];

	if (ms < 0)
		ms += 1000;
	when_local(t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	off = tm.tm_gmtoff;
	if (off == 0)
		snprintf(buf, n, "%s.%03dZ", date, (int)ms);
	else
		snprintf(buf, n, "%s.%03d%c%02ld:%02ld", date, (int)ms, off < 0 ? '-' : '+',
			 labs(off) / 3600, labs(off) % 3600 / 60);
	return buf;
}

/* Local midnight, days after (or before) the day of now. */
static int64_t
midnight(int64_t now, int days)
{
	struct tm tm;

	when_local(now, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

/* Local 00:00 on the first of the month, months after the month of now. */
static int64_t
month_start(int64_t now, int months)
{
	struct tm tm;

	when_local(now, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday = 1;
	tm.tm_mon += months;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

static int64_t
year_start(int64_t now, int years)
{
	struct tm tm;

	when_local(now, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday = 1;
	tm.tm_mon = 0;
	tm.tm_year += years;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

/* Local Monday 00:00 of the week of now, weeks later. */
static int64_t
week_start(int64_t now, int weeks)
{
	struct tm tm;

	when_local(now, &tm);
	return midnight(now, -((tm.tm_wday + 6) % 7) + 7 * weeks);
}

static int
boot_time(int64_t *out)
{
	FILE *f = fopen("/proc/stat", "r");
	char line[256];
	long long b;
	int found = 0;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "btime %lld", &b) == 1) {
			*out = (int64_t)b * 1000;
			found = 1;
			break;
		}
	fclose(f);
	return found ? 0 : -1;
}

/* Read exactly n digits at *p into *v. */
static int
digits(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

static int
parse_iso(const char *s, int64_t *out)
{
	const char *p = s;
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0, ms = 0, has_off = 0;
	long off = 0;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &d))
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &se))
				return -1;
			if (*p == '.' || *p == ',') {
				int scale = 100;

				p++;
				if (!isdigit((unsigned char)*p))
					return -1;
				for (; isdigit((unsigned char)*p); p++) {
					ms += (*p - '0') * scale;
					scale /= 10;
				}
			}
		}
		if (*p == 'Z' || *p == 'z') {
			has_off = 1;
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p == '-' ? -1 : 1, oh, om = 0;

			p++;
			if (digits(&p, 2, &oh))
				return -1;
			if (*p == ':')
				p++;
			if (*p != '\0' && digits(&p, 2, &om))
				return -1;
			if (oh > 23 || om > 59)
				return -1;
			has_off = 1;
			off = sign * (oh * 3600L + om * 60L);
		}
	}
	if (*p != '\0')
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	if (has_off) {
		t = timegm(&tm);
		if (tm.tm_mday != d)
			return -1; /* 2026-02-30 */
		t -= off;
	} else {
		tm.tm_isdst = -1;
		t = mktime(&tm);
		if (t == (time_t)-1 && errno == EOVERFLOW)
			return -1;
		if (tm.tm_mon != mo - 1)
			return -1; /* normalised into the next month: no such day */
	}
	*out = (int64_t)t * 1000 + ms;
	return 0;
}

static int
parse_relative(const char *s, int64_t now, int64_t *out)
{
	char *end;
	long long n;
	int64_t unit;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || n < 0 || n > 100000 * 366LL)
		return -1;
	if (strcmp(end, "s") == 0)
		unit = 1000;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		unit = 60 * 1000;
	else if (strcmp(end, "h") == 0)
		unit = 3600 * 1000;
	else if (strcmp(end, "d") == 0)
		unit = 86400 * 1000;
	else if (strcmp(end, "w") == 0)
		unit = 7 * 86400 * 1000;
	else
		return -1;
	*out = now - n * unit;
	return 0;
}

int
when_parse(const char *s, int64_t now, int64_t *out, char *err, size_t errlen)
{
	if (strcmp(s, "now") == 0)
		*out = now;
	else if (strcmp(s, "recent") == 0)
		*out = now - 10 * 60 * 1000;
	else if (strcmp(s, "today") == 0)
		*out = midnight(now, 0);
	else if (strcmp(s, "yesterday") == 0)
		*out = midnight(now, -1);
	else if (strcmp(s, "this-week") == 0)
		*out = week_start(now, 0);
	else if (strcmp(s, "week-ago") == 0)
		*out = now - 7 * 86400 * 1000LL;
	else if (strcmp(s, "this-month") == 0)
		*out = month_start(now, 0);
	else if (strcmp(s, "this-year") == 0)
		*out = year_start(now, 0);
	else if (strcmp(s, "boot") == 0) {
		if (boot_time(out) != 0) {
			snprintf(err, errlen,
				 "time 'boot': the boot time is not known (/proc/stat)");
			return -1;
		}
	} else if (parse_relative(s, now, out) != 0 && parse_iso(s, out) != 0) {
		snprintf(
		    err, errlen,
		    "bad time '%.64s': expected an ISO 8601 date or time (2026-11-22, "
		    "2026-11-22T10:00:05, with an optional Z or +01:00), a duration before now "
		    "(30s, 15m, 24h, 7d, 2w), or now, recent, boot, today, yesterday, "
		    "this-week, week-ago, this-month, this-year",
		    s);
		return -1;
	}
	return 0;
}

int
when_period(const char *name, int64_t now, int64_t *since, int64_t *until, char *err, size_t errlen)
{
	if (strcmp(name, "today") == 0) {
		*since = midnight(now, 0);
		*until = midnight(now, 1);
	} else if (strcmp(name, "yesterday") == 0) {
		*since = midnight(now, -1);
		*until = midnight(now, 0);
	} else if (strcmp(name, "this-week") == 0) {
		*since = week_start(now, 0);
		*until = week_start(now, 1);
	} else if (strcmp(name, "last-week") == 0) {
		*since = week_start(now, -1);
		*until = week_start(now, 0);
	} else if (strcmp(name, "this-month") == 0) {
		*since = month_start(now, 0);
		*until = month_start(now, 1);
	} else if (strcmp(name, "last-month") == 0) {
		*since = month_start(now, -1);
		*until = month_start(now, 0);
	} else if (strcmp(name, "this-year") == 0) {
		*since = year_start(now, 0);
		*until = year_start(now, 1);
	} else if (strcmp(name, "last-year") == 0) {
		*since = year_start(now, -1);
		*until = year_start(now, 0);
	} else {
		snprintf(err, errlen,
			 "unknown period '%.64s': expected today, yesterday, this-week, last-week, "
			 "this-month, last-month, this-year or last-year",
			 name);
		return -1;
	}
	return 0;
}
