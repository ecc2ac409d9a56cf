/*
 * users.h: the users whose rootless container storage and registry
 * credentials are watched.
 *
 * Users come from NSS (getpwent(), so LDAP or sssd users count when the NSS
 * module enumerates them) or, for tests and --root, from a passwd file. The
 * uid range comes from the configuration or login.defs (UID_MIN, UID_MAX).
 */
#ifndef PODAUDIT_RULES_USERS_H
#define PODAUDIT_RULES_USERS_H

#include <stddef.h>
#include <stdint.h>

#define RULES_UID_MIN_DEFAULT 1000
#define RULES_UID_MAX_DEFAULT 60000

struct rules_users;

/*
 * List the users with uid_min <= uid <= uid_max, read from the passwd file
 * at passwd_path, or from NSS when passwd_path is NULL. The list is sorted by
 * uid, then name; a name seen twice (files and LDAP) is kept once, the first
 * time. Returns 0 with *out set (free with rules_users_free()), or -1 with a
 * message in err when the file cannot be read.
 */
int rules_users_list(const char *passwd_path, uint32_t uid_min, uint32_t uid_max,
		     struct rules_users **out, char *err, size_t errlen);

/* Release a list; accepts NULL. */
void rules_users_free(struct rules_users *users);

/* Number of users in the list. */
size_t rules_users_count(const struct rules_users *users);

/* User i's name, uid and home directory; strings owned by the list. */
const char *rules_users_name(const struct rules_users *users, size_t i);
uint32_t rules_users_uid(const struct rules_users *users, size_t i);
const char *rules_users_home(const struct rules_users *users, size_t i);

/*
 * Read UID_MIN and UID_MAX from the login.defs file at path. A missing file
 * or setting leaves RULES_UID_MIN_DEFAULT / RULES_UID_MAX_DEFAULT. Returns 0,
 * or -1 with "PATH:LINE: message" in err when a value is not a uid or the
 * file cannot be read.
 */
int rules_login_defs_uid_range(const char *path, uint32_t *uid_min, uint32_t *uid_max, char *err,
			       size_t errlen);

#endif
