/*
 * generate.h: the audit rules a configuration asks for, on a given system.
 */
#ifndef PODAUDIT_RULES_GENERATE_H
#define PODAUDIT_RULES_GENERATE_H

#include <stddef.h>

#include "rules/config.h"
#include "rules/ruleset.h"

/* Where generation looks; every field may be NULL. */
struct rules_env {
	const char *root;	/* the system's root directory; NULL for "/" */
	const char *passwd;	/* passwd file listing the users; NULL: NSS, or
				   ROOT/etc/passwd when root is set */
	const char *login_defs; /* NULL: ROOT/etc/login.defs */
};

/*
 * Build the rules for cfg on the system env describes:
 *  - each executable becomes "-w REALPATH -p PERM -k KEY" for every distinct
 *    real file (symbolic links resolved) found under its name in the
 *    executable directories, or at its absolute path; one not found is left
 *    out with a warning;
 *  - each path becomes a watch on its real path, expanded for every user in
 *    the uid range when it holds {home}, {uid} or {user}. A path is kept when
 *    it exists or its directory does (auditctl refuses a watch whose
 *    directory is missing, and augenrules stops loading at the first refused
 *    rule); otherwise it is left out with a warning (one per configured path
 *    that names the users concerned).
 * Returns 0 with *out set (rules and warnings; free with rules_set_free()),
 * or -1 with a message in err when login.defs or the passwd file cannot be
 * read.
 */
int rules_generate(const struct config *cfg, const struct rules_env *env, struct rules_set **out,
		   char *err, size_t errlen);

#endif
