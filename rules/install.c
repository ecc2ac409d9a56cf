/*
 * install.c: atomic, idempotent file installation under /etc/audit.
 */
#include "rules/install.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/rule.h"

#define MAX_READ (64u * 1024 * 1024)

/* Read a regular file without following links; see install.h. */
int
rules_install_read(const char *path, struct strbuf *out, char *err, size_t errlen)
{
	struct stat st;
	char buf[8192];
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);

	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path,
			 errno == ELOOP ? "is a symbolic link" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	while ((r = read(fd, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (out->len + (size_t)r > MAX_READ) {
			snprintf(err, errlen, "%s: larger than %u bytes", path, MAX_READ);
			close(fd);
			return -1;
		}
		strbuf_add(out, buf, (size_t)r);
	}
	close(fd);
	return 1;
}

/*
 * Create the directory dir and its missing parents with mode. Returns 0, or
 * -1 with a message (also when something on the way is not a directory).
 */
static int
make_dirs(const char *dir, mode_t mode, char *err, size_t errlen)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int rc = 0;

	strbuf_puts(&sb, dir);
	for (size_t i = 1; i <= sb.len && rc == 0; i++) {
		char c = sb.buf[i];
		if (c != '/' && c != '\0')
			continue;
		sb.buf[i] = '\0';
		if (mkdir(sb.buf, mode) < 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", sb.buf, strerror(errno));
			rc = -1;
		} else if (stat(sb.buf, &st) < 0 || !S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s: not a directory", sb.buf);
			rc = -1;
		}
		sb.buf[i] = c;
	}
	strbuf_free(&sb);
	return rc;
}

/* Write all len bytes to fd. Returns 0, or -1 with errno set. */
static int
write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* fsync the directory dir. Returns 0, or -1 with errno set. */
static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Install content at path atomically and idempotently; see install.h. */
int
rules_install_write(const char *path, const char *content, size_t len, mode_t mode, char *err,
		    size_t errlen)
{
	struct strbuf cur = STRBUF_INIT, dir = STRBUF_INIT, tmp = STRBUF_INIT;
	const char *slash = strrchr(path, '/');
	struct stat st;
	int exists = 0, fd = -1, rc = -1;

	if (slash == NULL || slash[1] == '\0') {
		snprintf(err, errlen, "%s: not a file path", path);
		return -1;
	}
	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "%s: not a regular file; refusing to replace it",
				 path);
			return -1;
		}
		exists = 1;
		if (rules_install_read(path, &cur, err, errlen) < 0)
			goto done;
		if (cur.len == len && memcmp(strbuf_str(&cur), content, len) == 0 &&
		    (st.st_mode & 07777) == mode) {
			rc = RULES_INSTALL_UNCHANGED;
			goto done;
		}
	} else if (errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (slash == path)
		strbuf_puts(&dir, "/");
	else
		strbuf_add(&dir, path, (size_t)(slash - path));
	if (make_dirs(strbuf_str(&dir), 0750, err, errlen) < 0)
		goto done;
	strbuf_printf(&tmp, "%s/.%s.XXXXXX", slash == path ? "" : strbuf_str(&dir), slash + 1);
	fd = mkostemp(tmp.buf, O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", strbuf_str(&tmp), strerror(errno));
		strbuf_reset(&tmp);
		goto done;
	}
	/* Keep the owner of the file being replaced; as root this cannot fail. */
	if (exists && (st.st_uid != geteuid() || st.st_gid != getegid()))
		(void)!fchown(fd, st.st_uid, st.st_gid);
	if (fchmod(fd, mode) < 0 || write_all(fd, content, len) < 0 || fsync(fd) < 0) {
		snprintf(err, errlen, "%s: %s", strbuf_str(&tmp), strerror(errno));
		goto done;
	}
	if (close(fd) < 0) {
		fd = -1;
		snprintf(err, errlen, "%s: %s", strbuf_str(&tmp), strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(strbuf_str(&tmp), path) < 0) {
		snprintf(err, errlen, "rename %s to %s: %s", strbuf_str(&tmp), path,
			 strerror(errno));
		goto done;
	}
	strbuf_reset(&tmp);
	if (sync_dir(strbuf_str(&dir)) < 0) {
		snprintf(err, errlen, "%s: fsync: %s", strbuf_str(&dir), strerror(errno));
		goto done;
	}
	rc = RULES_INSTALL_WRITTEN;
done:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp.len > 0)
		unlink(strbuf_str(&tmp));
	strbuf_free(&cur);
	strbuf_free(&dir);
	strbuf_free(&tmp);
	return rc;
}

/* qsort comparison of C strings. */
static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Warn about each rule of set found in file path. Returns the number found. */
static long
scan_file(const char *path, const struct rules_set *set, struct rules_set *notes)
{
	struct strbuf text = STRBUF_INIT, norm = STRBUF_INIT;
	char msg[256];
	unsigned lineno = 0;
	long found = 0;
	char *line, *next;

	if (rules_install_read(path, &text, msg, sizeof(msg)) <= 0) {
		strbuf_free(&text);
		return 0;
	}
	for (line = text.buf; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		if (rules_rule_normalize(line, &norm, msg, sizeof(msg)) == 1 &&
		    rules_set_contains(set, strbuf_str(&norm))) {
			rules_set_warn(notes,
				       "%s:%u: '%s' is also here; auditctl refuses a rule that "
				       "exists already, and augenrules --load stops at the first "
				       "refusal: remove one of them",
				       path, lineno, strbuf_str(&norm));
			found++;
		}
	}
	strbuf_free(&text);
	strbuf_free(&norm);
	return found;
}

/* Find podaudit's rules in the other rules files; see install.h. */
long
rules_install_find_duplicates(const char *dir, const char *own_name, const struct rules_set *set,
			      struct rules_set *notes, char *err, size_t errlen)
{
	struct strbuf path = STRBUF_INIT;
	char **names = NULL;
	size_t n = 0, cap = 0;
	long found = 0;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (d == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 7 || strcmp(de->d_name + len - 6, ".rules") != 0 ||
		    strcmp(de->d_name, own_name) == 0 || de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **v;
			cap = cap ? cap * 2 : 16;
			v = realloc(names, cap * sizeof(char *));
			if (v == NULL)
				break;
			names = v;
		}
		names[n] = strdup(de->d_name);
		if (names[n] == NULL)
			break;
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(char *), cmp_name);
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&path);
		strbuf_printf(&path, "%s/%s", dir, names[i]);
		found += scan_file(strbuf_str(&path), set, notes);
		free(names[i]);
	}
	free(names);
	strbuf_free(&path);
	return found;
}
