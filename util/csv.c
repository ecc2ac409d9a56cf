/*
 * csv.c: CSV cells; see csv.h.
 */
#include "util/csv.h"

#include <inttypes.h>

#include "util/json.h"

void
csv_put_text(struct strbuf *sb, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	int quote = 0;
	size_t i, k;

	for (i = 0; i < n; i++)
		if (u[i] == ',' || u[i] == '"' || u[i] == '\r' || u[i] == '\n') {
			quote = 1;
			break;
		}
	if (quote)
		strbuf_putc(sb, '"');
	if (n > 0 && (u[0] == '=' || u[0] == '+' || u[0] == '-' || u[0] == '@' || u[0] == '\t' ||
		      u[0] == '\r'))
		strbuf_putc(sb, '\'');
	for (i = 0; i < n;) {
		k = u[i] == 0 ? 0 : utf8_seq_len(u + i, n - i);
		if (k == 0) {
			strbuf_printf(sb, "\\x%02x", u[i]);
			i++;
			continue;
		}
		if (k == 1 && u[i] == '"')
			strbuf_putc(sb, '"');
		strbuf_add(sb, u + i, k);
		i += k;
	}
	if (quote)
		strbuf_putc(sb, '"');
}

void
csv_put_int(struct strbuf *sb, int64_t v)
{
	strbuf_printf(sb, "%" PRId64, v);
}
