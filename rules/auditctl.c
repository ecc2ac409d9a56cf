/*
 * auditctl.c: reading `auditctl -s` and `auditctl -l`.
 */
#include "rules/auditctl.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/number.h"
#include "rules/rule.h"
#include "rules/tool.h"
#include "util/strbuf.h"

/* Status names and where their value goes. */
static long long *
status_field(struct rules_audit_status *st, const char *name)
{
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
	    {"enabled", offsetof(struct rules_audit_status, enabled)},
	    {"failure", offsetof(struct rules_audit_status, failure)},
	    {"flag", offsetof(struct rules_audit_status, failure)},
	    {"pid", offsetof(struct rules_audit_status, pid)},
	    {"rate_limit", offsetof(struct rules_audit_status, rate_limit)},
	    {"backlog_limit", offsetof(struct rules_audit_status, backlog_limit)},
	    {"lost", offsetof(struct rules_audit_status, lost)},
	    {"backlog", offsetof(struct rules_audit_status, backlog)},
	    {"backlog_wait_time", offsetof(struct rules_audit_status, backlog_wait_time)},
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(name, fields[i].name) == 0)
			return (long long *)((char *)st + fields[i].off);
	return NULL;
}

/* Store value under name if it is a known status field. Returns 0, or -1 for a bad number. */
static int
set_status(struct rules_audit_status *st, const char *name, const char *value, char *err,
	   size_t errlen)
{
	long long *f = status_field(st, name);
	unsigned long long v;

	if (f == NULL)
		return 0;
	if (rules_parse_number(value, 10, 0xffffffffULL, &v) < 0) {
		snprintf(err, errlen, "auditctl -s: %s: '%s' is not a number", name, value);
		return -1;
	}
	*f = (long long)v;
	return 0;
}

/* Parse auditctl -s output; see auditctl.h. */
int
rules_auditctl_parse_status(const char *text, struct rules_audit_status *st, char *err,
			    size_t errlen)
{
	char *copy = strdup(text), *save = NULL, *line;
	int rc = 0;

	st->enabled = st->failure = st->pid = st->rate_limit = st->backlog_limit = st->lost =
	    st->backlog = st->backlog_wait_time = -1;
	if (copy == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (line = strtok_r(copy, "\n", &save); line != NULL && rc == 0;
	     line = strtok_r(NULL, "\n", &save)) {
		char *s2 = NULL, *tok = strtok_r(line, " \t\r", &s2);
		char *eq;

		if (tok == NULL)
			continue;
		if (strcmp(tok, "AUDIT_STATUS:") == 0) {
			while (rc == 0 && (tok = strtok_r(NULL, " \t\r", &s2)) != NULL) {
				eq = strchr(tok, '=');
				if (eq == NULL)
					continue;
				*eq = '\0';
				rc = set_status(st, tok, eq + 1, err, errlen);
			}
		} else {
			char *value = strtok_r(NULL, " \t\r", &s2);
			if (value != NULL)
				rc = set_status(st, tok, value, err, errlen);
		}
	}
	free(copy);
	if (rc == 0 && st->enabled < 0) {
		snprintf(err, errlen, "auditctl -s: no 'enabled' value in its output");
		rc = -1;
	}
	return rc;
}

/* Parse auditctl -l output; see auditctl.h. */
int
rules_auditctl_parse_list(const char *text, struct rules_set *set, char *err, size_t errlen)
{
	struct strbuf norm = STRBUF_INIT;
	char *copy = strdup(text), *save = NULL, *line;
	char msg[256];
	unsigned lineno = 0;
	int rc = 0;

	if (copy == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* strtok_r skips empty lines, so count them by hand. */
	for (line = copy; line != NULL && rc == 0; line = save) {
		int r;

		save = strchr(line, '\n');
		if (save != NULL)
			*save++ = '\0';
		lineno++;
		if (strcmp(line, "No rules") == 0 || line[0] == '\0')
			continue;
		r = rules_rule_normalize(line, &norm, msg, sizeof(msg));
		if (r < 0) {
			snprintf(err, errlen, "auditctl -l: line %u: %s", lineno, msg);
			rc = -1;
		} else if (r > 0) {
			rules_set_add(set, strbuf_str(&norm));
		}
	}
	strbuf_free(&norm);
	free(copy);
	return rc;
}

/*
 * Run auditctl with one option, output into out. Returns 0, or -1 with a
 * message quoting auditctl's first line of complaint.
 */
static int
run_auditctl(const char *opt, struct strbuf *out, char *err, size_t errlen)
{
	struct strbuf path = STRBUF_INIT, errout = STRBUF_INIT;
	const char *argv[3];
	int status, rc = -1;

	if (rules_tool_find("auditctl", &path, err, errlen) < 0)
		goto done;
	argv[0] = strbuf_str(&path);
	argv[1] = opt;
	argv[2] = NULL;
	if (rules_tool_run(argv, out, &errout, &status, err, errlen) < 0)
		goto done;
	if (status != 0) {
		const char *e = strbuf_str(&errout);
		snprintf(err, errlen, "auditctl %s failed (exit %d)%s%.*s", opt, status,
			 *e != '\0' ? ": " : "", (int)strcspn(e, "\n"), e);
		goto done;
	}
	rc = 0;
done:
	strbuf_free(&path);
	strbuf_free(&errout);
	return rc;
}

/* Run and parse auditctl -s. */
int
rules_auditctl_status(struct rules_audit_status *st, char *err, size_t errlen)
{
	struct strbuf out = STRBUF_INIT;
	int rc = run_auditctl("-s", &out, err, errlen);

	if (rc == 0)
		rc = rules_auditctl_parse_status(strbuf_str(&out), st, err, errlen);
	strbuf_free(&out);
	return rc;
}

/* Run and parse auditctl -l. */
int
rules_auditctl_list(struct rules_set *set, char *err, size_t errlen)
{
	struct strbuf out = STRBUF_INIT;
	int rc = run_auditctl("-l", &out, err, errlen);

	if (rc == 0)
		rc = rules_auditctl_parse_list(strbuf_str(&out), set, err, errlen);
	strbuf_free(&out);
	return rc;
}
