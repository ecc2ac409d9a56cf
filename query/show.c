/*
 * show.c: one event whole; see show.h.
 */
#include "query/show.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/eventdoc.h"
#include "query/output.h"
#include "query/search.h"
#include "query/text.h"
#include "util/alloc.h"
#include "util/escape.h"
#include "util/when.h"

#define LINE_WIDTH 100
#define MAX_KEYS   16 /* kinds of caused storage events told apart */
#define UNSET_ID   4294967295LL

/* A label and its value, escaped; nothing when value is NULL. */
static void
field(struct strbuf *out, const char *label, const char *value)
{
	if (value == NULL)
		return;
	strbuf_printf(out, "  %-12s ", label);
	query_put_escaped(out, value);
	strbuf_putc(out, '\n');
}

/* An id-like integer: "unset" for 4294967295. */
static void
put_id(struct strbuf *out, int64_t v)
{
	if (v == UNSET_ID)
		strbuf_puts(out, "unset");
	else
		strbuf_printf(out, "%" PRId64, v);
}

/* Append "label v" pairs that are set, separated by three spaces, as one field line. */
static void
ids_line(struct strbuf *out, const char *label, const struct query_row *row,
	 const char *const *names, const int64_t *vals, const unsigned *bits, int n)
{
	int any = 0;

	for (int i = 0; i < n; i++) {
		if (!(row->have & bits[i]))
			continue;
		if (!any)
			strbuf_printf(out, "  %-12s ", label);
		else
			strbuf_puts(out, "   ");
		if (names[i][0] != '\0')
			strbuf_printf(out, "%s ", names[i]);
		put_id(out, vals[i]);
		any = 1;
	}
	if (any)
		strbuf_putc(out, '\n');
}

/* The event's own fields. */
static void
show_fields(struct strbuf *out, const struct query_row *row)
{
	char t[40], iso[40];

	strbuf_printf(out, "  %-12s %s (%s)   %s   epoch %" PRId64 ".%03d\n", "time",
		      query_time(row->sec, row->msec, t, sizeof(t)), when_zone_name(),
		      when_format(row->sec * 1000 + row->msec, iso, sizeof(iso)), row->sec,
		      row->msec);
	strbuf_printf(out, "  %-12s %" PRId64 "\n", "serial", row->serial);
	if (row->node != NULL && row->node[0] != '\0')
		field(out, "node", row->node);
	field(out, "type", row->type);
	field(out, "key", row->key);
	field(out, "syscall", row->syscall);
	if (row->have & (QR_SUCCESS | QR_EXIT)) {
		strbuf_printf(out, "  %-12s ", "result");
		if (row->have & QR_SUCCESS)
			strbuf_puts(out, row->success ? "success" : "FAILED");
		if ((row->have & QR_SUCCESS) && (row->have & QR_EXIT))
			strbuf_puts(out, ", ");
		if (row->have & QR_EXIT)
			strbuf_printf(out, "exit %" PRId64, row->exit);
		strbuf_putc(out, '\n');
	}
	if (row->user != NULL || (row->have & QR_AUID)) {
		strbuf_printf(out, "  %-12s ", "user");
		query_put_escaped(out, row->user ? row->user : "?");
		if (row->have & QR_AUID) {
			strbuf_puts(out, " (auid ");
			put_id(out, row->auid);
			strbuf_puts(out, ")");
		}
		strbuf_putc(out, '\n');
	}
	{
		static const char *const names[] = {"uid", "euid", "gid"};
		const int64_t vals[] = {row->uid, row->euid, row->gid};
		static const unsigned bits[] = {QR_UID, QR_EUID, QR_GID};
		ids_line(out, "credentials", row, names, vals, bits, 3);
	}
	if (row->have & QR_SES) {
		strbuf_printf(out, "  %-12s ", "session");
		put_id(out, row->ses);
		if (row->tty != NULL) {
			strbuf_puts(out, "   tty ");
			query_put_escaped(out, row->tty);
		}
		strbuf_putc(out, '\n');
	} else {
		field(out, "tty", row->tty);
	}
	{
		static const char *const names[] = {"pid", "ppid"};
		const int64_t vals[] = {row->pid, row->ppid};
		static const unsigned bits[] = {QR_PID, QR_PPID};
		ids_line(out, "process", row, names, vals, bits, 2);
	}
	field(out, "comm", row->comm);
	field(out, "exe", row->exe);
	field(out, "cwd", row->cwd);
	field(out, "container", row->container_name);
	field(out, "container id", row->container_id);
	field(out, "proctitle", row->proctitle);
}

/* The argument list, one per line with its index. */
static void
show_argv(struct strbuf *out, const struct query_row *row)
{
	struct query_argv a;

	if (row->argv == NULL)
		return;
	if (query_argv_decode(row->argv, &a) != 0) {
		strbuf_puts(out, "\nArguments: (not a valid list) ");
		query_put_escaped(out, row->argv);
		strbuf_putc(out, '\n');
		return;
	}
	strbuf_printf(out, "\nArguments (%zu):\n", a.n);
	for (size_t i = 0; i < a.n; i++) {
		strbuf_printf(out, "  [%zu] ", i);
		escape_terminal(out, a.arg[i], a.len[i]);
		strbuf_putc(out, '\n');
	}
	query_argv_free(&a);
}

struct paths_ctx {
	struct strbuf *out;
	int n;
};

/* One path line (query_lookup_paths callback). */
static int
path_line(void *ctx, const struct query_path *p)
{
	struct paths_ctx *c = ctx;

	if (c->n++ == 0)
		strbuf_puts(c->out, "\nPaths:\n");
	strbuf_printf(c->out, "  item %" PRId64 "  ", p->item);
	{
		struct strbuf t = STRBUF_INIT;
		query_put_escaped(&t, p->nametype ? p->nametype : "-");
		query_put_cell(c->out, t.buf, t.len, t.len > 7 ? t.len : 7, 1);
		strbuf_putc(c->out, ' ');
		strbuf_free(&t);
	}
	if (p->name != NULL)
		query_put_escaped(c->out, p->name);
	else
		strbuf_puts(c->out, "(no name)");
	if (p->have & QP_INODE)
		strbuf_printf(c->out, "   inode %" PRId64, p->inode);
	if (p->have & QP_MODE)
		strbuf_printf(c->out, "   mode %07" PRIo64, p->mode);
	if (p->have & QP_OUID) {
		strbuf_puts(c->out, "   ouid ");
		put_id(c->out, p->ouid);
	}
	strbuf_putc(c->out, '\n');
	return 0;
}

/* What the event means: the podman or runtime analysis. */
static int
show_meaning(struct strbuf *out, struct query_lookup *q, const struct query_row *row, char *err,
	     size_t errlen)
{
	struct query_podman p;
	struct query_runtime r;
	int rc;

	rc = query_lookup_podman(q, row->id, &p, err, errlen);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		strbuf_puts(out, "\nMeaning: a podman command\n");
		field(out, "subcommand", p.subcommand ? p.subcommand : "(none)");
		field(out, "object", p.object);
		field(out, "mode", p.mode);
		field(out, "container", p.container);
		field(out, "image", p.image);
		field(out, "pod", p.pod);
		field(out, "volume", p.volume);
		field(out, "risks", p.risks ? p.risks : "none");
		if (p.internal) {
			strbuf_printf(out, "  %-12s podman running for itself (", "internal");
			query_put_escaped(out, p.internal_reason ? p.internal_reason : "?");
			strbuf_puts(out, ")\n");
		} else {
			strbuf_printf(out, "  %-12s no: typed by a person\n", "internal");
		}
		return 0;
	}
	rc = query_lookup_runtime(q, row->id, &r, err, errlen);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		strbuf_puts(out, "\nMeaning: a container runtime or monitor execution\n");
		field(out, "runtime", r.runtime);
		field(out, "action", r.action);
		return 0;
	}
	return 0;
}

/* One line about another event: id, time, user, action; cut to LINE_WIDTH. */
static int
event_line(struct strbuf *out, struct query_lookup *q, const struct query_row *row,
	   const char *indent, char *err, size_t errlen)
{
	struct strbuf line = STRBUF_INIT;
	char t[40];
	int rc;

	strbuf_printf(&line, "%s#%" PRId64 "  %s  ", indent, row->id,
		      query_time(row->sec, row->msec, t, sizeof(t)));
	if (row->user != NULL) {
		query_put_escaped(&line, row->user);
		strbuf_puts(&line, "  ");
	}
	rc = query_action(q, row, &line, NULL, err, errlen);
	if (rc == 0) {
		query_put_cell(out, line.buf, line.len, LINE_WIDTH, 0);
		strbuf_putc(out, '\n');
	}
	strbuf_free(&line);
	return rc;
}

struct caused_ctx {
	struct query_lookup *q;
	struct strbuf *out;
	int all;
	int64_t n, files;
	struct {
		char *key;
		int64_t n, failed;
	} kinds[MAX_KEYS];
	int nkinds;
	int64_t other_kinds;
	struct query_dirsum dir;
	struct strbuf path;
	char *err;
	size_t errlen;
};

/* One caused event (query_lookup_caused callback): executions get a line, files are counted. */
static int
caused_event(void *ctx, const struct query_row *row)
{
	struct caused_ctx *c = ctx;
	int k, rc;

	if (c->n++ == 0)
		strbuf_puts(c->out, "\nCaused:\n");
	if (row->argv != NULL || c->all)
		return event_line(c->out, c->q, row, "  ", c->err, c->errlen) < 0 ? -1 : 0;
	c->files++;
	strbuf_reset(&c->path);
	rc = query_lookup_main_path(c->q, row, &c->path, c->err, c->errlen);
	if (rc < 0)
		return -1;
	if (rc == 1)
		query_dirsum_add(&c->dir, c->path.buf, c->path.len);
	for (k = 0; k < c->nkinds; k++)
		if (strcmp(c->kinds[k].key, row->key ? row->key : "") == 0)
			break;
	if (k == c->nkinds) {
		if (k == MAX_KEYS) {
			c->other_kinds++;
			return 0;
		}
		c->kinds[k].key = alloc_check(strdup(row->key ? row->key : ""));
		c->kinds[k].n = c->kinds[k].failed = 0;
		c->nkinds++;
	}
	c->kinds[k].n++;
	if ((row->have & QR_SUCCESS) && !row->success)
		c->kinds[k].failed++;
	return 0;
}

/* The podman command the event belongs to, and the events it caused. */
static int
show_links(struct strbuf *out, struct query_lookup *q, const struct query_row *row, int flags,
	   char *err, size_t errlen)
{
	struct caused_ctx c;
	int rc;

	if (row->have & QR_CAUSE) {
		struct query_row cause;
		strbuf_puts(out, "\nBelongs to:\n");
		rc = query_lookup_event(q, row->cause_id, &cause, err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 0)
			strbuf_printf(out, "  #%" PRId64 " (not in this database)\n",
				      row->cause_id);
		else if (event_line(out, q, &cause, "  ", err, errlen) != 0)
			return -1;
	}
	memset(&c, 0, sizeof(c));
	c.q = q;
	c.out = out;
	c.all = (flags & QUERY_SHOW_ALL) != 0;
	c.err = err;
	c.errlen = errlen;
	rc = query_lookup_caused(q, row->id, caused_event, &c, err, errlen);
	if (rc == 0 && c.files > 0) {
		strbuf_printf(out, "  %" PRId64 " file event%s", c.files, c.files == 1 ? "" : "s");
		query_dirsum_put(&c.dir, out);
		strbuf_puts(out, ":");
		for (int k = 0; k < c.nkinds; k++) {
			strbuf_printf(out, "%s %" PRId64 " ", k ? "," : "", c.kinds[k].n);
			query_put_escaped(out, c.kinds[k].key[0] ? c.kinds[k].key : "(no key)");
			if (c.kinds[k].failed)
				strbuf_printf(out, " (%" PRId64 " failed)", c.kinds[k].failed);
		}
		if (c.other_kinds)
			strbuf_printf(out, ", %" PRId64 " of other keys", c.other_kinds);
		strbuf_printf(out, "\n  (podaudit show --all %" PRId64 " lists them)\n", row->id);
	}
	for (int k = 0; k < c.nkinds; k++)
		free(c.kinds[k].key);
	query_dirsum_free(&c.dir);
	strbuf_free(&c.path);
	return rc == 0 ? 0 : -1;
}

/* The raw records, one escaped line each. */
static void
show_raw(struct strbuf *out, const struct query_row *row)
{
	const char *p = row->raw, *end = row->raw + row->raw_len;

	if (row->raw == NULL)
		return;
	strbuf_puts(out, "\nRaw records:\n");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		strbuf_puts(out, "  ");
		escape_terminal(out, p, n);
		strbuf_putc(out, '\n');
		p += n + (nl != NULL);
	}
}

int
query_show_text(struct query_lookup *q, int64_t id, int flags, struct strbuf *out, char *err,
		size_t errlen)
{
	struct query_row row;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	rc = query_lookup_event(q, id, &row, err, errlen);
	if (rc != 1)
		return rc;
	strbuf_printf(&sb, "Event %" PRId64 "\n", id);
	show_fields(&sb, &row);
	show_argv(&sb, &row);
	{
		struct paths_ctx pc = {&sb, 0};
		if (query_lookup_paths(q, id, path_line, &pc, err, errlen) < 0)
			goto fail;
	}
	if (show_meaning(&sb, q, &row, err, errlen) != 0)
		goto fail;
	/* Links may look other events up: the row's strings would not survive. */
	{
		struct strbuf raw = STRBUF_INIT;
		struct query_row keep = row;
		strbuf_add(&raw, row.raw ? row.raw : "", row.raw_len);
		keep.raw = row.raw ? raw.buf : NULL;
		if (show_links(&sb, q, &keep, flags, err, errlen) != 0) {
			strbuf_free(&raw);
			goto fail;
		}
		show_raw(&sb, &keep);
		strbuf_free(&raw);
	}
	strbuf_add(out, sb.buf, sb.len);
	strbuf_free(&sb);
	return 1;
fail:
	strbuf_free(&sb);
	return -1;
}

struct ids_ctx {
	struct strbuf *out;
	int n;
};

/* Append one caused id (query_lookup_caused callback). */
static int
caused_id(void *ctx, const struct query_row *row)
{
	struct ids_ctx *c = ctx;

	strbuf_printf(c->out, "%s%" PRId64, c->n++ ? "," : "", row->id);
	return 0;
}

int
query_show_json(struct query_lookup *q, struct eventdoc *ed, int64_t id, struct strbuf *out,
		char *err, size_t errlen)
{
	struct strbuf doc = STRBUF_INIT;
	struct ids_ctx c = {out, 0};
	int rc;

	rc = eventdoc_json(ed, id, EVENTDOC_RAW, &doc, err, errlen);
	if (rc != 0) {
		strbuf_free(&doc);
		return rc == 1 ? 0 : -1;
	}
	/* The document is one object: add "caused" before its closing brace. */
	if (doc.len < 2 || doc.buf[doc.len - 1] != '}') {
		snprintf(err, errlen, "event %" PRId64 ": unexpected document", id);
		strbuf_free(&doc);
		return -1;
	}
	strbuf_add(out, doc.buf, doc.len - 1);
	strbuf_puts(out, ",\"caused\":[");
	strbuf_free(&doc);
	if (query_lookup_caused(q, id, caused_id, &c, err, errlen) != 0)
		return -1;
	strbuf_puts(out, "]}\n");
	return 1;
}
