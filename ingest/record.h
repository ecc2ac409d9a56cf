/*
 * record.h: recognising one line of an audit log.
 */
#ifndef PODAUDIT_RECORD_H
#define PODAUDIT_RECORD_H

#include <stddef.h>
#include <stdint.h>

/* The identity of the event a record line belongs to. Pointers point into the line. */
struct record_header {
	const char *node; /* NULL when the line has no node= prefix */
	size_t node_len;
	const char *type;
	size_t type_len;
	int64_t sec;
	int msec;
	uint64_t serial;
};

/*
 * Parse the start of an audit record line (without its newline):
 * "[node=NAME ]type=TYPE msg=audit(SEC.MSEC:SERIAL): ...". Returns 0 and
 * fills *h, or -1 when the line is not an audit record.
 */
int record_header_parse(const char *line, size_t len, struct record_header *h);

#endif
