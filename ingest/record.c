/*
 * record.c: recognising one line of an audit log.
 */
#include "ingest/record.h"

#include <string.h>

/* Parse decimal digits at *p (at most maxdigits, at least one) into *v; advance *p. */
static int
parse_uint(const char **p, const char *end, int maxdigits, uint64_t *v)
{
	const char *s = *p;
	uint64_t n = 0;
	int d = 0;

	while (s < end && *s >= '0' && *s <= '9') {
		if (++d > maxdigits)
			return -1;
		n = n * 10 + (uint64_t)(*s - '0');
		s++;
	}
	if (d == 0)
		return -1;
	*p = s;
	*v = n;
	return 0;
}

int
record_header_parse(const char *line, size_t len, struct record_header *h)
{
	const char *p = line, *end = line + len;
	uint64_t sec, msec, serial;

	memset(h, 0, sizeof(*h));
	if (len >= 5 && memcmp(p, "node=", 5) == 0) {
		p += 5;
		h->node = p;
		while (p < end && *p != ' ')
			p++;
		h->node_len = (size_t)(p - h->node);
		if (p == end || h->node_len == 0)
			return -1;
		p++;
	}
	if (end - p < 5 || memcmp(p, "type=", 5) != 0)
		return -1;
	p += 5;
	h->type = p;
	while (p < end && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			   (*p >= '0' && *p <= '9') || *p == '_' || *p == '[' || *p == ']'))
		p++;
	h->type_len = (size_t)(p - h->type);
	if (h->type_len == 0)
		return -1;
	if (end - p < 11 || memcmp(p, " msg=audit(", 11) != 0)
		return -1;
	p += 11;
	if (parse_uint(&p, end, 19, &sec) != 0 || p == end || *p != '.')
		return -1;
	p++;
	if (parse_uint(&p, end, 3, &msec) != 0 || p == end || *p != ':')
		return -1;
	p++;
	if (parse_uint(&p, end, 19, &serial) != 0)
		return -1;
	if (end - p < 2 || p[0] != ')' || p[1] != ':')
		return -1;
	if (sec > INT64_MAX || serial > INT64_MAX)
		return -1;
	h->sec = (int64_t)sec;
	h->msec = (int)msec;
	h->serial = serial;
	return 0;
}
