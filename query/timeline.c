/*
 * timeline.c: commands and what they caused, in time order; see timeline.h.
 */
#include "query/timeline.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query/output.h"
#include "query/search.h"
#include "query/text.h"
#include "util/alloc.h"
#include "util/when.h"

#define LINE_WIDTH 100
#define INDENT	   "    "

/* One line: an event, or a run of storage events (count > 0). */
struct tl_line {
	int64_t sec;
	int msec;
	int64_t id;    /* the event, or the run's first */
	char mark;     /* '!' risky, 'x' failed, ' ' */
	char *text;    /* the action (escaped); for a run, its first event's */
	char *key;     /* a run's key */
	int64_t count; /* events in a run; 0 for a plain event */
	int64_t failed;
	struct query_dirsum dir;
};

/* A root line (a command, an event without a cause, or a run of them) and its children. */
struct tl_group {
	struct tl_line root;
	int64_t root_id;
	int have_root; /* root filled: it matched, or was looked up */
	char *user, *node;
	struct tl_line *kid;
	size_t nkids, cap;
};

struct query_timeline {
	int flags;
	struct tl_group **group;
	size_t ngroups, cap;
	/* Per database while adding: root id -> group, open addressing. */
	int64_t *slot_id;
	size_t *slot_group;
	size_t nslots, used;
	struct strbuf tmp, path;
};

struct query_timeline *
query_timeline_new(int flags)
{
	struct query_timeline *tl = alloc_check(calloc(1, sizeof(*tl)));

	tl->flags = flags;
	return tl;
}

static void
line_free(struct tl_line *l)
{
	free(l->text);
	free(l->key);
	query_dirsum_free(&l->dir);
}

void
query_timeline_free(struct query_timeline *tl)
{
	if (tl == NULL)
		return;
	for (size_t i = 0; i < tl->ngroups; i++) {
		struct tl_group *g = tl->group[i];
		line_free(&g->root);
		for (size_t k = 0; k < g->nkids; k++)
			line_free(&g->kid[k]);
		free(g->kid);
		free(g->user);
		free(g->node);
		free(g);
	}
	free(tl->group);
	free(tl->slot_id);
	free(tl->slot_group);
	strbuf_free(&tl->tmp);
	strbuf_free(&tl->path);
	free(tl);
}

/* ---- root id -> group ------------------------------------------------------ */

static size_t
slot_of(const struct query_timeline *tl, int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 20) & (tl->nslots - 1);
}

/* The group of root id in the database being added, or NULL. */
static struct tl_group *
find_group(const struct query_timeline *tl, int64_t id)
{
	if (tl->nslots == 0)
		return NULL;
	for (size_t s = slot_of(tl, id);; s = (s + 1) & (tl->nslots - 1)) {
		if (tl->slot_id[s] == 0)
			return NULL;
		if (tl->slot_id[s] == id)
			return tl->group[tl->slot_group[s]];
	}
}

/* Remember that root id is group gi (ids are > 0: 0 marks a free slot). */
static void
map_put(struct query_timeline *tl, int64_t id, size_t gi)
{
	size_t s;

	if ((tl->used + 1) * 2 > tl->nslots) {
		int64_t *oid = tl->slot_id;
		size_t *og = tl->slot_group, on = tl->nslots;
		tl->nslots = on ? on * 2 : 1024;
		tl->slot_id = alloc_check(calloc(tl->nslots, sizeof(*tl->slot_id)));
		tl->slot_group = alloc_check(calloc(tl->nslots, sizeof(*tl->slot_group)));
		for (size_t i = 0; i < on; i++)
			if (oid[i] != 0) {
				for (s = slot_of(tl, oid[i]); tl->slot_id[s] != 0;
				     s = (s + 1) & (tl->nslots - 1))
					;
				tl->slot_id[s] = oid[i];
				tl->slot_group[s] = og[i];
			}
		free(oid);
		free(og);
	}
	for (s = slot_of(tl, id); tl->slot_id[s] != 0; s = (s + 1) & (tl->nslots - 1))
		;
	tl->slot_id[s] = id;
	tl->slot_group[s] = gi;
	tl->used++;
}

/* Forget the map (a new database's ids start over). */
static void
map_clear(struct query_timeline *tl)
{
	if (tl->nslots)
		memset(tl->slot_id, 0, tl->nslots * sizeof(*tl->slot_id));
	tl->used = 0;
}

/* ---- building ------------------------------------------------------------------ */

/* s (NULL: "") escaped for a terminal, in a new string. */
static char *
escaped(const char *s)
{
	struct strbuf b = STRBUF_INIT;
	char *r;

	query_put_escaped(&b, s);
	r = alloc_check(strdup(strbuf_str(&b)));
	strbuf_free(&b);
	return r;
}

/* A new group for root id (mapped when id > 0). */
static struct tl_group *
new_group(struct query_timeline *tl, int64_t id, const char *node)
{
	struct tl_group *g = alloc_check(calloc(1, sizeof(*g)));

	if (tl->ngroups == tl->cap) {
		tl->cap = tl->cap ? tl->cap * 2 : 256;
		tl->group = alloc_check(realloc(tl->group, tl->cap * sizeof(*tl->group)));
	}
	g->root_id = id;
	g->node = escaped(node);
	tl->group[tl->ngroups++] = g;
	if (id > 0)
		map_put(tl, id, tl->ngroups - 1);
	return g;
}

/* 1 when row is a storage event: not an execution, with a key naming storage. */
static int
is_storage(const struct query_row *row)
{
	return row->argv == NULL && row->key != NULL && strstr(row->key, "storage") != NULL;
}

/* 1 when the row failed (success = 0). */
static int
failed(const struct query_row *row)
{
	return (row->have & QR_SUCCESS) && row->success == 0;
}

/* Make l the line of row: its time, id, mark and action text. Returns 0, or -1. */
static int
line_set(struct query_timeline *tl, struct tl_line *l, struct query_lookup *q,
	 const struct query_row *row, char *err, size_t errlen)
{
	int risky = 0;

	l->sec = row->sec;
	l->msec = row->msec;
	l->id = row->id;
	strbuf_reset(&tl->tmp);
	if (query_action(q, row, &tl->tmp, &risky, err, errlen) != 0)
		return -1;
	free(l->text);
	l->text = alloc_check(strdup(strbuf_str(&tl->tmp)));
	l->mark = risky ? '!' : failed(row) ? 'x' : ' ';
	return 0;
}

/*
 * Extend run l with storage event row when it can be (same key; not
 * expanding). Returns 1 when extended, 0 when row needs a line of its own,
 * -1 on error.
 */
static int
run_extend(struct query_timeline *tl, struct tl_line *l, struct query_lookup *q,
	   const struct query_row *row, char *err, size_t errlen)
{
	int rc;

	if ((tl->flags & QUERY_TL_EXPAND) || l->count == 0 || strcmp(l->key, row->key) != 0)
		return 0;
	strbuf_reset(&tl->path);
	rc = query_lookup_main_path(q, row, &tl->path, err, errlen);
	if (rc < 0)
		return -1;
	l->count++;
	l->failed += failed(row);
	if (rc == 1)
		query_dirsum_add(&l->dir, tl->path.buf, tl->path.len);
	return 1;
}

/* Make l a run of one storage event, row. Returns 0, or -1. */
static int
run_start(struct query_timeline *tl, struct tl_line *l, struct query_lookup *q,
	  const struct query_row *row, char *err, size_t errlen)
{
	int rc;

	if (line_set(tl, l, q, row, err, errlen) != 0)
		return -1;
	l->count = 1;
	l->failed = failed(row);
	l->key = alloc_check(strdup(row->key));
	strbuf_reset(&tl->path);
	rc = query_lookup_main_path(q, row, &tl->path, err, errlen);
	if (rc < 0)
		return -1;
	if (rc == 1)
		query_dirsum_add(&l->dir, tl->path.buf, tl->path.len);
	return 0;
}

/* Add row as a child of g. Returns 0, or -1. */
static int
add_child(struct query_timeline *tl, struct tl_group *g, struct query_lookup *q,
	  const struct query_row *row, char *err, size_t errlen)
{
	int storage = is_storage(row), rc;

	if (storage && g->nkids > 0) {
		rc = run_extend(tl, &g->kid[g->nkids - 1], q, row, err, errlen);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
	}
	if (g->nkids == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 8;
		g->kid = alloc_check(realloc(g->kid, g->cap * sizeof(*g->kid)));
	}
	memset(&g->kid[g->nkids], 0, sizeof(g->kid[0]));
	g->nkids++;
	if (storage && !(tl->flags & QUERY_TL_EXPAND))
		return run_start(tl, &g->kid[g->nkids - 1], q, row, err, errlen);
	return line_set(tl, &g->kid[g->nkids - 1], q, row, err, errlen);
}

/* Set g's user (escaped) from row. */
static void
set_user(struct tl_group *g, const struct query_row *row)
{
	free(g->user);
	g->user = escaped(row->user);
}

/*
 * Add one matching row. *last_root is the last group made for a root of
 * this database (consecutive storage events without a cause share one).
 */
static int
add_row(struct query_timeline *tl, struct query_lookup *q, const char *label,
	const struct query_row *row, struct tl_group **last_root, char *err, size_t errlen)
{
	const char *node = row->node && row->node[0] ? row->node : label;
	struct tl_group *g;

	if (row->have & QR_CAUSE && row->cause_id != row->id) {
		g = find_group(tl, row->cause_id);
		if (g == NULL)
			g = new_group(tl, row->cause_id, node);
		return add_child(tl, g, q, row, err, errlen);
	}
	if (is_storage(row) && !(tl->flags & QUERY_TL_EXPAND)) {
		char *user = escaped(row->user), *enode = escaped(node);
		int same;

		g = *last_root;
		same = g != NULL && g->root.count > 0 && strcmp(g->user, user) == 0 &&
		       strcmp(g->node, enode) == 0;
		free(user);
		free(enode);
		if (same) {
			int rc = run_extend(tl, &g->root, q, row, err, errlen);
			if (rc != 0)
				return rc < 0 ? -1 : 0;
		}
		g = new_group(tl, 0, node);
		g->have_root = 1;
		g->root_id = row->id;
		set_user(g, row);
		*last_root = g;
		return run_start(tl, &g->root, q, row, err, errlen);
	}
	g = find_group(tl, row->id);
	if (g == NULL)
		g = new_group(tl, row->id, node);
	g->have_root = 1;
	set_user(g, row);
	*last_root = g;
	return line_set(tl, &g->root, q, row, err, errlen);
}

int
query_timeline_add(struct query_timeline *tl, struct sqlite3 *db, struct query_lookup *q,
		   const char *label, const struct query_filter *f, char *err, size_t errlen)
{
	struct query_search *s = NULL;
	struct tl_group *last_root = NULL;
	size_t first = tl->ngroups;
	int rc;

	map_clear(tl);
	if (query_search_open(db, f, 0, 0, &s, err, errlen) != 0)
		return -1;
	while ((rc = query_search_step(s, err, errlen)) == 1)
		if (add_row(tl, q, label, query_search_row(s), &last_root, err, errlen) != 0) {
			rc = -1;
			break;
		}
	query_search_close(s);
	if (rc < 0)
		return -1;
	/* Commands shown for context: they caused matching events but did not match. */
	for (size_t i = first; i < tl->ngroups; i++) {
		struct tl_group *g = tl->group[i];
		struct query_row row;

		if (g->have_root)
			continue;
		rc = query_lookup_event(q, g->root_id, &row, err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			g->root.sec = g->kid[0].sec;
			g->root.msec = g->kid[0].msec;
			g->root.id = g->root_id;
			g->root.mark = ' ';
			g->root.text = alloc_check(strdup("(not in this database)"));
			g->user = alloc_check(strdup(""));
		} else {
			if (line_set(tl, &g->root, q, &row, err, errlen) != 0)
				return -1;
			set_user(g, &row);
		}
		g->have_root = 1;
	}
	return 0;
}

/* ---- rendering ------------------------------------------------------------------- */

/* Order groups by their root's time, then node, then id. */
static int
group_cmp(const void *a, const void *b)
{
	const struct tl_group *x = *(struct tl_group *const *)a, *y = *(struct tl_group *const *)b;
	int c;

	if (x->root.sec != y->root.sec)
		return x->root.sec < y->root.sec ? -1 : 1;
	if (x->root.msec != y->root.msec)
		return x->root.msec < y->root.msec ? -1 : 1;
	c = strcmp(x->node, y->node);
	if (c != 0)
		return c;
	return (x->root.id > y->root.id) - (x->root.id < y->root.id);
}

struct widths {
	size_t node, user;
	int with_node;
};

/* Append one line: time, mark, node, user (roots only), indent, id, action. */
static void
put_line(struct query_timeline *tl, const struct widths *w, const struct tl_group *g,
	 const struct tl_line *l, int child, struct strbuf *out)
{
	struct strbuf *b = &tl->tmp;
	char t[40];

	strbuf_reset(b);
	/* A run tells its failures in its text. */
	strbuf_printf(b, "%s %c ", query_time(l->sec, l->msec, t, sizeof(t)),
		      l->count > 1 ? ' ' : l->mark);
	if (w->with_node) {
		query_put_cell(b, child ? "" : g->node, child ? 0 : strlen(g->node), w->node, 1);
		strbuf_puts(b, "  ");
	}
	query_put_cell(b, child ? "" : g->user, child ? 0 : strlen(g->user), w->user, 1);
	strbuf_puts(b, "  ");
	if (child)
		strbuf_puts(b, INDENT);
	strbuf_printf(b, "#%" PRId64 " ", l->id);
	if (l->count > 1) {
		strbuf_printf(b, "%" PRId64 " storage changes", l->count);
		query_dirsum_put(&l->dir, b);
		if (l->failed)
			strbuf_printf(b, ", %" PRId64 " failed", l->failed);
	} else {
		strbuf_puts(b, l->text ? l->text : "");
	}
	query_put_cell(out, b->buf, b->len, LINE_WIDTH, 0);
	while (out->len > 0 && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
	strbuf_putc(out, '\n');
}

int64_t
query_timeline_render(struct query_timeline *tl, int64_t limit, int with_node, struct strbuf *out)
{
	struct widths w = {4, 4, with_node};
	size_t n = tl->ngroups;
	char head[300];

	if (limit > 0 && (size_t)limit < n)
		n = (size_t)limit;
	if (tl->ngroups > 1)
		qsort(tl->group, tl->ngroups, sizeof(*tl->group), group_cmp);
	/* User (escaped, already) widths from the groups shown: at most 12 and 16 columns. */
	for (size_t i = 0; i < n; i++) {
		size_t u = query_width(tl->group[i]->user, strlen(tl->group[i]->user));
		size_t d = query_width(tl->group[i]->node, strlen(tl->group[i]->node));
		if (u > w.user)
			w.user = u > 12 ? 12 : u;
		if (d > w.node)
			w.node = d > 16 ? 16 : d;
	}
	snprintf(head, sizeof(head), "TIME (%s)", when_zone_name());
	strbuf_reset(&tl->tmp);
	query_put_cell(&tl->tmp, head, strlen(head), 23, 1);
	strbuf_puts(&tl->tmp, "   ");
	if (with_node) {
		query_put_cell(&tl->tmp, "NODE", 4, w.node, 1);
		strbuf_puts(&tl->tmp, "  ");
	}
	query_put_cell(&tl->tmp, "USER", 4, w.user, 1);
	strbuf_puts(&tl->tmp, "  ACTION\n");
	strbuf_add(out, tl->tmp.buf, tl->tmp.len);
	for (size_t i = 0; i < n; i++) {
		const struct tl_group *g = tl->group[i];
		put_line(tl, &w, g, &g->root, 0, out);
		for (size_t k = 0; k < g->nkids; k++)
			put_line(tl, &w, g, &g->kid[k], 1, out);
	}
	return (int64_t)n;
}
