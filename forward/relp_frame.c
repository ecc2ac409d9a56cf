/*
 * relp_frame.c: RELP frame parsing; see relp_frame.h.
 */
#include "forward/relp_frame.h"

#include <string.h>

/*
 * Read a NUMBER (1 to 9 digits) at buf[*i] followed by a space (or, when
 * lf_ok, by LF). Returns 1 with *v set and *i past the number, 0 when buf
 * ends before the terminator, -1 when it is not a number.
 */
static int
number(const char *buf, size_t n, size_t *i, int lf_ok, uint32_t *v)
{
	size_t start = *i;
	uint32_t x = 0;

	while (*i < n && buf[*i] >= '0' && buf[*i] <= '9') {
		if (*i - start == 9)
			return -1;
		x = x * 10 + (uint32_t)(buf[*i] - '0');
		(*i)++;
	}
	if (*i == n)
		return *i - start <= 9 ? 0 : -1;
	if (*i == start || (buf[*i] != ' ' && !(lf_ok && buf[*i] == '\n')))
		return -1;
	*v = x;
	return 1;
}

long
relp_frame_parse(const char *buf, size_t n, size_t max_data, struct relp_frame *f)
{
	size_t i = 0, c;
	uint32_t datalen = 0;
	int r;

	if ((r = number(buf, n, &i, 0, &f->txnr)) <= 0)
		return r;
	c = ++i;
	while (i < n && ((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= 'A' && buf[i] <= 'Z'))) {
		if (i - c == 32)
			return -1;
		i++;
	}
	if (i == n)
		return 0;
	if (i == c || buf[i] != ' ')
		return -1;
	memcpy(f->cmd, buf + c, i - c);
	f->cmd[i - c] = '\0';
	i++;
	if ((r = number(buf, n, &i, 1, &datalen)) <= 0)
		return r;
	if (datalen > max_data)
		return -1;
	if (datalen == 0) {
		/* "0" LF; tolerate "0" SP LF */
		if (buf[i] == ' ') {
			if (++i == n)
				return 0;
			if (buf[i] != '\n')
				return -1;
		}
		f->data = buf + i;
		f->len = 0;
		return (long)(i + 1);
	}
	if (buf[i] != ' ')
		return -1;
	i++;
	if (n - i < (size_t)datalen + 1)
		return 0;
	if (buf[i + datalen] != '\n')
		return -1;
	f->data = buf + i;
	f->len = datalen;
	return (long)(i + datalen + 1);
}

int
relp_rsp_status(const char *data, size_t len, const char **text, size_t *textlen)
{
	const char *lf;
	size_t skip = 3;

	if (len < 3 || data[0] < '0' || data[0] > '9' || data[1] < '0' || data[1] > '9' ||
	    data[2] < '0' || data[2] > '9' || (len > 3 && data[3] != ' ' && data[3] != '\n'))
		return -1;
	if (len > 3 && data[3] == ' ')
		skip = 4;
	lf = memchr(data + skip, '\n', len - skip);
	if (text != NULL)
		*text = data + skip;
	if (textlen != NULL)
		*textlen = (lf != NULL ? (size_t)(lf - data) : len) - skip;
	return (data[0] - '0') * 100 + (data[1] - '0') * 10 + (data[2] - '0');
}

int
relp_offers_have(const char *data, size_t len, const char *name, const char *value)
{
	const char *p = memchr(data, '\n', len), *end = data + len;
	size_t nl = strlen(name), vl = value != NULL ? strlen(value) : 0;

	while (p != NULL && p < end) {
		const char *line = p + 1, *eol = memchr(line, '\n', (size_t)(end - line));
		const char *q;

		if (eol == NULL)
			eol = end;
		p = eol;
		if ((size_t)(eol - line) < nl || memcmp(line, name, nl) != 0)
			continue;
		q = line + nl;
		if (q != eol && *q != '=')
			continue;
		if (value == NULL)
			return 1;
		while (q != eol) {
			const char *v = q + 1, *comma = memchr(v, ',', (size_t)(eol - v));
			if (comma == NULL)
				comma = eol;
			if ((size_t)(comma - v) == vl && memcmp(v, value, vl) == 0)
				return 1;
			q = comma;
		}
	}
	return 0;
}
