/*
 * json.c: JSON string encoding of arbitrary bytes.
 */
#include "util/json.h"

size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void
json_put_string(struct strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	strbuf_grow(sb, n + 2);
	strbuf_putc(sb, '"');
	while (i < n) {
		unsigned c = p[i];
		size_t len;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			size_t j = i + 1;
			while (j < n && p[j] >= 0x20 && p[j] < 0x7f && p[j] != '"' && p[j] != '\\')
				j++;
			strbuf_add(sb, p + i, j - i);
			i = j;
			continue;
		}
		switch (c) {
		case '"':
			strbuf_puts(sb, "\\\"");
			i++;
			continue;
		case '\\':
			strbuf_puts(sb, "\\\\");
			i++;
			continue;
		case '\n':
			strbuf_puts(sb, "\\n");
			i++;
			continue;
		case '\t':
			strbuf_puts(sb, "\\t");
			i++;
			continue;
		case '\r':
			strbuf_puts(sb, "\\r");
			i++;
			continue;
		default:
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
			strbuf_puts(sb, u);
			i++;
			continue;
		}
		len = utf8_seq_len(p + i, n - i);
		if (len > 0) {
			strbuf_add(sb, p + i, len);
			i += len;
		} else {
			char u[7] = {'\\', 'u', 'd', 'c', hex[c >> 4], hex[c & 15], 0};
			strbuf_puts(sb, u);
			i++;
		}
	}
	strbuf_putc(sb, '"');
}

/* Value of hex digit c, or -1. */
static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Read 4 hex digits at p into *v. Returns 0, or -1. */
static int
hex4(const char *p, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval((unsigned char)p[i]);
		if (h < 0)
			return -1;
		*v = *v << 4 | (unsigned)h;
	}
	return 0;
}

/* Append code point cp to sb as UTF-8. */
static void
put_utf8(struct strbuf *sb, unsigned cp)
{
	char b[4];

	if (cp < 0x80) {
		strbuf_putc(sb, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 3);
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		strbuf_add(sb, b, 4);
	}
}

int
json_get_string(const char **pp, struct strbuf *sb)
{
	const char *p = *pp;
	unsigned cp, lo;

	if (*p++ != '"')
		return -1;
	for (;;) {
		char c = *p++;
		if (c == '\0')
			return -1;
		if (c == '"')
			break;
		if (c != '\\') {
			strbuf_putc(sb, c);
			continue;
		}
		c = *p++;
		switch (c) {
		case '"':
		case '\\':
		case '/':
			strbuf_putc(sb, c);
			break;
		case 'b':
			strbuf_putc(sb, '\b');
			break;
		case 'f':
			strbuf_putc(sb, '\f');
			break;
		case 'n':
			strbuf_putc(sb, '\n');
			break;
		case 'r':
			strbuf_putc(sb, '\r');
			break;
		case 't':
			strbuf_putc(sb, '\t');
			break;
		case 'u':
			if (hex4(p, &cp) != 0)
				return -1;
			p += 4;
			if (cp >= 0xdc80 && cp <= 0xdcff) {
				strbuf_putc(sb, (char)(cp - 0xdc00)); /* surrogateescape */
			} else if (cp >= 0xd800 && cp <= 0xdbff && p[0] == '\\' && p[1] == 'u' &&
				   hex4(p + 2, &lo) == 0 && lo >= 0xdc00 && lo <= 0xdfff) {
				p += 6;
				put_utf8(sb, 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00));
			} else if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff)) {
				return -1; /* NUL, or a lone surrogate that is not a byte */
			} else {
				put_utf8(sb, cp);
			}
			break;
		default:
			return -1;
		}
	}
	*pp = p;
	return 0;
}
