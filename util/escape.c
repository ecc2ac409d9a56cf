/*
 * escape.c: making untrusted bytes harmless for a terminal.
 */
#include "util/escape.h"

#include "util/json.h"

/* The code point of a valid UTF-8 sequence of len bytes. */
static unsigned
decode(const unsigned char *p, size_t len)
{
	unsigned cp = len == 1	 ? p[0]
		      : len == 2 ? p[0] & 0x1f
		      : len == 3 ? p[0] & 0x0f
				 : p[0] & 0x07;

	for (size_t k = 1; k < len; k++)
		cp = (cp << 6) | (p[k] & 0x3f);
	return cp;
}

/*
 * Characters that change how the text around them is shown without being
 * seen: bidirectional embeddings, overrides and isolates (U+202A..U+202E,
 * U+2066..U+2069), the direction marks (U+200E, U+200F, U+061C), zero-width
 * characters (U+200B..U+200D, U+2060, U+FEFF). A command line holding them
 * could read differently from what ran ("Trojan Source").
 */
static int
invisible(const unsigned char *p, size_t len)
{
	unsigned cp;

	if (len < 2)
		return 0;
	cp = decode(p, len);
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       (cp >= 0x200b && cp <= 0x200f) || cp == 0x061c || cp == 0x2060 || cp == 0xfeff;
}

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
		if (len > 0 && invisible(p + i, len)) {
			strbuf_printf(sb, "\\u%04x", decode(p + i, len));
			i += len;
			continue;
		}
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
