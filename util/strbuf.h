/*
 * strbuf.h: a growable, always NUL-terminated byte buffer.
 *
 * A strbuf lives in caller storage: initialise with STRBUF_INIT, release
 * with strbuf_free(). Allocation failures abort the process: podaudit has no
 * meaningful way to continue without memory, and every caller would
 * otherwise carry the same three lines.
 */
#ifndef PODAUDIT_STRBUF_H
#define PODAUDIT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf; /* NUL-terminated when cap > 0 */
	size_t len;
	size_t cap;
};

#define STRBUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* Make room for at least n more bytes after len. */
void strbuf_grow(struct strbuf *sb, size_t n);
/* Append n bytes (which may contain NUL). */
void strbuf_add(struct strbuf *sb, const void *data, size_t n);
/* Append a NUL-terminated string. */
void strbuf_puts(struct strbuf *sb, const char *s);
/* Append one byte. */
void strbuf_putc(struct strbuf *sb, char c);
/* Append printf-formatted text. */
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Forget the contents, keep the allocation. */
void strbuf_reset(struct strbuf *sb);
/* Release the allocation; the buffer may be reused after STRBUF_INIT. */
void strbuf_free(struct strbuf *sb);
/* Return the contents as a NUL-terminated string ("" when empty); valid until the next change. */
const char *strbuf_str(const struct strbuf *sb);

#endif
