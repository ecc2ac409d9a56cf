/*
 * resolve.h: resolving paths as the system under a root directory sees them.
 *
 * Audit watches name real files: the kernel watches an inode through its
 * path, and auditctl refuses a watch whose directory does not exist. The
 * resolver follows symbolic links the way the kernel would inside root
 * (an absolute link target starts again at root, ".." never climbs above
 * it), so the same code resolves the running system (root NULL or "/") and a
 * fake tree in a test.
 */
#ifndef PODAUDIT_RULES_RESOLVE_H
#define PODAUDIT_RULES_RESOLVE_H

#include <stddef.h>
#include <sys/stat.h>

#include "util/strbuf.h"

enum rules_resolve_status {
	RULES_RESOLVE_EXISTS,	 /* path exists; out holds its real path */
	RULES_RESOLVE_MISSING,	 /* only the last component is missing; out holds the
				    real parent plus that name */
	RULES_RESOLVE_NO_PARENT, /* a directory on the way does not exist (or is not a
				    directory) */
	RULES_RESOLVE_DENIED,	 /* a directory on the way cannot be searched (EACCES) */
};

/*
 * Resolve the absolute path as seen inside root (NULL, "" or "/" for the real
 * root). On success returns one of enum rules_resolve_status and sets out
 * (reset first) to the real path, relative to root and starting with '/';
 * for RULES_RESOLVE_NO_PARENT and RULES_RESOLVE_DENIED out holds the
 * directory that could not be used. On error (a loop of symbolic links, a
 * path too long, an I/O error) returns -1 with a message in err.
 */
int rules_resolve(const char *root, const char *path, struct strbuf *out, char *err, size_t errlen);

/*
 * Put root and path together into out (reset first): the name of path inside
 * root for system calls. path must be absolute.
 */
void rules_root_join(const char *root, const char *path, struct strbuf *out);

/*
 * lstat() path inside root. Returns 0, or -1 with errno set.
 */
int rules_root_lstat(const char *root, const char *path, struct stat *st);

#endif
