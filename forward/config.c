/*
 * config.c: the forward: section of the configuration; see config.h.
 */
#include "forward/config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "forward/url.h"
#include "rules/config.h"
#include "rules/config_node.h"
#include "rules/number.h"

#define SETTINGS "to, format, ca_file, cert_file, key_file, raw, window, retry_max, max_retries"

/* Write "FILE:LINE:COL: forward: message" for node n. Returns -1. */
static int fail(const struct config *cfg, const struct config_node *n, char *err, size_t errlen,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int
fail(const struct config *cfg, const struct config_node *n, char *err, size_t errlen,
     const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%u:%u: forward: %s",
		 config_file(cfg) ? config_file(cfg) : "configuration", config_node_line(n),
		 config_node_column(n), msg);
	return -1;
}

/* The scalar value of setting key of target, or NULL after a message when it is not a scalar. */
static const char *
scalar(const struct config *cfg, const char *target, const char *key, const struct config_node *v,
       char *err, size_t errlen)
{
	const char *s = config_node_scalar(v);

	if (s == NULL)
		fail(cfg, v, err, errlen, "%s: %s: expected a single value", target, key);
	return s;
}

/* Parse target t (named name) into out. Returns 0 or -1 with a message. */
static int
parse_target(const struct config *cfg, const char *name, const struct config_node *t,
	     struct forward_target_config *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	out->name = name;
	if (config_node_kind(t) != CONFIG_NODE_MAPPING)
		return fail(cfg, t, err, errlen,
			    "%s: expected a mapping of settings (" SETTINGS ")", name);
	for (size_t i = 0; i < config_node_count(t); i++) {
		const char *key = config_node_scalar(config_node_key(t, i));
		const struct config_node *v = config_node_item(t, i);
		const char *s = scalar(cfg, name, key, v, err, errlen);
		unsigned long long n;
		char uerr[512];
		struct forward_url u;

		if (s == NULL)
			return -1;
		if (strcmp(key, "to") == 0) {
			if (forward_url_parse(s, &u, uerr, sizeof(uerr)) != 0)
				return fail(cfg, v, err, errlen, "%s: to: %s", name, uerr);
			out->to = s;
		} else if (strcmp(key, "format") == 0) {
			if (forward_format_parse(s, &out->format) != 0)
				return fail(cfg, v, err, errlen,
					    "%s: format: '%s' is not ecs, json or rfc5424", name,
					    s);
			out->have_format = 1;
		} else if (strcmp(key, "ca_file") == 0) {
			out->tls.ca_file = s;
		} else if (strcmp(key, "cert_file") == 0) {
			out->tls.cert_file = s;
		} else if (strcmp(key, "key_file") == 0) {
			out->tls.key_file = s;
		} else if (strcmp(key, "raw") == 0) {
			if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0)
				out->raw = 1;
			else if (strcmp(s, "false") != 0 && strcmp(s, "no") != 0)
				return fail(cfg, v, err, errlen, "%s: raw: expected true or false",
					    name);
			out->have_raw = 1;
		} else if (strcmp(key, "window") == 0) {
			if (rules_parse_number(s, 10, 65536, &n) != 0 || n < 2)
				return fail(cfg, v, err, errlen,
					    "%s: window: expected a number from 2 to 65536", name);
			out->window = (unsigned)n;
		} else if (strcmp(key, "retry_max") == 0) {
			if (rules_parse_number(s, 10, 3600, &n) != 0 || n < 1)
				return fail(cfg, v, err, errlen,
					    "%s: retry_max: expected seconds, from 1 to 3600",
					    name);
			out->retry_max_ms = (unsigned)n * 1000;
		} else if (strcmp(key, "max_retries") == 0) {
			if (rules_parse_number(s, 10, 1000000, &n) != 0)
				return fail(cfg, v, err, errlen,
					    "%s: max_retries: expected a number (0: retry forever)",
					    name);
			out->max_retries = (unsigned)n;
			out->have_max_retries = 1;
		} else {
			return fail(cfg, config_node_key(t, i), err, errlen,
				    "%s: unknown setting '%s' (" SETTINGS ")", name, key);
		}
	}
	if (out->to == NULL)
		return fail(cfg, t, err, errlen, "%s: 'to' is required", name);
	if ((out->tls.cert_file == NULL) != (out->tls.key_file == NULL))
		return fail(cfg, t, err, errlen, "%s: cert_file and key_file go together", name);
	return 0;
}

int
forward_config_target(const struct config *cfg, const char *name, struct forward_target_config *out,
		      int *found, char *err, size_t errlen)
{
	const struct config_node *sec = config_section(cfg, "forward");
	struct forward_target_config tc;
	size_t n;

	*found = 0;
	if (sec == NULL)
		return 0;
	if (config_node_kind(sec) != CONFIG_NODE_MAPPING)
		return fail(cfg, sec, err, errlen,
			    "expected a mapping of targets by name (siem: {to: relp://HOST:PORT})");
	n = config_node_count(sec);
	for (size_t i = 0; i < n; i++) {
		const char *tn = config_node_scalar(config_node_key(sec, i));
		if (parse_target(cfg, tn, config_node_item(sec, i), &tc, err, errlen) != 0)
			return -1;
		if ((name != NULL && strcmp(name, tn) == 0) || (name == NULL && n == 1)) {
			*out = tc;
			*found = 1;
		}
	}
	return 0;
}
