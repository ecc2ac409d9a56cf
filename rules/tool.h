/*
 * tool.h: running the audit tools (auditctl, augenrules) and capturing
 * what they say.
 */
#ifndef PODAUDIT_RULES_TOOL_H
#define PODAUDIT_RULES_TOOL_H

#include <stddef.h>

#include "util/strbuf.h"

/*
 * Run argv[0] (an absolute path) with the NULL-terminated argv, standard
 * input from /dev/null and a minimal environment (PATH of the system
 * directories, LC_ALL=C), and wait for it. Its standard output is appended
 * to out and its standard error to errout (at most 16 MiB each; the rest is
 * read and dropped). Returns 0 with *status set to the exit code (128 + the
 * signal number when killed), or -1 with a message in err when it could not
 * be run.
 */
int rules_tool_run(const char *const argv[], struct strbuf *out, struct strbuf *errout, int *status,
		   char *err, size_t errlen);

/*
 * Find the system tool name (e.g. "auditctl") in /usr/sbin, /sbin, /usr/bin,
 * /bin. Returns 0 with its path in out (reset first), or -1 with a message.
 */
int rules_tool_find(const char *name, struct strbuf *out, char *err, size_t errlen);

#endif
