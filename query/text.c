/*
 * text.c: terminal text pieces; see text.h.
 */
#include "query/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/alloc.h"
#include "util/escape.h"
#include "util/json.h"
#include "util/when.h"

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026, one column */

/* Skip JSON white space. */
static const char *
skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

int
query_argv_decode(const char *json, struct query_argv *out)
{
	const char *p;
	size_t cap = 0;

	memset(out, 0, sizeof(*out));
	if (json == NULL)
		return -1;
	p = skip_ws(json);
	if (*p++ != '[')
		return -1;
	p = skip_ws(p);
	if (*p == ']')
		return *skip_ws(p + 1) == '\0' ? 0 : -1;
	for (;;) {
		struct strbuf sb = STRBUF_INIT;

		if (json_get_string(&p, &sb) != 0) {
			strbuf_free(&sb);
			query_argv_free(out);
			return -1;
		}
		if (out->n == cap) {
			cap = cap ? cap * 2 : 8;
			out->arg = alloc_check(realloc(out->arg, cap * sizeof(char *)));
			out->len = alloc_check(realloc(out->len, cap * sizeof(size_t)));
		}
		out->len[out->n] = sb.len;
		out->arg[out->n++] = sb.buf ? sb.buf : alloc_check(calloc(1, 1));
		p = skip_ws(p);
		if (*p == ',') {
			p = skip_ws(p + 1);
			continue;
		}
		if (*p == ']' && *skip_ws(p + 1) == '\0')
			return 0;
		query_argv_free(out);
		return -1;
	}
}

void
query_argv_free(struct query_argv *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->arg[i]);
	free(a->arg);
	free(a->len);
	memset(a, 0, sizeof(*a));
}

void
query_argv_line(struct strbuf *sb, const struct query_argv *a)
{
	for (size_t i = 0; i < a->n; i++) {
		const char *s = a->arg[i];
		size_t n = a->len[i];
		int quote = n == 0 || memchr(s, ' ', n) || memchr(s, '\'', n) || memchr(s, '"', n);

		if (i > 0)
			strbuf_putc(sb, ' ');
		if (!quote) {
			escape_terminal(sb, s, n);
			continue;
		}
		strbuf_putc(sb, '\'');
		for (size_t k = 0; k < n;) {
			size_t run = 0;
			while (k + run < n && s[k + run] != '\'')
				run++;
			escape_terminal(sb, s + k, run);
			k += run;
			if (k < n) {
				strbuf_puts(sb, "\\'");
				k++;
			}
		}
		strbuf_putc(sb, '\'');
	}
}

void
query_put_escaped(struct strbuf *sb, const char *s)
{
	if (s != NULL)
		escape_terminal(sb, s, strlen(s));
}

char *
query_time(int64_t sec, int msec, char *buf, size_t n)
{
	struct tm tm;
	char day[24];

	when_local(sec * 1000 + msec, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(buf, n, "%s.%03d", day, msec);
	return buf;
}

size_t
query_width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

void
query_put_cell(struct strbuf *sb, const char *s, size_t n, size_t width, int pad)
{
	size_t w = query_width(s, n), i, cols;

	if (w <= width) {
		strbuf_add(sb, s, n);
		if (pad)
			for (; w < width; w++)
				strbuf_putc(sb, ' ');
		return;
	}
	if (width == 0)
		return;
	/* Keep width - 1 characters, then the ellipsis. */
	for (i = 0, cols = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (cols == width - 1)
				break;
			cols++;
		}
	}
	strbuf_add(sb, s, i);
	strbuf_puts(sb, ELLIPSIS);
}

/*
 * Narrow the directory prefix in acc (not empty, starting with '/') to the
 * longest one it shares with the absolute path (n bytes), cut at a '/':
 * "/a/b/c" and "/a/b/d" share "/a/b"; "/a" and "/b" share "/".
 */
static void
common_dir(struct strbuf *acc, const char *path, size_t n)
{
	size_t i = 0, cut;

	while (i < acc->len && i < n && acc->buf[i] == path[i])
		i++;
	/* One is the other, or a directory of the other: keep the shorter whole. */
	if ((i == acc->len && (i == n || path[i] == '/')) || (i == n && acc->buf[i] == '/')) {
		acc->len = i;
		acc->buf[i] = '\0';
		return;
	}
	cut = i;
	while (cut > 0 && acc->buf[cut - 1] != '/')
		cut--;
	/* acc->buf[cut - 1] is the last '/' of the common part; keep the root '/'. */
	acc->len = cut > 1 ? cut - 1 : 1;
	acc->buf[acc->len] = '\0';
}

void
query_dirsum_add(struct query_dirsum *d, const char *path, size_t n)
{
	if (n == 0 || path[0] != '/' || (n >= 6 && memcmp(path, "/proc/", 6) == 0)) {
		d->elsewhere++;
		return;
	}
	d->in++;
	if (d->dir.len == 0)
		strbuf_add(&d->dir, path, n);
	else
		common_dir(&d->dir, path, n);
}

void
query_dirsum_put(const struct query_dirsum *d, struct strbuf *sb)
{
	if (d->in > 0) {
		strbuf_puts(sb, " under ");
		escape_terminal(sb, d->dir.buf, d->dir.len);
	}
	if (d->elsewhere > 0 && d->in > 0)
		strbuf_printf(sb, " (%lld elsewhere)", (long long)d->elsewhere);
}

void
query_dirsum_free(struct query_dirsum *d)
{
	strbuf_free(&d->dir);
	memset(d, 0, sizeof(*d));
}
