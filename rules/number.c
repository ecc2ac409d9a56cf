/*
 * number.c: bounded number parsing.
 */
#include "rules/number.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

/*
 * Parse s as an unsigned number of the given base, at most max. Returns 0
 * with *out set, or -1 when s holds anything else (see number.h).
 */
int
rules_parse_number(const char *s, int base, unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}
