/*
 * text.c: the report model for a terminal (--format text, the default); see
 * render.h. Every line fits opts->width columns (100 by default): cells are
 * cut with ".." when they do not fit. Strings from the log go through
 * util/escape.h, so no byte of a record reaches the terminal as a control.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/render.h"
#include "util/escape.h"
#include "util/json.h"

#define DEFAULT_WIDTH 100
#define MIN_WIDTH     100 /* the day x hour grid takes 98 columns */
#define GRID_ALL_DAYS 62  /* longer windows list only the days with events */

/* --- display width ----------------------------------------------------------- */

/* Columns a code point takes: 2 for East Asian wide and emoji, else 1 (never less). */
static int
cp_width(unsigned long c)
{
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) ||
	    (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

/*
 * Decode the UTF-8 sequence at s (escape_terminal() output: valid UTF-8);
 * sets *len and returns the code point.
 */
static unsigned long
cp_at(const unsigned char *s, size_t n, size_t *len)
{
	size_t k = utf8_seq_len(s, n);
	unsigned long c;

	if (k <= 1) {
		*len = 1;
		return s[0];
	}
	c = s[0] & (0xff >> (k + 1));
	for (size_t i = 1; i < k; i++)
		c = (c << 6) | (s[i] & 0x3f);
	*len = k;
	return c;
}

/* Display width of escaped text. */
static int
text_width(const char *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n;) {
		size_t len;
		w += cp_width(cp_at((const unsigned char *)s + i, n - i, &len));
		i += len;
	}
	return w;
}

/* Escape n bytes of s for the terminal into a fresh buffer. */
static void
escape_into(struct strbuf *tmp, const char *s, size_t n)
{
	strbuf_reset(tmp);
	escape_terminal(tmp, s, n);
}

/*
 * Append escaped text e (en bytes) cut to at most width columns (".." marks a
 * cut), padded with spaces to width unless pad is 0; right-aligned when right.
 */
static void
put_fit(struct strbuf *out, const char *e, size_t en, int width, int right, int pad)
{
	int w = text_width(e, en);
	size_t keep = en;

	if (width < 0)
		width = 0;
	if (w > width) {
		int budget = width >= 2 ? width - 2 : 0, used = 0;
		size_t i = 0, len;
		while (i < en) {
			int cw = cp_width(cp_at((const unsigned char *)e + i, en - i, &len));
			if (used + cw > budget)
				break;
			used += cw;
			i += len;
		}
		keep = i;
		w = used + (width >= 2 ? 2 : 0);
	}
	if (right && pad)
		strbuf_printf(out, "%*s", width - w, "");
	strbuf_add(out, e, keep);
	if (keep < en && width >= 2)
		strbuf_puts(out, "..");
	if (!right && pad)
		strbuf_printf(out, "%*s", width - w, "");
}

/* Append raw log bytes as one cell of width columns. */
static void
put_cell(struct strbuf *out, struct strbuf *tmp, const char *s, size_t n, int width, int right)
{
	escape_into(tmp, s, n);
	put_fit(out, tmp->buf ? tmp->buf : "", tmp->len, width, right, 1);
}

/* Display width of raw log bytes once escaped. */
static int
raw_width(struct strbuf *tmp, const char *s, size_t n)
{
	escape_into(tmp, s, n);
	return text_width(tmp->buf ? tmp->buf : "", tmp->len);
}

/* Remove trailing spaces of the current line, then end it. */
static void
end_line(struct strbuf *out)
{
	while (out->len > 0 && out->buf[out->len - 1] == ' ')
		out->len--;
	if (out->buf)
		out->buf[out->len] = '\0';
	strbuf_putc(out, '\n');
}

/* --- model access ------------------------------------------------------------ */

static const char *
str_of(const json_t *o, const char *key, size_t *n)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_string(v)) {
		*n = 0;
		return "";
	}
	*n = json_string_length(v);
	return json_string_value(v);
}

static long long
int_of(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

/* Width of the widest member `key` of the objects of arr, escaped, at least min. */
static int
widest(struct strbuf *tmp, const json_t *arr, const char *key, int min)
{
	const json_t *row;
	size_t i, n;
	int w = min;

	json_array_foreach(arr, i, row)
	{
		const char *s = str_of(row, key, &n);
		int rw = raw_width(tmp, s, n);
		if (rw > w)
			w = rw;
	}
	return w;
}

static int
clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* --- sections ---------------------------------------------------------------- */

struct ctx {
	const json_t *m;
	struct strbuf *out;
	struct strbuf tmp;
	int width;
};

static void
heading(struct ctx *c, const char *title)
{
	strbuf_printf(c->out, "\n%s\n", title);
}

static void
section_summary(struct ctx *c)
{
	const json_t *period = json_object_get(c->m, "period"), *dbs;
	const char *s;
	size_t n, i;
	const json_t *v;

	strbuf_puts(c->out, "podaudit report: ");
	s = str_of(period, "since", &n);
	escape_terminal(c->out, s, n);
	strbuf_puts(c->out, " to ");
	s = str_of(period, "until", &n);
	escape_terminal(c->out, s, n);
	end_line(c->out);
	strbuf_puts(c->out, "window [since, until): the start is in, the end is out; hours in ");
	s = str_of(period, "timezone", &n);
	escape_into(&c->tmp, s, n);
	put_fit(c->out, c->tmp.buf ? c->tmp.buf : "", c->tmp.len, c->width - 66, 0, 0);
	end_line(c->out);
	dbs = json_object_get(c->m, "databases");
	json_array_foreach(dbs, i, v)
	{
		strbuf_puts(c->out, i ? "           " : "databases: ");
		escape_into(&c->tmp, json_string_value(v), json_string_length(v));
		put_fit(c->out, c->tmp.buf ? c->tmp.buf : "", c->tmp.len, c->width - 11, 0, 0);
		end_line(c->out);
	}
	strbuf_puts(c->out, "generated ");
	s = str_of(c->m, "generated", &n);
	escape_terminal(c->out, s, n);
	end_line(c->out);

	heading(c, "Summary");
	strbuf_printf(c->out, "  %-24s %12lld\n", "events", int_of(c->m, "total_events"));
	strbuf_printf(c->out, "  %-24s %12lld   typed by a person; %lld podman executions in all\n",
		      "podman commands", int_of(c->m, "podman_commands"),
		      int_of(c->m, "podman_executions"));
	strbuf_printf(c->out, "  %-24s %12lld   events with success=no\n", "failures",
		      int_of(c->m, "failures"));
	strbuf_printf(c->out, "  %-24s %12zu\n", "risky podman commands",
		      json_array_size(json_object_get(c->m, "risky")));
	strbuf_printf(c->out, "  %-24s %12zu\n", "login users",
		      json_array_size(json_object_get(c->m, "by_user")));
	strbuf_printf(c->out, "  %-24s %12zu\n", "nodes",
		      json_array_size(json_object_get(c->m, "nodes")));
}

static void
section_keys(struct ctx *c)
{
	const json_t *keys = json_object_get(c->m, "by_key"), *v;
	const char *key;
	int kw = 3;

	heading(c, "Events per key (an event with keys \"a,b\" counts for both)");
	if (json_object_size(keys) == 0) {
		strbuf_puts(c->out, "  (none)\n");
		return;
	}
	json_object_foreach((json_t *)keys, key, v)
	{
		int w = raw_width(&c->tmp, key, strlen(key));
		if (w > kw)
			kw = w;
	}
	kw = clamp(kw, 3, c->width - 16);
	strbuf_puts(c->out, "  ");
	put_fit(c->out, "KEY", 3, kw, 0, 1);
	strbuf_printf(c->out, " %12s", "EVENTS");
	end_line(c->out);
	json_object_foreach((json_t *)keys, key, v)
	{
		strbuf_puts(c->out, "  ");
		put_cell(c->out, &c->tmp, key, strlen(key), kw, 0);
		strbuf_printf(c->out, " %12lld", (long long)json_integer_value(v));
		end_line(c->out);
	}
}

static void
section_users(struct ctx *c)
{
	const json_t *users = json_object_get(c->m, "by_user"), *u;
	/* USER AUID COMMANDS SUDO ROOTLESS NO-SESSION OTHER EXECUTIONS EVENTS */
	const int fixed = 2 + 11 + 9 + 9 + 9 + 11 + 6 + 11 + 11;
	int uw;
	size_t i, n;

	heading(c,
		"Per login user (podman commands typed, by mode; executions include podman's own)");
	if (json_array_size(users) == 0) {
		strbuf_puts(c->out, "  (none)\n");
		return;
	}
	uw = clamp(widest(&c->tmp, users, "user", 4), 4, c->width - fixed - 1);
	strbuf_puts(c->out, "  ");
	put_fit(c->out, "USER", 4, uw, 0, 1);
	strbuf_printf(c->out, " %10s %8s %8s %8s %10s %5s %10s %10s", "AUID", "COMMANDS", "SUDO",
		      "ROOTLESS", "NO-SESSION", "OTHER", "EXECUTIONS", "EVENTS");
	end_line(c->out);
	json_array_foreach(users, i, u)
	{
		const char *name = str_of(u, "user", &n);
		long long auid = int_of(u, "auid");
		strbuf_puts(c->out, "  ");
		if (n == 0)
			put_fit(c->out, "(none)", 6, uw, 0, 1);
		else
			put_cell(c->out, &c->tmp, name, n, uw, 0);
		if (auid == 4294967295LL)
			strbuf_printf(c->out, " %10s", "unset");
		else if (auid < 0)
			strbuf_printf(c->out, " %10s", "-");
		else
			strbuf_printf(c->out, " %10lld", auid);
		strbuf_printf(c->out, " %8lld %8lld %8lld %10lld %5lld %10lld %10lld",
			      int_of(u, "commands"), int_of(u, "sudo"), int_of(u, "rootless"),
			      int_of(u, "no_session"), int_of(u, "other"), int_of(u, "executions"),
			      int_of(u, "events"));
		end_line(c->out);
	}
}

/* A table of {name_key, "count"} rows under the given column title. */
static void
count_table(struct ctx *c, const json_t *arr, const char *name_key, const char *title,
	    const char *count_title, int indent)
{
	const json_t *row;
	size_t i, n;
	int nw;

	if (json_array_size(arr) == 0) {
		strbuf_printf(c->out, "%*s(none)\n", indent, "");
		return;
	}
	nw = clamp(widest(&c->tmp, arr, name_key, (int)strlen(title)), (int)strlen(title),
		   c->width - indent - 14);
	strbuf_printf(c->out, "%*s", indent, "");
	put_fit(c->out, title, strlen(title), nw, 0, 1);
	strbuf_printf(c->out, " %12s", count_title);
	end_line(c->out);
	json_array_foreach(arr, i, row)
	{
		const char *s = str_of(row, name_key, &n);
		strbuf_printf(c->out, "%*s", indent, "");
		if (n == 0)
			put_fit(c->out, "(none)", 6, nw, 0, 1);
		else
			put_cell(c->out, &c->tmp, s, n, nw, 0);
		strbuf_printf(c->out, " %12lld", int_of(row, "count"));
		end_line(c->out);
	}
}

static void
section_commands(struct ctx *c)
{
	const json_t *kx = json_object_get(c->m, "by_key_exe"), *arr;
	const char *key;

	heading(c, "Per podman command (typed by a person)");
	count_table(c, json_object_get(c->m, "by_command"), "command", "COMMAND", "COUNT", 2);
	heading(c, "Per executable (events with a key)");
	count_table(c, json_object_get(c->m, "by_exe"), "exe", "EXECUTABLE", "EVENTS", 2);
	if (json_object_size(kx) == 0)
		return;
	heading(c, "Executables per key");
	json_object_foreach((json_t *)kx, key, arr)
	{
		strbuf_puts(c->out, "  ");
		put_cell(c->out, &c->tmp, key, strlen(key), c->width - 2, 0);
		end_line(c->out);
		count_table(c, arr, "exe", "EXECUTABLE", "EVENTS", 4);
	}
}

static void
section_hours(struct ctx *c)
{
	const json_t *h = json_object_get(c->m, "by_hour");
	const json_t *hc = json_object_get(c->m, "by_hour_commands");
	long long max = 0;
	int bar;
	size_t n;
	const char *tz = str_of(json_object_get(c->m, "period"), "timezone", &n);

	strbuf_puts(c->out, "\nEvents per hour of the day (");
	escape_terminal(c->out, tz, n);
	strbuf_puts(c->out, ")\n");
	for (size_t i = 0; i < 24; i++)
		if (json_integer_value(json_array_get(h, i)) > max)
			max = json_integer_value(json_array_get(h, i));
	bar = c->width - 2 - 3 - 13 - 10 - 1;
	strbuf_printf(c->out, "  %-2s %12s %9s\n", "HH", "EVENTS", "COMMANDS");
	for (size_t i = 0; i < 24; i++) {
		long long v = json_integer_value(json_array_get(h, i));
		int len = max > 0 ? (int)((v * bar + max - 1) / max) : 0;
		strbuf_printf(c->out, "  %02zu %12lld %9lld ", i, v,
			      (long long)json_integer_value(json_array_get(hc, i)));
		for (int k = 0; k < len; k++)
			strbuf_putc(c->out, '#');
		end_line(c->out);
	}
}

static void
section_grid(struct ctx *c)
{
	static const char shades[] = ".:-=+*#%@";
	const json_t *days = json_object_get(c->m, "by_day_hour"), *d;
	long long max = 0;
	size_t i, n, shown = 0;
	int all = json_array_size(days) <= GRID_ALL_DAYS, numbers;

	json_array_foreach(days, i, d)
	{
		const json_t *hours = json_object_get(d, "hours");
		for (size_t k = 0; k < 24; k++)
			if (json_integer_value(json_array_get(hours, k)) > max)
				max = json_integer_value(json_array_get(hours, k));
	}
	numbers = max <= 99;
	heading(c, "Events per day and hour");
	if (numbers)
		strbuf_puts(c->out, "  (counts; . is none)\n");
	else
		strbuf_printf(
		    c->out,
		    "  (each mark is a ninth of the busiest hour, %lld events: . <= %lld, "
		    "@ > %lld)\n",
		    max, (max + 8) / 9, max * 8 / 9);
	if (!all)
		strbuf_puts(c->out, "  (only the days with events)\n");
	strbuf_printf(c->out, "  %-14s", "DAY");
	for (int k = 0; k < 24; k++)
		strbuf_printf(c->out, " %02d", k);
	strbuf_printf(c->out, " %9s\n", "TOTAL");
	json_array_foreach(days, i, d)
	{
		const json_t *hours = json_object_get(d, "hours");
		const char *day = str_of(d, "day", &n), *wd;
		size_t wn;
		long long total = 0;

		for (size_t k = 0; k < 24; k++)
			total += json_integer_value(json_array_get(hours, k));
		if (!all && total == 0)
			continue;
		shown++;
		wd = str_of(d, "weekday", &wn);
		strbuf_puts(c->out, "  ");
		put_cell(c->out, &c->tmp, wd, wn, 3, 0);
		strbuf_putc(c->out, ' ');
		put_cell(c->out, &c->tmp, day, n, 10, 0);
		for (size_t k = 0; k < 24; k++) {
			long long v = json_integer_value(json_array_get(hours, k));
			if (v == 0)
				strbuf_puts(c->out, "  .");
			else if (numbers)
				strbuf_printf(c->out, " %2lld", v);
			else
				strbuf_printf(
				    c->out, "  %c",
				    shades[clamp((int)((v * 9 + max - 1) / max), 1, 9) - 1]);
		}
		strbuf_printf(c->out, " %9lld", total);
		end_line(c->out);
	}
	if (shown == 0)
		strbuf_puts(c->out, "  (none)\n");
}

/* Append argv as a shell-like line: arguments escaped, quoted when empty or holding a space. */
static void
put_argv(struct strbuf *line, const json_t *argv)
{
	const json_t *a;
	size_t i;

	json_array_foreach(argv, i, a)
	{
		const char *s = json_string_value(a);
		size_t n = json_string_length(a);
		int quote = n == 0 || memchr(s, ' ', n) != NULL || memchr(s, '\'', n) != NULL;
		if (i > 0)
			strbuf_putc(line, ' ');
		if (quote)
			strbuf_putc(line, '"');
		escape_terminal(line, s, n);
		if (quote)
			strbuf_putc(line, '"');
	}
}

static void
section_risky(struct ctx *c)
{
	const json_t *risky = json_object_get(c->m, "risky"), *r, *risks, *x;
	struct strbuf line = STRBUF_INIT;
	int uw, cw, tw, rw;
	size_t i, j, n;

	strbuf_printf(c->out, "\nRisky podman commands (%zu)\n", json_array_size(risky));
	if (json_array_size(risky) == 0) {
		strbuf_puts(c->out, "  (none)\n");
		return;
	}
	uw = clamp(widest(&c->tmp, risky, "user", 4), 4, 12);
	cw = clamp(widest(&c->tmp, risky, "command", 7), 7, 12);
	tw = clamp(widest(&c->tmp, risky, "target", 6), 6, 20);
	rw = c->width - (2 + 19 + 1 + uw + 1 + cw + 1 + tw + 1);
	strbuf_printf(c->out, "  %-19s ", "TIME");
	put_fit(c->out, "USER", 4, uw, 0, 1);
	strbuf_putc(c->out, ' ');
	put_fit(c->out, "COMMAND", 7, cw, 0, 1);
	strbuf_putc(c->out, ' ');
	put_fit(c->out, "TARGET", 6, tw, 0, 1);
	strbuf_puts(c->out, " RISKS");
	end_line(c->out);
	json_array_foreach(risky, i, r)
	{
		const char *t = str_of(r, "time", &n), *s;
		size_t sn;
		int used = 0;

		/* 2026-11-22T13:29:49.444+01:00 -> 2026-11-22 13:29:49 */
		strbuf_puts(c->out, "  ");
		strbuf_reset(&line);
		escape_terminal(&line, t, n < 19 ? n : 19);
		for (size_t k = 0; k < line.len; k++)
			if (line.buf[k] == 'T')
				line.buf[k] = ' ';
		put_fit(c->out, line.buf ? line.buf : "", line.len, 19, 0, 1);
		strbuf_putc(c->out, ' ');
		s = str_of(r, "user", &sn);
		put_cell(c->out, &c->tmp, s, sn, uw, 0);
		strbuf_putc(c->out, ' ');
		s = str_of(r, "command", &sn);
		put_cell(c->out, &c->tmp, s, sn, cw, 0);
		strbuf_putc(c->out, ' ');
		s = str_of(r, "target", &sn);
		put_cell(c->out, &c->tmp, s, sn, tw, 0);
		strbuf_putc(c->out, ' ');
		/* risks, wrapped onto lines aligned under the RISKS column */
		risks = json_object_get(r, "risks");
		json_array_foreach(risks, j, x)
		{
			int w;
			escape_into(&c->tmp, json_string_value(x), json_string_length(x));
			w = text_width(c->tmp.buf ? c->tmp.buf : "", c->tmp.len) +
			    (j + 1 < json_array_size(risks));
			if (used > 0 && used + 1 + w > rw) {
				end_line(c->out);
				strbuf_printf(c->out, "%*s", c->width - rw, "");
				used = 0;
			} else if (used > 0) {
				strbuf_putc(c->out, ' ');
				used++;
			}
			strbuf_reset(&line);
			strbuf_add(&line, c->tmp.buf ? c->tmp.buf : "", c->tmp.len);
			if (j + 1 < json_array_size(risks))
				strbuf_putc(&line, ',');
			put_fit(c->out, line.buf, line.len, rw, 0, 0);
			used += w > rw ? rw : w;
		}
		end_line(c->out);
		strbuf_reset(&line);
		put_argv(&line, json_object_get(r, "argv"));
		strbuf_puts(c->out, "      $ ");
		put_fit(c->out, line.buf ? line.buf : "", line.len, c->width - 8, 0, 0);
		end_line(c->out);
	}
	strbuf_free(&line);
}

static void
section_nodes(struct ctx *c)
{
	const json_t *nodes = json_object_get(c->m, "nodes"), *nd;
	size_t i, n;
	int nw;

	heading(c, "Per node (one database per host)");
	if (json_array_size(nodes) == 0) {
		strbuf_puts(c->out, "  (none)\n");
		return;
	}
	nw = clamp(widest(&c->tmp, nodes, "node", 4), 4, c->width - 2 - 3 * 16);
	strbuf_puts(c->out, "  ");
	put_fit(c->out, "NODE", 4, nw, 0, 1);
	strbuf_printf(c->out, " %12s %15s %12s", "EVENTS", "PODMAN COMMANDS", "FAILURES");
	end_line(c->out);
	json_array_foreach(nodes, i, nd)
	{
		const char *s = str_of(nd, "node", &n);
		strbuf_puts(c->out, "  ");
		if (n == 0)
			put_fit(c->out, "(none)", 6, nw, 0, 1);
		else
			put_cell(c->out, &c->tmp, s, n, nw, 0);
		strbuf_printf(c->out, " %12lld %15lld %12lld", int_of(nd, "events"),
			      int_of(nd, "podman_commands"), int_of(nd, "failures"));
		end_line(c->out);
	}
}

static void
section_top(struct ctx *c)
{
	heading(c, "Top containers (named by podman commands typed by a person)");
	count_table(c, json_object_get(c->m, "top_containers"), "container", "CONTAINER",
		    "COMMANDS", 2);
	heading(c, "Top images");
	count_table(c, json_object_get(c->m, "top_images"), "image", "IMAGE", "COMMANDS", 2);
}

/* Check that the model has what the text needs. */
static int
check_model(const json_t *m, char *err, size_t errlen)
{
	static const struct {
		const char *key;
		json_type type;
	} need[] = {
	    {"period", JSON_OBJECT},	    {"databases", JSON_ARRAY},
	    {"nodes", JSON_ARRAY},	    {"by_key", JSON_OBJECT},
	    {"by_user", JSON_ARRAY},	    {"by_command", JSON_ARRAY},
	    {"by_exe", JSON_ARRAY},	    {"by_key_exe", JSON_OBJECT},
	    {"by_hour", JSON_ARRAY},	    {"by_hour_commands", JSON_ARRAY},
	    {"by_day_hour", JSON_ARRAY},    {"risky", JSON_ARRAY},
	    {"top_containers", JSON_ARRAY}, {"top_images", JSON_ARRAY},
	};

	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		const json_t *v = json_object_get(m, need[i].key);
		if (v == NULL || json_typeof(v) != need[i].type) {
			snprintf(err, errlen, "the report model has no \"%s\" of the right type",
				 need[i].key);
			return -1;
		}
	}
	if (json_array_size(json_object_get(m, "by_hour")) != 24 ||
	    json_array_size(json_object_get(m, "by_hour_commands")) != 24) {
		snprintf(err, errlen, "the report model's hourly counts are not 24");
		return -1;
	}
	return 0;
}

int
report_render_text(const json_t *model, const struct report_render_opts *opts, struct strbuf *out,
		   char *err, size_t errlen)
{
	struct ctx c = {model, out, STRBUF_INIT, opts->width > 0 ? opts->width : DEFAULT_WIDTH};
	void (*const order[])(struct ctx *) = {section_users, section_commands, section_hours,
					       section_keys, section_nodes};
	enum report_by first = opts->by;

	if (check_model(model, err, errlen) != 0)
		return -1;
	if (c.width < MIN_WIDTH)
		c.width = MIN_WIDTH;
	section_summary(&c);
	/* the table chosen with --by first, then the others in their usual order */
	if ((size_t)first < sizeof(order) / sizeof(order[0])) {
		order[first](&c);
		if (first == REPORT_BY_HOUR)
			section_grid(&c);
	}
	if (first != REPORT_BY_KEY)
		section_keys(&c);
	if (first != REPORT_BY_USER)
		section_users(&c);
	if (first != REPORT_BY_COMMAND)
		section_commands(&c);
	if (first != REPORT_BY_HOUR) {
		section_hours(&c);
		section_grid(&c);
	}
	section_risky(&c);
	section_top(&c);
	if (first != REPORT_BY_NODE && json_array_size(json_object_get(model, "nodes")) > 1)
		section_nodes(&c);
	strbuf_free(&c.tmp);
	return 0;
}
