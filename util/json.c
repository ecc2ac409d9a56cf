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
