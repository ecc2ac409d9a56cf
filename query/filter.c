/*
 * filter.c: search criteria from command-line options; see filter.h.
 */
#include "query/filter.h"

#include <stdio.h>
#include <string.h>

#include "util/when.h"

#define ID_MAX 4294967295LL /* auid, uid, ses, pid are 32-bit; unset is 2^32-1 */

/*
 * Parse a decimal number 0..ID_MAX (digits only, no sign, no spaces).
 * Returns 0 and *out, or -1.
 */
static int
parse_id(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (s == NULL || *s == '\0' || strlen(s) > 10)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v > ID_MAX)
		return -1;
	*out = v;
	return 0;
}

/* 1 when s is made of digits only (and is not empty). */
static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/*
 * Set a numeric criterion (bit) from value. Returns 0, or -1 with a message
 * naming --option in err.
 */
static int
set_id(struct query_filter *f, unsigned bit, int64_t *dst, const char *option, const char *value,
       char *err, size_t errlen)
{
	if (f->have & bit) {
		snprintf(err, errlen, "--%s given more than once", option);
		return -1;
	}
	if (parse_id(value, dst) != 0) {
		snprintf(err, errlen, "--%s: '%s' is not a number from 0 to %lld", option, value,
			 ID_MAX);
		return -1;
	}
	f->have |= bit;
	return 0;
}

/*
 * Set a string criterion. Returns 0, or -1 with a message naming --option
 * in err when it was set already or value is empty.
 */
static int
set_str(const char **dst, const char *option, const char *value, char *err, size_t errlen)
{
	if (*dst != NULL) {
		snprintf(err, errlen, "--%s given more than once", option);
		return -1;
	}
	if (value == NULL || *value == '\0') {
		snprintf(err, errlen, "--%s: empty value", option);
		return -1;
	}
	*dst = value;
	return 0;
}

/*
 * Set a time criterion. Returns 0, or -1 with a message naming --option
 * (and what when_parse() said) in err.
 */
static int
set_time(struct query_filter *f, unsigned bit, int64_t *dst, const char *option, const char *value,
	 int64_t now, char *err, size_t errlen)
{
	char why[256];

	if (f->have & bit) {
		snprintf(err, errlen, "--%s given more than once", option);
		return -1;
	}
	if (when_parse(value, now, dst, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "--%s: %s", option, why);
		return -1;
	}
	f->have |= bit;
	return 0;
}

int
query_filter_set(struct query_filter *f, const char *option, const char *value, int64_t now,
		 char *err, size_t errlen)
{
	if (strcmp(option, "user") == 0) {
		if (f->user != NULL || (f->have & QF_AUID)) {
			snprintf(err, errlen, "--user given more than once");
			return -1;
		}
		if (value != NULL && all_digits(value))
			return set_id(f, QF_AUID, &f->auid, option, value, err, errlen);
		return set_str(&f->user, option, value, err, errlen);
	}
	if (strcmp(option, "uid") == 0)
		return set_id(f, QF_UID, &f->uid, option, value, err, errlen);
	if (strcmp(option, "session") == 0)
		return set_id(f, QF_SES, &f->ses, option, value, err, errlen);
	if (strcmp(option, "pid") == 0)
		return set_id(f, QF_PID, &f->pid, option, value, err, errlen);
	if (strcmp(option, "exe") == 0)
		return set_str(&f->exe, option, value, err, errlen);
	if (strcmp(option, "key") == 0) {
		if (value != NULL && strchr(value, ',') != NULL) {
			snprintf(err, errlen, "--key: '%s': give one key (no ',')", value);
			return -1;
		}
		return set_str(&f->key, option, value, err, errlen);
	}
	if (strcmp(option, "command") == 0)
		return set_str(&f->command, option, value, err, errlen);
	if (strcmp(option, "container") == 0)
		return set_str(&f->container, option, value, err, errlen);
	if (strcmp(option, "image") == 0)
		return set_str(&f->image, option, value, err, errlen);
	if (strcmp(option, "since") == 0)
		return set_time(f, QF_SINCE, &f->since, option, value, now, err, errlen);
	if (strcmp(option, "until") == 0)
		return set_time(f, QF_UNTIL, &f->until, option, value, now, err, errlen);
	if (strcmp(option, "failed") == 0) {
		f->failed = 1;
		return 0;
	}
	if (strcmp(option, "risky") == 0) {
		f->risky = 1;
		return 0;
	}
	return 1;
}

int
query_filter_check(const struct query_filter *f, char *err, size_t errlen)
{
	char a[40], b[40];

	if ((f->have & QF_SINCE) && (f->have & QF_UNTIL) && f->until <= f->since) {
		snprintf(err, errlen, "--until (%s) is not after --since (%s): empty window",
			 when_format(f->until, b, sizeof(b)), when_format(f->since, a, sizeof(a)));
		return -1;
	}
	return 0;
}
