/*
 * test_podman_args.c: the podman/conmon/runc command-line analysis through
 * its public interface (ingest/podman/podman_args.h).
 *
 * The main test is table-driven: tests/podman/cases.tsv holds real command
 * lines taken from audit captures (and a few written by hand), each with
 * the meaning expected; every field of the result is compared byte for
 * byte. The other tests cover the small building blocks and error paths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/podman/podman_args.h"
#include "util/json.h"

/* ---------------------------------------------------------------- a small JSON reader */

/*
 * Just enough JSON for the table: objects, arrays, strings, integers,
 * null. Strings decode to bytes: \udc80-\udcff alone stand for the raw
 * byte 0x80-0xff (util/json.h's surrogateescape), which general JSON
 * libraries refuse.
 */
enum jtype { J_NULL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype type;
	long long num;
	char *str; /* J_STR: bytes, NUL-terminated */
	size_t len;
	struct jval *items; /* J_ARR, J_OBJ values */
	char **keys;	    /* J_OBJ */
	size_t n;
};

struct jparser {
	const char *p;
	const char *end;
	const char *err;
};

static int jparse_value(struct jparser *jp, struct jval *v);

/* Skip white space. */
static void
jskip(struct jparser *jp)
{
	while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n'))
		jp->p++;
}

/* Read 4 hex digits; -1 when malformed. */
static long
jhex4(struct jparser *jp)
{
	long v = 0;

	if (jp->end - jp->p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = *jp->p++;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* Append code point cp to sb as UTF-8. */
static void
put_utf8(struct strbuf *sb, unsigned long cp)
{
	if (cp < 0x80) {
		strbuf_putc(sb, (char)cp);
	} else if (cp < 0x800) {
		strbuf_putc(sb, (char)(0xc0 | (cp >> 6)));
		strbuf_putc(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_putc(sb, (char)(0xe0 | (cp >> 12)));
		strbuf_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_putc(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_putc(sb, (char)(0xf0 | (cp >> 18)));
		strbuf_putc(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_putc(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

/* Parse a string at jp->p (on the opening quote) into bytes. */
static int
jparse_string(struct jparser *jp, char **out, size_t *outlen)
{
	struct strbuf sb = STRBUF_INIT;

	jp->p++;
	while (jp->p < jp->end && *jp->p != '"') {
		char c = *jp->p++;
		long cp;

		if (c != '\\') {
			strbuf_putc(&sb, c);
			continue;
		}
		if (jp->p >= jp->end)
			break;
		c = *jp->p++;
		switch (c) {
		case 'n':
			strbuf_putc(&sb, '\n');
			break;
		case 't':
			strbuf_putc(&sb, '\t');
			break;
		case 'r':
			strbuf_putc(&sb, '\r');
			break;
		case 'b':
			strbuf_putc(&sb, '\b');
			break;
		case 'f':
			strbuf_putc(&sb, '\f');
			break;
		case 'u':
			cp = jhex4(jp);
			if (cp < 0) {
				jp->err = "bad \\u escape";
				strbuf_free(&sb);
				return -1;
			}
			if (cp >= 0xdc80 && cp <= 0xdcff) {
				strbuf_putc(&sb, (char)(cp - 0xdc00)); /* surrogateescape */
			} else if (cp >= 0xd800 && cp <= 0xdbff && jp->end - jp->p >= 6 &&
				   jp->p[0] == '\\' && jp->p[1] == 'u') {
				long lo;

				jp->p += 2;
				lo = jhex4(jp);
				if (lo < 0xdc00 || lo > 0xdfff) {
					jp->err = "bad surrogate pair";
					strbuf_free(&sb);
					return -1;
				}
				put_utf8(&sb, 0x10000 + (((unsigned long)cp - 0xd800) << 10) +
						  ((unsigned long)lo - 0xdc00));
			} else {
				put_utf8(&sb, (unsigned long)cp);
			}
			break;
		default: /* '"', '\\', '/' */
			strbuf_putc(&sb, c);
			break;
		}
	}
	if (jp->p >= jp->end) {
		jp->err = "unterminated string";
		strbuf_free(&sb);
		return -1;
	}
	jp->p++;
	*outlen = sb.len;
	*out = malloc(sb.len + 1);
	assert_non_null(*out);
	if (sb.len > 0)
		memcpy(*out, sb.buf, sb.len);
	(*out)[sb.len] = '\0';
	strbuf_free(&sb);
	return 0;
}

/* Append a zeroed element to v's items (and a key slot for objects). */
static struct jval *
jpush(struct jval *v)
{
	v->items = realloc(v->items, (v->n + 1) * sizeof(*v->items));
	assert_non_null(v->items);
	if (v->type == J_OBJ) {
		v->keys = realloc(v->keys, (v->n + 1) * sizeof(*v->keys));
		assert_non_null(v->keys);
	}
	memset(&v->items[v->n], 0, sizeof(v->items[0]));
	return &v->items[v->n++];
}

/* Parse one value. */
static int
jparse_value(struct jparser *jp, struct jval *v)
{
	memset(v, 0, sizeof(*v));
	jskip(jp);
	if (jp->p >= jp->end) {
		jp->err = "unexpected end";
		return -1;
	}
	if (*jp->p == '"') {
		v->type = J_STR;
		return jparse_string(jp, &v->str, &v->len);
	}
	if (*jp->p == '[' || *jp->p == '{') {
		char close = *jp->p == '[' ? ']' : '}';

		v->type = *jp->p == '[' ? J_ARR : J_OBJ;
		jp->p++;
		jskip(jp);
		if (jp->p < jp->end && *jp->p == close) {
			jp->p++;
			return 0;
		}
		for (;;) {
			char *key = NULL;
			size_t klen;
			struct jval *item;

			jskip(jp);
			if (v->type == J_OBJ) {
				if (jp->p >= jp->end || *jp->p != '"' ||
				    jparse_string(jp, &key, &klen) != 0) {
					jp->err = jp->err ? jp->err : "expected a key";
					return -1;
				}
				jskip(jp);
				if (jp->p >= jp->end || *jp->p != ':') {
					free(key);
					jp->err = "expected ':'";
					return -1;
				}
				jp->p++;
			}
			item = jpush(v);
			if (v->type == J_OBJ)
				v->keys[v->n - 1] = key;
			if (jparse_value(jp, item) != 0)
				return -1;
			jskip(jp);
			if (jp->p < jp->end && *jp->p == ',') {
				jp->p++;
				continue;
			}
			if (jp->p < jp->end && *jp->p == close) {
				jp->p++;
				return 0;
			}
			jp->err = "expected ',' or a closing bracket";
			return -1;
		}
	}
	if (jp->end - jp->p >= 4 && memcmp(jp->p, "null", 4) == 0) {
		jp->p += 4;
		v->type = J_NULL;
		return 0;
	}
	if (*jp->p == '-' || (*jp->p >= '0' && *jp->p <= '9')) {
		char *e;

		v->type = J_NUM;
		v->num = strtoll(jp->p, &e, 10);
		jp->p = e;
		return 0;
	}
	jp->err = "unexpected character";
	return -1;
}

/* Release a parsed value. */
static void
jfree(struct jval *v)
{
	for (size_t i = 0; i < v->n; i++) {
		jfree(&v->items[i]);
		if (v->type == J_OBJ)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	memset(v, 0, sizeof(*v));
}

/* Parse text (n bytes) as one JSON value; fails the test when malformed. */
static void
jparse(const char *text, size_t n, struct jval *v, const char *what)
{
	struct jparser jp = {text, text + n, NULL};

	if (jparse_value(&jp, v) != 0)
		fail_msg("%s: bad JSON (%s) near \"%.30s\"", what, jp.err, jp.p);
}

/* The member key of object v, or NULL. */
static const struct jval *
jget(const struct jval *v, const char *key)
{
	for (size_t i = 0; v->type == J_OBJ && i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return &v->items[i];
	return NULL;
}

/* ---------------------------------------------------------------- the table */

struct tcase {
	char *line; /* owns the text the fields point into */
	const char *src, *kind, *comm, *exe;
	struct podman_ctx ctx;
	struct jval argv;   /* array of strings */
	struct jval expect; /* object */
	char **args;	    /* argv bytes, deliberately not NUL-terminated */
	size_t *lens;
	size_t argc;
};

struct table {
	struct tcase *c;
	size_t n;
};

/* Parse a decimal integer field; fails the test on garbage. */
static int64_t
num_field(const char *s, const char *src)
{
	char *e;
	long long v = strtoll(s, &e, 10);

	if (*s == '\0' || *e != '\0')
		fail_msg("%s: bad number \"%s\"", src, s);
	return v;
}

/* Read tests/podman/cases.tsv (under $PODAUDIT_SRCDIR, else the current directory). */
static void
load_table(struct table *t)
{
	const char *root = getenv("PODAUDIT_SRCDIR");
	char path[4096];
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	snprintf(path, sizeof(path), "%s/tests/podman/cases.tsv", root ? root : ".");
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s (set PODAUDIT_SRCDIR)", path);
	memset(t, 0, sizeof(*t));
	while ((len = getline(&line, &cap, f)) > 0) {
		char *col[10];
		int ncol = 0;
		char *p;
		struct tcase *c;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		t->c = realloc(t->c, (t->n + 1) * sizeof(*t->c));
		assert_non_null(t->c);
		c = &t->c[t->n++];
		memset(c, 0, sizeof(*c));
		c->line = strdup(line);
		assert_non_null(c->line);
		for (p = c->line; ncol < 10; ncol++) {
			col[ncol] = p;
			p = strchr(p, '\t');
			if (p == NULL) {
				ncol++;
				break;
			}
			*p++ = '\0';
		}
		if (ncol != 10)
			fail_msg("cases.tsv line %zu: %d columns, want 10", t->n, ncol);
		c->src = col[0];
		c->kind = col[1];
		c->ctx.uid = num_field(col[2], c->src);
		c->ctx.auid = num_field(col[3], c->src);
		c->ctx.pid = num_field(col[4], c->src);
		c->ctx.ppid = num_field(col[5], c->src);
		c->comm = strcmp(col[6], "-") == 0 ? NULL : col[6];
		c->exe = strcmp(col[7], "-") == 0 ? NULL : col[7];
		c->ctx.comm = c->comm;
		c->ctx.exe = c->exe;
		jparse(col[8], strlen(col[8]), &c->argv, c->src);
		jparse(col[9], strlen(col[9]), &c->expect, c->src);
		if (c->argv.type != J_ARR || c->expect.type != J_OBJ)
			fail_msg("%s: argv must be an array, expect an object", c->src);
		c->argc = c->argv.n;
		c->args = calloc(c->argc + 1, sizeof(*c->args));
		c->lens = calloc(c->argc + 1, sizeof(*c->lens));
		assert_true(c->args != NULL && c->lens != NULL);
		for (size_t i = 0; i < c->argc; i++) {
			const struct jval *a = &c->argv.items[i];

			if (a->type != J_STR)
				fail_msg("%s: argv[%zu] is not a string", c->src, i);
			/* no NUL after the bytes: the library must go by lens */
			c->args[i] = malloc(a->len + 1);
			assert_non_null(c->args[i]);
			memcpy(c->args[i], a->str, a->len);
			c->args[i][a->len] = 'Z';
			c->lens[i] = a->len;
		}
	}
	free(line);
	fclose(f);
}

/* Release the table. */
static void
free_table(struct table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct tcase *c = &t->c[i];

		for (size_t j = 0; j < c->argc; j++)
			free(c->args[j]);
		free(c->args);
		free(c->lens);
		jfree(&c->argv);
		jfree(&c->expect);
		free(c->line);
	}
	free(t->c);
	memset(t, 0, sizeof(*t));
}

/* Make a printable form of bytes s (n) for failure messages (JSON string). */
static const char *
show(struct strbuf *sb, const char *s, size_t n)
{
	strbuf_reset(sb);
	if (s == NULL)
		strbuf_puts(sb, "NULL");
	else
		json_put_string(sb, s, n);
	return strbuf_str(sb);
}

/* Compare string field got with expect[key] (absent = NULL); count and report a mismatch. */
static int
check_str(const struct tcase *c, const char *key, const char *got)
{
	const struct jval *w = jget(&c->expect, key);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int bad;

	if (w != NULL && w->type != J_STR)
		fail_msg("%s: expect.%s must be a string", c->src, key);
	if (w == NULL)
		bad = got != NULL;
	else
		bad = got == NULL || strlen(got) != w->len || memcmp(got, w->str, w->len) != 0;
	if (bad) {
		char wbuf[512];

		snprintf(wbuf, sizeof(wbuf), "%s", show(&a, w ? w->str : NULL, w ? w->len : 0));
		print_error("%s: %s = %s, want %s\n", c->src, key,
			    show(&b, got, got ? strlen(got) : 0), wbuf);
	}
	strbuf_free(&a);
	strbuf_free(&b);
	return bad;
}

/* Compare integer field got with expect[key] (absent = def). */
static int
check_num(const struct tcase *c, const char *key, long long got, long long def)
{
	const struct jval *w = jget(&c->expect, key);
	long long want = w ? w->num : def;

	if (w != NULL && w->type != J_NUM)
		fail_msg("%s: expect.%s must be a number", c->src, key);
	if (got != want) {
		print_error("%s: %s = %lld, want %lld\n", c->src, key, got, want);
		return 1;
	}
	return 0;
}

/* Compare a string array with expect[key] (absent = empty), also through its JSON form. */
static int
check_strv(const struct tcase *c, const char *key, char *const *v, size_t n,
	   const struct strbuf *json)
{
	const struct jval *w = jget(&c->expect, key);
	size_t wn = w ? w->n : 0;
	struct jval back;
	int bad = 0;

	if (w != NULL && w->type != J_ARR)
		fail_msg("%s: expect.%s must be an array", c->src, key);
	if (n != wn) {
		print_error("%s: %s has %zu entries (%s), want %zu\n", c->src, key, n,
			    strbuf_str(json), wn);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct jval *e = &w->items[i];

		if (strlen(v[i]) != e->len || memcmp(v[i], e->str, e->len) != 0) {
			print_error("%s: %s[%zu] differs: got %s\n", c->src, key, i,
				    strbuf_str(json));
			bad = 1;
		}
	}
	/* the JSON form decodes back to the same bytes */
	jparse(json->buf, json->len, &back, c->src);
	if (back.type != J_ARR || back.n != n) {
		bad = 1;
	} else {
		for (size_t i = 0; i < n; i++)
			if (back.items[i].len != strlen(v[i]) ||
			    memcmp(back.items[i].str, v[i], back.items[i].len) != 0)
				bad = 1;
	}
	if (bad)
		print_error("%s: %s JSON %s does not round-trip\n", c->src, key, strbuf_str(json));
	jfree(&back);
	return bad;
}

/* Find the case whose source is src. */
static const struct tcase *
find_case(const struct table *t, const char *src)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->c[i].src, src) == 0)
			return &t->c[i];
	return NULL;
}

/* Run and check one podman case; returns the number of mismatches. */
static int
run_podman_case(const struct table *t, const struct tcase *c)
{
	static const char *const keys[] = {
	    "sub",    "obj",	 "typed",   "known", "help", "container", "image",    "pod",
	    "volume", "network", "targets", "risks", "cmd",  "mode",	  "internal", "reexec_of",
	};
	struct podman_cmd cmd;
	struct strbuf tj = STRBUF_INIT, rj = STRBUF_INIT;
	char err[256];
	int bad = 0;

	for (size_t i = 0; i < c->expect.n; i++) {
		size_t k = 0;

		while (k < sizeof(keys) / sizeof(keys[0]) &&
		       strcmp(keys[k], c->expect.keys[i]) != 0)
			k++;
		if (k == sizeof(keys) / sizeof(keys[0]))
			fail_msg("%s: unknown expect key \"%s\"", c->src, c->expect.keys[i]);
	}
	if (podman_analyze((const char *const *)c->args, c->lens, c->argc, &c->ctx, &cmd, err,
			   sizeof(err)) != 0)
		fail_msg("%s: podman_analyze: %s", c->src, err);
	podman_targets_json(&cmd, &tj);
	podman_risks_json(&cmd, &rj);
	bad += check_str(c, "sub", cmd.subcommand);
	bad += check_str(c, "obj", cmd.object);
	bad += check_num(c, "typed", cmd.object_typed, 0);
	bad += check_num(c, "known", cmd.known, 1);
	bad += check_num(c, "help", cmd.help, 0);
	bad += check_str(c, "container", cmd.container);
	bad += check_str(c, "image", cmd.image);
	bad += check_str(c, "pod", cmd.pod);
	bad += check_str(c, "volume", cmd.volume);
	bad += check_str(c, "network", cmd.network);
	bad += check_strv(c, "targets", cmd.targets, cmd.ntargets, &tj);
	bad += check_strv(c, "risks", cmd.risks, cmd.nrisks, &rj);
	bad += check_num(c, "cmd", (long long)cmd.command_index, 0);
	bad += check_str(c, "mode", podman_mode_name(cmd.mode));
	bad += check_str(c, "internal", cmd.internal_reason);
	if ((cmd.internal != PODMAN_INTERNAL_NONE) != (cmd.internal_reason != NULL)) {
		print_error("%s: internal %d but reason %s\n", c->src, (int)cmd.internal,
			    cmd.internal_reason ? cmd.internal_reason : "NULL");
		bad++;
	}
	/* risk_mask has exactly the kinds present in risks */
	{
		unsigned mask = 0;

		for (size_t i = 0; i < cmd.nrisks; i++) {
			for (int k = 0; k < PODMAN_RISK_COUNT; k++) {
				const char *name = podman_risk_name((enum podman_risk)k);
				size_t n = strlen(name);

				if (strncmp(cmd.risks[i], name, n) == 0 &&
				    (cmd.risks[i][n] == '\0' || cmd.risks[i][n] == ':'))
					mask |= 1u << k;
			}
		}
		if (mask != cmd.risk_mask) {
			print_error("%s: risk_mask %#x, risks say %#x\n", c->src, cmd.risk_mask,
				    mask);
			bad++;
		}
	}
	/* the container's command is argv from command_index on, untouched */
	if (cmd.command_index >= c->argc && cmd.command_index != 0) {
		print_error("%s: command_index %zu beyond argc\n", c->src, cmd.command_index);
		bad++;
	}
	{
		const struct jval *r = jget(&c->expect, "reexec_of");

		if (r != NULL) {
			const struct tcase *parent = find_case(t, r->str);

			if (parent == NULL)
				fail_msg("%s: reexec_of %s: no such case", c->src, r->str);
			if (!podman_is_reexec(&c->ctx, (const char *const *)c->args, c->lens,
					      c->argc, &parent->ctx,
					      (const char *const *)parent->args, parent->lens,
					      parent->argc)) {
				print_error("%s: not seen as the re-exec of %s\n", c->src, r->str);
				bad++;
			}
			if (podman_is_reexec(&parent->ctx, (const char *const *)parent->args,
					     parent->lens, parent->argc, &c->ctx,
					     (const char *const *)c->args, c->lens, c->argc)) {
				print_error("%s: re-exec relation seen backwards\n", c->src);
				bad++;
			}
		}
	}
	if (cmd.internal == PODMAN_INTERNAL_CONMON_CLEANUP &&
	    !podman_is_cleanup((const char *const *)c->args, c->lens, c->argc)) {
		print_error("%s: podman_is_cleanup disagrees\n", c->src);
		bad++;
	}
	podman_cmd_free(&cmd);
	strbuf_free(&tj);
	strbuf_free(&rj);
	return bad;
}

/* Run and check one runtime case; returns the number of mismatches. */
static int
run_runtime_case(const struct tcase *c)
{
	static const char *const keys[] = {"runtime", "action", "id",	   "name",
					   "exec",    "oci",	"internal"};
	struct runtime_cmd cmd;
	char err[256];
	int bad = 0;

	for (size_t i = 0; i < c->expect.n; i++) {
		size_t k = 0;

		while (k < sizeof(keys) / sizeof(keys[0]) &&
		       strcmp(keys[k], c->expect.keys[i]) != 0)
			k++;
		if (k == sizeof(keys) / sizeof(keys[0]))
			fail_msg("%s: unknown expect key \"%s\"", c->src, c->expect.keys[i]);
	}
	if (runtime_analyze((const char *const *)c->args, c->lens, c->argc, &c->ctx, &cmd, err,
			    sizeof(err)) != 0)
		fail_msg("%s: runtime_analyze: %s", c->src, err);
	bad += check_str(c, "runtime", cmd.runtime);
	bad += check_str(c, "action", cmd.action);
	bad += check_str(c, "id", cmd.container_id);
	bad += check_str(c, "name", cmd.container_name);
	bad += check_str(c, "exec", cmd.exec_id);
	bad += check_str(c, "oci", cmd.oci_runtime);
	bad += check_str(c, "internal", cmd.internal_reason);
	runtime_cmd_free(&cmd);
	return bad;
}

/* Every case of cases.tsv, and how many are real captures. */
static void
test_table(void **state)
{
	struct table t;
	size_t real = 0, npodman = 0;
	int bad = 0;

	(void)state;
	load_table(&t);
	for (size_t i = 0; i < t.n; i++) {
		const struct tcase *c = &t.c[i];

		if (strncmp(c->src, "synthetic:", 10) != 0)
			real++;
		if (strcmp(c->kind, "podman") == 0) {
			npodman++;
			bad += run_podman_case(&t, c);
		} else if (strcmp(c->kind, "runtime") == 0) {
			bad += run_runtime_case(c);
		} else {
			fail_msg("%s: kind \"%s\"", c->src, c->kind);
		}
	}
	print_message("cases.tsv: %zu cases (%zu podman), %zu from real captures\n", t.n, npodman,
		      real);
	assert_true(real >= 60);
	free_table(&t);
	if (bad)
		fail_msg("%d mismatches", bad);
}

/*
 * Every podman execution of the captures (tests/data/podman-cmdlines.tsv:
 * "# file: NAME" lines, then serial, auid, uid, ppid, pid, argv) has a case
 * in cases.tsv with the same source, context and argv: the table covers
 * the captures and its sources are true. Skipped when the file is absent.
 */
static void
test_cmdlines_covered(void **state)
{
	const char *root = getenv("PODAUDIT_SRCDIR");
	char path[4096], file[256] = "";
	struct table t;
	FILE *f;
	char *line = NULL;
	size_t cap = 0, checked = 0;
	ssize_t len;
	int bad = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/data/podman-cmdlines.tsv", root ? root : ".");
	f = fopen(path, "r");
	if (f == NULL)
		skip();
	load_table(&t);
	while ((len = getline(&line, &cap, f)) > 0) {
		char *col[6];
		char *p = line;
		char src[512];
		const struct tcase *c;
		struct jval argv;
		int ncol = 0;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (strncmp(line, "# file: ", 8) == 0) {
			snprintf(file, sizeof(file), "%s", line + 8);
			continue;
		}
		if (line[0] == '#' || line[0] == '\0')
			continue;
		while (ncol < 6) {
			col[ncol++] = p;
			p = strchr(p, '\t');
			if (p == NULL)
				break;
			*p++ = '\0';
		}
		if (ncol != 6)
			fail_msg("podman-cmdlines.tsv: %d columns in \"%.40s\"", ncol, line);
		snprintf(src, sizeof(src), "%s:%s", file, col[0]);
		c = find_case(&t, src);
		if (c == NULL) {
			print_error("%s: in podman-cmdlines.tsv, not in cases.tsv\n", src);
			bad++;
			continue;
		}
		jparse(col[5], strlen(col[5]), &argv, src);
		if (c->ctx.auid != num_field(col[1], src) || c->ctx.uid != num_field(col[2], src) ||
		    c->ctx.ppid != num_field(col[3], src) || c->ctx.pid != num_field(col[4], src) ||
		    strcmp(c->kind, "podman") != 0) {
			print_error("%s: context differs from podman-cmdlines.tsv\n", src);
			bad++;
		}
		if (argv.n != c->argc) {
			print_error("%s: argc differs from podman-cmdlines.tsv\n", src);
			bad++;
		} else {
			for (size_t i = 0; i < argv.n; i++) {
				if (argv.items[i].len != c->lens[i] ||
				    memcmp(argv.items[i].str, c->args[i], c->lens[i]) != 0) {
					print_error("%s: argv[%zu] differs\n", src, i);
					bad++;
				}
			}
		}
		jfree(&argv);
		checked++;
	}
	free(line);
	fclose(f);
	free_table(&t);
	print_message("podman-cmdlines.tsv: %zu command lines, all in cases.tsv\n", checked);
	if (bad)
		fail_msg("%d differences between podman-cmdlines.tsv and cases.tsv", bad);
}

/* ---------------------------------------------------------------- building blocks */

/* Bad arguments are refused with a message, and leave *out zeroed. */
static void
test_errors(void **state)
{
	const char *argv[] = {"podman", NULL};
	const char nul[] = {'p', 's', '\0', 'x'};
	const char *argv2[] = {"podman", nul};
	size_t lens2[] = {6, sizeof(nul)};
	struct podman_cmd cmd;
	struct runtime_cmd rt;
	char err[128];

	(void)state;
	err[0] = '\0';
	assert_int_equal(podman_analyze(NULL, NULL, 1, NULL, &cmd, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "argv is NULL"));
	assert_null(cmd.subcommand);
	assert_int_equal(podman_analyze(argv, NULL, 2, NULL, &cmd, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "argument 1 is NULL"));
	assert_int_equal(podman_analyze(argv2, lens2, 2, NULL, &cmd, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "NUL byte"));
	assert_int_equal(podman_analyze(argv2, lens2, 2, NULL, NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "out is NULL"));
	/* no room for a message is fine */
	assert_int_equal(podman_analyze(argv2, lens2, 2, NULL, &cmd, NULL, 0), -1);
	assert_int_equal(runtime_analyze(argv2, lens2, 2, NULL, &rt, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "NUL byte"));
	assert_null(rt.action);
	assert_int_equal(runtime_analyze(argv, NULL, 1, NULL, NULL, err, sizeof(err)), -1);
	podman_cmd_free(&cmd);
	runtime_cmd_free(&rt);
	podman_cmd_free(NULL);
	runtime_cmd_free(NULL);
}

/* An empty argv (execve with argc 0) and a NULL context are analysed, not refused. */
static void
test_empty(void **state)
{
	const char *argv[] = {"podman", "ps"};
	struct podman_cmd cmd;
	struct runtime_cmd rt;
	char err[128];

	(void)state;
	assert_int_equal(podman_analyze(NULL, NULL, 0, NULL, &cmd, err, sizeof(err)), 0);
	assert_null(cmd.subcommand);
	assert_int_equal(cmd.internal, PODMAN_INTERNAL_NONE);
	assert_int_equal(cmd.mode, PODMAN_MODE_OTHER);
	podman_cmd_free(&cmd);
	assert_int_equal(podman_analyze(argv, NULL, 2, NULL, &cmd, err, sizeof(err)), 0);
	assert_string_equal(cmd.subcommand, "ps");
	podman_cmd_free(&cmd);
	podman_cmd_free(&cmd); /* zeroed: harmless */
	assert_int_equal(runtime_analyze(NULL, NULL, 0, NULL, &rt, err, sizeof(err)), 0);
	assert_null(rt.runtime);
	assert_null(rt.action);
	runtime_cmd_free(&rt);
}

/* uid/auid to mode, and every name function. */
static void
test_modes_and_names(void **state)
{
	(void)state;
	assert_int_equal(podman_mode(0, 1001), PODMAN_MODE_SUDO);
	assert_int_equal(podman_mode(1003, 1003), PODMAN_MODE_ROOTLESS);
	assert_int_equal(podman_mode(0, PODMAN_AUID_UNSET), PODMAN_MODE_ROOT_NO_SESSION);
	assert_int_equal(podman_mode(0, -1), PODMAN_MODE_ROOT_NO_SESSION);
	assert_int_equal(podman_mode(0, 0), PODMAN_MODE_OTHER);
	assert_int_equal(podman_mode(1002, 1001), PODMAN_MODE_OTHER);
	assert_int_equal(podman_mode(1002, PODMAN_AUID_UNSET), PODMAN_MODE_OTHER);
	assert_int_equal(podman_mode(-1, 1001), PODMAN_MODE_OTHER);
	assert_string_equal(podman_mode_name(PODMAN_MODE_SUDO), "sudo");
	assert_string_equal(podman_mode_name(PODMAN_MODE_ROOTLESS), "rootless");
	assert_string_equal(podman_mode_name(PODMAN_MODE_ROOT_NO_SESSION), "root-no-session");
	assert_string_equal(podman_mode_name(PODMAN_MODE_OTHER), "other");
	assert_null(podman_internal_name(PODMAN_INTERNAL_NONE));
	assert_string_equal(podman_internal_name(PODMAN_INTERNAL_CONMON_CLEANUP), "conmon-cleanup");
	assert_string_equal(podman_internal_name(PODMAN_INTERNAL_ROOTLESS_REEXEC),
			    "rootless-reexec");
	assert_string_equal(podman_internal_name(PODMAN_INTERNAL_PAUSE), "pause-process");
	assert_string_equal(podman_internal_name(PODMAN_INTERNAL_HELPER), "helper");
	assert_string_equal(podman_internal_name(PODMAN_INTERNAL_VERSION_PROBE), "version-probe");
	assert_string_equal(podman_internal_name(PODMAN_INTERNAL_RUNTIME_INIT), "runtime-init");
	assert_string_equal(podman_internal_name(PODMAN_INTERNAL_HEALTHCHECK), "healthcheck-timer");
	assert_null(podman_internal_name((enum podman_internal)99));
	assert_string_equal(podman_risk_name(PODMAN_RISK_PRIVILEGED), "privileged");
	assert_string_equal(podman_risk_name(PODMAN_RISK_EXEC_PRIVILEGED), "exec_privileged");
	assert_null(podman_risk_name(PODMAN_RISK_COUNT));
	assert_null(podman_risk_name((enum podman_risk) - 1));
}

/* Same arguments: argv[0] ignored, bytes and count compared. */
static void
test_same_args(void **state)
{
	const char *a[] = {"podman", "run", "x\n\xff"};
	const char *b[] = {"/usr/bin/podman", "run", "x\n\xff"};
	const char *c[] = {"podman", "run", "x\n\xfe"};
	const char buf[] = "runXX";
	const char *d[] = {"podman", buf, "x\n\xff"};
	size_t dl[] = {6, 3, 3};

	(void)state;
	assert_int_equal(podman_same_args(a, NULL, 3, b, NULL, 3), 1);
	assert_int_equal(podman_same_args(a, NULL, 3, c, NULL, 3), 0);
	assert_int_equal(podman_same_args(a, NULL, 3, a, NULL, 2), 0);
	assert_int_equal(podman_same_args(a, NULL, 3, d, dl, 3), 1);
	assert_int_equal(podman_same_args(a, NULL, 1, b, NULL, 1), 1);
	assert_int_equal(podman_same_args(NULL, NULL, 0, NULL, NULL, 0), 1);
	assert_int_equal(podman_same_args(a, NULL, 3, NULL, NULL, 3), 0);
}

/* Re-exec needs the parent link, a non-root uid, equal auid and arguments. */
static void
test_reexec(void **state)
{
	const char *argv[] = {"podman", "ps", "-a"};
	const char *other[] = {"podman", "ps"};
	struct podman_ctx parent = {"/usr/bin/podman", "podman", 1003, 1003, 13951, 13950};
	struct podman_ctx child = {"/usr/bin/podman", "podman", 1003, 1003, 13959, 13951};
	struct podman_ctx c2;

	(void)state;
	assert_int_equal(podman_is_reexec(&child, argv, NULL, 3, &parent, argv, NULL, 3), 1);
	assert_int_equal(podman_is_reexec(&child, argv, NULL, 3, &parent, other, NULL, 2), 0);
	assert_int_equal(podman_is_reexec(NULL, argv, NULL, 3, &parent, argv, NULL, 3), 0);
	assert_int_equal(podman_is_reexec(&child, argv, NULL, 0, &parent, argv, NULL, 0), 0);
	c2 = child;
	c2.ppid = 1;
	assert_int_equal(podman_is_reexec(&c2, argv, NULL, 3, &parent, argv, NULL, 3), 0);
	c2 = child;
	c2.uid = 0;
	parent.uid = 0;
	assert_int_equal(podman_is_reexec(&c2, argv, NULL, 3, &parent, argv, NULL, 3), 0);
	parent.uid = 1003;
	c2 = child;
	c2.auid = 1001;
	assert_int_equal(podman_is_reexec(&c2, argv, NULL, 3, &parent, argv, NULL, 3), 0);
	c2 = child;
	c2.ppid = -1;
	parent.pid = -1;
	assert_int_equal(podman_is_reexec(&c2, argv, NULL, 3, &parent, argv, NULL, 3), 0);
}

/* The small predicates. */
static void
test_predicates(void **state)
{
	const char *cleanup[] = {"/usr/bin/podman",
				 "--root",
				 "/var/lib/containers/storage",
				 "container",
				 "cleanup",
				 "--rm",
				 "abc"};
	const char *ps[] = {"podman", "ps"};
	const char *bogus[] = {"podman", "cleanup", "abc"};
	struct podman_ctx init = {NULL, NULL, 1003, 1003, 50, 1};
	struct podman_ctx shell = {NULL, NULL, 1003, 1003, 50, 49};
	struct podman_ctx exe = {"/usr/bin/podman", "exe", 0, 1001, 50, 49};

	(void)state;
	assert_int_equal(podman_is_cleanup(cleanup, NULL, 7), 1);
	assert_int_equal(podman_is_cleanup(ps, NULL, 2), 0);
	assert_int_equal(podman_is_cleanup(bogus, NULL, 3), 0);
	assert_int_equal(podman_is_cleanup(NULL, NULL, 2), 0);
	assert_int_equal(podman_is_pause(1, &init), 1);
	assert_int_equal(podman_is_pause(2, &init), 0);
	assert_int_equal(podman_is_pause(1, &shell), 0);
	assert_int_equal(podman_is_pause(1, NULL), 0);
	assert_int_equal(podman_is_helper("podman", 6, NULL), 0);
	assert_int_equal(podman_is_helper("/usr/bin/podman", 15, &shell), 0);
	assert_int_equal(podman_is_helper("storage-applyLayer", 18, NULL), 1);
	assert_int_equal(podman_is_helper("podman", 6, &exe), 1);
	assert_int_equal(podman_is_helper(NULL, 0, &exe), 1);
	assert_int_equal(podman_is_helper(NULL, 0, &shell), 0);
	/* only len bytes count: "podmanX" cut to "podman" */
	assert_int_equal(podman_is_helper("podmanX", 6, NULL), 0);
}

/* The JSON forms: escapes, invalid UTF-8 and commas survive. */
static void
test_json(void **state)
{
	const char *argv[] = {"podman",	       "run",	    "--name", "a\"b", "-v",
			      "/x,y\xff\n:/d", "--cap-add", "all",    "bb:1"};
	struct podman_cmd cmd;
	struct strbuf sb = STRBUF_INIT;
	char err[128];

	(void)state;
	assert_int_equal(podman_analyze(argv, NULL, 9, NULL, &cmd, err, sizeof(err)), 0);
	podman_risks_json(&cmd, &sb);
	assert_string_equal(strbuf_str(&sb), "[\"cap_add:ALL\",\"host_mount:/x,y\\udcff\\n\"]");
	strbuf_reset(&sb);
	podman_targets_json(&cmd, &sb);
	assert_string_equal(strbuf_str(&sb), "[\"bb:1\"]");
	assert_string_equal(cmd.container, "a\"b");
	assert_int_equal(cmd.risk_mask,
			 (1u << PODMAN_RISK_CAP_ADD) | (1u << PODMAN_RISK_HOST_MOUNT));
	podman_cmd_free(&cmd);
	strbuf_reset(&sb);
	podman_risks_json(&cmd, &sb);
	assert_string_equal(strbuf_str(&sb), "[]");
	strbuf_free(&sb);
}

/* A small deterministic PRNG (xorshift64*), so failures reproduce. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* 1 when s occurs inside one of the n arguments. */
static int
from_argv(const char *s, char *const *args, const size_t *lens, size_t n)
{
	size_t l = strlen(s);

	for (size_t i = 0; i < n; i++)
		if (l <= lens[i] && memmem(args[i], lens[i], s, l) != NULL)
			return 1;
	return 0;
}

/*
 * Hostile command lines: random mixes of real option spellings, operators
 * and random bytes. Nothing may crash or leak (run under ASan/valgrind),
 * and every target string must be bytes taken from the arguments.
 */
static void
test_random(void **state)
{
	static const char *const words[] = {"podman",
					    "run",
					    "container",
					    "exec",
					    "create",
					    "pod",
					    "volume",
					    "image",
					    "rm",
					    "--privileged",
					    "--cap-add",
					    "--cap-add=",
					    "-v",
					    "--volume=",
					    "--mount",
					    "type=bind,src=/x",
					    "\"",
					    ",",
					    ":",
					    "=",
					    "-",
					    "--",
					    "-itv",
					    "-e",
					    "--name",
					    "--pod",
					    "--rootfs",
					    "--help",
					    "help",
					    "--runtime",
					    "-c",
					    "--security-opt",
					    "seccomp=unconfined",
					    "--pid",
					    "host",
					    "--device",
					    "/dev/sda",
					    "cp",
					    "a:b",
					    "inspect",
					    "--type",
					    "build",
					    "-t",
					    "network",
					    "connect",
					    "/",
					    ".",
					    "\n",
					    "\xff",
					    "cleanup",
					    "healthcheck",
					    "play",
					    "kube",
					    "conmon",
					    "runc",
					    "crun",
					    "--log",
					    "-root",
					    "init",
					    "kill",
					    "--exec",
					    "-u",
					    "--cid=",
					    "-nname",
					    "--version",
					    "-v=/a:/b",
					    "--mount=type=volume,source=v",
					    "ns:/proc/1/ns/net"};
	const size_t nwords = sizeof(words) / sizeof(words[0]);
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	size_t with_risks = 0, with_targets = 0, with_ids = 0;

	(void)state;
	for (int iter = 0; iter < 20000; iter++) {
		char *args[12];
		size_t lens[12];
		size_t argc = rnd(&seed) % 12;
		size_t plain = rnd(&seed) % 2; /* half the time, arguments are whole words */
		struct podman_ctx ctx = {
		    "/usr/bin/podman",	       "podman", (int64_t)(rnd(&seed) % 3),
		    (int64_t)(rnd(&seed) % 3), 100,	 (int64_t)(rnd(&seed) % 3)};
		struct podman_cmd cmd;
		struct runtime_cmd rt;
		char *fields[5];

		for (size_t i = 0; i < argc; i++) {
			size_t parts = plain ? 1 : 1 + rnd(&seed) % 3;
			struct strbuf sb = STRBUF_INIT;

			if (i == 0 && rnd(&seed) % 10 != 0) {
				strbuf_puts(&sb, "/usr/bin/podman");
				parts = 0;
			} else if (i == 1 && rnd(&seed) % 2 == 0) {
				strbuf_puts(&sb, rnd(&seed) % 2 ? "run" : "exec");
				parts = 0;
			}
			for (size_t k = 0; k < parts; k++) {
				if (rnd(&seed) % 5 == 0) {
					char b = (char)(1 + rnd(&seed) % 255);

					strbuf_add(&sb, &b, 1);
				} else {
					strbuf_puts(&sb, words[rnd(&seed) % nwords]);
				}
			}
			lens[i] = sb.len;
			args[i] = malloc(sb.len + 1);
			assert_non_null(args[i]);
			memcpy(args[i], strbuf_str(&sb), sb.len);
			args[i][sb.len] = '\x01'; /* not NUL-terminated */
			strbuf_free(&sb);
		}
		assert_int_equal(
		    podman_analyze((const char *const *)args, lens, argc, &ctx, &cmd, NULL, 0), 0);
		fields[0] = cmd.container;
		fields[1] = cmd.image;
		fields[2] = cmd.pod;
		fields[3] = cmd.volume;
		fields[4] = cmd.network;
		for (size_t k = 0; k < 5; k++)
			if (fields[k] != NULL && !from_argv(fields[k], args, lens, argc))
				fail_msg("iteration %d: field %zu not from argv", iter, k);
		for (size_t k = 0; k < cmd.ntargets; k++)
			if (!from_argv(cmd.targets[k], args, lens, argc))
				fail_msg("iteration %d: target not from argv", iter);
		assert_true(cmd.command_index < argc || cmd.command_index == 0);
		with_risks += cmd.nrisks > 0;
		with_targets += cmd.ntargets > 0;
		podman_cmd_free(&cmd);
		assert_int_equal(
		    runtime_analyze((const char *const *)args, lens, argc, &ctx, &rt, NULL, 0), 0);
		if (rt.container_id != NULL) {
			assert_true(from_argv(rt.container_id, args, lens, argc));
			with_ids++;
		}
		runtime_cmd_free(&rt);
		(void)podman_is_cleanup((const char *const *)args, lens, argc);
		for (size_t i = 0; i < argc; i++)
			free(args[i]);
	}
	print_message("random: %zu with risks, %zu with targets, %zu with runtime IDs\n",
		      with_risks, with_targets, with_ids);
	/* the generator does reach the interesting paths */
	assert_true(with_risks > 100 && with_targets > 100 && with_ids > 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_cmdlines_covered),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_modes_and_names),
	    cmocka_unit_test(test_same_args),
	    cmocka_unit_test(test_reexec),
	    cmocka_unit_test(test_predicates),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
