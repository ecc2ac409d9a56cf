/*
 * resolve.c: symbolic-link resolution confined to a root directory.
 */
#include "rules/resolve.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_LINKS 40

/* Join root and the absolute path into out; see resolve.h. */
void
rules_root_join(const char *root, const char *path, struct strbuf *out)
{
	size_t n = root != NULL ? strlen(root) : 0;

	assert(path[0] == '/');
	while (n > 0 && root[n - 1] == '/')
		n--;
	strbuf_reset(out);
	if (n > 0)
		strbuf_add(out, root, n);
	strbuf_puts(out, path);
}

/* lstat() path inside root; see resolve.h. */
int
rules_root_lstat(const char *root, const char *path, struct stat *st)
{
	struct strbuf full = STRBUF_INIT;
	int rc;

	rules_root_join(root, path, &full);
	rc = lstat(strbuf_str(&full), st);
	strbuf_free(&full);
	return rc;
}

/* Is there another component in s after position pos (skipping slashes)? */
static int
more_components(const char *s, size_t pos)
{
	while (s[pos] == '/')
		pos++;
	return s[pos] != '\0';
}

/* Remove the last component of the resolved path cur ("" stands for "/"). */
static void
drop_last(struct strbuf *cur)
{
	while (cur->len > 0 && cur->buf[cur->len - 1] != '/')
		cur->len--;
	if (cur->len > 0)
		cur->len--;
	if (cur->buf != NULL)
		cur->buf[cur->len] = '\0';
}

/*
 * Walk path component by component inside root, following links; see
 * resolve.h for the results.
 */
int
rules_resolve(const char *root, const char *path, struct strbuf *out, char *err, size_t errlen)
{
	struct strbuf rest = STRBUF_INIT, cur = STRBUF_INIT, full = STRBUF_INIT, next = STRBUF_INIT;
	char target[PATH_MAX];
	int links = 0, rc = RULES_RESOLVE_EXISTS;
	size_t pos = 0;

	if (path[0] != '/') {
		snprintf(err, errlen, "%s: not an absolute path", path);
		return -1;
	}
	strbuf_puts(&rest, path);
	for (;;) {
		const char *s = strbuf_str(&rest);
		size_t start, n, before;
		struct stat st;
		ssize_t tl;

		while (s[pos] == '/')
			pos++;
		if (s[pos] == '\0')
			break;
		start = pos;
		while (s[pos] != '\0' && s[pos] != '/')
			pos++;
		n = pos - start;
		if (n == 1 && s[start] == '.')
			continue;
		if (n == 2 && s[start] == '.' && s[start + 1] == '.') {
			drop_last(&cur);
			continue;
		}
		before = cur.len;
		strbuf_putc(&cur, '/');
		strbuf_add(&cur, s + start, n);
		if (cur.len >= PATH_MAX) {
			snprintf(err, errlen, "%s: path too long", path);
			rc = -1;
			goto done;
		}
		rules_root_join(root, strbuf_str(&cur), &full);
		if (lstat(strbuf_str(&full), &st) < 0) {
			if (errno == ENOENT) {
				rc = more_components(s, pos) ? RULES_RESOLVE_NO_PARENT
							     : RULES_RESOLVE_MISSING;
			} else if (errno == ENOTDIR) {
				rc = RULES_RESOLVE_NO_PARENT;
			} else if (errno == EACCES) {
				cur.len = before;
				cur.buf[cur.len] = '\0';
				rc = RULES_RESOLVE_DENIED;
			} else {
				snprintf(err, errlen, "%s: %s", strbuf_str(&full), strerror(errno));
				rc = -1;
			}
			goto done;
		}
		if (S_ISLNK(st.st_mode)) {
			if (++links > MAX_LINKS) {
				snprintf(err, errlen, "%s: %s", path, strerror(ELOOP));
				rc = -1;
				goto done;
			}
			tl = readlink(strbuf_str(&full), target, sizeof(target));
			if (tl < 0 || (size_t)tl >= sizeof(target)) {
				snprintf(err, errlen, "%s: %s", strbuf_str(&full),
					 tl < 0 ? strerror(errno) : "link target too long");
				rc = -1;
				goto done;
			}
			strbuf_reset(&next);
			strbuf_add(&next, target, (size_t)tl);
			strbuf_putc(&next, '/');
			strbuf_puts(&next, s + pos);
			strbuf_reset(&rest);
			strbuf_add(&rest, next.buf, next.len);
			pos = 0;
			if (target[0] == '/')
				cur.len = 0;
			else
				cur.len = before;
			cur.buf[cur.len] = '\0';
			continue;
		}
		if (!S_ISDIR(st.st_mode) && more_components(s, pos)) {
			rc = RULES_RESOLVE_NO_PARENT;
			goto done;
		}
	}
done:
	if (rc >= 0) {
		strbuf_reset(out);
		strbuf_puts(out, cur.len > 0 ? strbuf_str(&cur) : "/");
	}
	strbuf_free(&rest);
	strbuf_free(&cur);
	strbuf_free(&full);
	strbuf_free(&next);
	return rc;
}
