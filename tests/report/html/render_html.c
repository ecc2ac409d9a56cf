/*
 * render_html.c: test driver for report_render_html().
 *
 *     render_html [--by user|command|hour|key|node] MODEL.json OUT.html
 *
 * Reads a report model (report/render.h) from MODEL.json, renders it as HTML
 * and writes the page to OUT.html ("-" for standard output). A JSON file that
 * jansson reads cannot hold bytes that are not UTF-8, so in every string of
 * the model (and object key) the 6-character text \udcXX (XX from 80 to ff,
 * Python's surrogateescape code, as docs/schema.md encodes argv) is turned
 * into the byte XX before rendering. Exits 0, or 1 with a message on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/render.h"

/* Value of hex digit c, or -1. */
static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A new string from s (n bytes) with every "\udcXX" (XX >= 80) as byte XX. */
static json_t *
unmark(const char *s, size_t n)
{
	char *b = malloc(n + 1);
	size_t i = 0, k = 0;
	json_t *v;

	if (b == NULL)
		return NULL;
	while (i < n) {
		if (i + 6 <= n && memcmp(s + i, "\\udc", 4) == 0 && hexval(s[i + 4]) >= 8 &&
		    hexval(s[i + 5]) >= 0) {
			b[k++] = (char)(hexval(s[i + 4]) << 4 | hexval(s[i + 5]));
			i += 6;
			continue;
		}
		b[k++] = s[i++];
	}
	v = json_stringn_nocheck(b, k);
	free(b);
	return v;
}

/* Replace the marked strings in v, recursively; v is modified in place. For
 * an object, keys are rebuilt too. Returns v, or NULL when out of memory. */
static json_t *
unmark_all(json_t *v)
{
	size_t i;
	json_t *e;

	if (json_is_array(v)) {
		json_array_foreach(v, i, e)
		{
			if (json_is_string(e)) {
				json_t *s = unmark(json_string_value(e), json_string_length(e));
				if (s == NULL || json_array_set_new(v, i, s) != 0)
					return NULL;
			} else if (unmark_all(e) == NULL) {
				return NULL;
			}
		}
	} else if (json_is_object(v)) {
		json_t *copy = json_object();
		const char *k;

		if (copy == NULL)
			return NULL;
		json_object_foreach(v, k, e)
		{
			json_t *key = unmark(k, strlen(k)), *nv;
			if (key == NULL)
				return NULL;
			nv = json_is_string(e) ? unmark(json_string_value(e), json_string_length(e))
					       : json_incref(unmark_all(e));
			if (nv == NULL ||
			    json_object_setn_new_nocheck(copy, json_string_value(key),
							 json_string_length(key), nv) != 0)
				return NULL;
			json_decref(key);
		}
		json_object_clear(v);
		json_object_update(v, copy);
		json_decref(copy);
	}
	return v;
}

int
main(int argc, char **argv)
{
	static const char *const by_names[] = {"user", "command", "hour", "key", "node"};
	struct report_render_opts opts = {REPORT_BY_USER, 100};
	struct strbuf out = STRBUF_INIT;
	char err[256];
	json_error_t jerr;
	json_t *model;
	FILE *f;
	int a = 1, rc = 0;

	if (argc == 5 && strcmp(argv[1], "--by") == 0) {
		int found = 0;
		for (size_t i = 0; i < sizeof by_names / sizeof by_names[0]; i++)
			if (strcmp(argv[2], by_names[i]) == 0)
				opts.by = (enum report_by)i, found = 1;
		if (!found) {
			fprintf(stderr, "render_html: unknown --by %s\n", argv[2]);
			return 1;
		}
		a = 3;
	}
	if (argc - a != 2) {
		fprintf(stderr, "usage: render_html [--by user|command|hour|key|node] MODEL.json "
				"OUT.html\n");
		return 1;
	}
	model = json_load_file(argv[a], 0, &jerr);
	if (model == NULL) {
		fprintf(stderr, "render_html: %s:%d: %s\n", argv[a], jerr.line, jerr.text);
		return 1;
	}
	if (unmark_all(model) == NULL) {
		fprintf(stderr, "render_html: out of memory\n");
		rc = 1;
	} else if (report_render_html(model, &opts, &out, err, sizeof err) != 0) {
		fprintf(stderr, "render_html: %s\n", err);
		rc = 1;
	} else {
		f = strcmp(argv[a + 1], "-") == 0 ? stdout : fopen(argv[a + 1], "w");
		if (f == NULL || fwrite(out.buf, 1, out.len, f) != out.len ||
		    (f != stdout && fclose(f) != 0)) {
			fprintf(stderr, "render_html: %s: %s\n", argv[a + 1], strerror(errno));
			rc = 1;
		}
	}
	json_decref(model);
	strbuf_free(&out);
	return rc;
}
