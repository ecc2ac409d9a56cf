/*
 * escape.c: making untrusted bytes harmless for a terminal.
 */
#include "util/escape.h"

#include "util/json.h"

void
escape_terminal(struct strbuf *sb, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t len;

		if (c >= 0x20 && c < 0x7f) {
			if (c == '\\')
				strbuf_puts(sb, "\\\\");
			else
				strbuf_putc(sb, (char)c);
			i++;
			continue;
		}
		if (c == '\n' || c == '\t' || c == '\r') {
			strbuf_puts(sb, c == '\n' ? "\\n" : c == '\t' ? "\\t" : "\\r");
			i++;
			continue;
		}
		len = c >= 0x80 ? utf8_seq_len(p + i, n - i) : 0;
		/* U+0080..U+009F (C1 controls) are encoded as 0xc2 0x80..0x9f. */
		if (len > 0 && !(len == 2 && c == 0xc2 && p[i + 1] < 0xa0)) {
			strbuf_add(sb, p + i, len);
			i += len;
			continue;
		}
		strbuf_puts(sb, "\\x");
		strbuf_putc(sb, hex[c >> 4]);
		strbuf_putc(sb, hex[c & 15]);
		i++;
	}
}
