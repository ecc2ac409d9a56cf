/*
 * report.c: the report model, aggregated from the rollups (store/rollup.h)
 * of each database; see report.h and render.h.
 */
#include "report/report.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/rollup.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/json.h"
#include "util/when.h"

#define DEFAULT_TOP 10
#define MAX_DAYS    (366 * 20) /* a longer window gets no day x hour grid past this */

/* --- string-keyed tables -------------------------------------------------- */

/* Items found by name: a jansson object maps the name to the item's index. */
struct map {
	json_t *idx;
	void **items;
	size_t n, cap;
};

static void
map_init(struct map *m)
{
	m->idx = alloc_check(json_object());
	m->items = NULL;
	m->n = m->cap = 0;
}

/* The item called key, made with make(key, arg) when there is none yet. */
static void *
map_get(struct map *m, const char *key, void *(*make)(const char *key, const void *arg),
	const void *arg)
{
	json_t *i = json_object_get(m->idx, key);

	if (i != NULL)
		return m->items[json_integer_value(i)];
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->items = alloc_check(realloc(m->items, m->cap * sizeof(void *)));
	}
	m->items[m->n] = make(key, arg);
	json_object_set_new_nocheck(m->idx, key, alloc_check(json_integer((json_int_t)m->n)));
	return m->items[m->n++];
}

/* Sort the items of m (an empty map has no array to sort). */
static void
map_sort(struct map *m, int (*cmp)(const void *, const void *))
{
	if (m->n > 1)
		qsort(m->items, m->n, sizeof(void *), cmp);
}

static void
map_free(struct map *m, void (*free_item)(void *))
{
	for (size_t i = 0; i < m->n; i++)
		free_item(m->items[i]);
	free(m->items);
	json_decref(m->idx);
}

/* A named count. */
struct count {
	char *name;
	int64_t n;
};

static void *
count_make(const char *key, const void *arg)
{
	struct count *c = alloc_check(calloc(1, sizeof(*c)));

	(void)arg;
	c->name = alloc_check(strdup(key));
	return c;
}

static void
count_free(void *p)
{
	struct count *c = p;

	free(c->name);
	free(c);
}

static void
count_add(struct map *m, const char *name, int64_t n)
{
	((struct count *)map_get(m, name, count_make, NULL))->n += n;
}

/* Counts of events per executable, for one key. */
struct key_exes {
	char *key;
	struct map exes;
};

static void *
key_exes_make(const char *key, const void *arg)
{
	struct key_exes *k = alloc_check(calloc(1, sizeof(*k)));

	(void)arg;
	k->key = alloc_check(strdup(key));
	map_init(&k->exes);
	return k;
}

static void
key_exes_free(void *p)
{
	struct key_exes *k = p;

	free(k->key);
	map_free(&k->exes, count_free);
	free(k);
}

/* One login user: (auid, name). */
struct user {
	int64_t auid;
	char *name;
	int64_t events, commands, executions, sudo, rootless, no_session, other;
};

static void *
user_make(const char *key, const void *arg)
{
	const struct user *proto = arg;
	struct user *u = alloc_check(calloc(1, sizeof(*u)));

	(void)key;
	u->auid = proto->auid;
	u->name = alloc_check(strdup(proto->name));
	return u;
}

static void
user_free(void *p)
{
	struct user *u = p;

	free(u->name);
	free(u);
}

/* One podman command: (object, subcommand). */
struct command {
	char *object, *subcommand;
	int64_t n;
	char *display;
};

static void *
command_make(const char *key, const void *arg)
{
	const struct command *proto = arg;
	struct command *c = alloc_check(calloc(1, sizeof(*c)));

	(void)key;
	c->object = alloc_check(strdup(proto->object));
	c->subcommand = alloc_check(strdup(proto->subcommand));
	return c;
}

static void
command_free(void *p)
{
	struct command *c = p;

	free(c->object);
	free(c->subcommand);
	free(c->display);
	free(c);
}

/* One node (host). */
struct node {
	char *name;
	int64_t events, commands, failures;
};

static void *
node_make(const char *key, const void *arg)
{
	struct node *n = alloc_check(calloc(1, sizeof(*n)));

	(void)arg;
	n->name = alloc_check(strdup(key));
	return n;
}

static void
node_free(void *p)
{
	struct node *n = p;

	free(n->name);
	free(n);
}

/* --- the accumulator ------------------------------------------------------- */

struct day {
	char label[16];	 /* 2026-11-16 */
	char weekday[4]; /* Mon */
	int64_t events[24], commands[24];
};

struct acc {
	const struct report_source *src; /* the database being read */
	int64_t total, commands, executions, failures;
	struct map keys, exes, key_exes, users, cmds, nodes, containers, images;
	json_t *risky; /* entries in the order they come */
	int64_t hours[24], hours_cmd[24];
	struct day *days;
	size_t ndays;
	long first_day; /* days_from_civil() of days[0] */
	/* cache of the last bucket's place in the grid */
	int64_t last_bucket;
	int last_hour;
	long last_day;
};

/* Days since 1970-01-01 of a civil date (proleptic Gregorian), for day indexes. */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Local hour and day index of a bucket (cached: groups come bucket by bucket). */
static void
bucket_place(struct acc *a, int64_t bucket, int *hour, long *day)
{
	struct tm tm;

	if (bucket != a->last_bucket) {
		when_local(bucket * ROLLUP_BUCKET_SECONDS * 1000, &tm);
		a->last_bucket = bucket;
		a->last_hour = tm.tm_hour;
		a->last_day =
		    days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) - a->first_day;
	}
	*hour = a->last_hour;
	*day = a->last_day;
}

/* The node name of a group: its node= value, or the database's label. */
static const char *
node_name(const struct acc *a, const char *node)
{
	return node[0] != '\0' ? node : a->src->label ? a->src->label : "";
}

/* The map key of a user: "auid\x1fname" (auid has no 0x1f). */
static void
user_key(struct strbuf *sb, int64_t auid, const char *name)
{
	strbuf_reset(sb);
	strbuf_printf(sb, "%" PRId64 "\x1f%s", auid, name);
}

static struct user *
user_get(struct acc *a, int64_t auid, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	struct user proto = {.auid = auid, .name = (char *)name};
	struct user *u;

	user_key(&sb, auid, name);
	u = map_get(&a->users, strbuf_str(&sb), user_make, &proto);
	strbuf_free(&sb);
	return u;
}

/* Sink: a group of events. */
static int
on_event(void *ctx, const struct rollup_event_row *r)
{
	struct acc *a = ctx;
	struct node *nd = map_get(&a->nodes, node_name(a, r->node), node_make, NULL);
	int hour;
	long day;

	a->total += r->n;
	nd->events += r->n;
	if (r->failed) {
		a->failures += r->n;
		nd->failures += r->n;
	}
	user_get(a, r->auid, r->user)->events += r->n;
	bucket_place(a, r->bucket, &hour, &day);
	a->hours[hour] += r->n;
	if (day >= 0 && (size_t)day < a->ndays)
		a->days[day].events[hour] += r->n;
	if (r->key[0] == '\0')
		return 0;
	/* aureport counts an event once per key of "a,b"; -x counts it once. */
	if (r->exe[0] != '\0')
		count_add(&a->exes, r->exe, r->n);
	for (const char *k = r->key; *k != '\0';) {
		size_t len = strcspn(k, ",");
		char *one = alloc_check(strndup(k, len));
		if (len > 0) {
			count_add(&a->keys, one, r->n);
			if (r->exe[0] != '\0') {
				struct key_exes *ke =
				    map_get(&a->key_exes, one, key_exes_make, NULL);
				count_add(&ke->exes, r->exe, r->n);
			}
		}
		free(one);
		k += len;
		if (*k == ',')
			k++;
	}
	return 0;
}

/* Sink: a group of podman executions. */
static int
on_podman(void *ctx, const struct rollup_podman_row *r)
{
	struct acc *a = ctx;
	struct user *u = user_get(a, r->auid, r->user);
	struct strbuf sb = STRBUF_INIT;
	struct command proto = {.object = (char *)r->object, .subcommand = (char *)r->subcommand};
	int hour;
	long day;

	a->executions += r->n;
	u->executions += r->n;
	if (r->internal)
		return 0;
	a->commands += r->n;
	u->commands += r->n;
	((struct node *)map_get(&a->nodes, node_name(a, r->node), node_make, NULL))->commands +=
	    r->n;
	if (strcmp(r->mode, "sudo") == 0)
		u->sudo += r->n;
	else if (strcmp(r->mode, "rootless") == 0)
		u->rootless += r->n;
	else if (strcmp(r->mode, "root-no-session") == 0)
		u->no_session += r->n;
	else
		u->other += r->n;
	strbuf_printf(&sb, "%s\x1f%s", r->object, r->subcommand);
	((struct command *)map_get(&a->cmds, strbuf_str(&sb), command_make, &proto))->n += r->n;
	strbuf_free(&sb);
	bucket_place(a, r->bucket, &hour, &day);
	a->hours_cmd[hour] += r->n;
	if (day >= 0 && (size_t)day < a->ndays)
		a->days[day].commands[hour] += r->n;
	return 0;
}

/* Sink: containers and images named by podman commands. */
static int
on_target(void *ctx, const struct rollup_target_row *r)
{
	struct acc *a = ctx;

	count_add(strcmp(r->kind, "container") == 0 ? &a->containers : &a->images, r->name, r->n);
	return 0;
}

/* The days of the window [since, until) in the zone in force, into a->days. */
static void
make_days(struct acc *a, int64_t since, int64_t until)
{
	struct tm tm;
	int64_t t = since;
	size_t cap = 0;

	when_local(since, &tm);
	a->first_day = days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	while (t < until && a->ndays < MAX_DAYS) {
		struct day *d;
		if (a->ndays == cap) {
			cap = cap ? cap * 2 : 8;
			a->days = alloc_check(realloc(a->days, cap * sizeof(*a->days)));
		}
		d = &a->days[a->ndays++];
		memset(d, 0, sizeof(*d));
		strftime(d->label, sizeof(d->label), "%Y-%m-%d", &tm);
		strftime(d->weekday, sizeof(d->weekday), "%a", &tm);
		/* next local midnight (mktime copes with 23- and 25-hour days) */
		tm.tm_mday++;
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		t = (int64_t)mktime(&tm) * 1000;
		when_local(t, &tm);
	}
}

/* --- risky commands -------------------------------------------------------- */

/*
 * Decode a JSON array of strings written by util/json.h (the argv and
 * risks_json columns) into a jansson array of the original bytes: a lone
 * \udc80-\udcff is the raw byte 0x80-0xff (surrogateescape), which jansson's
 * own parser refuses. Returns a new array, or NULL when s is not such an
 * array.
 */
static json_t *
decode_strings(const char *s)
{
	json_t *arr = alloc_check(json_array());
	struct strbuf sb = STRBUF_INIT;

	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	if (*s++ != '[')
		goto bad;
	for (;;) {
		while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
			s++;
		if (*s == ']' && json_array_size(arr) == 0)
			break;
		strbuf_reset(&sb);
		if (json_get_string(&s, &sb) != 0)
			goto bad;
		json_array_append_new(
		    arr, alloc_check(json_stringn_nocheck(sb.buf ? sb.buf : "", sb.len)));
		while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
			s++;
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == ']')
			break;
		goto bad;
	}
	strbuf_free(&sb);
	return arr;
bad:
	strbuf_free(&sb);
	json_decref(arr);
	return NULL;
}

/* A string for the model: the log's bytes, unchecked. */
static json_t *
jstr(const char *s)
{
	return alloc_check(json_stringn_nocheck(s ? s : "", s ? strlen(s) : 0));
}

/* The display name of a podman command: the subcommand, or "object subcommand". */
static char *
command_display(const char *object, const char *subcommand, int long_form)
{
	struct strbuf sb = STRBUF_INIT;
	char *out;

	if (long_form && object[0] != '\0')
		strbuf_printf(&sb, "%s %s", object, subcommand);
	else
		strbuf_puts(&sb, subcommand);
	out = alloc_check(strdup(strbuf_str(&sb)));
	strbuf_free(&sb);
	return out;
}

/* Whether a command of this object is shown by its subcommand alone. */
static int
object_implied(const char *object)
{
	return object[0] == '\0' || strcmp(object, "container") == 0 ||
	       strcmp(object, "image") == 0 || strcmp(object, "system") == 0;
}

/* Sink: a podman command typed by a person with a risk finding. */
static int
on_risky(void *ctx, const struct rollup_risky_row *r)
{
	struct acc *a = ctx;
	const char *object = r->object ? r->object : "", *sub = r->subcommand ? r->subcommand : "";
	const char *target = r->container ? r->container
			     : r->image	  ? r->image
			     : r->pod	  ? r->pod
					  : r->volume;
	json_t *o = alloc_check(json_object()), *risks, *argv;
	char tbuf[40], *cmd;

	risks = decode_strings(r->risks_json ? r->risks_json : "[]");
	argv = decode_strings(r->argv ? r->argv : "[]");
	cmd = command_display(object, sub, !object_implied(object));
	json_object_set_new(o, "id", alloc_check(json_integer(r->id)));
	json_object_set_new(o, "time", jstr(when_format(r->ms, tbuf, sizeof(tbuf))));
	json_object_set_new(o, "epoch_ms", alloc_check(json_integer(r->ms)));
	json_object_set_new(o, "node", jstr(node_name(a, r->node)));
	json_object_set_new(o, "auid", alloc_check(json_integer(r->auid)));
	json_object_set_new(o, "user", jstr(r->user));
	json_object_set_new(o, "mode", jstr(r->mode));
	json_object_set_new(o, "command", jstr(cmd));
	json_object_set_new(o, "target", jstr(target));
	json_object_set_new(o, "risks", risks ? risks : alloc_check(json_array()));
	json_object_set_new(o, "argv", argv ? argv : alloc_check(json_array()));
	json_array_append_new(a->risky, o);
	free(cmd);
	return 0;
}

/* --- the model -------------------------------------------------------------- */

/* qsort order: count descending, then name ascending (bytes). */
static int
count_cmp(const void *x, const void *y)
{
	const struct count *a = *(const struct count *const *)x,
			   *b = *(const struct count *const *)y;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* The counts of m, sorted, as an array of {name_key: name, "count": n}; at most max (0: all). */
static json_t *
count_array(struct map *m, const char *name_key, size_t max)
{
	json_t *arr = alloc_check(json_array());

	map_sort(m, count_cmp);
	for (size_t i = 0; i < m->n && (max == 0 || i < max); i++) {
		const struct count *c = m->items[i];
		json_t *o = alloc_check(json_object());
		json_object_set_new(o, name_key, jstr(c->name));
		json_object_set_new(o, "count", json_integer(c->n));
		json_array_append_new(arr, o);
	}
	return arr;
}

static int
user_cmp(const void *x, const void *y)
{
	const struct user *a = *(const struct user *const *)x, *b = *(const struct user *const *)y;
	int c;

	if (a->commands != b->commands)
		return a->commands > b->commands ? -1 : 1;
	if (a->events != b->events)
		return a->events > b->events ? -1 : 1;
	if ((c = strcmp(a->name, b->name)) != 0)
		return c;
	return (a->auid > b->auid) - (a->auid < b->auid);
}

static int
command_cmp(const void *x, const void *y)
{
	const struct command *a = *(const struct command *const *)x,
			     *b = *(const struct command *const *)y;
	int c;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	if ((c = strcmp(a->display, b->display)) != 0)
		return c;
	return strcmp(a->object, b->object);
}

static int
node_cmp(const void *x, const void *y)
{
	const struct node *a = *(const struct node *const *)x, *b = *(const struct node *const *)y;

	if (a->events != b->events)
		return a->events > b->events ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* risky entries in time order, then node, then id. */
static int
risky_cmp(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	json_int_t ta = json_integer_value(json_object_get(a, "epoch_ms"));
	json_int_t tb = json_integer_value(json_object_get(b, "epoch_ms"));
	int c;

	if (ta != tb)
		return ta < tb ? -1 : 1;
	c = strcmp(json_string_value(json_object_get(a, "node")),
		   json_string_value(json_object_get(b, "node")));
	if (c != 0)
		return c;
	ta = json_integer_value(json_object_get(a, "id"));
	tb = json_integer_value(json_object_get(b, "id"));
	return (ta > tb) - (ta < tb);
}

static json_t *
int_array(const int64_t *v, size_t n)
{
	json_t *arr = alloc_check(json_array());

	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_integer(v[i]));
	return arr;
}

/* Put the accumulated counts, and the sorted risky array (a reference is stolen), into model. */
static void
finish_model(struct acc *a, const struct report_query *q, json_t *risky, json_t *model)
{
	json_t *arr, *obj;
	size_t top = q->top > 0 ? (size_t)q->top : DEFAULT_TOP;

	map_sort(&a->nodes, node_cmp);
	arr = alloc_check(json_array());
	for (size_t i = 0; i < a->nodes.n; i++) {
		const struct node *n = a->nodes.items[i];
		json_t *o = alloc_check(json_object());
		json_object_set_new(o, "node", jstr(n->name));
		json_object_set_new(o, "events", json_integer(n->events));
		json_object_set_new(o, "podman_commands", json_integer(n->commands));
		json_object_set_new(o, "failures", json_integer(n->failures));
		json_array_append_new(arr, o);
	}
	json_object_set_new(model, "nodes", arr);
	json_object_set_new(model, "total_events", json_integer(a->total));
	json_object_set_new(model, "podman_commands", json_integer(a->commands));
	json_object_set_new(model, "podman_executions", json_integer(a->executions));
	json_object_set_new(model, "failures", json_integer(a->failures));

	map_sort(&a->keys, count_cmp);
	obj = alloc_check(json_object());
	for (size_t i = 0; i < a->keys.n; i++) {
		const struct count *c = a->keys.items[i];
		json_object_set_new_nocheck(obj, c->name, json_integer(c->n));
	}
	json_object_set_new(model, "by_key", obj);

	map_sort(&a->users, user_cmp);
	arr = alloc_check(json_array());
	for (size_t i = 0; i < a->users.n; i++) {
		const struct user *u = a->users.items[i];
		json_t *o = alloc_check(json_object());
		json_object_set_new(o, "auid", json_integer(u->auid));
		json_object_set_new(o, "user", jstr(u->name));
		json_object_set_new(o, "commands", json_integer(u->commands));
		json_object_set_new(o, "events", json_integer(u->events));
		json_object_set_new(o, "sudo", json_integer(u->sudo));
		json_object_set_new(o, "rootless", json_integer(u->rootless));
		json_object_set_new(o, "no_session", json_integer(u->no_session));
		json_object_set_new(o, "other", json_integer(u->other));
		json_object_set_new(o, "executions", json_integer(u->executions));
		json_array_append_new(arr, o);
	}
	json_object_set_new(model, "by_user", arr);

	/* A subcommand alone names the command unless two objects share it. */
	for (size_t i = 0; i < a->cmds.n; i++) {
		struct command *c = a->cmds.items[i];
		int clash = !object_implied(c->object);
		for (size_t j = 0; j < a->cmds.n && !clash; j++) {
			const struct command *d = a->cmds.items[j];
			clash = j != i && strcmp(c->subcommand, d->subcommand) == 0 &&
				object_implied(d->object);
		}
		c->display = command_display(c->object, c->subcommand, clash);
	}
	map_sort(&a->cmds, command_cmp);
	arr = alloc_check(json_array());
	for (size_t i = 0; i < a->cmds.n; i++) {
		const struct command *c = a->cmds.items[i];
		json_t *o = alloc_check(json_object());
		json_object_set_new(o, "command", jstr(c->display));
		json_object_set_new(o, "count", json_integer(c->n));
		json_object_set_new(o, "object", jstr(c->object));
		json_object_set_new(o, "subcommand", jstr(c->subcommand));
		json_array_append_new(arr, o);
	}
	json_object_set_new(model, "by_command", arr);

	json_object_set_new(model, "by_exe", count_array(&a->exes, "exe", 0));
	obj = alloc_check(json_object());
	for (size_t i = 0; i < a->keys.n; i++) {
		const struct count *k = a->keys.items[i];
		json_t *ki = json_object_get(a->key_exes.idx, k->name);
		json_object_set_new_nocheck(
		    obj, k->name,
		    ki ? count_array(
			     &((struct key_exes *)a->key_exes.items[json_integer_value(ki)])->exes,
			     "exe", 0)
		       : alloc_check(json_array()));
	}
	json_object_set_new(model, "by_key_exe", obj);

	json_object_set_new(model, "by_hour", int_array(a->hours, 24));
	json_object_set_new(model, "by_hour_commands", int_array(a->hours_cmd, 24));
	arr = alloc_check(json_array());
	for (size_t i = 0; i < a->ndays; i++) {
		json_t *o = alloc_check(json_object());
		json_object_set_new(o, "day", jstr(a->days[i].label));
		json_object_set_new(o, "weekday", jstr(a->days[i].weekday));
		json_object_set_new(o, "hours", int_array(a->days[i].events, 24));
		json_object_set_new(o, "commands", int_array(a->days[i].commands, 24));
		json_array_append_new(arr, o);
	}
	json_object_set_new(model, "by_day_hour", arr);
	json_object_set_new(model, "risky", risky);
	json_object_set_new(model, "top_containers", count_array(&a->containers, "container", top));
	json_object_set_new(model, "top_images", count_array(&a->images, "image", top));
}

int
report_build(const struct report_source *src, size_t n, const struct report_query *q, json_t **out,
	     char *err, size_t errlen)
{
	struct acc a;
	struct rollup_sink sink = {on_event, on_podman, on_target, on_risky, &a};
	json_t *model, *period, *dbs, *risky;
	char buf[40], msg[512];
	int rc = 0;

	*out = NULL;
	memset(&a, 0, sizeof(a));
	map_init(&a.keys);
	map_init(&a.exes);
	map_init(&a.key_exes);
	map_init(&a.users);
	map_init(&a.cmds);
	map_init(&a.nodes);
	map_init(&a.containers);
	map_init(&a.images);
	a.last_bucket = INT64_MIN;
	make_days(&a, q->since, q->until);

	model = alloc_check(json_object());
	period = alloc_check(json_object());
	json_object_set_new(period, "since", jstr(when_format(q->since, buf, sizeof(buf))));
	json_object_set_new(period, "until", jstr(when_format(q->until, buf, sizeof(buf))));
	json_object_set_new(period, "since_epoch_ms", json_integer(q->since));
	json_object_set_new(period, "until_epoch_ms", json_integer(q->until));
	json_object_set_new(period, "timezone", jstr(when_zone_name()));
	json_object_set_new(period, "half_open", json_true());
	json_object_set_new(model, "period", period);
	json_object_set_new(model, "generated", jstr(when_format(q->generated, buf, sizeof(buf))));
	dbs = alloc_check(json_array());
	risky = a.risky = alloc_check(json_array());
	for (size_t i = 0; i < n && rc == 0; i++) {
		json_array_append_new(dbs, jstr(src[i].path));
		a.src = &src[i];
		/* the risky commands are scattered over the whole database: keep the
		 * B-tree's inner pages in memory between their lookups */
		sqlite3_exec(store_db(src[i].st), "PRAGMA cache_size = -65536", NULL, NULL, NULL);
		rc = rollup_aggregate(src[i].st, q->since, q->until, q->flags, &sink, NULL, msg,
				      sizeof(msg));
		if (rc != 0)
			snprintf(err, errlen, "%s: %s", src[i].path, msg);
	}
	json_object_set_new(model, "databases", dbs);
	if (rc == 0) {
		size_t nr = json_array_size(risky);
		json_t **v = alloc_check(calloc(nr + 1, sizeof(json_t *)));
		json_t *sorted = alloc_check(json_array());
		for (size_t i = 0; i < nr; i++)
			v[i] = json_array_get(risky, i);
		if (nr > 1)
			qsort(v, nr, sizeof(json_t *), risky_cmp);
		for (size_t i = 0; i < nr; i++)
			json_array_append(sorted, v[i]);
		free(v);
		finish_model(&a, q, sorted, model);
	}
	json_decref(risky);
	map_free(&a.keys, count_free);
	map_free(&a.exes, count_free);
	map_free(&a.key_exes, key_exes_free);
	map_free(&a.users, user_free);
	map_free(&a.cmds, command_free);
	map_free(&a.nodes, node_free);
	map_free(&a.containers, count_free);
	map_free(&a.images, count_free);
	free(a.days);
	if (rc != 0) {
		json_decref(model);
		return -1;
	}
	*out = model;
	return 0;
}

/* --- formats ---------------------------------------------------------------- */

static const struct report_format formats[] = {
    {"text", report_render_text},
    {"json", report_render_json},
    {"csv", report_render_csv},
    {"html", report_render_html},
};

const struct report_format *
report_format_find(const char *name)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const char *
report_format_names(void)
{
	static char names[128];

	if (names[0] == '\0')
		for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 i ? "|" : "", formats[i].name);
	return names;
}
