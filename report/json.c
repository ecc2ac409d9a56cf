/*
 * json.c: the report model written out as JSON (--format json); see
 * render.h. The model's strings are the log's bytes, not checked UTF-8, so
 * the document is written here with util/json.h (invalid bytes as \udcXX,
 * recoverable with surrogateescape), not with json_dumps().
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "report/render.h"
#include "util/json.h"

/* Whether v holds only scalars. */
static int
only_scalars(const json_t *v)
{
	const char *key;
	const json_t *child;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, child)
		{
			if (json_is_object(child) || json_is_array(child))
				return 0;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child)
		{
			if (json_is_object(child) || json_is_array(child))
				return 0;
		}
	}
	return 1;
}

/* Whether v is written on one line: a scalar, or a container of scalars and arrays of scalars. */
static int
is_flat(const json_t *v)
{
	const char *key;
	const json_t *child;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, child)
		{
			if (json_is_object(child) || (json_is_array(child) && !only_scalars(child)))
				return 0;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child)
		{
			if (json_is_object(child) || (json_is_array(child) && !only_scalars(child)))
				return 0;
		}
	}
	return 1;
}

/* Append a scalar. */
static void
put_scalar(struct strbuf *out, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		json_put_string(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		strbuf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		strbuf_printf(out, "%.17g", json_real_value(v));
		break;
	case JSON_TRUE:
		strbuf_puts(out, "true");
		break;
	case JSON_FALSE:
		strbuf_puts(out, "false");
		break;
	default:
		strbuf_puts(out, "null");
		break;
	}
}

/* Append v; containers that are not flat get one member per line, indented. */
static void
put_value(struct strbuf *out, const json_t *v, int indent)
{
	int flat = is_flat(v);
	const char *sep = flat ? ", " : ",";
	const char *key;
	const json_t *child;
	size_t i, n = 0;

	if (json_is_object(v)) {
		strbuf_putc(out, '{');
		json_object_foreach((json_t *)v, key, child)
		{
			strbuf_puts(out, n++ ? sep : "");
			if (!flat)
				strbuf_printf(out, "\n%*s", indent + 2, "");
			json_put_string(out, key, strlen(key));
			strbuf_puts(out, ": ");
			put_value(out, child, indent + 2);
		}
		if (!flat && n > 0)
			strbuf_printf(out, "\n%*s", indent, "");
		strbuf_putc(out, '}');
	} else if (json_is_array(v)) {
		strbuf_putc(out, '[');
		json_array_foreach(v, i, child)
		{
			strbuf_puts(out, i ? sep : "");
			if (!flat)
				strbuf_printf(out, "\n%*s", indent + 2, "");
			put_value(out, child, indent + 2);
		}
		if (!flat && json_array_size(v) > 0)
			strbuf_printf(out, "\n%*s", indent, "");
		strbuf_putc(out, ']');
	} else {
		put_scalar(out, v);
	}
}

int
report_render_json(const json_t *model, const struct report_render_opts *opts, struct strbuf *out,
		   char *err, size_t errlen)
{
	(void)opts;
	if (!json_is_object(model)) {
		snprintf(err, errlen, "the report model is not an object");
		return -1;
	}
	put_value(out, model, 0);
	strbuf_putc(out, '\n');
	return 0;
}
