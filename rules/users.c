/*
 * users.c: users from NSS or a passwd file, and login.defs' uid range.
 */
#include "rules/users.h"

#include <assert.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/number.h"

struct user {
	char *name;
	uint32_t uid;
	char *home;
};

struct rules_users {
	struct user *v;
	size_t n, cap;
};

/* Release a list; accepts NULL. */
void
rules_users_free(struct rules_users *users)
{
	if (users == NULL)
		return;
	for (size_t i = 0; i < users->n; i++) {
		free(users->v[i].name);
		free(users->v[i].home);
	}
	free(users->v);
	free(users);
}

/*
 * Add pw to the list unless its uid is out of range or its name is already
 * there. Returns 0, or -1 when out of memory.
 */
static int
add_user(struct rules_users *users, const struct passwd *pw, uint32_t uid_min, uint32_t uid_max)
{
	struct user *u;

	if (pw->pw_uid < uid_min || pw->pw_uid > uid_max || pw->pw_name == NULL)
		return 0;
	for (size_t i = 0; i < users->n; i++)
		if (strcmp(users->v[i].name, pw->pw_name) == 0)
			return 0;
	if (users->n == users->cap) {
		size_t cap = users->cap ? users->cap * 2 : 16;
		struct user *v = realloc(users->v, cap * sizeof(*v));
		if (v == NULL)
			return -1;
		users->v = v;
		users->cap = cap;
	}
	u = &users->v[users->n];
	u->name = strdup(pw->pw_name);
	u->home = strdup(pw->pw_dir != NULL ? pw->pw_dir : "");
	u->uid = (uint32_t)pw->pw_uid;
	if (u->name == NULL || u->home == NULL) {
		free(u->name);
		free(u->home);
		return -1;
	}
	users->n++;
	return 0;
}

/* qsort comparison: by uid, then by name. */
static int
cmp_user(const void *a, const void *b)
{
	const struct user *x = a, *y = b;

	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* List users in range from a passwd file or NSS; see users.h. */
int
rules_users_list(const char *passwd_path, uint32_t uid_min, uint32_t uid_max,
		 struct rules_users **out, char *err, size_t errlen)
{
	struct rules_users *users = calloc(1, sizeof(*users));
	struct passwd *pw;
	int rc = 0;

	*out = NULL;
	if (users == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (passwd_path != NULL) {
		FILE *f = fopen(passwd_path, "re");
		if (f == NULL) {
			snprintf(err, errlen, "%s: %s", passwd_path, strerror(errno));
			rules_users_free(users);
			return -1;
		}
		while (rc == 0 && (pw = fgetpwent(f)) != NULL)
			rc = add_user(users, pw, uid_min, uid_max);
		fclose(f);
	} else {
		setpwent();
		while (rc == 0 && (pw = getpwent()) != NULL)
			rc = add_user(users, pw, uid_min, uid_max);
		endpwent();
	}
	if (rc < 0) {
		snprintf(err, errlen, "out of memory");
		rules_users_free(users);
		return -1;
	}
	if (users->n > 1)
		qsort(users->v, users->n, sizeof(users->v[0]), cmp_user);
	*out = users;
	return 0;
}

/* Number of users. */
size_t
rules_users_count(const struct rules_users *users)
{
	return users->n;
}

/* User i's name. */
const char *
rules_users_name(const struct rules_users *users, size_t i)
{
	assert(i < users->n);
	return users->v[i].name;
}

/* User i's uid. */
uint32_t
rules_users_uid(const struct rules_users *users, size_t i)
{
	assert(i < users->n);
	return users->v[i].uid;
}

/* User i's home directory ("" when NSS gave none). */
const char *
rules_users_home(const struct rules_users *users, size_t i)
{
	assert(i < users->n);
	return users->v[i].home;
}

/*
 * Read UID_MIN and UID_MAX (C notation, as shadow's getdef does) from the
 * login.defs at path; see users.h.
 */
int
rules_login_defs_uid_range(const char *path, uint32_t *uid_min, uint32_t *uid_max, char *err,
			   size_t errlen)
{
	char line[1024];
	unsigned lineno = 0;
	FILE *f;

	*uid_min = RULES_UID_MIN_DEFAULT;
	*uid_max = RULES_UID_MAX_DEFAULT;
	f = fopen(path, "re");
	if (f == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *save = NULL, *name, *value;
		unsigned long long v;

		lineno++;
		name = strtok_r(line, " \t\r\n", &save);
		if (name == NULL || name[0] == '#')
			continue;
		if (strcmp(name, "UID_MIN") != 0 && strcmp(name, "UID_MAX") != 0)
			continue;
		value = strtok_r(NULL, " \t\r\n", &save);
		if (value != NULL)
			value += strspn(value, "\"");
		if (value != NULL)
			value[strcspn(value, "\"")] = '\0';
		if (rules_parse_number(value, 0, 4294967294ULL, &v) < 0) {
			snprintf(err, errlen, "%s:%u: %s is not a uid", path, lineno, name);
			fclose(f);
			return -1;
		}
		if (strcmp(name, "UID_MIN") == 0)
			*uid_min = (uint32_t)v;
		else
			*uid_max = (uint32_t)v;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (*uid_min > *uid_max) {
		snprintf(err, errlen, "%s: UID_MIN %u is greater than UID_MAX %u", path, *uid_min,
			 *uid_max);
		return -1;
	}
	return 0;
}
