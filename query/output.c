/*
 * output.c: search results as table, jsonl, csv or raw; see output.h.
 */
#include "query/output.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/eventdoc.h"
#include "query/text.h"
#include "util/alloc.h"
#include "util/csv.h"
#include "util/escape.h"
#include "util/when.h"

#define TABLE_WIDTH 100
#define TABLE_HOLD  256 /* rows held back to size the columns */
#define SEP	    "  "

enum { C_ID, C_TIME, C_NODE, C_USER, C_KEY, C_OK, C_WHAT, NCOLS };

static const char *const headers[NCOLS] = {"ID", "TIME", "NODE", "USER", "KEY", "OK", "WHAT"};
static const size_t caps[NCOLS] = {20, 40, 16, 12, 22, 3, 0};

struct trow {
	char *cell[NCOLS]; /* escaped text, owned */
	size_t len[NCOLS];
};

struct query_out {
	enum query_format fmt;
	int with_node;
	int started; /* header written */
	struct trow *held;
	size_t nheld;
	size_t width[NCOLS];
	struct strbuf tmp, path;
};

int
query_format_parse(const char *name, enum query_format *fmt)
{
	static const struct {
		const char *name;
		enum query_format fmt;
	} names[] = {
	    {"table", QUERY_FMT_TABLE},
	    {"jsonl", QUERY_FMT_JSONL},
	    {"csv", QUERY_FMT_CSV},
	    {"raw", QUERY_FMT_RAW},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0) {
			*fmt = names[i].fmt;
			return 0;
		}
	return -1;
}

struct query_out *
query_out_new(enum query_format fmt, int with_node)
{
	struct query_out *o = alloc_check(calloc(1, sizeof(*o)));

	o->fmt = fmt;
	o->with_node = with_node;
	if (fmt == QUERY_FMT_TABLE)
		o->held = alloc_check(calloc(TABLE_HOLD, sizeof(*o->held)));
	return o;
}

/* Free the cells of the held rows and forget them. */
static void
drop_held(struct query_out *o)
{
	for (size_t i = 0; i < o->nheld; i++)
		for (int c = 0; c < NCOLS; c++)
			free(o->held[i].cell[c]);
	o->nheld = 0;
}

void
query_out_close(struct query_out *o)
{
	if (o == NULL)
		return;
	drop_held(o);
	free(o->held);
	strbuf_free(&o->tmp);
	strbuf_free(&o->path);
	free(o);
}

int
query_what(struct query_lookup *q, const struct query_row *row, struct strbuf *sb, char *err,
	   size_t errlen)
{
	struct query_argv a;
	size_t mark;
	int rc;

	if (row->argv != NULL && query_argv_decode(row->argv, &a) == 0 && a.n > 0) {
		query_argv_line(sb, &a);
		query_argv_free(&a);
		return 0;
	}
	query_put_escaped(sb, row->syscall ? row->syscall : row->type);
	mark = sb->len;
	strbuf_putc(sb, ' ');
	{
		struct strbuf path = STRBUF_INIT;
		rc = query_lookup_main_path(q, row, &path, err, errlen);
		if (rc == 1)
			escape_terminal(sb, path.buf, path.len);
		strbuf_free(&path);
	}
	if (rc < 0)
		return -1;
	if (rc == 0) {
		sb->len = mark;
		sb->buf[mark] = '\0';
		if (row->exe != NULL || row->comm != NULL) {
			strbuf_putc(sb, ' ');
			query_put_escaped(sb, row->exe ? row->exe : row->comm);
		}
	}
	return 0;
}

/* Append " name=VALUE" (escaped; a 64-hex container ID cut to 12) when value is set. */
static void
put_target(struct strbuf *sb, const char *name, const char *value)
{
	size_t n;

	if (value == NULL)
		return;
	n = strlen(value);
	strbuf_printf(sb, " %s=", name);
	if (n == 64 && strspn(value, "0123456789abcdef") == 64)
		n = 12;
	escape_terminal(sb, value, n);
}

int
query_action(struct query_lookup *q, const struct query_row *row, struct strbuf *sb, int *risky,
	     char *err, size_t errlen)
{
	struct query_podman p;
	struct query_runtime r;
	int rc;

	if (risky != NULL)
		*risky = 0;
	if (row->argv == NULL)
		return query_what(q, row, sb, err, errlen);
	rc = query_lookup_podman(q, row->id, &p, err, errlen);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		strbuf_puts(sb, "podman");
		/* "podman volume rm", but "podman run" and "podman rmi" as typed most often. */
		if (p.object != NULL && p.subcommand != NULL &&
		    strcmp(p.object, "container") != 0 && strcmp(p.object, "image") != 0) {
			strbuf_putc(sb, ' ');
			query_put_escaped(sb, p.object);
		}
		if (p.subcommand != NULL) {
			strbuf_putc(sb, ' ');
			query_put_escaped(sb, p.subcommand);
		} else if (p.object != NULL) {
			strbuf_putc(sb, ' ');
			query_put_escaped(sb, p.object);
		}
		if (p.risks != NULL) {
			strbuf_puts(sb, " risks=");
			query_put_escaped(sb, p.risks);
			if (risky != NULL)
				*risky = 1;
		}
		put_target(sb, "container", p.container);
		put_target(sb, "image", p.image);
		put_target(sb, "pod", p.pod);
		put_target(sb, "volume", p.volume);
		if (p.internal) {
			strbuf_puts(sb, " [internal: ");
			query_put_escaped(sb, p.internal_reason);
			strbuf_puts(sb, "]");
		} else if (p.mode != NULL) {
			strbuf_puts(sb, " (");
			query_put_escaped(sb, p.mode);
			strbuf_puts(sb, ")");
		}
		return 0;
	}
	rc = query_lookup_runtime(q, row->id, &r, err, errlen);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		query_put_escaped(sb, r.runtime ? r.runtime : row->comm);
		if (r.action != NULL) {
			strbuf_putc(sb, ' ');
			query_put_escaped(sb, r.action);
		}
		put_target(sb, "container", row->container_name);
		put_target(sb, "id", row->container_id);
		return 0;
	}
	return query_what(q, row, sb, err, errlen);
}

/* Size the columns from the held rows (and the headers), to fit TABLE_WIDTH. */
static void
table_size(struct query_out *o)
{
	size_t total, fixed;
	int shrinkable[] = {C_NODE, C_USER, C_KEY};

	for (int c = 0; c < NCOLS; c++) {
		size_t w = strlen(headers[c]);
		if (c == C_TIME)
			w = 23; /* "2026-11-22 12:29:21.440"; the header says the zone */
		for (size_t i = 0; i < o->nheld; i++) {
			size_t cw = query_width(o->held[i].cell[c], o->held[i].len[c]);
			if (cw > w)
				w = cw;
		}
		if (caps[c] && w > caps[c])
			w = caps[c];
		o->width[c] = w;
	}
	if (!o->with_node)
		o->width[C_NODE] = 0;
	/* Leave WHAT at least 20 columns: shrink the widest of NODE, USER, KEY. */
	for (;;) {
		int widest = -1;
		fixed = 0;
		for (int c = 0; c < C_WHAT; c++)
			if (o->width[c] > 0 || c != C_NODE)
				fixed += o->width[c] + strlen(SEP);
		total = fixed + 20;
		if (total <= TABLE_WIDTH)
			break;
		for (size_t k = 0; k < sizeof(shrinkable) / sizeof(shrinkable[0]); k++) {
			int c = shrinkable[k];
			if (o->width[c] > 6 && (widest < 0 || o->width[c] > o->width[widest]))
				widest = c;
		}
		if (widest < 0)
			break;
		o->width[widest]--;
	}
	o->width[C_WHAT] = TABLE_WIDTH > fixed ? TABLE_WIDTH - fixed : 20;
	if (o->width[C_WHAT] < 20)
		o->width[C_WHAT] = 20;
}

/* Append one table line of cells (the ID is never cut). */
static void
table_line(struct query_out *o, char *const *cell, const size_t *len, struct strbuf *sb)
{
	for (int c = 0; c < NCOLS; c++) {
		if (c == C_NODE && !o->with_node)
			continue;
		if (c == C_ID) {
			size_t w = query_width(cell[c], len[c]);
			for (; w < o->width[c]; w++)
				strbuf_putc(sb, ' ');
			strbuf_add(sb, cell[c], len[c]);
		} else {
			query_put_cell(sb, cell[c], len[c], o->width[c], c != C_WHAT);
		}
		if (c != C_WHAT)
			strbuf_puts(sb, SEP);
	}
	while (sb->len > 0 && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
	strbuf_putc(sb, '\n');
}

/* Size the columns if not yet done, write the header and the held rows. */
static void
table_flush(struct query_out *o, struct strbuf *sb)
{
	if (!o->started) {
		char *cell[NCOLS];
		size_t len[NCOLS];
		char timeh[300];

		table_size(o);
		snprintf(timeh, sizeof(timeh), "TIME (%s)", when_zone_name());
		for (int c = 0; c < NCOLS; c++) {
			cell[c] = (char *)(c == C_TIME ? timeh : headers[c]);
			len[c] = strlen(cell[c]);
		}
		table_line(o, cell, len, sb);
		o->started = 1;
	}
	for (size_t i = 0; i < o->nheld; i++)
		table_line(o, o->held[i].cell, o->held[i].len, sb);
	drop_held(o);
}

/* Move the text of o->tmp into a new cell. */
static void
take_cell(struct query_out *o, struct trow *r, int c)
{
	r->len[c] = o->tmp.len;
	r->cell[c] = alloc_check(malloc(o->tmp.len + 1));
	memcpy(r->cell[c], o->tmp.len ? o->tmp.buf : "", o->tmp.len + 1);
	strbuf_reset(&o->tmp);
}

/* One table row: held back until the columns are sized, then written. */
static int
table_row(struct query_out *o, const char *label, struct query_lookup *q,
	  const struct query_row *row, struct strbuf *sb, char *err, size_t errlen)
{
	struct trow *r;
	char t[32];

	if (o->nheld == TABLE_HOLD)
		table_flush(o, sb);
	r = &o->held[o->nheld];
	memset(r, 0, sizeof(*r));
	strbuf_printf(&o->tmp, "%" PRId64, row->id);
	take_cell(o, r, C_ID);
	strbuf_puts(&o->tmp, query_time(row->sec, row->msec, t, sizeof(t)));
	take_cell(o, r, C_TIME);
	query_put_escaped(&o->tmp, label);
	take_cell(o, r, C_NODE);
	query_put_escaped(&o->tmp, row->user);
	take_cell(o, r, C_USER);
	query_put_escaped(&o->tmp, row->key);
	take_cell(o, r, C_KEY);
	if (row->have & QR_SUCCESS)
		strbuf_puts(&o->tmp, row->success ? "yes" : "no");
	take_cell(o, r, C_OK);
	o->nheld++;
	if (query_what(q, row, &o->tmp, err, errlen) != 0) {
		strbuf_reset(&o->tmp);
		take_cell(o, r, C_WHAT);
		return -1;
	}
	take_cell(o, r, C_WHAT);
	if (o->started)
		table_flush(o, sb);
	return 0;
}

/* Append a CSV cell for a nullable string. */
static void
csv_str(struct strbuf *sb, const char *s)
{
	if (s != NULL)
		csv_put_text(sb, s, strlen(s));
	strbuf_putc(sb, ',');
}

/* Append a CSV cell for a nullable integer. */
static void
csv_num(struct strbuf *sb, const struct query_row *row, unsigned bit, int64_t v)
{
	if (row->have & bit)
		csv_put_int(sb, v);
	strbuf_putc(sb, ',');
}

/* The CSV header line, once. */
static void
csv_header(struct query_out *o, struct strbuf *sb)
{
	if (o->started)
		return;
	strbuf_puts(sb, "id,");
	if (o->with_node)
		strbuf_puts(sb, "source,");
	strbuf_puts(sb, "node,time,serial,user,auid,uid,ses,pid,ppid,key,type,syscall,success,"
			"exit,comm,exe,path,argv,container_id,container_name,cause_id\r\n");
	o->started = 1;
}

/* One CSV line (the header first). */
static int
csv_row(struct query_out *o, const char *label, struct query_lookup *q, const struct query_row *row,
	struct strbuf *sb, char *err, size_t errlen)
{
	char t[40];
	int rc;

	csv_header(o, sb);
	csv_put_int(sb, row->id);
	strbuf_putc(sb, ',');
	if (o->with_node)
		csv_str(sb, label);
	csv_str(sb, row->node);
	csv_str(sb, when_format(row->sec * 1000 + row->msec, t, sizeof(t)));
	csv_put_int(sb, row->serial);
	strbuf_putc(sb, ',');
	csv_str(sb, row->user);
	csv_num(sb, row, QR_AUID, row->auid);
	csv_num(sb, row, QR_UID, row->uid);
	csv_num(sb, row, QR_SES, row->ses);
	csv_num(sb, row, QR_PID, row->pid);
	csv_num(sb, row, QR_PPID, row->ppid);
	csv_str(sb, row->key);
	csv_str(sb, row->type);
	csv_str(sb, row->syscall);
	csv_num(sb, row, QR_SUCCESS, row->success);
	csv_num(sb, row, QR_EXIT, row->exit);
	csv_str(sb, row->comm);
	csv_str(sb, row->exe);
	strbuf_reset(&o->path);
	rc = query_lookup_main_path(q, row, &o->path, err, errlen);
	if (rc < 0)
		return -1;
	if (rc == 1)
		csv_put_text(sb, o->path.buf, o->path.len);
	strbuf_putc(sb, ',');
	csv_str(sb, row->argv);
	csv_str(sb, row->container_id);
	csv_str(sb, row->container_name);
	if (row->have & QR_CAUSE)
		csv_put_int(sb, row->cause_id);
	strbuf_puts(sb, "\r\n");
	return 0;
}

int
query_out_row(struct query_out *o, const char *label, struct query_lookup *q, struct eventdoc *ed,
	      const struct query_row *row, struct strbuf *sb, char *err, size_t errlen)
{
	switch (o->fmt) {
	case QUERY_FMT_TABLE:
		return table_row(o, label, q, row, sb, err, errlen);
	case QUERY_FMT_CSV:
		return csv_row(o, label, q, row, sb, err, errlen);
	case QUERY_FMT_JSONL:
		if (eventdoc_json(ed, row->id, 0, sb, err, errlen) != 0) {
			if (err[0] == '\0')
				snprintf(err, errlen, "event %" PRId64 " vanished", row->id);
			return -1;
		}
		strbuf_putc(sb, '\n');
		return 0;
	case QUERY_FMT_RAW:
		strbuf_add(sb, row->raw ? row->raw : "", row->raw_len);
		return 0;
	}
	return 0;
}

void
query_out_finish(struct query_out *o, struct strbuf *sb)
{
	if (o->fmt == QUERY_FMT_TABLE)
		table_flush(o, sb);
	else if (o->fmt == QUERY_FMT_CSV)
		csv_header(o, sb);
}
