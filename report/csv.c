/*
 * csv.c: one table of the report model as CSV (--format csv --by ...); see
 * render.h. Every text cell goes through util/csv.h, which quotes it and
 * neutralises cells a spreadsheet would run as a formula.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "report/render.h"
#include "util/csv.h"

/* A text cell from a model string ("" when absent). */
static void
text_cell(struct strbuf *out, const json_t *v)
{
	csv_put_text(out, json_is_string(v) ? json_string_value(v) : "",
		     json_is_string(v) ? json_string_length(v) : 0);
}

/* An integer cell from a model integer (0 when absent). */
static void
int_cell(struct strbuf *out, const json_t *v)
{
	csv_put_int(out, json_is_integer(v) ? (int64_t)json_integer_value(v) : 0);
}

/*
 * One row per element of the array key of model, with the given columns:
 * fields[i] names the member; a leading '#' marks an integer column.
 */
static int
table(struct strbuf *out, const json_t *model, const char *key, const char *const *fields,
      size_t nfields, char *err, size_t errlen)
{
	const json_t *arr = json_object_get(model, key), *row;
	size_t i;

	if (!json_is_array(arr)) {
		snprintf(err, errlen, "the report model has no \"%s\" array", key);
		return -1;
	}
	for (size_t f = 0; f < nfields; f++) {
		const char *name = fields[f] + (fields[f][0] == '#');
		if (f > 0)
			strbuf_putc(out, ',');
		csv_put_text(out, name, strlen(name));
	}
	strbuf_puts(out, "\r\n");
	json_array_foreach(arr, i, row)
	{
		for (size_t f = 0; f < nfields; f++) {
			const char *name = fields[f] + (fields[f][0] == '#');
			if (f > 0)
				strbuf_putc(out, ',');
			if (fields[f][0] == '#')
				int_cell(out, json_object_get(row, name));
			else
				text_cell(out, json_object_get(row, name));
		}
		strbuf_puts(out, "\r\n");
	}
	return 0;
}

int
report_render_csv(const json_t *model, const struct report_render_opts *opts, struct strbuf *out,
		  char *err, size_t errlen)
{
	static const char *const user[] = {"#auid",  "user",	    "#commands",
					   "#sudo",  "#rootless",   "#no_session",
					   "#other", "#executions", "#events"};
	static const char *const command[] = {"command", "object", "subcommand", "#count"};
	static const char *const node[] = {"node", "#events", "#podman_commands", "#failures"};
	const json_t *v, *h, *hc;
	const char *key;
	size_t i;

	switch (opts->by) {
	case REPORT_BY_USER:
		return table(out, model, "by_user", user, sizeof(user) / sizeof(user[0]), err,
			     errlen);
	case REPORT_BY_COMMAND:
		return table(out, model, "by_command", command,
			     sizeof(command) / sizeof(command[0]), err, errlen);
	case REPORT_BY_NODE:
		return table(out, model, "nodes", node, sizeof(node) / sizeof(node[0]), err,
			     errlen);
	case REPORT_BY_KEY:
		v = json_object_get(model, "by_key");
		if (!json_is_object(v)) {
			snprintf(err, errlen, "the report model has no \"by_key\" object");
			return -1;
		}
		strbuf_puts(out, "key,count\r\n");
		json_object_foreach((json_t *)v, key, h)
		{
			csv_put_text(out, key, strlen(key));
			strbuf_putc(out, ',');
			int_cell(out, h);
			strbuf_puts(out, "\r\n");
		}
		return 0;
	case REPORT_BY_HOUR:
		h = json_object_get(model, "by_hour");
		hc = json_object_get(model, "by_hour_commands");
		if (!json_is_array(h) || json_array_size(h) != 24) {
			snprintf(err, errlen, "the report model has no \"by_hour\" array of 24");
			return -1;
		}
		strbuf_puts(out, "hour,events,podman_commands\r\n");
		json_array_foreach(h, i, v)
		{
			csv_put_int(out, (int64_t)i);
			strbuf_putc(out, ',');
			int_cell(out, v);
			strbuf_putc(out, ',');
			int_cell(out, json_array_get(hc, i));
			strbuf_puts(out, "\r\n");
		}
		return 0;
	}
	snprintf(err, errlen, "unknown table");
	return -1;
}
