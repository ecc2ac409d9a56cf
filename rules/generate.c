/*
 * generate.c: configuration + system -> audit rules.
 */
#include "rules/generate.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "rules/resolve.h"
#include "rules/users.h"
#include "util/strbuf.h"

#define MAX_NAMED_USERS 8 /* users named in one warning before "and N more" */

/* Generation state shared by the helpers below. */
struct gen {
	const struct config *cfg;
	const struct rules_env *env;
	const char *root;
	struct rules_set *set;
	struct rules_users *users; /* loaded on first use */
	uint32_t uid_min, uid_max;
	char *err;
	size_t errlen;
};

/* Is the path a root other than "/"? */
static const char *
effective_root(const char *root)
{
	if (root == NULL || root[0] == '\0' || strspn(root, "/") == strlen(root))
		return NULL;
	return root;
}

/*
 * Add the watches for one executable: every distinct regular, executable
 * file its name resolves to. Returns the number of files found.
 */
static size_t
add_executable(struct gen *g, const struct config_watch *w)
{
	const char *const *dirs = config_executable_dirs(g->cfg);
	struct strbuf cand = STRBUF_INIT, real = STRBUF_INIT;
	char msg[512];
	size_t found = 0;
	int absolute = strchr(w->target, '/') != NULL;

	for (size_t i = 0; absolute ? i < 1 : dirs[i] != NULL; i++) {
		struct stat st;
		int rc;

		strbuf_reset(&cand);
		if (absolute)
			strbuf_puts(&cand, w->target);
		else
			strbuf_printf(&cand, "%s/%s", dirs[i], w->target);
		rc = rules_resolve(g->root, strbuf_str(&cand), &real, msg, sizeof(msg));
		if (rc < 0) {
			rules_set_warn(g->set, "executable %s: %s", strbuf_str(&cand), msg);
			continue;
		}
		if (rc != RULES_RESOLVE_EXISTS)
			continue;
		if (rules_root_lstat(g->root, strbuf_str(&real), &st) < 0 || !S_ISREG(st.st_mode) ||
		    (st.st_mode & 0111) == 0)
			continue;
		rules_set_add_watch(g->set, strbuf_str(&real), w->perm, w->key);
		found++;
	}
	strbuf_free(&cand);
	strbuf_free(&real);
	return found;
}

/* Append the executable directories, separated by ':', to sb. */
static void
put_dirs(const struct config *cfg, struct strbuf *sb)
{
	const char *const *dirs = config_executable_dirs(cfg);

	for (size_t i = 0; dirs[i] != NULL; i++) {
		if (i > 0)
			strbuf_putc(sb, ':');
		strbuf_puts(sb, dirs[i]);
	}
}

/* Does the configured path hold a per-user placeholder? */
static int
is_template(const char *path)
{
	return strncmp(path, "~/", 2) == 0 || strstr(path, "{home}") != NULL ||
	       strstr(path, "{uid}") != NULL || strstr(path, "{user}") != NULL;
}

/*
 * Expand the placeholders of path for user i into out. Returns 0, or -1 when
 * the result cannot be written in an audit rule (a home directory that is
 * not absolute, or holds blanks or control characters).
 */
static int
expand(const struct gen *g, const char *path, size_t i, struct strbuf *out)
{
	const char *home = rules_users_home(g->users, i);
	size_t hl = strlen(home);

	strbuf_reset(out);
	if (strncmp(path, "~/", 2) == 0 || strncmp(path, "{home}", 6) == 0) {
		if (home[0] != '/')
			return -1;
		while (hl > 0 && home[hl - 1] == '/')
			hl--;
		strbuf_add(out, home, hl);
		path += path[0] == '~' ? 1 : 6;
	}
	while (*path != '\0') {
		if (strncmp(path, "{uid}", 5) == 0) {
			strbuf_printf(out, "%u", (unsigned)rules_users_uid(g->users, i));
			path += 5;
		} else if (strncmp(path, "{user}", 6) == 0) {
			strbuf_puts(out, rules_users_name(g->users, i));
			path += 6;
		} else {
			strbuf_putc(out, *path++);
		}
	}
	if (out->len == 0)
		strbuf_putc(out, '/');
	for (size_t k = 0; k < out->len; k++)
		if ((unsigned char)out->buf[k] <= ' ' || out->buf[k] == 0x7f)
			return -1;
	return 0;
}

/*
 * Resolve one concrete path and add its watch when auditctl can load it.
 * Returns the resolver's status, or -1 with a message in msg.
 */
static int
add_concrete(struct gen *g, const struct config_watch *w, const char *path, char *msg,
	     size_t msglen)
{
	struct strbuf real = STRBUF_INIT;
	int rc = rules_resolve(g->root, path, &real, msg, msglen);

	if (rc == RULES_RESOLVE_EXISTS || rc == RULES_RESOLVE_MISSING)
		rules_set_add_watch(g->set, strbuf_str(&real), w->perm, w->key);
	else if (rc == RULES_RESOLVE_DENIED)
		snprintf(msg, msglen, "cannot search %s", strbuf_str(&real));
	strbuf_free(&real);
	return rc;
}

/* Load the users in the uid range, once. Returns 0, or -1 with a message. */
static int
load_users(struct gen *g)
{
	struct strbuf passwd = STRBUF_INIT, defs = STRBUF_INIT;
	const char *passwd_path = g->env->passwd;
	const char *defs_path = g->env->login_defs;
	uint32_t lmin, lmax;
	int rc = -1;

	if (g->users != NULL)
		return 0;
	if (defs_path == NULL) {
		rules_root_join(g->root, "/etc/login.defs", &defs);
		defs_path = strbuf_str(&defs);
	}
	if (passwd_path == NULL && g->root != NULL) {
		rules_root_join(g->root, "/etc/passwd", &passwd);
		passwd_path = strbuf_str(&passwd);
	}
	if (rules_login_defs_uid_range(defs_path, &lmin, &lmax, g->err, g->errlen) < 0)
		goto done;
	if (!config_uid_min(g->cfg, &g->uid_min))
		g->uid_min = lmin;
	if (!config_uid_max(g->cfg, &g->uid_max))
		g->uid_max = lmax;
	if (g->uid_min > g->uid_max) {
		snprintf(g->err, g->errlen, "uid range %u-%u is empty (configuration and %s)",
			 (unsigned)g->uid_min, (unsigned)g->uid_max, defs_path);
		goto done;
	}
	rc = rules_users_list(passwd_path, g->uid_min, g->uid_max, &g->users, g->err, g->errlen);
done:
	strbuf_free(&passwd);
	strbuf_free(&defs);
	return rc;
}

/*
 * Add the watches for one configured path, per user when it is a template.
 * Returns 0, or -1 with a message when the users cannot be listed.
 */
static int
add_path(struct gen *g, const struct config_watch *w)
{
	struct strbuf path = STRBUF_INIT, names = STRBUF_INIT;
	size_t left_out = 0;
	char msg[512];
	int rc;

	if (!is_template(w->target)) {
		rc = add_concrete(g, w, w->target, msg, sizeof(msg));
		if (rc < 0 || rc == RULES_RESOLVE_DENIED)
			rules_set_warn(g->set, "path %s (key %s): %s: left out", w->target, w->key,
				       msg);
		else if (rc == RULES_RESOLVE_NO_PARENT)
			rules_set_warn(g->set,
				       "path %s (key %s): its directory does not exist: left out",
				       w->target, w->key);
		return 0;
	}
	if (load_users(g) < 0)
		return -1;
	for (size_t i = 0; i < rules_users_count(g->users); i++) {
		if (expand(g, w->target, i, &path) < 0) {
			rules_set_warn(g->set,
				       "path %s (key %s): user %s's home directory cannot be "
				       "written in an audit rule: left out",
				       w->target, w->key, rules_users_name(g->users, i));
			continue;
		}
		rc = add_concrete(g, w, strbuf_str(&path), msg, sizeof(msg));
		if (rc < 0 || rc == RULES_RESOLVE_DENIED) {
			rules_set_warn(g->set, "path %s (key %s): %s: left out", strbuf_str(&path),
				       w->key, msg);
		} else if (rc == RULES_RESOLVE_NO_PARENT) {
			if (left_out < MAX_NAMED_USERS)
				strbuf_printf(&names, "%s%s", left_out > 0 ? ", " : "",
					      rules_users_name(g->users, i));
			left_out++;
		}
	}
	if (left_out > MAX_NAMED_USERS)
		strbuf_printf(&names, " and %zu more", left_out - MAX_NAMED_USERS);
	if (left_out > 0)
		rules_set_warn(g->set,
			       "path %s (key %s): left out for %zu user%s whose directory does not "
			       "exist: %s",
			       w->target, w->key, left_out, left_out == 1 ? "" : "s",
			       strbuf_str(&names));
	strbuf_free(&path);
	strbuf_free(&names);
	return 0;
}

/* Build the rule set; see generate.h. */
int
rules_generate(const struct config *cfg, const struct rules_env *env, struct rules_set **out,
	       char *err, size_t errlen)
{
	static const struct rules_env no_env = {NULL, NULL, NULL};
	struct gen g;
	const struct config_watch *w;
	size_t n;

	*out = NULL;
	memset(&g, 0, sizeof(g));
	g.cfg = cfg;
	g.env = env != NULL ? env : &no_env;
	g.root = effective_root(g.env->root);
	g.set = rules_set_new();
	g.err = err;
	g.errlen = errlen;

	w = config_executables(cfg, &n);
	for (size_t i = 0; i < n; i++) {
		if (add_executable(&g, &w[i]) == 0) {
			struct strbuf dirs = STRBUF_INIT;
			if (strchr(w[i].target, '/') == NULL)
				put_dirs(cfg, &dirs);
			rules_set_warn(
			    g.set, "executable %s (key %s) is not installed%s%s: left out",
			    w[i].target, w[i].key, dirs.len > 0 ? " in " : "", strbuf_str(&dirs));
			strbuf_free(&dirs);
		}
	}
	w = config_paths(cfg, &n);
	for (size_t i = 0; i < n; i++) {
		if (add_path(&g, &w[i]) < 0) {
			rules_users_free(g.users);
			rules_set_free(g.set);
			return -1;
		}
	}
	rules_users_free(g.users);
	*out = g.set;
	return 0;
}
